import logging

from django.utils import translation
from django.utils.translation import gettext as _

from marketplace.api import limits
from marketplace.api.errors import database_unavailable_response, is_api_path, json_error_response
from marketplace.database import database_unreachable

logger = logging.getLogger("souk.api")


class ApiErrorMiddleware:
    """Under /api/ and /webhooks/ every answer is JSON in the error shape: a
    body that breaks a request limit is refused before any view reads it
    (marketplace/api/limits.py), Django's own client errors (a body too big,
    too many fields) answer 4xx, an unreachable database 503, and anything
    else unexpected 500."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if is_api_path(request.path):
            refusal = limits.request_refusal(request)
            if refusal is not None:
                return self._refused(request, refusal)
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not is_api_path(request.path):
            return None
        refusal = limits.refusal_for_exception(exception)
        if refusal is not None:
            return self._refused(request, refusal)
        if database_unreachable(exception):
            # One line, no traceback: during an outage every request comes here.
            logger.error("Database unreachable on %s %s: %s", request.method, request.path, exception)
            return database_unavailable_response()
        logger.exception("Unhandled error on %s %s", request.method, request.path)
        return json_error_response(
            500, "server_error", _("Something went wrong on our side; please try again in a moment.")
        )

    def _refused(self, request, refusal):
        limits.log_refusal(request, refusal)
        return json_error_response(refusal.status, refusal.code, refusal.message)


class UserLanguageMiddleware:
    """A signed-in user (the admin, the browsable API) sees the site in their
    preferred language unless they chose another one with the language cookie."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        from django.conf import settings

        if (
            user is not None
            and user.is_authenticated
            and settings.LANGUAGE_COOKIE_NAME not in request.COOKIES
            and user.preferred_language
        ):
            translation.activate(user.preferred_language)
            request.LANGUAGE_CODE = translation.get_language()
        return self.get_response(request)
