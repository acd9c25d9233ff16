import logging

from django.utils import translation
from django.utils.translation import gettext as _

from marketplace.api.errors import is_api_path, json_error_response

logger = logging.getLogger("souk.api")


class ApiErrorMiddleware:
    """An unexpected exception under /api/ answers JSON 500, never an HTML page,
    and the request's transaction is rolled back by ATOMIC_REQUESTS."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not is_api_path(request.path):
            return None
        logger.exception("Unhandled error on %s %s", request.method, request.path)
        return json_error_response(500, "server_error", _("Something went wrong on our side. Nothing was saved."))


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
