"""POST /webhooks/stripe/: the provider's deliveries. A plain Django view,
not DRF: the signature is over the raw bytes, read before anything parses them."""

from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from marketplace.api.errors import json_error_response
from marketplace.api.throttles import WebhookThrottle, throttled_view
from payments.providers.base import InvalidWebhook
from payments.webhooks import webhook_receive

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
