"""POST /webhooks/stripe/ and /webhooks/cmi/: the providers' deliveries.
Plain Django views, not DRF: the signature is over the raw bytes (Stripe) or
the fields as posted (CMI), read before anything parses them. And the
buyer's browser back from CMI's page (/pay/cmi/ok/, /pay/cmi/fail/): it
proves nothing, so it changes nothing."""

from django.http import HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from marketplace.api.errors import json_error_response
from marketplace.api.throttles import WebhookThrottle, throttled_view
from payments.providers.base import InvalidWebhook
from payments.webhooks import cmi_callback_answer, webhook_receive

# Larger bodies are not Stripe events; refuse them before verifying anything.
MAX_BODY_BYTES = 512 * 1024


def _error(message: str, *, status: int = 400, code: str = "invalid_webhook"):
    return json_error_response(status, code, message)


@csrf_exempt
@require_POST
@throttled_view(WebhookThrottle)
def stripe_webhook(request):
    # A Content-Length that is not a number never gets here (marketplace/api/limits.py).
    if int(request.headers.get("Content-Length") or 0) > MAX_BODY_BYTES:
        return _error("The body is too large for an event.", status=413, code="request_too_large")
    try:
        received = webhook_receive(
            provider_name="stripe", body=request.body, signature=request.headers.get("Stripe-Signature", "")
        )
    except InvalidWebhook as error:
        return _error(str(error))
    event = received.event
    return JsonResponse({"received": event.event_id, "duplicate": received.duplicate, "status": event.status})


def _plain(text: str, *, status: int = 200) -> HttpResponse:
    return HttpResponse(text, status=status, content_type="text/plain; charset=utf-8")


@csrf_exempt
@require_POST
@throttled_view(WebhookThrottle)
def cmi_callback(request):
    """CMI's server-to-server callback, answered in plain text as its protocol
    wants: `ACTION=POSTAUTH` (approved: capture it), `APPROVED` (a refused
    payment, noted) or `FAILURE` (the hash does not match: nothing stored)."""
    if int(request.headers.get("Content-Length") or 0) > MAX_BODY_BYTES:
        return _plain("FAILURE", status=413)
    try:
        received = webhook_receive(provider_name="cmi", body=request.body, signature="")
    except InvalidWebhook:
        return _plain("FAILURE", status=400)
    return _plain(cmi_callback_answer(received.event))


@csrf_exempt
@require_http_methods(["GET", "POST"])
def cmi_return(request, outcome: str):
    """Where CMI sends the buyer's browser back. Anyone can post anything
    here: the order is paid by the callback alone, so nothing is read or written."""
    if outcome == "ok":
        message = _("Thank you: your payment is being confirmed by your bank. Your order shows it in a moment.")
    else:
        message = _("The payment did not go through. You can try again from your order.")
    return JsonResponse({"outcome": outcome, "detail": message})
