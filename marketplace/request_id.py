"""One id per request, to find every trace of it: taken from the caller's
`X-Request-ID` when it is a sane token (a proxy or a mobile app set it), else
made here; echoed on every answer, written in every API error body
(marketplace.api.errors) and on every log line of the request (the logging
filter below, through a context variable). A Celery task queued during the
request carries it too (config/celery.py), so the worker's lines name it."""

import logging
import re
import uuid
from contextvars import ContextVar

import sentry_sdk

HEADER = "X-Request-ID"
# Letters, digits and . _ : - only, at most 128: what goes into log lines and
# headers can then never forge a line break, a JSON quote or a huge field.
SANE = re.compile(r"[A-Za-z0-9._:-]{1,128}")
NONE = "-"  # on log lines written outside any request or task

_current: ContextVar[str | None] = ContextVar("request_id", default=None)


def request_id_current() -> str | None:
    return _current.get()


def request_id_new() -> str:
    return uuid.uuid4().hex


def request_id_sane(value: str | None) -> str | None:
    return value if value and SANE.fullmatch(value) else None


def request_id_set(value: str | None):
    """Make `value` the current id; returns the token that undoes it."""
    return _current.set(value)


def request_id_reset(token) -> None:
    _current.reset(token)


class RequestIdMiddleware:
    """First of all middleware: every answer, a redirect or an error page too, carries the id."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = request_id_sane(request.headers.get(HEADER)) or request_id_new()
        request.request_id = request_id
        token = request_id_set(request_id)
        # A no-op unless Sentry was initialised (SENTRY_DSN).
        sentry_sdk.get_isolation_scope().set_tag("request_id", request_id)
        try:
            response = self.get_response(request)
        finally:
            request_id_reset(token)
        response[HEADER] = request_id
        return response


class RequestIdLogFilter(logging.Filter):
    """Adds `request_id` to every record (settings.LOGGING's handlers use it)."""

    def filter(self, record):
        if not hasattr(record, "request_id"):
            # django.request logs a 4xx/5xx answer after the middleware has
            # returned, with the request on the record.
            from_request = getattr(getattr(record, "request", None), "request_id", None)
            record.request_id = request_id_current() or from_request or NONE
        return True
