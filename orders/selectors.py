"""Reads of orders shared by the API, the admin and the e-mail tasks, with the
joins each needs already chosen."""

import secrets
from urllib.parse import quote, urlencode

from django.conf import settings
from django.db.models import F, Prefetch
from django.urls import reverse

from orders.models import ArtisanOrder, Order, OrderLine

# The product's slug is read along (one join) for the links to review it.
LINES_IN_ORDER = Prefetch("lines", queryset=OrderLine.objects.annotate(product_slug=F("product__slug")).order_by("id"))


def orders_with_parts(queryset):
    """Orders with their artisan orders (artisan, service) and lines: three
    queries for a whole page of orders, however many there are."""
    artisan_orders = (
        ArtisanOrder.objects.select_related("artisan", "shipping_service")
        .prefetch_related(LINES_IN_ORDER)
        .order_by("id")
    )
    return queryset.prefetch_related(Prefetch("artisan_orders", queryset=artisan_orders))


def orders_of_buyer(user):
    return orders_with_parts(Order.objects.filter(buyer=user).order_by("-placed_at", "-id"))


def order_for_buyer(user, number: str) -> Order | None:
    """The signed-in buyer's own order with that number, or None."""
    if not (user and user.is_authenticated):
        return None
    return orders_of_buyer(user).filter(number=number).first()


def order_for_token(number: str, token: str) -> Order | None:
    """The order whose number and access token both match, or None. The
    token is compared in constant time: its length and content leak nothing."""
    if not token:
        return None
    order = orders_with_parts(Order.objects.filter(number=number)).first()
    if order is None:
        # Spend the same comparison on a miss as on a hit.
        secrets.compare_digest(token.encode(), b"x" * 32)
        return None
    return order if secrets.compare_digest(token.encode(), order.access_token.encode()) else None


def order_for_reader(user, number: str, token: str = "") -> Order | None:
    """What /orders/<number>/ shows: the signed-in buyer's order, or any
    order opened with its number and access token (the guest's e-mail link)."""
    return order_for_buyer(user, number) or order_for_token(number, token)


def artisan_orders_of(user):
    """The artisan orders a signed-in artisan fulfils; none for anybody else."""
    return (
        ArtisanOrder.objects.filter(artisan__user=user)
        .select_related("order", "shipping_service")
        .prefetch_related(LINES_IN_ORDER)
        .order_by("-order__placed_at", "-id")
    )


def order_guest_url(order: Order) -> str:
    """The link in the buyer's e-mails: opens the order without signing in."""
    path = reverse("order-detail", kwargs={"number": order.number})
    return f"{settings.SITE_URL}{path}?{urlencode({'token': order.access_token})}"


def tracking_url(artisan_order: ArtisanOrder) -> str:
    """Where the buyer follows the parcel, from the service's URL template;
    "" when the service has none, or the parcel went with another carrier."""
    service = artisan_order.shipping_service
    template = service.tracking_url_template
    if not (template and artisan_order.tracking_number):
        return ""
    if artisan_order.carrier and service.carrier and artisan_order.carrier.casefold() != service.carrier.casefold():
        return ""
    return template.replace("{tracking_number}", quote(artisan_order.tracking_number, safe=""))
