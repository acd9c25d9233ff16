"""What payments needs from a card-payment provider, in our own words.

A provider turns our calls into its API and its webhooks into a
`ProviderEvent`; nothing outside `payments/providers/` knows a provider's
object shapes. Stripe is the first implementation; the national bank's
platform would be a second one with the same five methods."""

from dataclasses import dataclass, field
from typing import Protocol

from payments.models import PaymentStatus, RefundStatus


class ProviderError(Exception):
    """The provider refused the request (bad parameters, unknown object). Retrying will not help."""

    def __init__(self, message: str, *, code: str = ""):
        super().__init__(message)
        self.code = code


class ProviderNotFound(ProviderError):
    """The provider has no such object."""


class ProviderUnavailable(Exception):
    """The provider could not be reached or failed on its side: try again later."""


class InvalidWebhook(Exception):
    """A webhook whose signature, age or body cannot be trusted."""


class EventKind:
    """The provider events payments acts on; everything else is stored and ignored."""

    PAYMENT_SUCCEEDED = "payment_succeeded"
    PAYMENT_FAILED = "payment_failed"
    PAYMENT_CANCELED = "payment_canceled"
    PAYMENT_REFUNDED = "payment_refunded"  # the charge's refunds changed: settle ours
    REFUND_UPDATED = "refund_updated"
    DISPUTE_OPENED = "dispute_opened"
    DISPUTE_CLOSED = "dispute_closed"
    OTHER = "other"


@dataclass(frozen=True)
class ProviderPayment:
    reference: str
    status: PaymentStatus
    amount_minor: int
    currency: str  # ISO, upper case
    client_secret: str = ""
    next_action: dict | None = None
    failure_code: str = ""
    failure_message: str = ""
    metadata: dict = field(default_factory=dict)


@dataclass(frozen=True)
class ProviderRefund:
    reference: str
    status: RefundStatus
    amount_minor: int
    payment_reference: str = ""
    failure_message: str = ""
    metadata: dict = field(default_factory=dict)


@dataclass(frozen=True)
class ProviderEvent:
    """A verified webhook: its id (unique at the provider), raw type, what it
    means to us, and the ids of the objects it is about."""

    id: str
    type: str
    kind: str
    payload: dict
    payment_reference: str = ""
    refund: ProviderRefund | None = None
    refund_references: tuple[str, ...] = ()
    dispute_reference: str = ""
    dispute_reason: str = ""
    dispute_outcome: str = ""  # a DisputeStatus once closed: won or lost
    amount_minor: int = 0
    currency: str = ""


class PaymentProvider(Protocol):
    name: str
    publishable_key: str

    def payment_create(
        self, *, amount_minor: int, currency: str, order_number: str, idempotency_key: str, metadata: dict
    ) -> ProviderPayment: ...

    def payment_retrieve(self, reference: str) -> ProviderPayment: ...

    def payment_cancel(self, reference: str, *, idempotency_key: str) -> ProviderPayment: ...

    def refund_create(
        self,
        *,
        payment_reference: str,
        amount_minor: int,
        idempotency_key: str,
        metadata: dict,
        refunded_minor: int | None = None,
    ) -> ProviderRefund:
        """`refunded_minor`: what the payment's other refunds, settled, took
        back at the provider; one that keys no idempotency (CMI) compares it
        with its own total so that a retried refund is not made twice."""

    def refund_retrieve(self, reference: str) -> ProviderRefund: ...

    def webhook_parse(self, *, body: bytes, signature: str) -> ProviderEvent: ...

    def event_read(self, payload: dict) -> ProviderEvent: ...
