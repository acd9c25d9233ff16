"""Prometheus metrics: every counter of the system, named once here, and
/metrics, which only Prometheus may read.

Request metrics come from RequestMetricsMiddleware; the business counters are
incremented where the thing happens, one line each, through
`count_on_commit` (a rolled-back transaction counts nothing):

- orders placed: orders.checkout.order_place
- payments succeeded / failed: payments.services (a payment's move)
- webhook events received / applied, and their lag: payments.webhooks
- export documents generated: orders.paperwork.services
- tasks failed: config/celery.py (Celery's task_failure signal)

Several processes: gunicorn runs several workers, each with its own memory.
With PROMETHEUS_MULTIPROC_DIR set (an empty folder per host, e.g. on tmpfs,
wiped at start by gunicorn.conf.py), prometheus-client keeps every process's
values in files there and /metrics adds them up. A Celery worker counts what
its tasks do in its own process: it serves them on CELERY_METRICS_PORT
(config/celery.py), with its own PROMETHEUS_MULTIPROC_DIR for a prefork pool.
"""

import hmac
import ipaddress
import os
import time

from django.conf import settings
from django.http import Http404, HttpResponse
from django.views.decorators.cache import never_cache
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)

from marketplace.client_ip import client_ip

if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
    # prometheus-client writes into it from the first metric on; gunicorn.conf.py empties it at start.
    os.makedirs(os.environ["PROMETHEUS_MULTIPROC_DIR"], exist_ok=True)

# --- requests -------------------------------------------------------------------------------
HTTP_REQUESTS = Counter(
    "souk_http_requests_total", "HTTP requests answered, by method, route and status.", ["method", "route", "status"]
)
HTTP_REQUEST_SECONDS = Histogram(
    "souk_http_request_duration_seconds", "Seconds to answer an HTTP request, by method and route.", ["method", "route"]
)
# --- the business ---------------------------------------------------------------------------
ORDERS_PLACED = Counter("souk_orders_placed_total", "Orders placed (committed, replays of a key not counted).")
PAYMENTS = Counter("souk_payments_total", "Payments that succeeded or failed.", ["outcome"])
PAYMENTS_SUCCEEDED = PAYMENTS.labels(outcome="succeeded")
PAYMENTS_FAILED = PAYMENTS.labels(outcome="failed")
WEBHOOK_EVENTS_RECEIVED = Counter(
    "souk_webhook_events_received_total", "Provider events stored (a redelivery is not counted).", ["provider"]
)
WEBHOOK_EVENTS_APPLIED = Counter(
    "souk_webhook_events_applied_total", "Provider events done with, by result (applied or ignored).", ["result"]
)
WEBHOOK_EVENT_LAG_SECONDS = Histogram(
    "souk_webhook_event_lag_seconds",
    "Seconds from an event's receipt to its application.",
    buckets=(0.1, 0.5, 1, 2, 5, 10, 30, 60, 120, 300, 900, 3600, 21600),
)
DOCUMENTS_GENERATED = Counter("souk_export_documents_generated_total", "Export documents rendered.", ["kind"])
TASKS_FAILED = Counter("souk_celery_tasks_failed_total", "Celery tasks that raised (retries not counted).", ["task"])


def count_on_commit(counter, amount: float = 1) -> None:
    """Count once the current transaction commits (at once outside one)."""
    from marketplace import effects  # effects imports models: not before the apps are ready

    effects.after_commit(lambda: counter.inc(amount))


def webhook_event_applied_count(*, result: str, lag_seconds: float) -> None:
    from marketplace import effects

    def count():
        WEBHOOK_EVENTS_APPLIED.labels(result=result).inc()
        WEBHOOK_EVENT_LAG_SECONDS.observe(max(lag_seconds, 0))

    effects.after_commit(count)


# --- reading them ---------------------------------------------------------------------------


def registry_for_scrape():
    """This process's metrics, or with PROMETHEUS_MULTIPROC_DIR those of every process on the host."""
    if not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        return REGISTRY
    registry = CollectorRegistry()
    multiprocess.MultiProcessCollector(registry)
    return registry


def _address_allowed(address: str) -> bool:
    if not address:
        return False
    for allowed in settings.METRICS_ALLOWED_IPS:
        try:
            if ipaddress.ip_address(address) in ipaddress.ip_network(allowed, strict=False):
                return True
        except ValueError:
            continue
    return False


def _token_given(request) -> bool:
    expected = settings.METRICS_TOKEN
    given = request.headers.get("Authorization", "")
    return bool(expected) and hmac.compare_digest(given.encode(), f"Bearer {expected}".encode())


@never_cache
def metrics_view(request):
    """Prometheus' text format, for METRICS_ALLOWED_IPS or METRICS_TOKEN only;
    anyone else gets the site's 404, as if there were nothing here. The
    client's address is read as the throttles read it (NUM_PROXIES), so a
    proxy on the same host does not make every visitor 127.0.0.1."""
    if not (_address_allowed(client_ip(request)) or _token_given(request)):
        raise Http404
    return HttpResponse(generate_latest(registry_for_scrape()), content_type=CONTENT_TYPE_LATEST)


class RequestMetricsMiddleware:
    """Counts and times every request by its URL pattern (never the raw path:
    one series per route, however many products there are)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        route = match.route if match is not None else "unmatched"
        method = request.method if request.method in KNOWN_METHODS else "other"
        HTTP_REQUEST_SECONDS.labels(method=method, route=route).observe(time.perf_counter() - started)
        HTTP_REQUESTS.labels(method=method, route=route, status=str(response.status_code)).inc()
        return response


KNOWN_METHODS = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}
