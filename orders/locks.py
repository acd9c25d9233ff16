"""Every row lock of orders, in one place, rows of one kind in primary-key order.

The one lock order of the marketplace (the same text heads payments/locks.py;
a transaction takes the rows it needs in this order and skips the others):

    webhook event → order → return request → payment → dispute → refund → line commissions
        → artisan orders → variants (catalog: product → variants)
    payout run → payout batch → payouts          (never held with the above)

The order row comes first and guards everything of that order: payments
locks it (with this module) before its own rows, then calls orders.lifecycle,
which locks the order's artisan orders, and the stock moves lock the variants
last. A new row (a refund being written) is nobody else's yet, so creating
one takes no place in the order.
"""

from django.utils import timezone

from orders.models import ArtisanOrder, Order, OrderStatus


def order_lock(order_id: int) -> Order:
    # Only the order row: its relations are read, not locked.
    return Order.objects.select_for_update(of=("self",)).get(pk=order_id)


def order_and_artisan_orders_lock(order_id: int) -> tuple[Order, list[ArtisanOrder]]:
    """The order, then all its artisan orders by id. Their artisan,
    cooperative and shipping service are read along, not locked."""
    order = order_lock(order_id)
    artisan_orders = list(
        ArtisanOrder.objects.select_for_update(of=("self",))
        .select_related("artisan__cooperative", "artisan__user", "shipping_service")
        .filter(order_id=order_id)
        .order_by("pk")
    )
    for artisan_order in artisan_orders:
        artisan_order.order = order
    return order, artisan_orders


def expired_order_lock(order_id: int) -> Order | None:
    """The order if it is still unpaid past its deadline, locked; None when it
    is not, or when another worker holds it right now (skipped, not awaited)."""
    return (
        Order.objects.select_for_update(skip_locked=True, of=("self",))
        .filter(pk=order_id, status=OrderStatus.AWAITING_PAYMENT, expires_at__lt=timezone.now())
        .first()
    )


def artisan_order_lock(artisan_order_id: int) -> None:
    """One artisan order's row alone (its paperwork is numbered under it)."""
    ArtisanOrder.objects.select_for_update().filter(pk=artisan_order_id).values_list("pk", flat=True).first()


def artisan_orders_lock(artisan_order_ids) -> list[ArtisanOrder]:
    """Some artisan orders by id (their lines are written under them: refunded
    pieces). After the order and the refund in the lock order, so a refund
    being settled (its row locked) may take them."""
    return list(
        ArtisanOrder.objects.select_for_update(of=("self",))
        .select_related("order")
        .filter(pk__in=sorted(set(artisan_order_ids)))
        .order_by("pk")
    )
