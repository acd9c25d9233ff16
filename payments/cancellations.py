"""Cancelling what was bought, the flows that span orders and payments: the
order's side (states, stock given back) and the money's (a refund of what was
paid) in one transaction, so a cancelled paid order is never left unrefunded.
The refund itself reaches the provider after commit (payments.refunds)."""

from django.db import transaction

from marketplace.idempotency import IdempotencyKey, idempotency_key_claim, idempotency_key_resolve
from orders import lifecycle
from orders.models import ArtisanOrder, Order
from payments import refunds


@transaction.atomic(durable=True)
def order_cancel_by_buyer_and_refund(*, order: Order, actor, idempotency: IdempotencyKey | None = None) -> Order:
    """The buyer cancels before any parcel has left (`actor` None for a guest
    whose access token the caller checked); what they paid goes back in full.
    `idempotency`: the client's key (marketplace.idempotency); replayed, the
    order is answered as it is now, cancelled once."""
    if idempotency is not None:
        idempotency = idempotency.scoped(f"cancel:order:{order.pk}")
        if idempotency_key_claim(idempotency) is not None:
            return Order.objects.get(pk=order.pk)
    order = lifecycle.order_cancel_by_buyer(order=order, actor=actor)
    refunds.refund_order(order=order, actor=None, reason="cancelled by the buyer")
    if idempotency is not None:
        idempotency_key_resolve(idempotency, order.pk)
    return order


@transaction.atomic(durable=True)
def artisan_order_cancel_and_refund(*, artisan_order: ArtisanOrder, actor, reason: str) -> ArtisanOrder:
    """The artisan's side cannot deliver this parcel: it is cancelled, its stock
    given back, and if it was paid its part goes back to the buyer."""
    artisan_order = lifecycle.artisan_order_cancel(artisan_order=artisan_order, actor=actor, reason=reason)
    refunds.refund_artisan_order(artisan_order=artisan_order, actor=actor, reason=reason)
    return artisan_order
