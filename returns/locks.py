"""Every row lock of returns, in one place.

The marketplace's one lock order (orders/locks.py, payments/locks.py) puts a
return request right after its order:

    webhook event → order → return request → payment → dispute → refund
        → line commissions → artisan orders → variants

A service of this app locks the order (orders.locks.order_lock) first, then
the request, then calls payments' refund and orders' stock services, which
lock the rest in that order.
"""

from returns.models import ReturnRequest


def return_request_lock(request_id: int) -> ReturnRequest:
    return (
        ReturnRequest.objects.select_for_update(of=("self",))
        .select_related("artisan_order__artisan__cooperative", "artisan_order__order", "order_line")
        .get(pk=request_id)
    )
