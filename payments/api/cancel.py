"""POST /api/v1/orders/{number}/cancel/: the buyer cancels, and what they
paid goes back (payments.cancellations)."""

from drf_spectacular.utils import extend_schema
from rest_framework import permissions
from rest_framework.response import Response
from rest_framework.views import APIView

from marketplace.api import throttles
from marketplace.api.idempotency import idempotency_key_of, idempotency_parameter, replayed_mark
from orders import selectors
from orders.api.buyer import TOKEN_PARAMETER, CancelSerializer, order_for_request
from orders.api.order import OrderSerializer
from orders.models import Order
from payments import cancellations


class OrderCancelView(APIView):
    """Cancel the whole order while no parcel has left. The buyer signs in, or
    a guest gives the access token (`?token=` or in the body)."""

    permission_classes = [permissions.AllowAny]
    throttle_classes = [throttles.OrderTokenThrottle]

    @extend_schema(
        parameters=[TOKEN_PARAMETER, idempotency_parameter()], request=CancelSerializer, responses=OrderSerializer
    )
    def post(self, request, number):
        CancelSerializer(data=request.data).is_valid(raise_exception=True)
        order = order_for_request(request, number)
        is_buyer = request.user.is_authenticated and order.buyer_id == request.user.pk
        claim = idempotency_key_of(request, scope="cancel", body=request.data)
        cancellations.order_cancel_by_buyer_and_refund(
            order=order, actor=request.user if is_buyer else None, idempotency=claim
        )
        body = OrderSerializer(selectors.orders_with_parts(Order.objects.filter(pk=order.pk)).get()).data
        return replayed_mark(Response(body), claim)
