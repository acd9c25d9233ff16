"""Who sees which returns and claims: one answer for the API and the admin.

- the buyer: the requests they opened (the buyer's API);
- an operator: all;
- a cooperative admin: those of their cooperative's artisans' parcels, and an
  artisan those of their own parcels (orders.permissions.artisan_orders_visible_to),
  each by the parcel's own artisan's cooperative."""

from django.db.models import Prefetch, Q

from artisans.permissions import is_active_user, is_operator
from orders.permissions import artisan_orders_visible_to
from returns.models import ReturnEvent, ReturnRequest


def _with_related(requests):
    return (
        requests.select_related("order_line", "artisan_order__order", "artisan_order__artisan", "refund")
        .prefetch_related("photos", Prefetch("events", queryset=ReturnEvent.objects.order_by("created_at", "id")))
        .order_by("-created_at", "-id")
    )


def returns_of_buyer(user):
    if not is_active_user(user):
        return ReturnRequest.objects.none()
    return _with_related(ReturnRequest.objects.filter(buyer=user))


def returns_visible_to(user):
    """Plain queryset (no joins), for scoping: the admin and the staff API."""
    if not is_active_user(user):
        return ReturnRequest.objects.none()
    if is_operator(user):
        return ReturnRequest.objects.all()
    return ReturnRequest.objects.filter(artisan_order__in=artisan_orders_visible_to(user))


def returns_managed_by(user):
    return _with_related(returns_visible_to(user))


def return_readable_by(user, request_id: int) -> bool:
    """Its buyer, or one who sees it as a manager."""
    if not is_active_user(user):
        return False
    return ReturnRequest.objects.filter(
        Q(buyer=user) | Q(pk__in=returns_visible_to(user).values("pk")), pk=request_id
    ).exists()
