from django.utils.translation import gettext as _
from django.views import defaults

from marketplace.api.errors import is_api_path, json_error_response


def not_found(request, exception=None):
    if is_api_path(request.path):
        return json_error_response(404, "not_found", _("Not found."))
    return defaults.page_not_found(request, exception)


def server_error(request):
    if is_api_path(request.path):
        return json_error_response(500, "server_error", _("Something went wrong on our side. Nothing was saved."))
    return defaults.server_error(request)
