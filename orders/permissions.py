"""Who may see and move an artisan order (a parcel) and cancel an order: one
answer for the API views, the admin and orders.lifecycle.

| move          | the parcel's artisan | admin of its cooperative* | superuser* | system (None) |
|---------------|----------------------|---------------------------|------------|---------------|
| in_production | yes                  | yes                       | yes        | yes           |
| ready_to_ship | yes                  | yes                       | yes        | yes           |
| shipped       | yes                  | yes                       | yes        | yes           |
| cancelled     | yes                  | yes                       | yes        | yes           |
| delivered     | no                   | yes                       | yes        | yes           |

* on a parcel that is not their own: on their own, they are its artisan.

Delivery makes a sale final (reviews open, the money becomes payable), so
the seller never declares it, even when the seller also administers the
cooperative or the platform (the four-eyes rule).
"""

from django.db.models import Q
from django.utils.translation import gettext as _

from artisans.permissions import (
    cooperative_may_be_administered_by,
    cooperatives_administered_by,
    is_active_user,
    is_artisan_user,
    is_operator,
)
from marketplace.errors import FourEyesRefused, NotAllowed
from orders.models import ArtisanOrder, ArtisanOrderStatus

AO = ArtisanOrderStatus
# What the parcel's own artisan may do to it (see the table above).
SELLER_STEPS = (AO.IN_PRODUCTION, AO.READY_TO_SHIP, AO.SHIPPED)


def is_cooperative_admin_of(user, artisan_order: ArtisanOrder) -> bool:
    """The user administers the cooperative of the parcel's own artisan."""
    artisan = artisan_order.artisan
    return artisan.cooperative_id is not None and cooperative_may_be_administered_by(user, artisan.cooperative)


def is_seller_of(user, artisan_order: ArtisanOrder) -> bool:
    return is_active_user(user) and is_artisan_user(user, artisan_order.artisan)


def artisan_orders_visible_to(user):
    """The parcels `user` may see, in the API as in the admin: all for an
    operator; otherwise their own (as its artisan) and those of the artisans
    of the cooperatives they administer, each by its artisan's own cooperative."""
    if not is_active_user(user):
        return ArtisanOrder.objects.none()
    if is_operator(user):
        return ArtisanOrder.objects.all()
    return ArtisanOrder.objects.filter(
        Q(artisan__user=user) | Q(artisan__cooperative__in=cooperatives_administered_by(user))
    )


def artisan_order_may_be_seen_by(user, artisan_order: ArtisanOrder) -> bool:
    return artisan_orders_visible_to(user).filter(pk=artisan_order.pk).exists()


def artisan_order_may_be_handled_by(user, artisan_order: ArtisanOrder, to_status) -> bool:
    """May `user` move the parcel to `to_status` (a fulfilment step or
    cancelled)? `user` None is the system (a task)."""
    if user is None:
        return True
    if is_seller_of(user, artisan_order):
        return to_status in SELLER_STEPS or to_status == AO.CANCELLED
    return is_operator(user) or is_cooperative_admin_of(user, artisan_order)


def artisan_order_handler_require(user, artisan_order: ArtisanOrder, to_status) -> None:
    """artisan_order_may_be_handled_by, or the DomainError saying why not."""
    if artisan_order_may_be_handled_by(user, artisan_order, to_status):
        return
    if user is not None and is_artisan_user(user, artisan_order.artisan):
        message = _("Delivery is confirmed by your cooperative or by Souk, not by the seller.")
        if is_operator(user) or is_cooperative_admin_of(user, artisan_order):
            raise FourEyesRefused(message)
        raise NotAllowed(message)
    raise NotAllowed(_("You do not fulfil this order."))


def order_may_be_cancelled_by(user, order) -> bool:
    """The whole order, before any parcel leaves: its signed-in buyer or an
    operator; None is a guest whose access token the caller checked, or the
    system."""
    return user is None or is_operator(user) or (is_active_user(user) and order.buyer_id == user.pk)
