"""The buyer's payment of an order: what their app needs to confirm the card
with the provider's SDK (the client secret; card data never reaches us),
and a new attempt when the provider closed the last one."""

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import permissions, serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from marketplace.api import throttles
from marketplace.money import SUPPORTED_CURRENCIES
from orders.api.buyer import TOKEN_PARAMETER, order_for_request
from payments import services
from payments.models import PaymentStatus

PAYMENT_BODY = inline_serializer(
    "Payment",
    {
        "provider": serializers.CharField(),
        "reference": serializers.CharField(),
        "status": serializers.ChoiceField(choices=PaymentStatus.choices),
        "client_secret": serializers.CharField(),
        "publishable_key": serializers.CharField(),
        "amount": serializers.DecimalField(max_digits=12, decimal_places=2),
        "currency": serializers.ChoiceField(choices=SUPPORTED_CURRENCIES),
        "failure": inline_serializer(
            "PaymentFailure", {"code": serializers.CharField(), "message": serializers.CharField()}, allow_null=True
        ),
        # The provider's own object (3-D Secure), handed to its SDK as it is.
        "next_action": serializers.JSONField(allow_null=True),
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

    @extend_schema(parameters=[TOKEN_PARAMETER], request=None, responses={201: PAYMENT_BODY, 200: PAYMENT_BODY})
    def post(self, request, number):
        """The payment to confirm: the open attempt, or a new one (201) when
        the provider closed the last. 409 once the order is no longer awaiting payment."""
        order = order_for_request(request, number)
        before = services.payment_current(order)
        payment = services.payment_start(order=order)
        code = status.HTTP_200_OK if before and before.pk == payment.pk else status.HTTP_201_CREATED
        return Response(services.payment_client_view(payment), status=code)
