"""The e-mails an order sends, queued only once the transaction commits: a
rolled-back order never e-mails anyone. Each function is safe to call inside
the transaction (the task is queued on commit) or from an on_commit callback
(no transaction is open then, so it is queued at once)."""

from django.db import transaction


def _tasks():
    # Imported when used: orders.tasks imports the checkout, which may import
    # the lifecycle, which imports this module.
    from orders import tasks

    return tasks


def order_placed_notify(order) -> None:
    """To the buyer, in the order's language: number, lines, totals, and the
    link that opens the order without signing in. Called by the checkout."""
    order_id = order.pk
    transaction.on_commit(lambda: _tasks().send_order_placed_email.delay(order_id))


def order_paid_notify(order, artisan_order_ids=None) -> None:
    """To each artisan of a paid order, in their own language: a new order to
    prepare. `artisan_order_ids`: the order's parts, when the caller has them."""
    if artisan_order_ids is None:
        artisan_order_ids = order.artisan_orders.values_list("id", flat=True)
    for artisan_order_id in sorted(artisan_order_ids):
        transaction.on_commit(lambda pk=artisan_order_id: _tasks().send_new_order_email.delay(pk))


def artisan_order_shipped_notify(artisan_order) -> None:
    """To the buyer, in the order's language: a parcel left, with its tracking link."""
    artisan_order_id = artisan_order.pk
    transaction.on_commit(lambda: _tasks().send_order_shipped_email.delay(artisan_order_id))
