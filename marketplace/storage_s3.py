"""The S3 storage class that config/storages.py names when buckets are
configured (imported only then: boto3 is slow to load), and the buckets'
set-up (`manage.py storage_buckets`)."""

import json

from botocore.exceptions import ClientError
from django.utils.functional import cached_property
from storages.backends import s3


class S3Storage(s3.S3Storage):
    """django-storages' S3 storage, plus `client_endpoint_url`: the endpoint
    as browsers and apps reach it, when it differs from the one the servers
    use (under docker compose the app talks to http://s3:9000, a browser to
    http://localhost:9000). A signature covers the host, so URLs are made, and
    signed, for the client's host. Making a URL is offline: no request."""

    def __init__(self, **options):
        self._options = options
        super().__init__(**options)

    def get_default_settings(self):
        return {**super().get_default_settings(), "client_endpoint_url": None}

    @cached_property
    def _url_storage(self):
        return type(self)(**{**self._options, "endpoint_url": self.client_endpoint_url, "client_endpoint_url": None})

    def url(self, name, parameters=None, expire=None, http_method=None):
        if self.client_endpoint_url and not self.custom_domain:
            return self._url_storage.url(name, parameters=parameters, expire=expire, http_method=http_method)
        return super().url(name, parameters=parameters, expire=expire, http_method=http_method)


def public_read_policy(bucket: str) -> str:
    """The public bucket's policy: anyone may read an object, and do nothing
    else (no listing, no writing). The private bucket has none."""
    return json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Sid": "PublicReadObjects",
                    "Effect": "Allow",
                    "Principal": "*",
                    "Action": "s3:GetObject",
                    "Resource": f"arn:aws:s3:::{bucket}/*",
                }
            ],
        }
    )


def bucket_ensure(storage: S3Storage) -> bool:
    """Create the storage's bucket unless it exists; True if it was created.
    (A network call: never inside a transaction, as everything else here.)"""
    client = storage.connection.meta.client
    try:
        client.head_bucket(Bucket=storage.bucket_name)
        return False
    except ClientError as error:
        if error.response.get("Error", {}).get("Code") not in ("404", "NoSuchBucket"):
            raise
    options = {}
    if storage.region_name and storage.region_name != "us-east-1":
        options["CreateBucketConfiguration"] = {"LocationConstraint": storage.region_name}
    client.create_bucket(Bucket=storage.bucket_name, **options)
    return True


def buckets_set_up(*, public: S3Storage, private: S3Storage) -> list[str]:
    """Both buckets exist, the public one readable by anyone, the private one
    by nobody without a signature. Idempotent. Returns what it did."""
    done = [f"created {storage.bucket_name}" for storage in (public, private) if bucket_ensure(storage)]
    client = public.connection.meta.client
    client.put_bucket_policy(Bucket=public.bucket_name, Policy=public_read_policy(public.bucket_name))
    done.append(f"{public.bucket_name}: anyone may read its objects")
    try:
        client.delete_bucket_policy(Bucket=private.bucket_name)
    except ClientError as error:
        if error.response.get("Error", {}).get("Code") not in ("NoSuchBucketPolicy", "404"):
            raise
    done.append(f"{private.bucket_name}: no bucket policy, signed URLs only")
    return done
