"""PostgreSQL unreachable: a web node (gunicorn, DEBUG off, as in production)
whose DATABASE_URL points at a closed port. /healthz answers 503 JSON naming
the database; an API answer that needs the database is a 503 in the error
shape, whether the database is first needed by a view or by a middleware
(a session cookie), and each comes at once rather than after a hang."""

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from tests.conftest import STRIPE_WEBHOOK_SECRET
from tests.payments import stripe_kit as kit
from tests.redis_server import free_port

ROOT = Path(__file__).resolve().parents[2]
SLOWEST_SECONDS = 3.0
SESSION_COOKIE = {"sessionid": "a" * 32}  # a well-formed key: Django looks it up in the database


@pytest.fixture(scope="module")
def web_node(tmp_path_factory):
    port = free_port()
    log = tmp_path_factory.mktemp("gunicorn") / "gunicorn.log"
    environment = {
        **os.environ,
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:{free_port()}/souk",  # nothing listens there
        "DEBUG": "0",
        "SECURE_SSL_REDIRECT": "0",
        "ALLOWED_HOSTS": "127.0.0.1",
        "STRIPE_WEBHOOK_SECRET": STRIPE_WEBHOOK_SECRET,
    }
    with log.open("w") as output:  # a file, not a pipe nobody reads: a full pipe would block the server
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "config.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "1"],
            cwd=ROOT, env=environment, stdout=output, stderr=subprocess.STDOUT,
        )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None:
        try:
            requests.get(f"{url}/healthz", timeout=5)
            break
        except requests.ConnectionError:
            time.sleep(0.2)
    else:
        process.kill()
        pytest.fail(f"gunicorn did not start: {log.read_text()[-2000:]}")
    yield url
    process.terminate()
    try:
        process.wait(10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def timed(method, url, **kwargs):
    started = time.monotonic()
    response = requests.request(method, url, timeout=30, **kwargs)
    return response, time.monotonic() - started


@pytest.mark.parametrize("cookies", [{}, SESSION_COOKIE], ids=["no cookie", "session cookie"])
def test_healthz_answers_503_json_naming_the_database(web_node, cookies):
    response, seconds = timed("GET", f"{web_node}/healthz", cookies=cookies)

    assert (response.status_code, response.headers["Content-Type"]) == (503, "application/json")
    assert response.json()["failed"] == ["database"]
    assert response.json()["checks"]["database"].startswith("error")
    assert seconds < SLOWEST_SECONDS


def webhook_delivery():
    body = json.dumps(kit.event("payment_intent.succeeded", kit.payment_intent(
        "pi_unreachable", amount=1000, currency="EUR", status="succeeded"))).encode()  # fmt: skip
    headers = {"Content-Type": "application/json", "Stripe-Signature": kit.signature_header(body)}
    return {"data": body, "headers": headers}


REQUESTS = {
    "catalog": ("GET", "/api/v1/products/", {}),
    "catalog in USD": ("GET", "/api/v1/products/?currency=usd", {}),
    "product": ("GET", "/api/v1/products/a-tagine/", {}),
    "categories": ("GET", "/api/v1/categories/", {}),
    "login": ("POST", "/api/v1/auth/login/", {"json": {"email": "buyer@example.fr", "password": "secret-1234"}}),
    "register": ("POST", "/api/v1/auth/register/", {"json": {"email": "new@example.fr", "password": "Long-pw-1234"}}),
    "cart": ("POST", "/api/v1/cart/lines/", {"json": {"variant": 1, "quantity": 1}}),
    "catalog with a session": ("GET", "/api/v1/products/", {"cookies": SESSION_COOKIE}),
    "me with a session": ("GET", "/api/v1/me/", {"cookies": SESSION_COOKIE}),
    "webhook": ("POST", "/webhooks/stripe/", "delivery"),
}


@pytest.mark.parametrize("name", list(REQUESTS))
def test_an_api_answer_is_503_in_the_error_shape(web_node, name):
    method, path, options = REQUESTS[name]
    if options == "delivery":
        options = webhook_delivery()

    response, seconds = timed(method, f"{web_node}{path}", **options)

    assert response.status_code == 503, response.text
    assert response.json() == {
        "error": {
            "code": "database_unavailable",
            "message": "The database is unavailable; please try again in a moment.",
            "fields": {},
        }
    }
    assert seconds < SLOWEST_SECONDS
