"""What an operator sees of a request: its X-Request-ID on every answer, in
every API error body and on every log line (JSON in production), request
metrics on /metrics, which only Prometheus may read. The business counters
are in tests/payments/test_metrics.py; the home page and the docs here too."""

import contextlib
import io
import json
import logging

import pytest
from celery.contrib.testing.worker import start_worker
from django.conf import settings
from django.urls import path
from prometheus_client.parser import text_string_to_metric_families
from pythonjsonlogger.json import JsonFormatter

from config.celery import app as celery_app
from marketplace.request_id import request_id_reset, request_id_set
from tests.flows.test_celery_worker import broker_mode, wait_for  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db

GIVEN = "edge-4f2a9c1e-7b3d"


def scrape(client, **extra) -> dict[tuple[str, tuple], float]:
    """/metrics as {(sample name, sorted labels): value}."""
    response = client.get("/metrics", **extra)
    assert response.status_code == 200
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(response.content.decode())
        for sample in family.samples
    }


# --- the request id ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path,status",
    [
        ("/api/v1/", 200),
        ("/api/v1/no-such-thing/", 404),
        ("/admin/login/", 200),
        ("/admin/", 302),  # the admin's redirect to its login page
        ("/no-such-page/", 404),  # Django's HTML 404
        ("/", 200),
        ("/healthz", 200),
    ],
)
def test_every_answer_carries_a_request_id(client, path, status):
    first = client.get(path)
    second = client.get(path)

    assert first.status_code == status
    assert len(first["X-Request-ID"]) == 32
    assert first["X-Request-ID"] != second["X-Request-ID"]


def test_a_given_request_id_is_echoed_and_put_in_the_error_body(api_client):
    response = api_client.get("/api/v1/products/no-such-product/", HTTP_X_REQUEST_ID=GIVEN)

    assert response.status_code == 404
    assert response["X-Request-ID"] == GIVEN
    assert response.json()["error"]["request_id"] == GIVEN


@pytest.mark.parametrize("given", ["has space", "new\nline", "x" * 129, 'quote"d', ""])
def test_a_request_id_that_is_not_a_sane_token_is_replaced(client, given):
    response = client.get("/api/v1/", HTTP_X_REQUEST_ID=given)

    assert response["X-Request-ID"] != given
    assert len(response["X-Request-ID"]) == 32


# --- JSON logs -----------------------------------------------------------------------------------


def crash(request):
    raise RuntimeError("the tagine cracked")


urlpatterns = [path("api/v1/crash/", crash)]


@contextlib.contextmanager
def json_lines_of(logger_name=""):
    """The lines the console handler of settings.LOGGING writes for this logger, captured."""
    console = next(
        handler
        for handler in logging.getLogger().handlers
        if isinstance(handler, logging.StreamHandler) and isinstance(handler.formatter, JsonFormatter)
    )
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(console.formatter)
    for log_filter in console.filters:
        handler.addFilter(log_filter)
    logger = logging.getLogger(logger_name)
    level = logger.level
    logger.addHandler(handler)
    # A test worker started earlier in this process left the root logger at ERROR.
    logger.setLevel(logging.INFO)
    try:
        yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)


@pytest.fixture
def json_log():
    with json_lines_of() as lines:
        yield lines


def test_logs_are_json_when_debug_is_off():
    assert settings.LOG_FORMAT == "json"


@pytest.mark.urls(__name__)
def test_the_json_log_line_of_a_failed_request_names_its_request_id(client, json_log):
    client.raise_request_exception = False

    response = client.get("/api/v1/crash/", HTTP_X_REQUEST_ID=GIVEN)

    assert response.status_code == 500
    assert response.json()["error"]["request_id"] == GIVEN
    lines = [line for line in json_log() if line["level"] == "ERROR"]
    # souk.api's "Unhandled error" (inside the request) and django.request's
    # "Internal Server Error" (written after the middleware returned).
    assert {line["logger"] for line in lines} == {"souk.api", "django.request"}
    assert all(line["request_id"] == GIVEN for line in lines), lines
    unhandled = next(line for line in lines if line["logger"] == "souk.api")
    assert "RuntimeError: the tagine cracked" in unhandled["exc_info"]
    assert unhandled["time"].endswith("+00:00")


@celery_app.task(name="tests.marketplace.test_observability.task_that_logs")
def task_that_logs():
    logging.getLogger("souk.test").warning("working for the request")


@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("broker_mode")
def test_a_worker_logs_the_request_id_of_the_request_that_queued_the_task():
    token = request_id_set(GIVEN)  # as RequestIdMiddleware does around a request
    try:
        task_that_logs.apply_async()
    finally:
        request_id_reset(token)
    # On the task's own logger: the worker's start configures the root logger's handlers anew.
    with (
        json_lines_of("souk.test") as json_log,
        start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=10),
    ):
        logged = wait_for(lambda: any(line["message"] == "working for the request" for line in json_log()))

    assert logged
    line = next(line for line in json_log() if line["message"] == "working for the request")
    assert line["request_id"] == GIVEN


def test_a_log_line_outside_any_request_says_so(json_log):
    logging.getLogger("souk.test").warning("no request here")

    assert json_log()[-1]["request_id"] == "-"
    assert json_log()[-1]["message"] == "no request here"


# --- /metrics ------------------------------------------------------------------------------------


def test_metrics_count_requests_by_route_and_status(client):
    product = ("souk_http_requests_total", (("method", "GET"), ("route", "api/v1/products/<slug:slug>/"),
                                            ("status", "404")))  # fmt: skip
    before = scrape(client).get(product, 0)

    client.get("/api/v1/products/no-such-product/")
    client.get("/api/v1/products/nor-this-one/")

    assert scrape(client)[product] == before + 2


@pytest.mark.parametrize(
    "extra",
    [
        {"REMOTE_ADDR": "203.0.113.9"},
        {"REMOTE_ADDR": "203.0.113.9", "HTTP_AUTHORIZATION": "Bearer wrong-token"},
        # Behind one proxy on the same host: the client is the forwarded address, not 127.0.0.1.
        {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "203.0.113.9"},
    ],
)
def test_metrics_are_a_404_to_anyone_else(client, settings, extra):
    settings.NUM_PROXIES = 1
    settings.METRICS_TOKEN = "scrape-token-0123456789"

    response = client.get("/metrics", **extra)

    assert response.status_code == 404
    assert b"souk_" not in response.content


def test_metrics_answer_an_allowed_network_or_the_token(client, settings):
    settings.METRICS_ALLOWED_IPS = ["10.0.0.0/8"]
    settings.METRICS_TOKEN = "scrape-token-0123456789"

    from_network = client.get("/metrics", REMOTE_ADDR="10.1.2.3")
    with_token = client.get("/metrics", REMOTE_ADDR="203.0.113.9", HTTP_AUTHORIZATION="Bearer scrape-token-0123456789")
    from_loopback = client.get("/metrics")

    assert (from_network.status_code, with_token.status_code, from_loopback.status_code) == (200, 200, 404)
    assert b"souk_http_requests_total" in with_token.content


@celery_app.task(name="tests.marketplace.test_observability.task_that_fails")
def task_that_fails():
    raise ValueError("no such artisan")


def test_a_failed_task_is_counted(client):
    failed = ("souk_celery_tasks_failed_total", (("task", "tests.marketplace.test_observability.task_that_fails"),))
    before = scrape(client).get(failed, 0)

    # As a worker runs it: the error recorded, not raised into the caller.
    result = task_that_fails.apply(throw=False)

    assert result.failed()
    assert scrape(client)[failed] == before + 1


# --- where to go from / --------------------------------------------------------------------------


def test_the_home_page_points_to_the_docs_the_api_and_the_admin(client):
    response = client.get("/")

    assert response.status_code == 200
    for link in (b'href="/api/docs/"', b'href="/api/redoc/"', b'href="/api/v1/"', b'href="/admin/"'):
        assert link in response.content
