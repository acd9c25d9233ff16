"""One error shape for every API answer that is not a success:

{"error": {"code": "...", "message": "...", "fields": {"name": ["..."]}, "request_id": "..."}}

`request_id` is the request's X-Request-ID (marketplace/request_id.py): what
a buyer or an app quotes to support, and what the log lines of the request name.
"""

import logging

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.serializers import as_serializer_error
from rest_framework.views import exception_handler, set_rollback

from marketplace.errors import DomainError
from marketplace.request_id import request_id_current

logger = logging.getLogger(__name__)


def error_body(code, message, fields=None):
    return {
        "error": {"code": code, "message": str(message), "fields": fields or {}, "request_id": request_id_current()}
    }


def _dotted(detail, prefix=""):
    """Flatten DRF's nested errors to {"field": [...], "variants.0.price_mad": [...]}."""
    if isinstance(detail, dict):
        fields = {}
        for key, value in detail.items():
            fields.update(_dotted(value, f"{prefix}{key}."))
        return fields
    if isinstance(detail, list) and any(isinstance(item, (dict, list)) for item in detail):
        fields = {}
        for index, item in enumerate(detail):
            fields.update(_dotted(item, f"{prefix}{index}."))
        return fields
    messages = detail if isinstance(detail, list) else [detail]
    return {prefix.rstrip("."): [str(message) for message in messages]} if messages else {}


def _validation_body(exc):
    detail = exc.detail if isinstance(exc.detail, (dict, list)) else [exc.detail]
    if isinstance(detail, list) and not any(isinstance(item, (dict, list)) for item in detail):
        detail = {"non_field_errors": detail}
    fields = _dotted(detail)
    general = fields.pop("non_field_errors", None)
    if general:
        message = general[0]
    else:
        names = ", ".join(sorted(fields))
        message = _("Some fields are not valid: %(names)s.") % {"names": names}
    return error_body("invalid", message, fields)


def api_exception_handler(exc, context):
    if isinstance(exc, DomainError):
        set_rollback()
        return Response(error_body(exc.code, exc.message, exc.fields), status=exc.status_code)
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(detail=as_serializer_error(exc))
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()

    response = exception_handler(exc, context)
    if response is None:
        return None  # unexpected: ApiErrorMiddleware logs it and answers 500

    if isinstance(exc, exceptions.ValidationError):
        response.data = _validation_body(exc)
    elif isinstance(exc.detail, dict):
        # simplejwt's token errors carry {"detail", "code", "messages"}
        response.data = error_body(
            str(exc.detail.get("code", exc.default_code)), exc.detail.get("detail", exc.default_detail)
        )
    else:
        codes = exc.get_codes()
        code = codes if isinstance(codes, str) else exc.default_code
        response.data = error_body(code, exc.detail)
    return response


def json_error_response(status, code, message):
    return JsonResponse(error_body(code, message), status=status)


def database_unavailable_response():
    """The answer while the database cannot be reached (marketplace/database.py)."""
    return json_error_response(
        503, "database_unavailable", _("The database is unavailable; please try again in a moment.")
    )


# Exempt from CSRF like every DRF view: a PATCH or DELETE to an unknown API
# address is a 404, not Django's HTML "CSRF cookie not set" page.
@csrf_exempt
def api_not_found(request, *args, **kwargs):
    return json_error_response(404, "not_found", _("No API endpoint at this address."))


def is_api_path(path: str) -> bool:
    return path.startswith("/api/") or path.startswith("/webhooks/")
