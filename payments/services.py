"""Payments: start one for an order, and apply what the provider tells us.

States only move forward. A payment that succeeded or was canceled stays
so; the other states (waiting for a card, for 3-D Secure, processing,
failed) may follow each other in any order, since a buyer retries a
declined card on the same attempt. A late or repeated event therefore never
undoes a later one.

Locks come from payments.locks (the one lock order is written there): the
order row, then the payment row, then the artisan orders that the
lifecycle locks inside `order_mark_paid`.
"""

import logging
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace import metrics
from marketplace.api.money import money
from marketplace.errors import Conflict, DomainError
from marketplace.idempotency import (
    IdempotencyKey,
    idempotency_key_claim,
    idempotency_key_replay,
    idempotency_key_resolve,
)
from marketplace.money import to_minor_units
from orders import lifecycle
from orders.models import Order, OrderStatus
from payments import ledger, locks
from payments.models import Payment, PaymentStatus, StateChange
from payments.providers import PROVIDER_NAMES, provider_get
from payments.providers.base import ProviderError, ProviderPayment, ProviderUnavailable

logger = logging.getLogger(__name__)

PS = PaymentStatus
FINAL = {PS.SUCCEEDED, PS.CANCELED}
# A new attempt is opened only when the provider closed the last one.
CLOSED = {PS.CANCELED}


class PaymentUnavailable(DomainError):
    """The provider could not be reached: the order is kept, the buyer retries."""

    status_code = 503
    code = "payment_provider_unavailable"


def record_change(subject: str, subject_id: int, from_status: str, to_status: str, actor=None, note="") -> None:
    StateChange.objects.create(
        subject=subject, subject_id=subject_id, from_status=from_status or "", to_status=to_status,
        actor=actor, note=note[:300],
    )  # fmt: skip


def _move(payment: Payment, target: PaymentStatus, note: str = "") -> bool:
    """Move a locked payment forward; False when the move would go back.
    Success clears an earlier decline's failure in the same UPDATE."""
    current = PS(payment.status)
    if current == target or current in FINAL:
        return False
    record_change("payment", payment.pk, current, target, note=note)
    payment.status = target
    fields = ["status", "updated_at"]
    if target == PS.SUCCEEDED:
        payment.succeeded_at = timezone.now()
        payment.failure_code = payment.failure_message = ""
        fields += ["succeeded_at", "failure_code", "failure_message"]
    payment.save(update_fields=fields)
    if target in (PS.SUCCEEDED, PS.FAILED):
        metrics.count_on_commit(metrics.PAYMENTS_SUCCEEDED if target == PS.SUCCEEDED else metrics.PAYMENTS_FAILED)
    return True


class PaymentRefused(DomainError):
    """The provider refused to open the payment (our request or its state): logged for staff."""

    status_code = 502
    code = "payment_provider_error"


# --- starting a payment ---------------------------------------------------------------------------


def payment_idempotency_key(order: Order, attempt: int) -> str:
    return f"souk-payment-{order.number}-{attempt}"


def payment_current(order: Order) -> Payment | None:
    return order.payments.order_by("-attempt").first()


def payment_provider_choose(*, currency: str, choice: str = "") -> str:
    """The rule that says which provider takes a payment: the buyer's
    explicit choice; else CMI for dirhams (Moroccan cards on the national
    network, no currency conversion), Stripe for every other currency."""
    if choice:
        if choice not in PROVIDER_NAMES:
            message = _("Choose a payment provider among: %(choices)s.") % {"choices": ", ".join(PROVIDER_NAMES)}
            raise DomainError(message, fields={"provider": [message]})
        return choice
    return "cmi" if currency == "MAD" else "stripe"


# An attempt the buyer may leave for another provider: nothing is in flight on it.
SWITCHABLE = {PS.REQUIRES_PAYMENT_METHOD, PS.FAILED}


def _attempt_closed(payment: Payment, wanted_provider: str) -> bool:
    """A new attempt is needed: the provider closed this one (CMI closes an
    attempt on a decline: the next card needs a new oid), or the buyer asked
    another provider while nothing is in flight on it."""
    if payment.status in CLOSED:
        return True
    if payment.status == PS.FAILED and not getattr(provider_get(payment.provider), "retries_on_same_attempt", True):
        return True
    return payment.provider != wanted_provider and payment.status in SWITCHABLE


def payment_start(
    *, order: Order, just_placed: bool = False, provider_choice: str = "", idempotency: IdempotencyKey | None = None
) -> Payment:
    """The payment the buyer's app confirms with the card: the current
    attempt while it is open, else a new one at the provider. Called after
    the order is committed (an HTTP call never runs inside our transaction);
    the idempotency key, made from the order number and attempt, makes a
    retried call return the same PaymentIntent. `just_placed`: the order was
    committed by this request, so it has no attempt yet to look for (a
    concurrent replay that opened attempt 1 first is met below).
    `provider_choice`: the buyer's explicit choice (payment_provider_choose);
    empty, an open attempt is kept whatever its provider."""
    if idempotency is not None:
        # `idempotency`: the client's key (marketplace.idempotency). Looked up
        # first (a replay opens nothing), claimed with the attempt it made.
        replayed_id = idempotency_key_replay(idempotency.scoped(f"payment:order:{order.pk}"))
        if replayed_id is not None:
            return Payment.objects.get(pk=replayed_id)
    if order.status != OrderStatus.AWAITING_PAYMENT:
        raise Conflict(_("This order is not awaiting payment."), fields={"status": [order.status]})
    name = payment_provider_choose(currency=order.currency, choice=provider_choice)
    current = None if just_placed else payment_current(order)
    if current is not None and not _attempt_closed(current, name if provider_choice else current.provider):
        _idempotency_record(idempotency, current)
        return current
    attempt = current.attempt + 1 if current else 1
    provider = provider_get(name)
    try:
        remote = provider.payment_create(
            amount_minor=to_minor_units(order.total, order.currency),
            currency=order.currency,
            order_number=order.number,
            idempotency_key=payment_idempotency_key(order, attempt),
            metadata={"attempt": str(attempt)},
        )
    except ProviderUnavailable as error:
        logger.warning("payment provider unavailable for %s: %s", order.number, error)
        raise PaymentUnavailable(_("The card payment service is unavailable; try again in a moment.")) from error
    except ProviderError as error:
        logger.error("payment provider refused to start a payment for %s: %s", order.number, error)
        raise PaymentRefused(_("The card payment could not be started; try again in a moment.")) from error
    try:
        with transaction.atomic(durable=True):
            payment = Payment.objects.create(
                order=order, attempt=attempt, provider=provider.name, provider_reference=remote.reference,
                client_secret=remote.client_secret, status=remote.status, currency=order.currency,
                amount=order.total, amount_mad=order.total_mad,
            )  # fmt: skip
            if idempotency is not None and idempotency_key_claim(idempotency) is None:
                idempotency_key_resolve(idempotency, payment.pk)
            return payment
    except IntegrityError:
        # A concurrent retry stored the same attempt (same key, same PaymentIntent).
        return Payment.objects.get(order=order, attempt=attempt)


def _idempotency_record(idempotency: IdempotencyKey | None, payment: Payment) -> None:
    """The client's key answered with the attempt already open."""
    if idempotency is None:
        return
    with transaction.atomic(durable=True):
        if idempotency_key_claim(idempotency) is None:
            idempotency_key_resolve(idempotency, payment.pk)


def payment_refresh(payment: Payment) -> tuple[Payment, ProviderPayment | None]:
    """The payment as the provider has it now, for the buyer's app (which
    must see a 3-D Secure challenge or a decline without waiting for a
    webhook). Forward moves are applied as a webhook would apply them; the
    provider unreachable, the stored state is shown."""
    if payment.status in FINAL:
        return payment, None
    try:
        remote = provider_get(payment.provider).payment_retrieve(payment.provider_reference)
    except (ProviderUnavailable, ProviderError):
        return payment, None
    with transaction.atomic():
        payment_remote_apply(provider_name=payment.provider, remote=remote)
    return Payment.objects.get(pk=payment.pk), remote


def payment_client_view(payment: Payment, remote: ProviderPayment | None = None) -> dict:
    """What the buyer's app needs to confirm the card: with Stripe's SDK (the
    client secret), or on CMI's hosted page (`form`: the action URL and the
    signed fields the app POSTs there, signed afresh each time)."""
    provider = provider_get(payment.provider)
    form = None
    if hasattr(provider, "hosted_form") and payment.status == PS.REQUIRES_PAYMENT_METHOD:
        order = payment.order
        form = provider.hosted_form(
            reference=payment.provider_reference, amount_minor=to_minor_units(payment.amount, payment.currency),
            currency=payment.currency, email=order.email, name=order.shipping_name, language=order.language,
        )  # fmt: skip
    return {
        "form": form,
        "provider": payment.provider,
        "reference": payment.provider_reference,
        "status": payment.status,
        "client_secret": payment.client_secret if payment.status not in FINAL else "",
        "publishable_key": provider.publishable_key,
        "amount": money(payment.amount, payment.currency, payment.amount_mad),
        "failure": {"code": payment.failure_code, "message": payment.failure_message} if payment.failure_code else None,
        # 3-D Secure: the provider's SDK knows what to do with it.
        "next_action": remote.next_action if remote and payment.status == PS.REQUIRES_ACTION else None,
    }


# --- closing payments of cancelled orders -------------------------------------------------------------


OPEN = (PS.REQUIRES_PAYMENT_METHOD, PS.REQUIRES_ACTION, PS.FAILED)


def payments_cancel_for_cancelled_orders(*, limit: int = 200) -> int:
    """Close at the provider the payments still open for orders cancelled
    meanwhile (expired unpaid, or cancelled by the buyer), so the card can no
    longer be charged for them. If the provider says one was paid after all,
    it is applied as paid (and so refunded). Returns how many were closed."""
    closed = 0
    open_payments = Payment.objects.filter(status__in=OPEN, order__status=OrderStatus.CANCELLED).order_by("pk")
    for payment in list(open_payments[:limit]):
        provider = provider_get(payment.provider)
        try:
            remote = provider.payment_cancel(
                payment.provider_reference, idempotency_key=f"souk-cancel-{payment.provider_reference}"
            )
        except ProviderUnavailable:
            raise
        except ProviderError:
            # Not cancellable any more (paid, or cancelled already): take its state as it is.
            remote = provider.payment_retrieve(payment.provider_reference)
        with transaction.atomic():
            outcome = payment_remote_apply(provider_name=payment.provider, remote=remote)
        closed += outcome.applied and remote.status == PS.CANCELED
    return closed


# --- reconciling payments whose news never came --------------------------------------------------------

# Providers whose payments the sweep reads back: CMI tells us only by its
# callback, which may be lost (Stripe retries its webhooks for days).
RECONCILED_PROVIDERS = ("cmi",)
PENDING = (PS.REQUIRES_PAYMENT_METHOD, PS.REQUIRES_ACTION, PS.PROCESSING)


def payments_pending_reconcile(*, older_than_minutes: int | None = None, limit: int = 200) -> int:
    """Ask the provider's status API about each payment still pending after
    the setting's minutes (its callback was lost, or never answered): an
    authorisation we never captured is captured now (CMI's PostAuth), and
    whatever the provider says is applied forward, as a callback would be.
    Network calls outside any transaction. Returns how many moved."""
    from datetime import timedelta

    from django.conf import settings

    minutes = settings.CMI_RECONCILE_AFTER_MINUTES if older_than_minutes is None else older_than_minutes
    since = timezone.now() - timedelta(minutes=minutes)
    due = Payment.objects.filter(provider__in=RECONCILED_PROVIDERS, status__in=PENDING, created_at__lte=since)
    moved = 0
    for payment in list(due.order_by("pk")[:limit]):
        provider = provider_get(payment.provider)
        try:
            remote = provider.payment_retrieve(payment.provider_reference)
            if remote.status == PS.PROCESSING and hasattr(provider, "payment_capture"):
                remote = provider.payment_capture(payment.provider_reference)
        except ProviderError as error:
            logger.warning("could not reconcile payment %s: %s", payment.provider_reference, error)
            continue
        with transaction.atomic(durable=True):
            outcome = payment_remote_apply(provider_name=payment.provider, remote=remote)
        moved += outcome.applied
    return moved


# --- what the provider tells us ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    """What applying one piece of provider news did, the answer of every
    `*_apply`: `applied` False when it was not ours or changed nothing (the
    webhook inbox then marks the event ignored), `note` says what happened."""

    applied: bool
    note: str


def payment_succeeded_apply(*, provider_name: str, reference: str, amount_minor: int, currency: str) -> Outcome:
    """The money is captured. The order becomes paid, the ledger records the
    capture and the commission, and the artisans are told (on commit). If the
    order was cancelled meanwhile, or another attempt already paid it, the
    money goes straight back to the buyer."""
    payment = locks.payment_by_reference_lock(provider_name, reference)
    if payment is None:
        return Outcome(False, f"unknown payment {reference}")
    if payment.status == PS.SUCCEEDED:
        return Outcome(False, "already succeeded")
    if (amount_minor, currency.upper()) != (to_minor_units(payment.amount, payment.currency), payment.currency):
        # Never mark an order paid for another amount than it costs; staff look at it.
        raise AmountMismatch(f"captured {amount_minor} {currency}, expected {payment.amount} {payment.currency}")
    _move(payment, PS.SUCCEEDED)

    order = payment.order
    paid_by_another = order.payments.filter(status=PS.SUCCEEDED).exclude(pk=payment.pk).exists()
    if not paid_by_another and order.status in (OrderStatus.AWAITING_PAYMENT, *lifecycle.PAID_OR_LATER):
        lifecycle.order_mark_paid(order=order)
        ledger.capture_post(payment=payment)
        return Outcome(True, "order paid")

    from payments import refunds  # refunds builds on this module

    reason = "paid twice" if paid_by_another else "paid after the order was cancelled"
    refunds.refund_whole_payment(payment=payment, reason=reason)
    return Outcome(True, f"refunded in full: {reason}")


def payment_remote_apply(*, provider_name: str, remote: ProviderPayment) -> Outcome:
    """Whatever state the provider reports for a payment, applied forward only."""
    if remote.status == PS.SUCCEEDED:
        return payment_succeeded_apply(
            provider_name=provider_name, reference=remote.reference, amount_minor=remote.amount_minor,
            currency=remote.currency,
        )  # fmt: skip
    return payment_status_apply(provider_name=provider_name, reference=remote.reference, remote=remote)


class AmountMismatch(Exception):
    """The provider captured another amount than the payment's: not applied."""


def payment_status_apply(*, provider_name: str, reference: str, remote: ProviderPayment) -> Outcome:
    """A failure, a cancellation or any other news of a payment short of
    success (which is `payment_succeeded_apply`), taken from the provider's
    current view of it (re-read by the caller), so an old event cannot move
    the payment back."""
    payment = locks.payment_by_reference_lock(provider_name, reference)
    if payment is None:
        return Outcome(False, f"unknown payment {reference}")
    moved = _move(payment, remote.status, note=remote.failure_message)
    if moved and remote.status == PS.FAILED:
        payment.failure_code = remote.failure_code
        payment.failure_message = remote.failure_message
        payment.save(update_fields=["failure_code", "failure_message"])
    # The order stays awaiting payment: the buyer may retry until it expires.
    return Outcome(moved, f"payment {remote.status}" if moved else f"kept {payment.status}")
