"""Paying artisans: the weekly batch, its bank-transfer file, and what the
bank says afterwards.

    payable artisan orders ─▶ payout_batch_create ─▶ PayoutBatch (open), one Payout (pending) per artisan
    staff ─▶ payout_batch_export_csv ─▶ batch exported (the CSV goes to the bank)
    staff ─▶ payout_batch_mark_paid ─▶ pending payouts paid, batch closed
    staff ─▶ payout_mark_failed ─▶ payout failed, its artisan orders payable again, money back on the balance

An artisan order is never paid twice: a PayoutItem is `active` while its
payout stands, and a partial unique index allows one active item per artisan
order. Two batch runs at once are also serialised by an advisory lock on
PostgreSQL (SQLite serialises writers anyway); if they still collide, the
index refuses the second and the whole second run rolls back (PayoutConflict).

A sale refunded or charged back after it was paid out leaves a debt: its
artisan order owes Souk money. The artisan's next payout nets it, as a
negative item, against their new sales; no payout goes out until the sales
cover the debt and the minimum.

Every status move is checked against a table and recorded as a StateChange.
Who moves them is payments.permissions': platform staff, never a payee of
the batch (the four-eyes rule); the weekly task (actor None) creates it.
"""

import csv
import io
import logging
from collections import defaultdict
from decimal import Decimal

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from artisans.models import PayoutDetails
from marketplace.errors import Conflict, DomainError, IllegalTransition
from marketplace.history import history_actor
from payments import ledger, locks, permissions, selectors
from payments.models import (
    Payout,
    PayoutBatch,
    PayoutBatchStatus,
    PayoutItem,
    PayoutStatus,
    StateChange,
)

logger = logging.getLogger(__name__)

PAYOUT_TRANSITIONS = {
    PayoutStatus.PENDING: {PayoutStatus.PAID, PayoutStatus.FAILED},
    # A transfer the bank returned after reporting it paid.
    PayoutStatus.PAID: {PayoutStatus.FAILED},
    PayoutStatus.FAILED: set(),
}
BATCH_TRANSITIONS = {
    PayoutBatchStatus.OPEN: {PayoutBatchStatus.EXPORTED},
    PayoutBatchStatus.EXPORTED: {PayoutBatchStatus.CLOSED},
    PayoutBatchStatus.CLOSED: set(),
}
CSV_HEADER = ["holder", "RIB", "IBAN", "amount", "reference"]


class PayoutConflict(Conflict):
    code = "payout_conflict"


# --- moves and their records ---------------------------------------------------------------------


def _record(subject: str, subject_id: int, from_status, to_status, actor, note: str = "") -> None:
    StateChange.objects.create(
        subject=subject,
        subject_id=subject_id,
        from_status=from_status or "",
        to_status=to_status,
        actor=actor,
        note=(note or "")[:300],
    )


def _move_payout(payout: Payout, target, actor, note: str = "") -> None:
    current = PayoutStatus(payout.status)
    if target not in PAYOUT_TRANSITIONS[current]:
        raise IllegalTransition(current=current, target=PayoutStatus(target))
    _record("payout", payout.pk, current, target, actor, note)
    payout.status = target
    history_actor(payout, actor, note)


def _move_batch(batch: PayoutBatch, target, actor, note: str = "") -> None:
    current = PayoutBatchStatus(batch.status)
    if target not in BATCH_TRANSITIONS[current]:
        raise IllegalTransition(current=current, target=PayoutBatchStatus(target))
    _record("payout_batch", batch.pk, current, target, actor, note)
    batch.status = target
    history_actor(batch, actor, note)


# --- the weekly batch ----------------------------------------------------------------------------


def payout_batch_create(*, now=None, actor=None) -> PayoutBatch | None:
    """Pay every artisan whose payable artisan orders, less their debts, add
    up to the minimum and who gave bank details: one Payout each in a new
    batch. None when nobody is to be paid (no empty batch is kept)."""
    permissions.payout_batch_handler_require(actor)  # staff, before any work; payees are known later
    try:
        return _batch_create(now=now or timezone.now(), actor=actor)
    except IntegrityError as error:
        # The partial unique index refused an artisan order already in an
        # active payout: a concurrent run got there first. Nothing was kept.
        raise PayoutConflict(_("Another payout run is paying the same orders; try again.")) from error


@transaction.atomic
def _batch_create(*, now, actor) -> PayoutBatch | None:
    locks.payout_run_lock()
    by_artisan = defaultdict(list)
    for artisan_order in selectors.payable_artisan_orders(now=now).select_related("artisan"):
        artisan_order.owed_mad = selectors.mad(artisan_order.owed_mad)
        by_artisan[artisan_order.artisan_id].append(artisan_order)
    details = {row.artisan_id: row for row in PayoutDetails.objects.filter(artisan_id__in=by_artisan)}

    to_pay = []
    for artisan_id, artisan_orders in by_artisan.items():
        total = sum((row.owed_mad for row in artisan_orders), Decimal("0.00"))
        if total < settings.PAYOUT_MINIMUM_MAD:
            continue  # stays on the balance for a later week
        if artisan_id not in details:
            logger.warning("payouts: artisan %s is owed %s MAD but has no payout details; skipped", artisan_id, total)
            continue
        to_pay.append((artisan_orders[0].artisan, details[artisan_id], artisan_orders, total))
    if not to_pay:
        return None
    permissions.payout_batch_handler_require(actor, payee_user_ids=[artisan.user_id for artisan, *_rest in to_pay])

    batch = PayoutBatch.objects.create()
    _record("payout_batch", batch.pk, "", PayoutBatchStatus.OPEN, actor)
    for artisan, payout_details, artisan_orders, total in to_pay:
        _payout_create(batch, artisan, payout_details, artisan_orders, total, actor)
    return batch


def _payout_create(batch, artisan, payout_details, artisan_orders, total, actor) -> Payout:
    payout = Payout.objects.create(
        batch=batch,
        artisan=artisan,
        amount_mad=total,
        reference=f"SOUK-{batch.pk:05d}-{artisan.pk}",
        # A snapshot: a later change of bank details does not redirect a payout already sent.
        account_holder=payout_details.account_holder,
        rib=payout_details.rib,
        iban=payout_details.iban,
    )
    _record("payout", payout.pk, "", PayoutStatus.PENDING, actor)
    items = PayoutItem.objects.bulk_create(
        PayoutItem(payout=payout, artisan_order=artisan_order, amount_mad=artisan_order.owed_mad)
        for artisan_order in artisan_orders
    )
    ledger.payout_post(payout=payout, items=items)
    return payout


# --- the bank-transfer file and what the bank says --------------------------------------------------


def _csv_cell(value: str) -> str:
    """A spreadsheet would run a cell starting with = + - @ as a formula: quote it."""
    return f"'{value}" if value[:1] in ("=", "+", "-", "@") else value


@transaction.atomic
def payout_batch_export_csv(*, batch: PayoutBatch, actor) -> str:
    """The bank-transfer file of the batch's pending payouts: holder, RIB,
    IBAN, amount in MAD, reference. An open batch becomes exported; an
    exported one may be downloaded again (the same file, no new record)."""
    batch = locks.payout_batch_lock(batch.pk)
    permissions.payout_batch_handler_require(actor, batch)
    if batch.status == PayoutBatchStatus.OPEN:
        _move_batch(batch, PayoutBatchStatus.EXPORTED, actor)
        batch.exported_at = timezone.now()
        batch.save(update_fields=["status", "exported_at"])
    elif batch.status != PayoutBatchStatus.EXPORTED:
        raise IllegalTransition(current=PayoutBatchStatus(batch.status), target=PayoutBatchStatus.EXPORTED)

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    for payout in batch.payouts.filter(status=PayoutStatus.PENDING).order_by("pk"):
        writer.writerow(
            [_csv_cell(payout.account_holder), payout.rib, payout.iban, f"{payout.amount_mad:.2f}", payout.reference]
        )
    return out.getvalue()


@transaction.atomic
def payout_batch_mark_paid(*, batch: PayoutBatch, actor) -> PayoutBatch:
    """The bank paid the exported batch: every pending payout is paid (failed
    ones stay failed) and the batch is closed."""
    batch = locks.payout_batch_lock(batch.pk)
    permissions.payout_batch_handler_require(actor, batch)
    if batch.status != PayoutBatchStatus.EXPORTED:
        raise IllegalTransition(current=PayoutBatchStatus(batch.status), target=PayoutBatchStatus.CLOSED)
    now = timezone.now()
    for payout in locks.pending_payouts_lock(batch):
        _move_payout(payout, PayoutStatus.PAID, actor)
        payout.settled_at = now
        payout.save(update_fields=["status", "settled_at"])
    _batch_close(batch, actor, now)
    return batch


def _batch_close(batch: PayoutBatch, actor, now) -> None:
    _move_batch(batch, PayoutBatchStatus.CLOSED, actor)
    batch.closed_at = now
    batch.save(update_fields=["status", "closed_at"])


@transaction.atomic
def payout_mark_failed(*, payout: Payout, actor, reason: str) -> Payout:
    """The transfer failed (or the bank returned it after paying): the payout
    is failed, its artisan orders become payable again and the ledger gives
    the money back to the artisan's balance. An exported batch with no
    pending payout left is closed."""
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("A reason is required."), fields={"reason": [_("A reason is required.")]})
    payout = locks.payout_lock(payout.pk)  # its batch first
    batch = payout.batch
    permissions.payout_handler_require(actor, payout)
    _move_payout(payout, PayoutStatus.FAILED, actor, note=reason)
    payout.failure_reason = reason[:300]
    payout.settled_at = timezone.now()
    payout.save(update_fields=["status", "failure_reason", "settled_at"])
    payout.items.update(active=False)
    ledger.payout_reversed_post(payout=payout)
    still_pending = batch.payouts.filter(status=PayoutStatus.PENDING).exists()
    if batch.status == PayoutBatchStatus.EXPORTED and not still_pending:
        _batch_close(batch, actor, payout.settled_at)
    return payout
