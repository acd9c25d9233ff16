from celery import shared_task

from orders import lifecycle
from orders.paperwork import tasks as paperwork_tasks  # noqa: F401  (registers the paperwork tasks with the worker)


@shared_task
def orders_expire_unpaid() -> int:
    """Cancel orders left unpaid past their deadline and give their stock back."""
    return lifecycle.orders_expire_unpaid()


# --- e-mails about orders (queued on commit by orders.notifications) -------------------------
# Imports are local to each task so this section stands apart from the expiry
# sweep above (another module's concern) and loads nothing until it runs.


def _money(amount, currency, language):
    from marketplace.money import format_money

    return format_money(amount, currency, locale=language)


def _buyer_lines(order, artisan_orders, language):
    """Each line as the buyer reads it: `quantity` the pieces still bought
    (what a parcel holds), and what was refunded of it, if anything."""
    return [
        {
            "title": line.title,
            "options": ", ".join(f"{name}: {value}" for name, value in sorted(line.options.items())),
            "quantity": line.live_quantity,
            "quantity_ordered": line.quantity,
            "quantity_refunded": line.quantity_refunded,
            "amount_refunded": _money(line.amount_refunded, order.currency, language),
            "total": _money(line.live_total, order.currency, language),
            "artisan": artisan_order.artisan.display_name_latin,
        }
        for artisan_order in artisan_orders
        for line in artisan_order.lines.all()
    ]


@shared_task(autoretry_for=(ConnectionError, TimeoutError), retry_backoff=True, max_retries=5)
def send_order_placed_email(order_id: int) -> str:
    """Tell the buyer their order is placed: lines, totals, the link to follow it."""
    from marketplace.notifications import email_send
    from orders.models import Incoterm, Order
    from orders.selectors import order_guest_url, orders_with_parts

    order = orders_with_parts(Order.objects.filter(pk=order_id)).get()
    language = order.language
    totals = {
        name: _money(getattr(order, name), order.currency, language)
        for name in ("subtotal", "shipping_total", "duties_total", "duties_collected", "insurance_total", "total")
    }
    email_send(
        to=order.email,
        template="orders/emails/order_placed",
        context={
            "order": order,
            "lines": _buyer_lines(order, order.artisan_orders.all(), language),
            "totals": totals,
            "duties_on_delivery": order.incoterm == Incoterm.DAP and order.duties_total > 0,
            "order_url": order_guest_url(order),
        },
        language=language,
    )
    return order.email


@shared_task(autoretry_for=(ConnectionError, TimeoutError), retry_backoff=True, max_retries=5)
def send_new_order_email(artisan_order_id: int) -> str:
    """Tell an artisan, in their language, that a paid order waits for them."""
    from marketplace.notifications import email_send
    from orders.models import ArtisanOrder

    artisan_order = (
        ArtisanOrder.objects.select_related("order", "artisan__user", "shipping_service")
        .prefetch_related("lines")
        .get(pk=artisan_order_id)
    )
    user = artisan_order.artisan.user
    language = user.preferred_language
    lines = [
        {
            "title": line.title,
            "sku": line.sku,
            "options": ", ".join(f"{name}: {value}" for name, value in sorted(line.options.items())),
            "quantity": line.quantity,
            "total": _money(line.line_total_mad, "MAD", language),
            "made_to_order": line.made_to_order,
        }
        for line in artisan_order.lines.all()
    ]
    email_send(
        to=user.email,
        template="orders/emails/new_order",
        context={
            "artisan": artisan_order.artisan,
            "artisan_order": artisan_order,
            "order": artisan_order.order,
            "lines": lines,
            "subtotal": _money(artisan_order.subtotal_mad, "MAD", language),
        },
        language=language,
    )
    return user.email


@shared_task(autoretry_for=(ConnectionError, TimeoutError), retry_backoff=True, max_retries=5)
def send_order_shipped_email(artisan_order_id: int) -> str:
    """Tell the buyer a parcel has left, with the carrier's tracking link."""
    from marketplace.notifications import email_send
    from orders.models import ArtisanOrder
    from orders.selectors import order_guest_url, tracking_url

    artisan_order = (
        ArtisanOrder.objects.select_related("order", "artisan", "shipping_service")
        .prefetch_related("lines")
        .get(pk=artisan_order_id)
    )
    order = artisan_order.order
    lines = _buyer_lines(order, [artisan_order], order.language)
    email_send(
        to=order.email,
        template="orders/emails/order_shipped",
        context={
            "order": order,
            "artisan_order": artisan_order,
            "artisan": artisan_order.artisan,
            # What the parcel holds; refunded pieces are listed apart, with their money.
            "lines": [line for line in lines if line["quantity"] > 0],
            "refunded_lines": [line for line in lines if line["quantity_refunded"] > 0],
            "tracking_url": tracking_url(artisan_order),
            "order_url": order_guest_url(order),
        },
        language=order.language,
    )
    return order.email


@shared_task(autoretry_for=(ConnectionError, TimeoutError), retry_backoff=True, max_retries=5)
def send_satisfaction_email(artisan_order_id: int) -> str:
    """Ask the buyer of a delivered parcel how the delivery and the piece were."""
    from marketplace.notifications import email_send
    from orders.models import ArtisanOrder
    from orders.satisfaction import satisfaction_url

    artisan_order = (
        ArtisanOrder.objects.select_related("order", "artisan").prefetch_related("lines").get(pk=artisan_order_id)
    )
    order = artisan_order.order
    email_send(
        to=order.email,
        template="orders/emails/satisfaction_ask",
        context={
            "order": order,
            "artisan": artisan_order.artisan,
            "lines": _buyer_lines(order, [artisan_order], order.language),
            "answer_url": satisfaction_url(artisan_order),
        },
        language=order.language,
    )
    return order.email
