"""Returns and damage claims: every write, one transaction each.

    buyer ─ return_open ─▶ requested ─┬─ return_accept ─▶ accepted ─ return_receive ─▶ received
                                      │      ─ return_close(restock) ─▶ restocked ─▶ refunded
                                      │      ─ return_close(write off) ─▶ written_off ─▶ refunded
                                      ├─ return_refund_without_return ─▶ refunded_without_return
                                      └─ return_refuse (a reason) ─▶ refused

The buyer of a delivered parcel opens a request on one line within
RETURNS_WINDOW_DAYS of delivery, for at most the pieces not refunded yet,
one open request a line; a damage claim comes with photos. The decisions are
made by an admin of the parcel's artisan's cooperative or by Souk staff,
never by the parcel's own artisan (four-eyes). A refund goes through
payments.refunds (its items, its ledger posting, the provider on commit) in
the same transaction as the step that causes it; who bears it is
returns.rules'. Restocking goes through orders.stock (catalog's locks).
Every step is a ReturnEvent and an e-mail in its reader's language.

Lock order (returns.locks): the order, then the request, then what the
refund and the stock services lock.
"""

from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from artisans.permissions import is_operator
from marketplace.errors import Conflict, DomainError, FourEyesRefused, IllegalTransition, NotAllowed
from marketplace.idempotency import IdempotencyKey, idempotency_key_claim, idempotency_key_resolve
from marketplace.images import photo_clean
from orders import locks as order_locks
from orders import stock
from orders.models import ArtisanOrderStatus, OrderLine
from orders.permissions import is_cooperative_admin_of, is_seller_of
from payments import refunds
from payments.models import RefundItem, RefundItemKind, RefundStatus
from returns import locks, notifications, rules
from returns.models import (
    OPEN_STATUSES,
    Disposition,
    ReturnEvent,
    ReturnKind,
    ReturnPhoto,
    ReturnRequest,
    ReturnStatus,
)

RS = ReturnStatus
TRANSITIONS = {
    RS.REQUESTED: {RS.ACCEPTED, RS.REFUSED, RS.REFUNDED_WITHOUT_RETURN},
    RS.ACCEPTED: {RS.RECEIVED},
    RS.RECEIVED: {RS.RESTOCKED, RS.WRITTEN_OFF},
    RS.RESTOCKED: {RS.REFUNDED},
    RS.WRITTEN_OFF: {RS.REFUNDED},
}


class AlreadyOpen(Conflict):
    code = "return_already_open"


# --- rules read by the API and the admin ------------------------------------------------------------


def photos_max() -> int:
    return settings.RETURNS_PHOTO_MAX_COUNT


def live_quantity(line: OrderLine) -> int:
    """The pieces of `line` not refunded (refunds that did not fail)."""
    refunded = (
        RefundItem.objects.filter(order_line=line, kind=RefundItemKind.LINE)
        .exclude(refund__status=RefundStatus.FAILED)
        .aggregate(total=Sum("quantity"))["total"]
    )
    return line.quantity - (refunded or 0)


def request_value_mad(request: ReturnRequest) -> Decimal:
    return request.order_line.unit_price_mad * request.quantity


def may_refund_without_return(request: ReturnRequest) -> bool:
    """A piece worth at most RETURNS_REFUND_WITHOUT_RETURN_MAX_MAD is not worth
    sending back; a damage claim also needs its photos (it always has them)."""
    if request.kind == ReturnKind.DAMAGE and not request.photos.exists():
        return False
    return request_value_mad(request) <= settings.RETURNS_REFUND_WITHOUT_RETURN_MAX_MAD


def handler_require(user, artisan_order) -> None:
    """Decide on a request: an admin of the parcel's artisan's cooperative, or
    an operator; never the parcel's own artisan, whatever rights they hold."""
    if is_seller_of(user, artisan_order):
        raise FourEyesRefused(_("A return on your own parcel is decided by your cooperative or by Souk."))
    if not (is_operator(user) or is_cooperative_admin_of(user, artisan_order)):
        raise NotAllowed(_("Only the cooperative's admins or Souk staff decide on returns."))


def may_be_handled_by(user, request: ReturnRequest) -> bool:
    try:
        handler_require(user, request.artisan_order)
    except NotAllowed:
        return False
    return True


# --- helpers ---------------------------------------------------------------------------------------


def _text(value: str, field: str) -> str:
    value = (value or "").strip()
    if not value:
        message = _("This field is required.")
        raise DomainError(message, fields={field: [message]})
    return value


def _move(request: ReturnRequest, target: RS, *, actor, note: str = "", fields=()) -> ReturnEvent:
    current = RS(request.status)
    if target not in TRANSITIONS.get(current, set()):
        raise IllegalTransition(current=current, target=target)
    request.status = target
    request.save(update_fields=["status", "updated_at", *fields])
    return ReturnEvent.objects.create(request=request, actor=actor, from_status=current, to_status=target, note=note)


def _locked(request_id: int, actor) -> ReturnRequest:
    """The order's row, then the request's (the lock order), for a handler."""
    found = ReturnRequest.objects.select_related("artisan_order").get(pk=request_id)
    order_locks.order_lock(found.artisan_order.order_id)
    request = locks.return_request_lock(request_id)
    handler_require(actor, request.artisan_order)
    return request


def _decision_replayed(idempotency: IdempotencyKey | None, request_id: int, actor) -> ReturnRequest | None:
    """Claims the client's key for a decision on this request, first thing in
    the decision's transaction, as return_open does; the request, when the key
    already made its decision (the refund and the stock moved once)."""
    if idempotency is None:
        return None
    idempotency.scoped(f"return:decide:{request_id}:user:{getattr(actor, 'pk', None)}")
    if idempotency_key_claim(idempotency) is None:
        return None
    return ReturnRequest.objects.get(pk=request_id)


def _decided(idempotency: IdempotencyKey | None, request: ReturnRequest) -> ReturnRequest:
    if idempotency is not None:
        idempotency_key_resolve(idempotency, request.pk)
    return request


def _refund(request: ReturnRequest, *, actor, note: str) -> None:
    """Refund the request's pieces through payments, borne as returns.rules says."""
    bearer = rules.loss_bearer_for(kind=request.kind, insured=rules.parcel_insured(request.artisan_order))
    reason = f"{request.get_kind_display()} {request.pk}: {note or request.reason}"[:300]
    refund = refunds.refund_lines(
        artisan_order=request.artisan_order,
        actor=actor,
        lines=[refunds.LineRefund(order_line_id=request.order_line_id, quantity=request.quantity)],
        reason=reason,
        loss_bearer=bearer,
    )
    request.refund = refund
    request.loss_bearer = bearer
    request.save(update_fields=["refund", "loss_bearer", "updated_at"])


def _photos_clean(photos) -> list:
    photos = list(photos or [])
    if len(photos) > photos_max():
        message = _("At most %(count)d photos.") % {"count": photos_max()}
        raise DomainError(message, fields={"photos": [message]})
    cleaned = []
    for photo in photos:
        try:
            cleaned.append(photo_clean(photo, field="photos"))
        except ValidationError as error:
            raise DomainError(error.message_dict["photos"][0], fields=error.message_dict) from error
    return cleaned


# --- the buyer ---------------------------------------------------------------------------------------


@transaction.atomic(durable=True)
def return_open(
    *,
    buyer,
    order_line: OrderLine,
    kind: str,
    quantity: int,
    reason: str,
    photos=(),
    idempotency: IdempotencyKey | None = None,
) -> ReturnRequest:
    """The buyer opens a return or a damage claim on one line of a delivered
    parcel. `idempotency`: the client's key (marketplace.idempotency);
    replayed, the request it opened is answered."""
    if idempotency is not None and buyer is not None:
        # First, as the checkout does: a concurrent retry waits here, before any lock.
        idempotency = idempotency.scoped(f"return:user:{buyer.pk}")
        request_id = idempotency_key_claim(idempotency)
        if request_id is not None:
            return ReturnRequest.objects.get(pk=request_id)
    reason = _text(reason, "reason")
    if kind not in ReturnKind.values:
        message = _("Choose a return or a damage claim.")
        raise DomainError(message, fields={"kind": [message]})
    cleaned = _photos_clean(photos)  # slow: before any lock
    if kind == ReturnKind.DAMAGE and not cleaned:
        message = _("A damage claim needs at least one photo of the damage.")
        raise DomainError(message, fields={"photos": [message]})

    order = order_locks.order_lock(order_line.artisan_order.order_id)
    line = OrderLine.objects.select_related("artisan_order").get(pk=order_line.pk)
    artisan_order = line.artisan_order
    if buyer is None or order.buyer_id != buyer.pk:
        raise NotAllowed(_("Only the buyer of this order opens a return on it."))
    if artisan_order.status != ArtisanOrderStatus.DELIVERED or artisan_order.delivered_at is None:
        message = _("A return is opened once the parcel has been delivered.")
        raise DomainError(message, fields={"line": [message]})
    if timezone.now() > artisan_order.delivered_at + timedelta(days=settings.RETURNS_WINDOW_DAYS):
        message = _("Returns and claims are opened within %(days)d days of delivery.") % {
            "days": settings.RETURNS_WINDOW_DAYS
        }
        raise DomainError(message, fields={"line": [message]})
    if ReturnRequest.objects.filter(order_line=line, status__in=OPEN_STATUSES).exists():
        raise AlreadyOpen(_("A return or claim is already open on this line."))
    left = live_quantity(line)
    if quantity < 1 or quantity > left:
        message = _("Between 1 and %(left)s for this line.") % {"left": left}
        raise DomainError(message, fields={"quantity": [message]})

    request = ReturnRequest.objects.create(
        artisan_order=artisan_order, order_line=line, buyer=buyer, kind=kind, quantity=quantity, reason=reason[:2000]
    )
    stored = []
    try:
        for clean in cleaned:
            photo = ReturnPhoto(request=request, width=clean.width, height=clean.height)
            photo.image.save(clean.content.name, clean.content, save=False)
            stored.append(photo.image)
            photo.save()
        ReturnEvent.objects.create(request=request, actor=buyer, to_status=RS.REQUESTED, note=reason[:2000])
    except BaseException:
        # The rows roll back with the transaction; the files would stay behind.
        for image in stored:
            image.storage.delete(image.name)
        raise
    notifications.return_opened_notify(request)
    if idempotency is not None:
        idempotency_key_resolve(idempotency, request.pk)
    return request


# --- the cooperative admin or staff ------------------------------------------------------------------


@transaction.atomic(durable=True)
def return_accept(
    *,
    request: ReturnRequest,
    actor,
    carrier: str,
    address: str,
    tracking_number: str = "",
    idempotency: IdempotencyKey | None = None,
) -> ReturnRequest:
    """The parcel is to come back: how (carrier, tracking) and where to."""
    if (replayed := _decision_replayed(idempotency, request.pk, actor)) is not None:
        return replayed
    carrier, address = _text(carrier, "carrier"), _text(address, "address")
    request = _locked(request.pk, actor)
    request.return_carrier, request.return_address = carrier[:80], address[:500]
    request.return_tracking_number = (tracking_number or "").strip()[:60]
    note = f"{carrier} {request.return_tracking_number}".strip()
    event = _move(request, RS.ACCEPTED, actor=actor, note=note,
                  fields=("return_carrier", "return_address", "return_tracking_number"))  # fmt: skip
    notifications.return_step_notify(request, event)
    return _decided(idempotency, request)


@transaction.atomic(durable=True)
def return_refuse(
    *, request: ReturnRequest, actor, reason: str, idempotency: IdempotencyKey | None = None
) -> ReturnRequest:
    if (replayed := _decision_replayed(idempotency, request.pk, actor)) is not None:
        return replayed
    reason = _text(reason, "reason")
    request = _locked(request.pk, actor)
    request.refusal_reason = reason[:2000]
    event = _move(request, RS.REFUSED, actor=actor, note=reason, fields=("refusal_reason",))
    notifications.return_step_notify(request, event)
    return _decided(idempotency, request)


@transaction.atomic(durable=True)
def return_refund_without_return(
    *, request: ReturnRequest, actor, note: str = "", idempotency: IdempotencyKey | None = None
) -> ReturnRequest:
    """Refund a low-value piece (or a broken one, photographed) without asking for it back."""
    if (replayed := _decision_replayed(idempotency, request.pk, actor)) is not None:
        return replayed
    request = _locked(request.pk, actor)
    if request.status == RS.REQUESTED and not may_refund_without_return(request):
        raise DomainError(
            _("Refunding without return is for pieces worth at most %(limit)s MAD: accept the return instead.")
            % {"limit": settings.RETURNS_REFUND_WITHOUT_RETURN_MAX_MAD}
        )
    event = _move(request, RS.REFUNDED_WITHOUT_RETURN, actor=actor, note=note)
    _refund(request, actor=actor, note=note)
    notifications.return_step_notify(request, event)
    return _decided(idempotency, request)


@transaction.atomic(durable=True)
def return_receive(
    *, request: ReturnRequest, actor, note: str = "", idempotency: IdempotencyKey | None = None
) -> ReturnRequest:
    """The parcel came back."""
    if (replayed := _decision_replayed(idempotency, request.pk, actor)) is not None:
        return replayed
    request = _locked(request.pk, actor)
    event = _move(request, RS.RECEIVED, actor=actor, note=note)
    notifications.return_step_notify(request, event)
    return _decided(idempotency, request)


@transaction.atomic(durable=True)
def return_close(
    *, request: ReturnRequest, actor, restock: bool, note: str = "", idempotency: IdempotencyKey | None = None
) -> ReturnRequest:
    """The piece received back goes back on sale (restocked) or is a loss
    (written off); either way the buyer is refunded."""
    if (replayed := _decision_replayed(idempotency, request.pk, actor)) is not None:
        return replayed
    request = _locked(request.pk, actor)
    target = RS.RESTOCKED if restock else RS.WRITTEN_OFF
    request.disposition = Disposition.RESTOCKED if restock else Disposition.WRITTEN_OFF
    _move(request, target, actor=actor, note=note, fields=("disposition",))
    _refund(request, actor=actor, note=note)
    if restock and request.order_line.variant_id is not None:
        # After the refund: variants come last in the lock order.
        stock.stock_release({request.order_line.variant_id: request.quantity})
    event = _move(request, RS.REFUNDED, actor=actor, note=note)
    notifications.return_step_notify(request, event)
    return _decided(idempotency, request)


DECISIONS = ["accept", "refuse", "refund_without_return", "receive", "restock", "write_off"]


def return_decide(
    request_row: ReturnRequest, *, actor, action: str, data: dict, idempotency: IdempotencyKey | None = None
) -> ReturnRequest:
    """A decision by its name (DECISIONS), to its one service: the API's and the admin's dispatch.
    `idempotency`: the client's key (marketplace.idempotency); replayed, the
    decision it made is answered and nothing is refunded or restocked twice."""
    keyed = {"request": request_row, "actor": actor, "idempotency": idempotency}
    if action == "accept":
        return return_accept(
            **keyed, carrier=data.get("carrier", ""), address=data.get("address", ""),
            tracking_number=data.get("tracking_number", ""),
        )  # fmt: skip
    if action == "refuse":
        return return_refuse(**keyed, reason=data.get("reason", ""))
    note = data.get("note", "")
    if action == "refund_without_return":
        return return_refund_without_return(**keyed, note=note)
    if action == "receive":
        return return_receive(**keyed, note=note)
    return return_close(**keyed, restock=action == "restock", note=note)
