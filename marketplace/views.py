from django.utils.translation import gettext as _
from django.views import csrf, defaults

from marketplace.api.errors import is_api_path, json_error_response


def not_found(request, exception=None):
    if is_api_path(request.path):
        return json_error_response(404, "not_found", _("Not found."))
    return defaults.page_not_found(request, exception)


def server_error(request):
    if is_api_path(request.path):
        return json_error_response(
            500, "server_error", _("Something went wrong on our side; please try again in a moment.")
        )
    return defaults.server_error(request)


def csrf_failure(request, reason=""):
    """Django's CSRF refusal (CSRF_FAILURE_VIEW). DRF's views are exempt and
    check CSRF themselves for session logins; this keeps the JSON error
    shape for any plain Django view under /api/ that is not."""
    if is_api_path(request.path):
        return json_error_response(
            403, "csrf_failed", _("This request was refused: its CSRF token is missing or wrong.")
        )
    return csrf.csrf_failure(request, reason)
