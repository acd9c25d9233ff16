"""Stripe, on the official SDK's StripeClient.

The API version is pinned (the SDK's types describe that version, and our
parsing below reads it); every POST carries an idempotency key the caller
derives from our own ids, so a retried Celery task never charges or refunds
twice. `base_address` lets development and tests talk to a local emulator.
"""

import json

import stripe
from django.conf import settings

from payments.models import DisputeStatus, PaymentStatus, RefundStatus
from payments.providers.base import (
    EventKind,
    InvalidWebhook,
    ProviderError,
    ProviderEvent,
    ProviderNotFound,
    ProviderPayment,
    ProviderRefund,
    ProviderUnavailable,
)

API_VERSION = "2026-10-28.endive"
EXPAND_LATEST_CHARGE = ["latest_charge"]

EVENT_KINDS = {
    "payment_intent.succeeded": EventKind.PAYMENT_SUCCEEDED,
    "payment_intent.payment_failed": EventKind.PAYMENT_FAILED,
    "payment_intent.canceled": EventKind.PAYMENT_CANCELED,
    "charge.refunded": EventKind.PAYMENT_REFUNDED,
    "refund.created": EventKind.REFUND_UPDATED,
    "refund.updated": EventKind.REFUND_UPDATED,
    "refund.failed": EventKind.REFUND_UPDATED,
    "charge.dispute.created": EventKind.DISPUTE_OPENED,
    "charge.dispute.closed": EventKind.DISPUTE_CLOSED,
}

# A closed dispute's status; "warning_closed" (an inquiry that never became a
# chargeback) keeps the money, as a win does.
DISPUTE_OUTCOMES = {
    "won": DisputeStatus.WON,
    "warning_closed": DisputeStatus.WON,
    "lost": DisputeStatus.LOST,
}

REFUND_STATUSES = {
    "succeeded": RefundStatus.SUCCEEDED,
    "failed": RefundStatus.FAILED,
    "canceled": RefundStatus.FAILED,
    "pending": RefundStatus.PENDING,
    "requires_action": RefundStatus.PENDING,
}


def payment_status(intent: dict) -> PaymentStatus:
    """Stripe's PaymentIntent status in our words. A declined card sends the
    intent back to requires_payment_method with a last_payment_error: for us
    that attempt failed, and the buyer may try another card on it."""
    status = intent.get("status")
    if status == "requires_payment_method":
        return PaymentStatus.FAILED if intent.get("last_payment_error") else PaymentStatus.REQUIRES_PAYMENT_METHOD
    return {
        "requires_confirmation": PaymentStatus.REQUIRES_PAYMENT_METHOD,
        "requires_action": PaymentStatus.REQUIRES_ACTION,
        "processing": PaymentStatus.PROCESSING,
        "requires_capture": PaymentStatus.PROCESSING,
        "succeeded": PaymentStatus.SUCCEEDED,
        "canceled": PaymentStatus.CANCELED,
    }.get(status, PaymentStatus.PROCESSING)


def _as_dict(stripe_object) -> dict:
    return stripe_object.to_dict() if hasattr(stripe_object, "to_dict") else dict(stripe_object)


def _payment(intent: dict) -> ProviderPayment:
    error = intent.get("last_payment_error") or {}
    return ProviderPayment(
        reference=intent["id"],
        status=payment_status(intent),
        amount_minor=int(intent["amount"]),
        currency=str(intent["currency"]).upper(),
        client_secret=intent.get("client_secret") or "",
        next_action=intent.get("next_action") or None,
        failure_code=(error.get("decline_code") or error.get("code") or "")[:60],
        failure_message=(error.get("message") or "")[:300],
        metadata=dict(intent.get("metadata") or {}),
    )


def _refund(refund: dict) -> ProviderRefund:
    return ProviderRefund(
        reference=refund["id"],
        status=REFUND_STATUSES.get(refund.get("status"), RefundStatus.PENDING),
        amount_minor=int(refund.get("amount") or 0),
        payment_reference=refund.get("payment_intent") or "",
        failure_message=(refund.get("failure_reason") or "")[:300],
        metadata=dict(refund.get("metadata") or {}),
    )


def _reference(value) -> str:
    """An id whether the field holds the id or the expanded object."""
    if isinstance(value, dict):
        return value.get("id", "")
    return value or ""


class StripeProvider:
    name = "stripe"

    def __init__(self, *, secret_key: str, publishable_key: str, webhook_secret: str, api_base: str = "",
                 webhook_tolerance: int = 300, http_client=None):  # fmt: skip
        base_addresses = {"api": api_base} if api_base else None
        self.client = stripe.StripeClient(
            secret_key or "sk_test_unset",
            stripe_version=API_VERSION,
            base_addresses=base_addresses,
            http_client=http_client,
            # Our own retries (Celery, with the same idempotency key) are the ones that count.
            max_network_retries=0,
        )
        self.publishable_key = publishable_key
        self.webhook_secret = webhook_secret
        self.webhook_tolerance = webhook_tolerance

    @classmethod
    def from_settings(cls, **overrides) -> "StripeProvider":
        options = {
            "secret_key": settings.STRIPE_SECRET_KEY,
            "publishable_key": settings.STRIPE_PUBLISHABLE_KEY,
            "webhook_secret": settings.STRIPE_WEBHOOK_SECRET,
            "api_base": settings.STRIPE_API_BASE,
            "webhook_tolerance": settings.STRIPE_WEBHOOK_TOLERANCE,
            "http_client": stripe.RequestsClient(timeout=settings.STRIPE_TIMEOUT_SECONDS),
        }
        return cls(**{**options, **overrides})

    # --- calls --------------------------------------------------------------------------------

    def _call(self, method, *args, **kwargs):
        try:
            return _as_dict(method(*args, **kwargs))
        except (stripe.APIConnectionError, stripe.RateLimitError) as error:
            raise ProviderUnavailable(str(error)) from error
        except stripe.StripeError as error:
            status = error.http_status or 0
            if status >= 500 or status == 0:
                raise ProviderUnavailable(str(error)) from error
            code = error.code or ""
            if status == 404 or code == "resource_missing":
                raise ProviderNotFound(error.user_message or str(error), code=code) from error
            raise ProviderError(error.user_message or str(error), code=code) from error

    def payment_create(self, *, amount_minor, currency, order_number, idempotency_key, metadata) -> ProviderPayment:
        params = {
            "amount": amount_minor,
            "currency": currency.lower(),
            # Cards only; handmade lead times outlast an authorisation, so capture at once.
            "payment_method_types": ["card"],
            "capture_method": "automatic",
            "metadata": {"order_number": order_number, **metadata},
            "expand": EXPAND_LATEST_CHARGE,
        }
        intent = self._call(
            self.client.v1.payment_intents.create, params=params, options={"idempotency_key": idempotency_key}
        )
        return _payment(intent)

    def payment_retrieve(self, reference: str) -> ProviderPayment:
        intent = self._call(self.client.v1.payment_intents.retrieve, reference, params={"expand": EXPAND_LATEST_CHARGE})
        return _payment(intent)

    def payment_cancel(self, reference: str, *, idempotency_key: str) -> ProviderPayment:
        intent = self._call(
            self.client.v1.payment_intents.cancel, reference, options={"idempotency_key": idempotency_key}
        )
        return _payment(intent)

    def refund_create(self, *, payment_reference, amount_minor, idempotency_key, metadata,
                      refunded_minor=None) -> ProviderRefund:  # fmt: skip
        # `refunded_minor` is not needed: Stripe answers a retry with the same key by the same refund.
        params = {"payment_intent": payment_reference, "amount": amount_minor, "metadata": metadata}
        refund = self._call(self.client.v1.refunds.create, params=params, options={"idempotency_key": idempotency_key})
        return _refund(refund)

    def refund_retrieve(self, reference: str) -> ProviderRefund:
        return _refund(self._call(self.client.v1.refunds.retrieve, reference))

    # --- webhooks -------------------------------------------------------------------------------

    def webhook_parse(self, *, body: bytes, signature: str) -> ProviderEvent:
        """Verify the signature over the raw body and its age, then read the
        event. Anything that cannot be trusted raises InvalidWebhook."""
        if not self.webhook_secret:
            raise InvalidWebhook("No webhook secret is configured.")
        if not signature:
            raise InvalidWebhook("The Stripe-Signature header is missing.")
        try:
            payload = body.decode("utf-8")
            # A tolerance of 0 would switch the age check off: never pass it.
            stripe.WebhookSignature.verify_header(
                payload, signature, self.webhook_secret, max(self.webhook_tolerance, 1)
            )
            event = json.loads(payload)
        except stripe.SignatureVerificationError as error:
            raise InvalidWebhook(str(error)) from error
        except ValueError as error:  # UnicodeDecodeError and JSONDecodeError are ValueErrors
            raise InvalidWebhook("The body is not JSON.") from error
        return self.event_read(event)

    def event_read(self, event) -> ProviderEvent:
        """An event (already verified, or as we stored it) in our words."""
        if not isinstance(event, dict) or not isinstance(event.get("data"), dict):
            raise InvalidWebhook("Not a Stripe event.")
        event_id, event_type = event.get("id"), event.get("type")
        data_object = event["data"].get("object")
        if not isinstance(event_id, str) or not isinstance(event_type, str) or not isinstance(data_object, dict):
            raise InvalidWebhook("Not a Stripe event.")
        kind = EVENT_KINDS.get(event_type, EventKind.OTHER)
        common = {"id": event_id, "type": event_type, "kind": kind, "payload": event}
        if kind in (EventKind.PAYMENT_SUCCEEDED, EventKind.PAYMENT_FAILED, EventKind.PAYMENT_CANCELED):
            return ProviderEvent(
                **common,
                payment_reference=_reference(data_object.get("id")),
                amount_minor=int(data_object.get("amount") or 0),
                currency=str(data_object.get("currency") or "").upper(),
            )
        if kind == EventKind.PAYMENT_REFUNDED:
            refunds = (data_object.get("refunds") or {}).get("data") or []
            return ProviderEvent(
                **common,
                payment_reference=_reference(data_object.get("payment_intent")),
                refund_references=tuple(_reference(refund) for refund in refunds if _reference(refund)),
                amount_minor=int(data_object.get("amount_refunded") or 0),
                currency=str(data_object.get("currency") or "").upper(),
            )
        if kind == EventKind.REFUND_UPDATED:
            refund = _refund(data_object) if data_object.get("id") else None
            return ProviderEvent(
                **common, payment_reference=_reference(data_object.get("payment_intent")), refund=refund
            )
        if kind in (EventKind.DISPUTE_OPENED, EventKind.DISPUTE_CLOSED):
            return ProviderEvent(
                **common,
                payment_reference=_reference(data_object.get("payment_intent")),
                dispute_reference=_reference(data_object.get("id")),
                dispute_reason=str(data_object.get("reason") or "")[:60],
                dispute_outcome=DISPUTE_OUTCOMES.get(data_object.get("status"), ""),
                amount_minor=int(data_object.get("amount") or 0),
                currency=str(data_object.get("currency") or "").upper(),
            )
        return ProviderEvent(**common)
