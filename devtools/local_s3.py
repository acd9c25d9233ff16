"""A local S3-compatible server for the tests: moto's standalone server, in a
thread of the test process, behind one check that moto leaves out.

moto answers 403 to an anonymous GET of a private object, as S3 does, but it
takes any presigned URL at its word: neither the signature nor the expiry is
checked. `PresignedUrlCheck` does what S3 (and MinIO) do with a URL that
carries `X-Amz-Signature`: recompute the SigV4 signature with the secret key
and refuse a URL whose signature does not match or whose `X-Amz-Date` plus
`X-Amz-Expires` has passed (403 AccessDenied, "Request has expired")."""

import hmac
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs

from botocore.auth import S3SigV4QueryAuth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials
from moto.moto_server.threaded_moto_server import ThreadedMotoServer
from moto.moto_server.werkzeug_app import DomainDispatcherApplication, MotoRequestHandler, create_backend_app
from werkzeug.serving import make_server

ACCESS_KEY = "souk-tests"
SECRET_KEY = "souk-tests-secret"
REGION = "us-east-1"
SIGV4_TIMESTAMP = "%Y%m%dT%H%M%SZ"


def _error(start_response, code: str, message: str):
    body = f"<?xml version='1.0' encoding='UTF-8'?><Error><Code>{code}</Code><Message>{message}</Message></Error>"
    start_response("403 Forbidden", [("Content-Type", "application/xml")])
    return [body.encode()]


def presigned_signature(*, method: str, host: str, raw_path: str, raw_query: str, secret_key: str) -> str:
    """The SigV4 query signature of this request, as botocore computed it when
    it presigned the URL (same canonical request, same string to sign)."""
    unsigned_query = "&".join(part for part in raw_query.split("&") if not part.startswith("X-Amz-Signature="))
    query = {name: values[0] for name, values in parse_qs(raw_query).items()}
    access_key, _date, region, service, _terminator = query["X-Amz-Credential"].split("/")
    auth = S3SigV4QueryAuth(Credentials(access_key, secret_key), service, region, expires=int(query["X-Amz-Expires"]))
    request = AWSRequest(method=method, url=f"http://{host}{raw_path}?{unsigned_query}", headers={"Host": host})
    request.context["timestamp"] = query["X-Amz-Date"]
    canonical_request = auth.canonical_request(request)
    return auth.signature(auth.string_to_sign(request, canonical_request), request)


class PresignedUrlCheck:
    def __init__(self, app, *, secret_key: str):
        self.app = app
        self.secret_key = secret_key

    def __call__(self, environ, start_response):
        raw_query = environ.get("QUERY_STRING", "")
        if "X-Amz-Signature=" in raw_query:
            query = {name: values[0] for name, values in parse_qs(raw_query).items()}
            signed_at = datetime.strptime(query["X-Amz-Date"], SIGV4_TIMESTAMP).replace(tzinfo=UTC)
            if datetime.now(UTC) > signed_at + timedelta(seconds=int(query["X-Amz-Expires"])):
                return _error(start_response, "AccessDenied", "Request has expired")
            raw_path = environ.get("RAW_URI", environ["PATH_INFO"]).split("?", 1)[0]
            expected = presigned_signature(
                method=environ["REQUEST_METHOD"],
                host=environ["HTTP_HOST"],
                raw_path=raw_path,
                raw_query=raw_query,
                secret_key=self.secret_key,
            )
            if not hmac.compare_digest(expected, query["X-Amz-Signature"]):
                return _error(start_response, "SignatureDoesNotMatch", "The request signature does not match.")
        return self.app(environ, start_response)


class CheckedMotoServer(ThreadedMotoServer):
    """ThreadedMotoServer whose application is wrapped in PresignedUrlCheck."""

    def _server_entry(self) -> None:
        app = PresignedUrlCheck(DomainDispatcherApplication(create_backend_app), secret_key=SECRET_KEY)
        self._server = make_server(self._ip_address, self._port, app, True, request_handler=MotoRequestHandler)
        self._server_ready_event.set()
        self._server.serve_forever()


def main() -> None:
    """`python -m devtools.local_s3 --port 9000`: the same server as a
    process of its own, for a smoke run of the whole stack on object storage
    (S3_ENDPOINT_URL=http://127.0.0.1:9000, S3_ACCESS_KEY_ID=souk-tests,
    S3_SECRET_ACCESS_KEY=souk-tests-secret, then `manage.py storage_buckets`)."""
    import argparse
    import contextlib
    import signal
    import threading

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=9000)
    arguments = parser.parse_args()
    server = CheckedMotoServer(ip_address=arguments.host, port=arguments.port, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    print(f"S3 server on http://{host}:{port} (keys {ACCESS_KEY} / {SECRET_KEY})", flush=True)
    stopped = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stopped.set())
    with contextlib.suppress(KeyboardInterrupt):
        stopped.wait()
    server.stop()


if __name__ == "__main__":
    main()
