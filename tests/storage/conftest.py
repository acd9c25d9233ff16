"""A real S3-compatible server for the storage tests (devtools/local_s3.py),
started once per session, and per test two fresh buckets, set up by
`manage.py storage_buckets`, with STORAGES pointed at them the way
config/settings.py points them when S3_* is set."""

import io
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass
from email.message import Message

import boto3
import pytest
from botocore.config import Config
from django.core.management import call_command

from config.storages import s3_storages
from devtools.local_s3 import ACCESS_KEY, REGION, SECRET_KEY, CheckedMotoServer


@dataclass
class Buckets:
    endpoint: str
    public: str
    private: str
    client: object

    def keys(self, bucket: str) -> list[str]:
        listing = self.client.list_objects_v2(Bucket=bucket)
        return sorted(item["Key"] for item in listing.get("Contents", []))

    def point_storages_at_them(self, settings, *, private_url_seconds: int = 300, client_endpoint_url="") -> None:
        settings.STORAGES = {
            **settings.STORAGES,
            **s3_storages(
                public_bucket=self.public,
                private_bucket=self.private,
                endpoint_url=self.endpoint,
                client_endpoint_url=client_endpoint_url,
                access_key=ACCESS_KEY,
                secret_key=SECRET_KEY,
                region=REGION,
                private_url_seconds=private_url_seconds,
            ),
        }


def anonymous_get(url: str) -> tuple[int, Message, bytes]:
    """GET with no credentials at all, as a stranger's browser would. The
    headers are looked up by name in any case."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


@pytest.fixture(scope="session")
def s3_endpoint():
    server = CheckedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def s3_buckets(s3_endpoint, settings) -> Buckets:
    client = boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        aws_access_key_id=ACCESS_KEY,
        aws_secret_access_key=SECRET_KEY,
        region_name=REGION,
        config=Config(signature_version="s3v4"),
    )
    suffix = uuid.uuid4().hex[:12]
    buckets = Buckets(
        endpoint=s3_endpoint, public=f"souk-public-{suffix}", private=f"souk-private-{suffix}", client=client
    )
    buckets.point_storages_at_them(settings)
    # As an operator sets them up (README): created, the public one readable by anyone.
    call_command("storage_buckets", stdout=io.StringIO())
    return buckets
