"""The life of an order after checkout: paid, prepared, shipped, delivered or
cancelled. Every move goes through a table of allowed transitions, is taken
under row locks and is recorded as an OrderEvent (who, when, from, to).

Locks come from orders.locks, whose docstring holds the one lock order: here
the order row, then its artisan orders by id, then (through orders.stock)
the variants by id. The checkout locks variants for an order nobody else can
see yet, and its expiry sweep takes the order row first too.

Who may move an artisan order, or cancel an order, is decided by
orders.permissions (its table), which the API views and the admin read too.
Delivery is what makes a sale final (reviews open, payouts can follow), so
the seller does not declare it; the cooperative, staff or a carrier-tracking
task does.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.db.models import F, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from artisans.notifications import artisan_acted_for_notify
from artisans.permissions import acts_for
from marketplace.errors import Conflict, DomainError, IllegalTransition, NotAllowed
from marketplace.history import history_actor
from orders import locks, notifications, permissions
from orders.models import ArtisanOrder, ArtisanOrderStatus, Order, OrderEvent, OrderLine, OrderStatus
from orders.paperwork import services as paperwork
from orders.stock import quantities_by_variant, stock_release

AO = ArtisanOrderStatus
OS = OrderStatus

ARTISAN_ORDER_TRANSITIONS = {
    AO.AWAITING_PAYMENT: {AO.TO_PREPARE, AO.CANCELLED},
    AO.TO_PREPARE: {AO.IN_PRODUCTION, AO.READY_TO_SHIP, AO.CANCELLED},
    AO.IN_PRODUCTION: {AO.READY_TO_SHIP, AO.CANCELLED},
    AO.READY_TO_SHIP: {AO.SHIPPED, AO.CANCELLED},
    AO.SHIPPED: {AO.DELIVERED},
    AO.DELIVERED: set(),
    AO.CANCELLED: set(),
}

ORDER_TRANSITIONS = {
    OS.AWAITING_PAYMENT: {OS.PAID, OS.CANCELLED},
    OS.PAID: {OS.PARTIALLY_SHIPPED, OS.SHIPPED, OS.CANCELLED, OS.PARTIALLY_REFUNDED, OS.REFUNDED},
    OS.PARTIALLY_SHIPPED: {OS.SHIPPED, OS.COMPLETED, OS.PARTIALLY_REFUNDED, OS.REFUNDED},
    OS.SHIPPED: {OS.COMPLETED, OS.PARTIALLY_REFUNDED, OS.REFUNDED},
    OS.COMPLETED: {OS.PARTIALLY_REFUNDED, OS.REFUNDED},
    # A paid order cancelled before shipping is refunded afterwards by payments.
    OS.CANCELLED: {OS.REFUNDED},
    OS.PARTIALLY_REFUNDED: {OS.REFUNDED},
    OS.REFUNDED: set(),
}

# The steps an artisan order takes through `artisan_order_advance`. Payment
# (to_prepare) and cancellation have their own functions.
ADVANCE_TARGETS = (AO.IN_PRODUCTION, AO.READY_TO_SHIP, AO.SHIPPED, AO.DELIVERED)
# The artisans.tasks.ACTS key of a seller's step done for them.
ACTED_FOR = {AO.IN_PRODUCTION: "parcel_in_production", AO.READY_TO_SHIP: "parcel_ready", AO.SHIPPED: "parcel_shipped"}
# Of those, what the artisan who owns the artisan order may do (orders.permissions).
ARTISAN_STEPS = permissions.SELLER_STEPS
SHIPPED_OR_DELIVERED = {AO.SHIPPED, AO.DELIVERED}
REFUNDED_STATES = {OS.REFUNDED, OS.PARTIALLY_REFUNDED}
# States only a paid order reaches: paying it again is a no-op.
PAID_OR_LATER = {OS.PAID, OS.PARTIALLY_SHIPPED, OS.SHIPPED, OS.COMPLETED, *REFUNDED_STATES}
PARCEL_FIELDS = ("parcel_weight_grams", "parcel_length_cm", "parcel_width_cm", "parcel_height_cm")
SHIPPING_FIELDS = ("carrier", "tracking_number")


class NothingMadeToOrder(Conflict):
    code = "nothing_made_to_order"


class DocumentsOutdated(Conflict):
    """The parcel's export documents print other contents, weight or address
    than it has now: it may not leave with them."""

    code = "documents_outdated"


@dataclass(frozen=True)
class RefundedLine:
    """Pieces of one order line whose money goes back (payments says which)."""

    order_line_id: int
    quantity: int
    amount: Decimal
    amount_mad: Decimal


def _pick(artisan_orders: list[ArtisanOrder], artisan_order_id: int) -> ArtisanOrder:
    return next(row for row in artisan_orders if row.pk == artisan_order_id)


# --- what may happen next ------------------------------------------------------------------------


def order_is_cancellable(order: Order, artisan_orders) -> bool:
    """The whole order may still be cancelled: its status allows it and none
    of its parcels has left. The buyer's cancel button shows this and the
    cancellation refuses otherwise; who may ask is orders.permissions'."""
    return OS.CANCELLED in ORDER_TRANSITIONS[OS(order.status)] and not any(
        row.status in SHIPPED_OR_DELIVERED for row in artisan_orders
    )


def artisan_order_next_statuses(artisan_order: ArtisanOrder) -> list[AO]:
    """The fulfilment steps (of ADVANCE_TARGETS, in order) the artisan order
    may take from its status; in production only when one of its pieces is
    made to order. The artisan's buttons show these (their ARTISAN_STEPS) and
    artisan_order_advance refuses any other. Its lines are read (or their
    prefetch used) only when in production is otherwise allowed."""
    allowed = ARTISAN_ORDER_TRANSITIONS[AO(artisan_order.status)]
    steps = [status for status in ADVANCE_TARGETS if status in allowed]
    if AO.IN_PRODUCTION in steps and not any(line.made_to_order for line in artisan_order.lines.all()):
        steps.remove(AO.IN_PRODUCTION)
    return steps


# --- moves and their records ---------------------------------------------------------------------


def _record(order, artisan_order, actor, from_status, to_status, note="", on_behalf_of=None):
    OrderEvent.objects.create(
        order=order,
        artisan_order=artisan_order,
        actor=actor,
        on_behalf_of=on_behalf_of,
        from_status=from_status,
        to_status=to_status,
        note=note[:300],
    )


def _require_move(artisan_order: ArtisanOrder, target) -> AO:
    """The artisan order's current status, when it may move to `target`."""
    current = AO(artisan_order.status)
    if target not in ARTISAN_ORDER_TRANSITIONS[current]:
        raise IllegalTransition(current=current, target=AO(target))
    return current


def _move_artisan_order(artisan_order: ArtisanOrder, target, actor, note="", extra_fields=(), on_behalf_of=None):
    current = _require_move(artisan_order, target)
    _record(artisan_order.order, artisan_order, actor, current, target, note, on_behalf_of)
    artisan_order.status = target
    history_actor(artisan_order, actor, note)
    artisan_order.save(update_fields=["status", "updated_at", *extra_fields])


def _move_artisan_orders(artisan_orders: list[ArtisanOrder], target, actor, note="") -> None:
    """_move_artisan_order for several parts of one order at once: one INSERT
    of their events and one UPDATE (a payment moves every part of an order)."""
    for artisan_order in artisan_orders:
        _require_move(artisan_order, target)
    OrderEvent.objects.bulk_create(
        OrderEvent(order=part.order, artisan_order=part, actor=actor, from_status=part.status, to_status=target,
                   note=note[:300])
        for part in artisan_orders
    )  # fmt: skip
    now = timezone.now()
    ArtisanOrder.objects.filter(pk__in=[part.pk for part in artisan_orders]).update(status=target, updated_at=now)
    for artisan_order in artisan_orders:
        artisan_order.status, artisan_order.updated_at = target, now
    # The UPDATE above skips save(): the audit trail gets the moves in one INSERT.
    ArtisanOrder.history.bulk_history_create(artisan_orders, update=True, default_user=actor,
                                             default_change_reason=note)  # fmt: skip


def _move_order(order: Order, target, actor, note=""):
    current = OS(order.status)
    if target == current:
        return
    if target not in ORDER_TRANSITIONS[current]:
        raise IllegalTransition(current=current, target=OS(target))
    _record(order, None, actor, current, target, note)
    order.status = target
    history_actor(order, actor, note)
    order.save(update_fields=["status", "updated_at"])


def order_status_derive(order: Order, statuses=None) -> OrderStatus:
    """The order's status as its artisan orders say it is. `statuses` (the
    artisan orders' statuses) are read from the database when not given.
    Refunded states are the payments app's to set and are never left here;
    while no parcel has moved, the order keeps its own status (awaiting
    payment or paid)."""
    current = OS(order.status)
    if current in REFUNDED_STATES:
        return current
    if statuses is None:
        statuses = list(order.artisan_orders.values_list("status", flat=True))
    statuses = [AO(status) for status in statuses]
    if statuses and all(status == AO.CANCELLED for status in statuses):
        return OS.CANCELLED
    live = [status for status in statuses if status != AO.CANCELLED]
    if live and all(status == AO.DELIVERED for status in live):
        return OS.COMPLETED
    if live and all(status in SHIPPED_OR_DELIVERED for status in live):
        return OS.SHIPPED
    if any(status in SHIPPED_OR_DELIVERED for status in live):
        return OS.PARTIALLY_SHIPPED
    return current


def _order_sync(order: Order, artisan_orders: list[ArtisanOrder], actor, note="") -> None:
    _move_order(order, order_status_derive(order, [row.status for row in artisan_orders]), actor, note)


def _give_stock_back(artisan_orders: list[ArtisanOrder]) -> None:
    lines = OrderLine.objects.filter(artisan_order__in=artisan_orders, variant_id__isnull=False)
    returned = quantities_by_variant(lines.values_list("variant_id", "quantity"))
    if returned:
        stock_release(returned)


# --- the public functions -------------------------------------------------------------------------


@transaction.atomic
def order_mark_paid(*, order: Order, actor=None) -> Order:
    """The payment is captured: the order is paid and every artisan order is
    to prepare; the artisans are told on commit. Called by payments. Paying an
    order already paid (or further along) changes nothing: a payment event
    applied twice. Paying a cancelled one (expired before the money came) is
    refused with IllegalTransition: the caller must refund that payment."""
    order, artisan_orders = locks.order_and_artisan_orders_lock(order.pk)
    if order.status in PAID_OR_LATER:
        return order
    _move_order(order, OS.PAID, actor)
    _move_artisan_orders([part for part in artisan_orders if part.status == AO.AWAITING_PAYMENT], AO.TO_PREPARE, actor)
    notifications.order_paid_notify(order, artisan_order_ids=[part.pk for part in artisan_orders])
    return order


def _parcel_requirements(artisan_order, to_status, given: dict) -> dict:
    """Check and return the fields this move writes. A value already on the
    artisan order counts as given."""
    unused = [
        name
        for name, value in given.items()
        if value not in (None, "")
        and not (
            (name in PARCEL_FIELDS and to_status in (AO.READY_TO_SHIP, AO.SHIPPED))
            or (name in SHIPPING_FIELDS and to_status == AO.SHIPPED)
        )
    ]
    if unused:
        message = _("Not used when moving to “%(status)s”.") % {"status": AO(to_status).label}
        raise DomainError(message, fields={name: [message] for name in unused})

    changes = {name: value for name, value in given.items() if value not in (None, "")}
    required = []
    if to_status == AO.READY_TO_SHIP:
        required = PARCEL_FIELDS
    elif to_status == AO.SHIPPED:
        required = SHIPPING_FIELDS
        if not changes.get("carrier") and not artisan_order.carrier and artisan_order.shipping_service.carrier:
            # The buyer chose the service at checkout: its carrier is the default.
            changes["carrier"] = artisan_order.shipping_service.carrier
    missing = [name for name in required if changes.get(name) in (None, "") and not getattr(artisan_order, name)]
    if missing:
        message = _("Required to move to “%(status)s”.") % {"status": AO(to_status).label}
        raise DomainError(message, fields={name: [message] for name in missing})
    for name in PARCEL_FIELDS:
        value = changes.get(name)
        if value is not None and value <= 0:
            message = _("Must be more than zero.")
            raise DomainError(message, fields={name: [message]})
    if to_status == AO.READY_TO_SHIP or any(name in changes for name in PARCEL_FIELDS):
        parcel = {name: changes.get(name) or getattr(artisan_order, name) for name in PARCEL_FIELDS}
        _parcel_check(artisan_order, parcel)
    return changes


def goods_net_weight_grams(artisan_order) -> int:
    """What the pieces still in `artisan_order` weigh without packaging:
    refunded pieces (order_lines_refund_record) are out of the parcel."""
    live = F("quantity") - F("quantity_refunded")
    total = artisan_order.lines.aggregate(net=Sum(F("weight_grams") * live))["net"]
    return total or 0


def _parcel_check(artisan_order, parcel: dict) -> None:
    """The parcel as it will be declared: no lighter than its goods and their
    packaging (the CN22/CN23 choice and the documents print this weight), and
    within the size the services carry (settings PARCEL_MAX_*)."""
    net = goods_net_weight_grams(artisan_order)
    least = net + settings.PARCEL_PACKAGING_MIN_GRAMS
    if parcel["parcel_weight_grams"] < least:
        message = _(
            "The parcel must weigh at least %(least)s g: its goods weigh %(net)s g, plus at least %(packaging)s g "
            "of packaging."
        ) % {"least": least, "net": net, "packaging": settings.PARCEL_PACKAGING_MIN_GRAMS}
        raise DomainError(message, fields={"parcel_weight_grams": [message]})
    sides = {name: Decimal(str(parcel[name])) for name in PARCEL_FIELDS[1:]}
    longest = max(sides.values())
    if longest > settings.PARCEL_MAX_SIDE_CM:
        message = _("No side of a parcel may be longer than %(limit)s cm.") % {"limit": settings.PARCEL_MAX_SIDE_CM}
        raise DomainError(
            message, fields={name: [message] for name, side in sides.items() if side > settings.PARCEL_MAX_SIDE_CM}
        )
    length_and_girth = longest + 2 * (sum(sides.values()) - longest)
    if length_and_girth > settings.PARCEL_MAX_LENGTH_AND_GIRTH_CM:
        message = _(
            "The longest side plus twice the two others is %(size)s cm; a parcel may measure at most %(limit)s cm."
        ) % {"size": length_and_girth.normalize(), "limit": settings.PARCEL_MAX_LENGTH_AND_GIRTH_CM}
        raise DomainError(message, fields={name: [message] for name in sides})


def _normalized(changes: dict) -> dict:
    """Dimensions as the column keeps them (one decimal), so the documents'
    data compare equal before and after the save."""
    return {
        name: Decimal(str(value)).quantize(Decimal("0.1")) if name in PARCEL_FIELDS[1:] else value
        for name, value in changes.items()
    }


def _documents_current_require(artisan_order: ArtisanOrder, changes: dict) -> None:
    """Before a parcel leaves: its documents, if any were made, print what it
    holds and weighs now (changes included). Otherwise DocumentsOutdated."""
    stale = paperwork.export_documents_outdated_kinds(artisan_order)
    if not stale:
        return
    if any(name in changes for name in PARCEL_FIELDS):
        message = _(
            "The parcel's weight or size differs from its export documents: save the new figures first "
            "(they make new documents), then mark it shipped."
        )
    else:
        message = _(
            "The export documents are older than the parcel's contents: new versions are being made. "
            "Mark it shipped once they are ready."
        )
    raise DocumentsOutdated(message, fields={"documents": [message]})


def artisan_order_advance(*, artisan_order: ArtisanOrder, **kwargs) -> ArtisanOrder:
    """One fulfilment step: in_production (made-to-order pieces only),
    ready_to_ship (parcel weight and dimensions), shipped (carrier and
    tracking number; the buyer is e-mailed the tracking link), delivered (the
    buyer is e-mailed a link to rate the delivery and the piece).

    Shipped is refused (DocumentsOutdated, 409) while the parcel's export
    documents print older contents than it has: the step's transaction rolls
    back, and new documents are requested after it (a lost request, or a
    change made behind the services' back, is caught up here)."""
    try:
        return _advance(artisan_order=artisan_order, **kwargs)
    except DocumentsOutdated:
        paperwork.export_documents_request(artisan_order)
        raise


@transaction.atomic
def _advance(
    *,
    artisan_order: ArtisanOrder,
    actor,
    to_status: str,
    parcel_weight_grams: int | None = None,
    parcel_length_cm=None,
    parcel_width_cm=None,
    parcel_height_cm=None,
    carrier: str = "",
    tracking_number: str = "",
) -> ArtisanOrder:
    if to_status not in ADVANCE_TARGETS:
        message = _("Choose one of: %(names)s.") % {"names": ", ".join(ADVANCE_TARGETS)}
        raise DomainError(message, fields={"to_status": [message]})
    to_status = AO(to_status)
    order, artisan_orders = locks.order_and_artisan_orders_lock(artisan_order.order_id)
    artisan_order = _pick(artisan_orders, artisan_order.pk)
    permissions.artisan_order_handler_require(actor, artisan_order, to_status)

    current = AO(artisan_order.status)
    if to_status not in ARTISAN_ORDER_TRANSITIONS[current]:
        raise IllegalTransition(current=current, target=to_status)
    if to_status not in artisan_order_next_statuses(artisan_order):
        # Its status allows the step (above): only in production can be refused here.
        raise NothingMadeToOrder(
            _("Nothing in this order is made to order: prepare it and mark it ready to ship."),
            fields={"to_status": [_("Only for orders with made-to-order pieces.")]},
        )

    changes = _parcel_requirements(
        artisan_order,
        to_status,
        {
            "parcel_weight_grams": parcel_weight_grams,
            "parcel_length_cm": parcel_length_cm,
            "parcel_width_cm": parcel_width_cm,
            "parcel_height_cm": parcel_height_cm,
            "carrier": (carrier or "").strip(),
            "tracking_number": (tracking_number or "").strip(),
        },
    )
    changes = _normalized(changes)
    for name, value in changes.items():
        setattr(artisan_order, name, value)
    if to_status == AO.SHIPPED:
        _documents_current_require(artisan_order, changes)
    extra = list(changes)
    if to_status == AO.SHIPPED:
        artisan_order.shipped_at = timezone.now()
        extra.append("shipped_at")
    elif to_status == AO.DELIVERED:
        artisan_order.delivered_at = timezone.now()
        extra.append("delivered_at")
    # The seller's own steps done by their cooperative's admin or staff: on the artisan's behalf.
    acted_for = to_status in permissions.SELLER_STEPS and actor is not None and acts_for(actor, artisan_order.artisan)
    on_behalf_of = artisan_order.artisan if acted_for else None
    note = _("On behalf of %(artisan)s") % {"artisan": artisan_order.artisan.display_name_latin} if acted_for else ""
    _move_artisan_order(artisan_order, to_status, actor, note=note, extra_fields=extra, on_behalf_of=on_behalf_of)
    _order_sync(order, artisan_orders, actor)
    if acted_for:
        artisan_acted_for_notify(
            artisan=artisan_order.artisan, actor=actor, act=ACTED_FOR[to_status], subject=str(artisan_order)
        )

    if to_status == AO.SHIPPED:
        notifications.artisan_order_shipped_notify(artisan_order)
    if to_status == AO.DELIVERED:
        notifications.artisan_order_delivered_notify(artisan_order)  # asks how it went
    if to_status in (AO.READY_TO_SHIP, AO.SHIPPED):
        # Export paperwork, rendered by a task on commit. At shipped too, for a
        # parcel whose documents were never made; unchanged data make no new version.
        paperwork.export_documents_request(artisan_order)
    return artisan_order


@transaction.atomic
def artisan_order_parcel_update(
    *,
    artisan_order: ArtisanOrder,
    actor,
    parcel_weight_grams: int | None = None,
    parcel_length_cm=None,
    parcel_width_cm=None,
    parcel_height_cm=None,
) -> ArtisanOrder:
    """The parcel ready to ship is weighed or measured again: the figures are
    checked as at ready_to_ship (no lighter than its goods and packaging,
    within the size limits) and new export documents are requested; it may
    ship once they are ready. Whoever may mark it ready to ship may do this."""
    order, artisan_orders = locks.order_and_artisan_orders_lock(artisan_order.order_id)
    artisan_order = _pick(artisan_orders, artisan_order.pk)
    permissions.artisan_order_handler_require(actor, artisan_order, AO.READY_TO_SHIP)
    if artisan_order.status != AO.READY_TO_SHIP:
        raise Conflict(_("Only a parcel ready to ship is weighed or measured again."))
    given = {
        "parcel_weight_grams": parcel_weight_grams,
        "parcel_length_cm": parcel_length_cm,
        "parcel_width_cm": parcel_width_cm,
        "parcel_height_cm": parcel_height_cm,
    }
    if all(value in (None, "") for value in given.values()):
        message = _("Give the new weight or dimensions.")
        raise DomainError(message, fields={name: [message] for name in PARCEL_FIELDS})
    changes = _normalized(_parcel_requirements(artisan_order, AO.READY_TO_SHIP, given))
    changed = [name for name, value in changes.items() if getattr(artisan_order, name) != value]
    if not changed:
        return artisan_order
    note = "parcel weighed again: " + ", ".join(f"{name}={changes[name]}" for name in changed)
    for name in changed:
        setattr(artisan_order, name, changes[name])
    history_actor(artisan_order, actor, note)
    artisan_order.save(update_fields=[*changed, "updated_at"])
    _record(order, artisan_order, actor, artisan_order.status, artisan_order.status, note)
    paperwork.export_documents_request(artisan_order)
    return artisan_order


@transaction.atomic
def order_lines_refund_record(*, lines: list[RefundedLine], give_back: bool = False) -> None:
    """Pieces of some order lines are refunded (payments calls this in the
    refund's own transaction), or, `give_back`, a refund of them failed and
    they are bought again. Each line keeps the quantity and amounts refunded;
    a parcel not shipped yet changes contents, value and weight, so new
    export documents are requested for it (the old ones are superseded)."""
    if not lines:
        return
    artisan_order_ids = dict(
        OrderLine.objects.filter(pk__in=[line.order_line_id for line in lines]).values_list("pk", "artisan_order_id")
    )
    artisan_orders = locks.artisan_orders_lock(artisan_order_ids.values())
    sign = -1 if give_back else 1
    for line in sorted(lines, key=lambda line: line.order_line_id):
        OrderLine.objects.filter(pk=line.order_line_id).update(
            quantity_refunded=F("quantity_refunded") + sign * line.quantity,
            amount_refunded=F("amount_refunded") + sign * line.amount,
            amount_refunded_mad=F("amount_refunded_mad") + sign * line.amount_mad,
        )
    # The UPDATE of the lines saves nothing else: their parcels say they changed, for
    # whatever reads what changed since a time (analytics' roll-up).
    ArtisanOrder.objects.filter(pk__in=[part.pk for part in artisan_orders]).update(updated_at=timezone.now())
    for artisan_order in artisan_orders:
        if artisan_order.status == AO.READY_TO_SHIP:
            paperwork.export_documents_request(artisan_order)


@transaction.atomic
def artisan_order_cancel(*, artisan_order: ArtisanOrder, actor, reason: str) -> ArtisanOrder:
    """The artisan (or their cooperative, or staff) cannot deliver this part
    of the order: it is cancelled before shipping and its stock given back."""
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("A reason is required."), fields={"reason": [_("A reason is required.")]})
    order, artisan_orders = locks.order_and_artisan_orders_lock(artisan_order.order_id)
    artisan_order = _pick(artisan_orders, artisan_order.pk)
    permissions.artisan_order_handler_require(actor, artisan_order, AO.CANCELLED)
    _move_artisan_order(artisan_order, AO.CANCELLED, actor, note=reason)
    _give_stock_back([artisan_order])
    _order_sync(order, artisan_orders, actor, note=reason)
    # A paid part is refunded by payments.cancellations, which calls this in
    # the same transaction as the refund.
    return artisan_order


def _cancel_whole_order(order: Order, artisan_orders: list[ArtisanOrder], actor, note: str) -> Order:
    if not order_is_cancellable(order, artisan_orders):
        raise IllegalTransition(current=OS(order.status), target=OS.CANCELLED)
    live = [row for row in artisan_orders if row.status != AO.CANCELLED]
    for artisan_order in live:
        _move_artisan_order(artisan_order, AO.CANCELLED, actor, note=note)
    _give_stock_back(live)
    _move_order(order, OS.CANCELLED, actor, note=note)
    return order


@transaction.atomic
def order_cancel_by_buyer(*, order: Order, actor) -> Order:
    """The buyer changes their mind before any parcel has left: every artisan
    order is cancelled and the stock given back. `actor` is the signed-in
    buyer, or None for a guest whose access token the caller has checked."""
    if not permissions.order_may_be_cancelled_by(actor, order):
        raise NotAllowed(_("This is not your order."))
    order, artisan_orders = locks.order_and_artisan_orders_lock(order.pk)
    _cancel_whole_order(order, artisan_orders, actor, note="cancelled by the buyer")
    # A paid order is refunded by payments.cancellations, in the same transaction.
    return order


@transaction.atomic
def order_expire(*, order_id: int) -> bool:
    """The system cancels an order left unpaid past its deadline and gives
    its stock back. Skips an order another worker is handling right now."""
    due = locks.expired_order_lock(order_id)
    if due is None:
        return False  # paid meanwhile, already cancelled, or being handled
    order, artisan_orders = locks.order_and_artisan_orders_lock(due.pk)
    _cancel_whole_order(order, artisan_orders, actor=None, note="payment deadline passed")
    return True


def orders_expire_unpaid() -> int:
    due = Order.objects.filter(status=OS.AWAITING_PAYMENT, expires_at__lt=timezone.now()).values_list("pk", flat=True)
    return sum(order_expire(order_id=order_id) for order_id in list(due))


@transaction.atomic
def order_mark_refunded(*, order: Order, fully: bool, actor=None, note: str = "") -> Order:
    """Money went back to the buyer (called by payments when a refund
    succeeds): the order is refunded, or partially refunded. A partial refund
    after a full one changes nothing."""
    order, _artisan_orders = locks.order_and_artisan_orders_lock(order.pk)
    if order.status == OS.REFUNDED:
        return order
    target = OS.REFUNDED if fully else OS.PARTIALLY_REFUNDED
    if target == OS.PARTIALLY_REFUNDED and order.status == OS.CANCELLED:
        # A cancelled order is only ever refunded whole; a piece of it is on its way there.
        return order
    _move_order(order, target, actor, note)
    return order


@transaction.atomic
def order_flag_disputed(*, order: Order, note: str = "") -> Order:
    """The buyer's bank opened a dispute (called by payments): the order is
    flagged for staff, and its artisans' payouts wait until it is settled."""
    order = locks.order_lock(order.pk)
    if order.disputed_at is None:
        order.disputed_at = timezone.now()
        order.save(update_fields=["disputed_at", "updated_at"])
        _record(order, None, None, order.status, order.status, note=f"dispute opened: {note}"[:300])
    return order


@transaction.atomic
def order_clear_disputed(*, order: Order, note: str = "") -> Order:
    """The order's disputes are closed in the marketplace's favour (called by
    payments): the flag goes, so its artisans' payouts may go out."""
    order = locks.order_lock(order.pk)
    if order.disputed_at is not None:
        order.disputed_at = None
        order.save(update_fields=["disputed_at", "updated_at"])
        _record(order, None, None, order.status, order.status, note=f"dispute closed: {note}"[:300])
    return order
