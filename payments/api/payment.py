"""The buyer's payment of an order: what their app needs to confirm the card
with the provider's SDK (the client secret; card data never reaches us),
and a new attempt when the provider closed the last one."""

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import permissions, serializers
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from marketplace.api import throttles
from marketplace.api.idempotency import idempotency_key_of, idempotency_parameter, replayed_mark
from marketplace.api.responses import created
from orders.api.buyer import TOKEN_PARAMETER, order_for_request
from payments import services

PAYMENT_BODY = inline_serializer(
    "Payment",
    {
        "provider": serializers.CharField(),
        "reference": serializers.CharField(),
        "status": serializers.CharField(),
        "client_secret": serializers.CharField(),
        "publishable_key": serializers.CharField(),
        "amount": serializers.DecimalField(max_digits=12, decimal_places=2),
        "currency": serializers.CharField(),
        "failure": serializers.DictField(allow_null=True),
        "next_action": serializers.DictField(allow_null=True),
    },
)


class OrderPaymentView(APIView):
    permission_classes = [permissions.AllowAny]
    throttle_classes = [throttles.OrderTokenThrottle]

    @extend_schema(parameters=[TOKEN_PARAMETER], responses=PAYMENT_BODY)
    def get(self, request, number):
        payment = services.payment_current(order_for_request(request, number))
        if payment is None:
            raise NotFound()
        return Response(services.payment_client_view(*services.payment_refresh(payment)))

    @extend_schema(
        parameters=[TOKEN_PARAMETER, idempotency_parameter()],
        request=None,
        responses={201: PAYMENT_BODY, 200: PAYMENT_BODY},
    )
    def post(self, request, number):
        """The payment to confirm: the open attempt, or a new one (201) when
        the provider closed the last. 409 once the order is no longer awaiting payment."""
        order = order_for_request(request, number)
        before = services.payment_current(order)
        claim = idempotency_key_of(request, scope="payment", body={"order": order.number})
        payment = services.payment_start(order=order, idempotency=claim)
        if claim is not None and claim.replayed:
            return replayed_mark(Response(services.payment_client_view(payment)), claim)
        if before and before.pk == payment.pk:
            return Response(services.payment_client_view(payment))
        return created(request, services.payment_client_view(payment), "order-payment", number=order.number)
