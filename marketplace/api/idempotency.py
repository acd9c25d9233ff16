"""Reading the Idempotency-Key header of a request (marketplace.idempotency)."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter

from marketplace.errors import DomainError
from marketplace.idempotency import (
    IDEMPOTENCY_HEADER,
    KEY_MAX_LENGTH,
    KEY_MIN_LENGTH,
    IdempotencyKey,
    request_fingerprint,
)

REPLAYED_HEADER = "Idempotent-Replayed"


def idempotency_parameter(*, required: bool = False) -> OpenApiParameter:
    return OpenApiParameter(
        IDEMPOTENCY_HEADER,
        {"type": "string", "minLength": KEY_MIN_LENGTH, "maxLength": KEY_MAX_LENGTH},
        OpenApiParameter.HEADER,
        required=required,
        description="A key of the client's choosing: a retry with the same key and body gives the first answer, once.",
    )


def idempotency_key_of(request, *, scope: str, body: dict, required: bool = False) -> IdempotencyKey | None:
    """The request's key for `scope`, with the fingerprint of `body`; None
    when the client sent none (and may not)."""
    key = request.headers.get(IDEMPOTENCY_HEADER, "").strip()
    if not key and not required:
        return None
    if not KEY_MIN_LENGTH <= len(key) <= KEY_MAX_LENGTH:
        message = _("Send an Idempotency-Key header of 8 to 255 characters.")
        raise DomainError(message, fields={"idempotency_key": [message]})
    return IdempotencyKey(scope=scope, key=key, fingerprint=request_fingerprint(body))


def replayed_mark(response, claim: IdempotencyKey | None):
    if claim is not None and claim.replayed:
        response[REPLAYED_HEADER] = "true"
    return response
