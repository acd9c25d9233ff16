"""The e-mails an order sends, queued only once the transaction commits: a
rolled-back order never e-mails anyone. Each function is safe to call inside
the transaction (the task is queued on commit) or outside one (queued at
once); a broker outage never fails the caller (marketplace.effects)."""

from marketplace import effects


def _tasks():
    # Imported when used: orders.tasks imports the checkout, which may import
    # the lifecycle, which imports this module.
    from orders import tasks

    return tasks


def order_placed_notify(order) -> None:
    """To the buyer, in the order's language: number, lines, totals, and the
    link that opens the order without signing in. Called by the checkout."""
    effects.task_enqueue_on_commit(_tasks().send_order_placed_email, order.pk)


def order_paid_notify(order, artisan_order_ids=None) -> None:
    """To each artisan of a paid order, in their own language: a new order to
    prepare. `artisan_order_ids`: the order's parts, when the caller has them."""
    if artisan_order_ids is None:
        artisan_order_ids = order.artisan_orders.values_list("id", flat=True)
    for artisan_order_id in sorted(artisan_order_ids):
        effects.task_enqueue_on_commit(_tasks().send_new_order_email, artisan_order_id)


def artisan_order_shipped_notify(artisan_order) -> None:
    """To the buyer, in the order's language: a parcel left, with its tracking link."""
    effects.task_enqueue_on_commit(_tasks().send_order_shipped_email, artisan_order.pk)


def artisan_order_delivered_notify(artisan_order) -> None:
    """To the buyer, in the order's language: how did the parcel go? With the
    signed link that answers without signing in (orders.satisfaction)."""
    effects.task_enqueue_on_commit(_tasks().send_satisfaction_email, artisan_order.pk)
