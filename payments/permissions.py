"""Who may see and request a refund, and who may move a payout batch: one
answer for the API views, the admin and the services.

Refunds (`refund_requester_require`), per refunded artisan order (parcel):
- the system (actor None): always (a buyer's cancellation through the buyer
  flow, a payment that came after the order was cancelled, a lost dispute);
- the parcel's own artisan, while it has not shipped: the money leaves their
  own balance, whatever the amount;
- an admin of the cooperative of the parcel's artisan, or a platform operator;
- nobody else.
And the four-eyes rule: above REFUND_FOUR_EYES_ABOVE_MAD (the refund's MAD
value), a refund is never requested by its subjects: the order's buyer, or
the artisan of a refunded parcel acting with admin rights (a cooperative admin
or an operator refunding their own shipped parcel). At or below it, those
rights apply as they are. Another admin of the cooperative, or an operator,
does it.

A refund is seen by operators, and by whoever has a parcel in it: its artisan,
or an admin of that artisan's cooperative. It is scoped by the refund's own
items, never by its order (an order spans cooperatives), and each reader sees
only the items of their parcels (`refund_items_visible_to`).

Payout batches and payouts: platform operators only, and never one who is a
payee (an artisan paid by the batch): nobody creates, exports, marks paid or
fails their own payout.
"""

from decimal import Decimal

from django.conf import settings
from django.utils.translation import gettext as _

from artisans.permissions import is_active_user, is_artisan_user, is_operator
from marketplace.errors import FourEyesRefused, NotAllowed
from orders.models import ArtisanOrderStatus
from orders.permissions import artisan_orders_visible_to, is_cooperative_admin_of, is_seller_of
from payments.models import Payout, PayoutBatch, Refund, RefundItem

AO = ArtisanOrderStatus
NOT_SHIPPED = {AO.TO_PREPARE, AO.IN_PRODUCTION, AO.READY_TO_SHIP}


# --- refunds ---------------------------------------------------------------------------------------


def refund_four_eyes_applies(amount_mad: Decimal) -> bool:
    return amount_mad > settings.REFUND_FOUR_EYES_ABOVE_MAD


def _four_eyes_message() -> str:
    return _(
        "A refund above %(limit)s MAD is never made by its buyer or its artisan: "
        "another admin of the cooperative or Souk staff makes it."
    ) % {"limit": settings.REFUND_FOUR_EYES_ABOVE_MAD}


def refund_requester_require(user, *, order, artisan_orders, amount_mad: Decimal | None = None) -> None:
    """May `user` refund these artisan orders of `order`, for `amount_mad`?
    Raises NotAllowed, or FourEyesRefused (see the module's rules). Without
    an amount (not known yet), only the rights are checked."""
    if user is None:
        return
    above = amount_mad is not None and refund_four_eyes_applies(amount_mad)
    if above and is_active_user(user) and order.buyer_id == user.pk:
        raise FourEyesRefused(_four_eyes_message())
    for artisan_order in artisan_orders:
        seller = is_seller_of(user, artisan_order)
        if seller and artisan_order.status in NOT_SHIPPED:
            continue
        if is_operator(user) or is_cooperative_admin_of(user, artisan_order):
            if above and is_artisan_user(user, artisan_order.artisan):
                raise FourEyesRefused(_four_eyes_message())
            continue
        if seller:
            raise NotAllowed(_("Once the parcel has shipped, refunds go through your cooperative or Souk."))
        raise NotAllowed(_("You do not fulfil this order."))


def refund_may_be_requested_by(user, *, order, artisan_orders, amount_mad: Decimal | None = None) -> bool:
    try:
        refund_requester_require(user, order=order, artisan_orders=artisan_orders, amount_mad=amount_mad)
    except NotAllowed:
        return False
    return True


def refund_items_visible_to(user, refund=None):
    """The refund items of the parcels `user` may see (orders.permissions),
    of one `refund` (a Refund, or an OuterRef to one) or of all."""
    items = RefundItem.objects.all() if refund is None else RefundItem.objects.filter(refund=refund)
    if is_operator(user):
        return items
    return items.filter(artisan_order__in=artisan_orders_visible_to(user))


def refunds_visible_to(user):
    """The refunds with an item `user` may see: a refund is scoped by its own
    items' parcels, never by its order."""
    if is_operator(user):
        return Refund.objects.all()
    return Refund.objects.filter(pk__in=refund_items_visible_to(user).values("refund_id"))


def refund_may_be_seen_by(user, refund) -> bool:
    return refunds_visible_to(user).filter(pk=refund.pk).exists()


# --- payouts -----------------------------------------------------------------------------------------


def is_payee_of_batch(user, batch: PayoutBatch) -> bool:
    return batch.payouts.filter(artisan__user=user).exists()


def payout_batch_handler_require(user, batch: PayoutBatch | None = None, *, payee_user_ids=()) -> None:
    """Create (`payee_user_ids`: the users the new batch would pay), export,
    mark paid: an operator who is not paid by the batch. None is the weekly task."""
    if user is None:
        return
    if not is_operator(user):
        raise NotAllowed(_("Only Souk staff handle payout batches."))
    if user.pk in set(payee_user_ids) or (batch is not None and is_payee_of_batch(user, batch)):
        raise FourEyesRefused(_("You are paid by this batch: another member of Souk staff handles it."))


def payout_batch_may_be_handled_by(user, batch: PayoutBatch) -> bool:
    try:
        payout_batch_handler_require(user, batch)
    except NotAllowed:
        return False
    return True


def payout_handler_require(user, payout: Payout) -> None:
    """Mark one payout failed (its money goes back to the balance, payable
    again): an operator who is not its payee."""
    if user is None:
        return
    if not is_operator(user):
        raise NotAllowed(_("Only Souk staff handle payouts."))
    if is_artisan_user(user, payout.artisan):
        raise FourEyesRefused(_("This is your own payout: another member of Souk staff handles it."))
