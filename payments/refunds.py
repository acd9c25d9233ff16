"""Refunds: full or partial, per order line, shipping, or a whole order.

A refund is written `pending` with its items and its ledger transaction in
one database transaction (the artisan's balance drops at once, so the money
cannot be paid out meanwhile), then sent to the provider on commit by a
task, with an idempotency key made from the refund's id. The provider's
answer, or a later webhook, settles it: `succeeded` (the order's state
follows) or `failed` (the ledger transaction is reversed). The refunded
pieces are written on the order lines when the refund is written
(orders.lifecycle.order_lines_refund_record: the parcel's documents follow)
and given back if it fails.

Who may refund, and the four-eyes rule above REFUND_FOUR_EYES_ABOVE_MAD, are
payments.permissions' (`refund_requester_require`): staff, the cooperative
admin of the artisan, or the artisan themself while the parcel has not
shipped. The system (actor None) refunds a buyer's cancellation and a
payment that came after the order was cancelled.

Who bears the loss (`loss_bearer`, payments.ledger.refund_post): the artisan
by default; the insurer, only for an insured parcel; or the platform. A
parcel's insurance premium goes back with the rest of it only while it has not
shipped (once on its way, it was insured).
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from artisans.permissions import is_operator
from marketplace import effects
from marketplace.errors import Conflict, DomainError, NotAllowed
from marketplace.idempotency import IdempotencyKey, idempotency_key_claim, idempotency_key_resolve
from marketplace.money import to_minor_units
from orders import lifecycle
from orders import locks as order_locks
from orders.models import ArtisanOrder, ArtisanOrderStatus, Order, OrderLine
from orders.pricing import collected_duties
from payments import ledger, locks, permissions
from payments.models import LossBearer, Payment, PaymentStatus, Refund, RefundItem, RefundItemKind, RefundStatus
from payments.providers import provider_get
from payments.providers.base import ProviderError, ProviderRefund
from payments.services import Outcome, record_change

AO = ArtisanOrderStatus
ZERO = Decimal("0")
NOT_SHIPPED = permissions.NOT_SHIPPED
LEFT = {AO.SHIPPED, AO.DELIVERED}  # a parcel on its way or delivered was insured: its premium stays


class NothingToRefund(Conflict):
    code = "nothing_to_refund"


@dataclass(frozen=True)
class LineRefund:
    order_line_id: int
    quantity: int


def refund_idempotency_key(refund: Refund) -> str:
    return f"souk-refund-{refund.pk}"


# --- what is left to refund ------------------------------------------------------------------------


def _live_items(payment: Payment):
    return RefundItem.objects.filter(refund__payment=payment).exclude(refund__status=RefundStatus.FAILED)


def _refunded_by_line(payment: Payment) -> dict[int, dict]:
    rows = (
        _live_items(payment)
        .filter(kind=RefundItemKind.LINE)
        .values("order_line_id")
        .annotate(quantity=Sum("quantity"), amount=Sum("amount"), amount_mad=Sum("amount_mad"))
    )
    return {row["order_line_id"]: row for row in rows}


def _refunded_of_kind(payment: Payment, artisan_order: ArtisanOrder, kind) -> tuple[Decimal, Decimal]:
    row = (
        _live_items(payment)
        .filter(artisan_order=artisan_order, kind=kind)
        .aggregate(amount=Sum("amount"), amount_mad=Sum("amount_mad"))
    )
    return row["amount"] or ZERO, row["amount_mad"] or ZERO


def _line_item(payment, line: OrderLine, quantity: int, refunded: dict | None) -> RefundItem:
    done_quantity = refunded["quantity"] if refunded else 0
    left = line.quantity - done_quantity
    if quantity < 1 or quantity > left:
        message = _("Between 1 and %(left)s for this line.") % {"left": left}
        raise DomainError(message, fields={"lines": [message]})
    if quantity == left:
        # The last piece takes exactly what is left, so rounding never leaves a cent behind.
        amount = line.line_total - (refunded["amount"] if refunded else ZERO)
        amount_mad = line.line_total_mad - (refunded["amount_mad"] if refunded else ZERO)
    else:
        amount, amount_mad = line.unit_price * quantity, line.unit_price_mad * quantity
    return RefundItem(
        artisan_order_id=line.artisan_order_id, kind=RefundItemKind.LINE, order_line=line, quantity=quantity,
        amount=amount, amount_mad=amount_mad,
    )  # fmt: skip


def _rest_items(payment: Payment, artisan_order: ArtisanOrder, *, lines=True, shipping=True, duties=True):
    """Items for everything of `artisan_order` not refunded yet."""
    items = []
    if lines:
        refunded = _refunded_by_line(payment)
        for line in artisan_order.lines.all():
            done = refunded.get(line.pk)
            left = line.quantity - (done["quantity"] if done else 0)
            if left > 0:
                items.append(_line_item(payment, line, left, done))
    collected = collected_duties(incoterm=artisan_order.order.incoterm, breakdown=artisan_order.duties_breakdown)
    premium = (artisan_order.insurance_premium, artisan_order.insurance_premium_mad)
    for wanted, kind, total in (
        (shipping, RefundItemKind.SHIPPING, (artisan_order.shipping, artisan_order.shipping_mad)),
        (duties, RefundItemKind.DUTIES, collected),
        # The premium goes back with the duties (the whole parcel), while it has not left.
        (duties and artisan_order.status not in LEFT, RefundItemKind.INSURANCE, premium),
    ):
        if not wanted:
            continue
        done_amount, done_mad = _refunded_of_kind(payment, artisan_order, kind)
        if total[0] - done_amount > 0:
            items.append(
                RefundItem(
                    artisan_order=artisan_order,
                    kind=kind,
                    amount=total[0] - done_amount,
                    amount_mad=total[1] - done_mad,
                )
            )
    return items


# --- writing refunds -------------------------------------------------------------------------------------


def _paid_payment(order: Order) -> Payment:
    payment = locks.paid_payment_lock(order.pk)
    if payment is None:
        raise NothingToRefund(_("This order has not been paid."))
    return payment


def loss_bearer_check(artisan_orders, loss_bearer) -> str:
    """`loss_bearer` as a LossBearer value; the insurer only bears insured parcels."""
    try:
        bearer = LossBearer(loss_bearer or LossBearer.ARTISAN)
    except ValueError:
        message = _("Choose who bears the loss: %(choices)s.") % {"choices": ", ".join(LossBearer.values)}
        raise DomainError(message, fields={"loss_bearer": [message]}) from None
    if bearer == LossBearer.INSURER and not all(artisan_order.insured for artisan_order in artisan_orders):
        message = _("The insurer only pays for insured parcels; this parcel was not insured.")
        raise DomainError(message, fields={"loss_bearer": [message]})
    return bearer.value


def _create(
    payment: Payment,
    items: list[RefundItem],
    *,
    actor,
    reason: str,
    whole: bool = False,
    provider_reference=None,
    loss_bearer: str = LossBearer.ARTISAN,
) -> Refund:
    """`whole`: the entire payment, with no items (see refund_whole_payment).
    `provider_reference`: the money has already gone back at the provider
    (a lost dispute), so nothing is sent to it."""
    if whole:
        amount, amount_mad = payment.amount, payment.amount_mad
    else:
        amount = sum((item.amount for item in items), ZERO)
        amount_mad = sum((item.amount_mad for item in items), ZERO)
    if amount <= 0:
        raise NothingToRefund(_("Nothing is left to refund."))
    refunded = payment.refunds.exclude(status=RefundStatus.FAILED).aggregate(total=Sum("amount"))["total"] or ZERO
    if refunded + amount > payment.amount:
        raise NothingToRefund(_("That is more than is left of the payment."))
    refund = Refund.objects.create(
        payment=payment, order_id=payment.order_id, currency=payment.currency, amount=amount,
        amount_mad=amount_mad, reason=reason[:300], requested_by=actor, provider_reference=provider_reference,
        loss_bearer=loss_bearer,
    )  # fmt: skip
    for item in items:
        item.refund = refund
    RefundItem.objects.bulk_create(items)
    # The pieces leave the parcel now (its documents follow); a failed refund gives them back.
    lifecycle.order_lines_refund_record(lines=_refunded_lines(items))
    record_change("refund", refund.pk, "", RefundStatus.PENDING, actor=actor, note=reason)
    if items:
        ledger.refund_post(refund=refund)
    if provider_reference is None:
        _submit_on_commit(refund.pk)
    return refund


def _refunded_lines(items) -> list[lifecycle.RefundedLine]:
    return [
        lifecycle.RefundedLine(item.order_line_id, item.quantity, item.amount, item.amount_mad)
        for item in items
        if item.kind == RefundItemKind.LINE
    ]


def _four_eyes(actor, order: Order, artisan_orders: list[ArtisanOrder], items: list[RefundItem]) -> None:
    """Now that the amount is known: above REFUND_FOUR_EYES_ABOVE_MAD its
    buyer or artisan does not make it (payments.permissions)."""
    amount_mad = sum((item.amount_mad for item in items), ZERO)
    permissions.refund_requester_require(actor, order=order, artisan_orders=artisan_orders, amount_mad=amount_mad)


def _submit_on_commit(refund_id: int) -> None:
    """Send the refund to the provider from a task, once its row is committed."""
    from payments.tasks import refund_submit  # tasks.py imports this module

    effects.task_enqueue_on_commit(refund_submit, refund_id)


def _reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("A reason is required."), fields={"reason": [_("A reason is required.")]})
    return reason


def _cancel_if_nothing_left(artisan_order: ArtisanOrder, actor, reason: str) -> None:
    """An artisan order refunded whole before it shipped will not ship: cancel it (stock goes back)."""
    if artisan_order.status not in NOT_SHIPPED:
        return
    payment = Payment.objects.filter(order_id=artisan_order.order_id, status=PaymentStatus.SUCCEEDED).first()
    if payment and not _rest_items(payment, artisan_order, duties=False):
        lifecycle.artisan_order_cancel(artisan_order=artisan_order, actor=actor, reason=f"refunded: {reason}")


@transaction.atomic(durable=True)
def refund_request(
    *,
    artisan_order: ArtisanOrder,
    actor,
    lines: list[LineRefund],
    shipping: bool = False,
    reason: str,
    loss_bearer: str = LossBearer.ARTISAN,
    idempotency: IdempotencyKey | None = None,
) -> Refund:
    """Refund some lines (and quantities) of one artisan order, and/or its
    shipping; `loss_bearer` says who pays for them (see the module).
    `idempotency`: the client's key (marketplace.idempotency); replayed, the
    refund it made is answered and nothing is refunded twice."""
    if idempotency is not None:
        idempotency = idempotency.scoped(f"refund:parcel:{artisan_order.pk}")
        refund_id = idempotency_key_claim(idempotency)
        if refund_id is not None:
            return Refund.objects.get(pk=refund_id)
    refund = refund_lines(
        artisan_order=artisan_order, actor=actor, lines=lines, shipping=shipping, reason=reason,
        loss_bearer=loss_bearer,
    )  # fmt: skip
    if idempotency is not None:
        idempotency_key_resolve(idempotency, refund.pk)
    return refund


@transaction.atomic
def refund_lines(
    *,
    artisan_order: ArtisanOrder,
    actor,
    lines: list[LineRefund],
    shipping: bool = False,
    reason: str,
    loss_bearer: str = LossBearer.ARTISAN,
) -> Refund:
    """refund_request inside a caller's transaction: a flow above payments
    (returns: the claim and its refund, one commit) that has locked the order
    first, as the lock order says."""
    reason = _reason(reason)
    order = order_locks.order_lock(artisan_order.order_id)
    artisan_order = ArtisanOrder.objects.select_related("artisan", "order").get(pk=artisan_order.pk)
    loss_bearer = loss_bearer_check([artisan_order], loss_bearer)
    permissions.refund_requester_require(actor, order=order, artisan_orders=[artisan_order])
    payment = _paid_payment(order)
    if not lines and not shipping:
        message = _("Choose lines or shipping to refund.")
        raise DomainError(message, fields={"lines": [message]})

    by_id = {line.pk: line for line in artisan_order.lines.all()}
    refunded = _refunded_by_line(payment)
    items, seen = [], set()
    for wanted in lines:
        line = by_id.get(wanted.order_line_id)
        if line is None or wanted.order_line_id in seen:
            message = _("Line %(id)s is not in this order, or is named twice.") % {"id": wanted.order_line_id}
            raise DomainError(message, fields={"lines": [message]})
        seen.add(line.pk)
        items.append(_line_item(payment, line, wanted.quantity, refunded.get(line.pk)))
    if shipping:
        shipping_items = _rest_items(payment, artisan_order, lines=False, duties=False)
        if not shipping_items:
            raise NothingToRefund(_("The shipping is already refunded."))
        items.extend(shipping_items)
    if _takes_the_rest(payment, artisan_order, items):
        # Nothing of the parcel is left to send: the duties collected for it go back too.
        items.extend(_rest_items(payment, artisan_order, lines=False, shipping=False))
    _four_eyes(actor, order, [artisan_order], items)
    refund = _create(payment, items, actor=actor, reason=reason, loss_bearer=loss_bearer)
    _cancel_if_nothing_left(artisan_order, actor, reason)
    return refund


def _takes_the_rest(payment: Payment, artisan_order: ArtisanOrder, items: list[RefundItem]) -> bool:
    """Do `items` refund every piece and the shipping still unrefunded?"""
    taken = {item.order_line_id: item.quantity for item in items if item.kind == RefundItemKind.LINE}
    shipping_taken = any(item.kind == RefundItemKind.SHIPPING for item in items)
    rest = _rest_items(payment, artisan_order, duties=False)
    return all(
        (item.kind == RefundItemKind.LINE and taken.get(item.order_line_id) == item.quantity)
        or (item.kind == RefundItemKind.SHIPPING and shipping_taken)
        for item in rest
    )


@transaction.atomic
def refund_artisan_order(
    *, artisan_order: ArtisanOrder, actor, reason: str, loss_bearer: str = LossBearer.ARTISAN
) -> Refund | None:
    """Everything left of one artisan order (lines, shipping, duties collected,
    its insurance premium before it ships), e.g. when it is cancelled after
    payment. None when the order was never paid."""
    reason = _reason(reason)
    order = order_locks.order_lock(artisan_order.order_id)
    artisan_order = ArtisanOrder.objects.select_related("artisan", "order").get(pk=artisan_order.pk)
    loss_bearer = loss_bearer_check([artisan_order], loss_bearer)
    permissions.refund_requester_require(actor, order=order, artisan_orders=[artisan_order])
    if not order.payments.filter(status=PaymentStatus.SUCCEEDED).exists():
        return None
    payment = _paid_payment(order)
    items = _rest_items(payment, artisan_order)
    if not items:
        return None
    _four_eyes(actor, order, [artisan_order], items)
    refund = _create(payment, items, actor=actor, reason=reason, loss_bearer=loss_bearer)
    _cancel_if_nothing_left(artisan_order, actor, reason)
    return refund


@transaction.atomic
def refund_order(*, order: Order, actor, reason: str) -> Refund | None:
    """Everything left of a whole order: staff, or the system after a buyer's
    cancellation. None when the order was never paid (nothing to give back)."""
    reason = _reason(reason)
    if actor is not None and not is_operator(actor):
        raise NotAllowed(_("Only Souk staff refund a whole order."))
    order = order_locks.order_lock(order.pk)
    if not order.payments.filter(status=PaymentStatus.SUCCEEDED).exists():
        return None
    payment = _paid_payment(order)
    artisan_orders = list(order.artisan_orders.select_related("artisan").order_by("pk"))
    items = [item for artisan_order in artisan_orders for item in _rest_items(payment, artisan_order)]
    if not items:
        return None
    _four_eyes(actor, order, artisan_orders, items)
    refund = _create(payment, items, actor=actor, reason=reason)
    for artisan_order in artisan_orders:
        _cancel_if_nothing_left(artisan_order, actor, reason)
    return refund


@transaction.atomic
def refund_whole_payment(*, payment: Payment, reason: str) -> Refund:
    """A payment that should not have happened (the order was cancelled, or
    another attempt paid it): all of it goes back. Its capture was booked as
    owed to the buyer, not to the artisans, so the refund has no items."""
    ledger.unallocated_capture_post(payment=payment)
    return _create(payment, [], actor=None, reason=reason, whole=True)


@transaction.atomic
def refund_for_lost_dispute(*, dispute) -> Refund | None:
    """The buyer's bank took `dispute.amount` back: a refund of everything
    left of the order, paid already. None when the amount is not exactly what
    is left: a partial chargeback does not say whose lines it takes."""
    payment = locks.payment_lock(dispute.payment_id)
    order = payment.order
    artisan_orders = list(order.artisan_orders.select_related("artisan").order_by("pk"))
    items = [item for artisan_order in artisan_orders for item in _rest_items(payment, artisan_order)]
    if not items or sum((item.amount for item in items), ZERO) != dispute.amount:
        return None
    reason = f"chargeback lost: {dispute.reason or dispute.provider_reference}"
    refund = _create(payment, items, actor=None, reason=reason, provider_reference=dispute.provider_reference)
    refund = refund_settle(refund_id=refund.pk, status=RefundStatus.SUCCEEDED)
    for artisan_order in artisan_orders:
        _cancel_if_nothing_left(artisan_order, None, reason)
    return refund


# --- the provider's side ----------------------------------------------------------------------------------


def refund_submit(*, refund_id: int) -> Refund:
    """Send a pending refund to the provider (a task; retried with the same key)."""
    refund = Refund.objects.select_related("payment").get(pk=refund_id)
    if refund.status != RefundStatus.PENDING or refund.provider_reference:
        return refund
    provider = provider_get(refund.payment.provider)
    if not getattr(provider, "refunds_by_api", True):
        return _staff_queue(refund)
    try:
        remote = provider.refund_create(
            payment_reference=refund.payment.provider_reference,
            amount_minor=to_minor_units(refund.amount, refund.currency),
            idempotency_key=refund_idempotency_key(refund),
            metadata={"souk_refund": str(refund.pk), "order_number": refund.payment.order.number},
            refunded_minor=to_minor_units(_refunded_at_provider(refund), refund.currency),
        )
    except ProviderError as error:
        return refund_settle(refund_id=refund.pk, status=RefundStatus.FAILED, failure_message=str(error))
    return refund_settle(refund_id=refund.pk, status=remote.status, provider_reference=remote.reference)


def _refunded_at_provider(refund: Refund) -> Decimal:
    """What the payment's other refunds, settled, took back at the provider:
    a chargeback (a lost dispute) is the bank's, not a refund there."""
    chargebacks = refund.payment.disputes.values("provider_reference")
    settled = (
        refund.payment.refunds.filter(status=RefundStatus.SUCCEEDED)
        .exclude(pk=refund.pk)
        .exclude(provider_reference__in=chargebacks)
        .aggregate(total=Sum("amount"))["total"]
    )
    return settled or ZERO


@transaction.atomic(durable=True)
def _staff_queue(refund: Refund) -> Refund:
    """The provider takes no refund by API for us: staff make it in its
    merchant back office (the admin's list of refunds to make), then confirm."""
    refund = locks.refund_lock(refund.pk)
    if refund.status == RefundStatus.PENDING and not refund.by_staff:
        refund.by_staff = True
        refund.save(update_fields=["by_staff"])
        record_change("refund", refund.pk, refund.status, refund.status, note="waits for staff: provider back office")
    return refund


@transaction.atomic(durable=True)
def refund_staff_confirm(*, refund_id: int, actor, back_office_reference: str = "") -> Refund:
    """A staff member made the refund in the provider's back office: it is
    settled, and the ledger moves (the debt to the buyer paid from clearing)."""
    if not is_operator(actor):
        raise NotAllowed(_("Only Souk staff confirm a refund made in the provider's back office."))
    refund = locks.refund_lock(refund_id)
    if not refund.by_staff or refund.status != RefundStatus.PENDING:
        raise Conflict(_("This refund is not waiting for staff."))
    reference = f"back-office:{refund.payment.provider}:{back_office_reference or refund.pk}"[:100]
    record_change("refund", refund.pk, refund.status, refund.status, actor=actor, note="made in the back office")
    return refund_settle(refund_id=refund.pk, status=RefundStatus.SUCCEEDED, provider_reference=reference)


@transaction.atomic
def refund_settle(
    *, refund_id: int, status: RefundStatus, provider_reference: str = "", failure_message: str = ""
) -> Refund:
    """What the provider said about a refund. Pending stays pending (a webhook
    will tell); succeeded and failed are final and applied once."""
    refund = locks.refund_lock(refund_id)
    if provider_reference and not refund.provider_reference:
        refund.provider_reference = provider_reference
        refund.save(update_fields=["provider_reference"])
    if refund.status != RefundStatus.PENDING or status == RefundStatus.PENDING:
        return refund
    record_change("refund", refund.pk, refund.status, status, note=failure_message)
    refund.status = status
    refund.settled_at = timezone.now()
    refund.failure_message = failure_message[:300]
    refund.save(update_fields=["status", "settled_at", "failure_message"])
    if status == RefundStatus.FAILED:
        if refund.items.exists():
            ledger.refund_reversed_post(refund=refund)
            lifecycle.order_lines_refund_record(lines=_refunded_lines(refund.items.all()), give_back=True)
        return refund

    ledger.refund_settled_post(refund=refund)
    payment = refund.payment
    payment.amount_refunded += refund.amount
    payment.amount_refunded_mad += refund.amount_mad
    payment.save(update_fields=["amount_refunded", "amount_refunded_mad", "updated_at"])
    if refund.items.exists():
        fully = payment.amount_refunded >= payment.amount
        lifecycle.order_mark_refunded(order=refund.order, fully=fully, note=refund.reason)
    return refund


def refund_remote_apply(*, remote: ProviderRefund) -> Outcome:
    """A refund event: settle ours when we know it (by the provider's id, or
    the id we put in its metadata); applied unless it is not ours."""
    refund_id = Refund.objects.filter(provider_reference=remote.reference).values_list("pk", flat=True).first()
    if refund_id is None and str(remote.metadata.get("souk_refund", "")).isdigit():
        refund_id = Refund.objects.filter(pk=int(remote.metadata["souk_refund"])).values_list("pk", flat=True).first()
    if refund_id is None:
        return Outcome(False, f"unknown refund {remote.reference}")
    refund = refund_settle(
        refund_id=refund_id, status=remote.status, provider_reference=remote.reference,
        failure_message=remote.failure_message,
    )  # fmt: skip
    return Outcome(True, f"refund {refund.pk} {refund.status}")
