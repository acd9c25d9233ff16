import sys

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import csrf, defaults
from django.views.decorators.http import require_safe

from marketplace.api.errors import database_unavailable_response, is_api_path, json_error_response
from marketplace.database import database_unreachable
from marketplace.health import healthz


def not_found(request, exception=None):
    if is_api_path(request.path):
        return json_error_response(404, "not_found", _("Not found."))
    return defaults.page_not_found(request, exception)


def server_error(request):
    """handler500: an exception no view handled, raised by a view or by a
    middleware before one ran (a session read while the database is down)."""
    error = sys.exc_info()[1]  # Django calls handler500 while handling it
    if error is not None and database_unreachable(error):
        return database_unavailable(request)
    if is_api_path(request.path):
        return json_error_response(
            500, "server_error", _("Something went wrong on our side; please try again in a moment.")
        )
    return defaults.server_error(request)


def database_unavailable(request):
    if request.path == reverse("healthz"):
        return healthz(request)  # its own answer, which names the database
    if is_api_path(request.path):
        return database_unavailable_response()
    return HttpResponse(
        _("The database is unavailable; please try again in a moment."),
        status=503,
        content_type="text/plain; charset=utf-8",
    )


def csrf_failure(request, reason=""):
    """Django's CSRF refusal (CSRF_FAILURE_VIEW). DRF's views are exempt and
    check CSRF themselves for session logins; this keeps the JSON error
    shape for any plain Django view under /api/ that is not."""
    if is_api_path(request.path):
        return json_error_response(
            403, "csrf_failed", _("This request was refused: its CSRF token is missing or wrong.")
        )
    return csrf.csrf_failure(request, reason)


@require_safe
def home(request):
    """/: where to go from here (the docs, the API root, the admin)."""
    return render(request, "marketplace/home.html")
