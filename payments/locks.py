"""Every row lock of payments, in one place, rows of one kind in primary-key order.

The one lock order of the marketplace (the same text heads orders/locks.py;
a transaction takes the rows it needs in this order and skips the others):

    webhook event → order → return request → payment → dispute → refund → line commissions
        → artisan orders → variants (catalog: product → variants)
    payout run → payout batch → payouts          (never held with the above)

Every lock of a payment, dispute or refund here takes its order's row first
(orders.locks), so all the money rows of one order are taken under that one
row. The services then call orders.lifecycle, which locks the artisan orders
after them, and the stock moves lock the variants last.
"""

from django.db import connection

from orders import locks as order_locks
from payments.models import (
    Dispute,
    LineCommission,
    Payment,
    PaymentStatus,
    Payout,
    PayoutBatch,
    PayoutStatus,
    Refund,
    WebhookEvent,
    WebhookStatus,
)

# pg_advisory_xact_lock key of the payout run (see payout_run_lock).
PAYOUT_RUN_LOCK_KEY = 7_411_002


# --- webhook events --------------------------------------------------------------------------------------


def pending_webhook_event_lock(event_pk: int) -> WebhookEvent | None:
    """The event if still pending, locked; None when it is not, or when
    another worker holds it right now (skipped, not awaited)."""
    return (
        WebhookEvent.objects.select_for_update(skip_locked=True)
        .filter(pk=event_pk, status=WebhookStatus.PENDING)
        .first()
    )


# --- payments, disputes and refunds, under their order's row ----------------------------------------------


def _payment_lock(payment_id: int) -> Payment:
    return Payment.objects.select_for_update(of=("self",)).select_related("order").get(pk=payment_id)


def payment_lock(payment_id: int) -> Payment:
    """The payment, its order locked first."""
    order_id = Payment.objects.values_list("order_id", flat=True).get(pk=payment_id)
    order_locks.order_lock(order_id)
    return _payment_lock(payment_id)


def payment_by_reference_lock(provider_name: str, reference: str) -> Payment | None:
    """The payment the provider knows by `reference`, its order locked first;
    None when we have no such payment."""
    row = (
        Payment.objects.filter(provider=provider_name, provider_reference=reference)
        .values_list("order_id", "pk")
        .first()
    )
    if row is None:
        return None
    order_id, payment_id = row
    order_locks.order_lock(order_id)
    return _payment_lock(payment_id)


def paid_payment_lock(order_id: int) -> Payment | None:
    """The order's first successful payment, locked; the caller holds the
    order's row already (orders.locks.order_lock)."""
    return (
        Payment.objects.select_for_update(of=("self",))
        .filter(order_id=order_id, status=PaymentStatus.SUCCEEDED)
        .order_by("succeeded_at", "pk")
        .first()
    )


def dispute_get_or_create_lock(*, reference: str, defaults: dict) -> tuple[Dispute, bool]:
    """The dispute the provider knows by `reference`, locked (or created);
    the caller holds its order's and payment's rows already."""
    return Dispute.objects.select_for_update(of=("self",)).get_or_create(
        provider_reference=reference, defaults=defaults
    )


def refund_lock(refund_id: int) -> Refund:
    """The refund, its order and its payment locked first; `refund.order`
    and `refund.payment` are those locked rows."""
    order_id, payment_id = Refund.objects.values_list("order_id", "payment_id").get(pk=refund_id)
    order = order_locks.order_lock(order_id)
    payment = _payment_lock(payment_id)
    refund = Refund.objects.select_for_update(of=("self",)).get(pk=refund_id)
    refund.order, refund.payment = order, payment
    return refund


def line_commissions_lock(order_line_ids) -> list[LineCommission]:
    """The commissions of these order lines, by id: two refunds of one line
    are serialised on them (the caller holds the order's row already)."""
    return list(LineCommission.objects.select_for_update().filter(order_line_id__in=order_line_ids).order_by("pk"))


# --- payouts ---------------------------------------------------------------------------------------------


def payout_run_lock() -> None:
    """Wait for any other payout run to commit, so this one sees its payouts
    (a transaction-scoped advisory lock; SQLite runs one writer anyway)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [PAYOUT_RUN_LOCK_KEY])


def payout_batch_lock(batch_id: int) -> PayoutBatch:
    return PayoutBatch.objects.select_for_update().get(pk=batch_id)


def pending_payouts_lock(batch: PayoutBatch) -> list[Payout]:
    """The batch's pending payouts, by id; the caller holds the batch's row already."""
    return list(batch.payouts.select_for_update().filter(status=PayoutStatus.PENDING).order_by("pk"))


def payout_lock(payout_id: int) -> Payout:
    """The payout, its batch locked first; `payout.batch` is that locked row."""
    batch_id = Payout.objects.values_list("batch_id", flat=True).get(pk=payout_id)
    batch = payout_batch_lock(batch_id)
    payout = Payout.objects.select_for_update().get(pk=payout_id)
    payout.batch = batch
    return payout
