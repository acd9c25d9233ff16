"""What stands in for Stripe's side in tests: the buyer's app confirming a
card against the local emulator, and webhook events shaped like Stripe's
published example objects (see the Stripe API reference's PaymentIntent,
Charge, Refund and Dispute objects), signed as Stripe signs them."""

import hashlib
import hmac
import itertools
import json
import time

import requests

from tests.conftest import STRIPE_WEBHOOK_SECRET

API_VERSION = "2026-10-28.endive"
SECRET_KEY = "sk_test_souk"
_ids = itertools.count(1)

# The emulator's test cards (see localstripe): a good card, a declined one,
# and a card that asks for 3-D Secure.
CARD_VISA = "pm_card_visa"
CARD_DECLINED = "pm_card_chargeCustomerFail"
CARD_3DS_NUMBER = "4000002500003155"


# --- the buyer's app -----------------------------------------------------------------------------


def _post(server, path, data=None):
    return requests.post(f"{server.url}{path}", data=data or {}, auth=(SECRET_KEY, ""), timeout=10)


def card_confirm(server, payment_reference: str, card: str = CARD_VISA) -> requests.Response:
    """What Stripe.js does with the client secret: attach the card and confirm.
    (The emulator cannot confirm with a card in one call, so the card is set first.)"""
    if card == CARD_3DS_NUMBER:
        method = _post(
            server,
            "/v1/payment_methods",
            {"type": "card", "card[number]": card, "card[exp_month]": "12", "card[exp_year]": "2031",
             "card[cvc]": "123"},
        )  # fmt: skip
        method.raise_for_status()
        card = method.json()["id"]
    _post(server, f"/v1/payment_intents/{payment_reference}", {"payment_method": card}).raise_for_status()
    return _post(server, f"/v1/payment_intents/{payment_reference}/confirm")


def three_d_secure_complete(server, payment_reference: str, client_secret: str, success: bool = True):
    """The buyer passes (or fails) the bank's 3-D Secure challenge."""
    return requests.post(
        f"{server.url}/v1/payment_intents/{payment_reference}/_authenticate",
        data={"client_secret": client_secret, "success": "true" if success else "false", "key": "pk_test_souk"},
        timeout=10,
    )


# --- webhook events ---------------------------------------------------------------------------------


def event(event_type: str, data_object: dict, *, event_id: str | None = None, created: int | None = None) -> dict:
    return {
        "id": event_id or f"evt_test_{next(_ids):08d}",
        "object": "event",
        "api_version": API_VERSION,
        "created": created or int(time.time()),
        "data": {"object": data_object},
        "livemode": False,
        "pending_webhooks": 1,
        "request": {"id": None, "idempotency_key": None},
        "type": event_type,
    }


def payment_intent(reference: str, *, amount: int, currency: str, status: str, order_number: str = "", error=None):
    return {
        "id": reference,
        "object": "payment_intent",
        "amount": amount,
        "amount_received": amount if status == "succeeded" else 0,
        "capture_method": "automatic",
        "currency": currency.lower(),
        "last_payment_error": error,
        "latest_charge": f"ch_for_{reference}",
        "metadata": {"order_number": order_number},
        "payment_method_types": ["card"],
        "status": status,
    }


DECLINE = {"code": "card_declined", "decline_code": "generic_decline", "message": "Your card was declined.",
           "type": "card_error"}  # fmt: skip


def charge_refunded(payment_reference: str, *, amount: int, refunded: int, currency: str, refund_ids=()):
    return {
        "id": f"ch_for_{payment_reference}",
        "object": "charge",
        "amount": amount,
        "amount_refunded": refunded,
        "currency": currency.lower(),
        "payment_intent": payment_reference,
        "refunded": refunded >= amount,
        "refunds": {"object": "list", "data": [{"id": ref, "object": "refund"} for ref in refund_ids],
                    "has_more": False, "total_count": len(refund_ids)},
        "status": "succeeded",
    }  # fmt: skip


def refund_object(reference: str, *, payment_reference: str, amount: int, currency: str, status: str, metadata=None):
    return {
        "id": reference,
        "object": "refund",
        "amount": amount,
        "currency": currency.lower(),
        "payment_intent": payment_reference,
        "metadata": metadata or {},
        "reason": "requested_by_customer",
        "status": status,
    }


def dispute(
    reference: str, *, payment_reference: str, amount: int, currency: str, reason: str = "fraudulent",
    status: str = "needs_response",
):  # fmt: skip
    return {
        "id": reference,
        "object": "dispute",
        "amount": amount,
        "charge": f"ch_for_{payment_reference}",
        "currency": currency.lower(),
        "payment_intent": payment_reference,
        "reason": reason,
        "status": status,
    }


def signature_header(body: bytes, *, secret: str = STRIPE_WEBHOOK_SECRET, timestamp: int | None = None) -> str:
    timestamp = int(time.time()) if timestamp is None else timestamp
    signed = f"{timestamp}.".encode() + body
    return f"t={timestamp},v1={hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()}"


def deliver(client, payload: dict | bytes, *, secret: str = STRIPE_WEBHOOK_SECRET, timestamp=None, signature=None):
    """POST one delivery to the webhook endpoint, signed like Stripe."""
    body = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
    header = signature if signature is not None else signature_header(body, secret=secret, timestamp=timestamp)
    return client.generic("POST", "/webhooks/stripe/", body, content_type="application/json",
                          HTTP_STRIPE_SIGNATURE=header)  # fmt: skip
