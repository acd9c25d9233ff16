"""The buyer's payment of an order: what their app needs to confirm the card
with the provider's SDK (the client secret; card data never reaches us),
and a new attempt when the provider closed the last one."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import permissions, serializers
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from marketplace.api import throttles
from marketplace.api.idempotency import idempotency_key_of, idempotency_parameter, replayed_mark
from marketplace.api.money import MoneySerializer
from marketplace.api.responses import created
from marketplace.api.serializers import StrictSerializer
from orders.api.buyer import TOKEN_PARAMETER, order_for_request
from payments import services
from payments.models import PaymentStatus
from payments.providers import PROVIDER_NAMES

PAYMENT_BODY = inline_serializer(
    "Payment",
    {
        "provider": serializers.ChoiceField(choices=PROVIDER_NAMES),
        "reference": serializers.CharField(),
        "status": serializers.ChoiceField(choices=PaymentStatus.choices),
        "client_secret": serializers.CharField(help_text=_("Stripe: confirm the card with Stripe's SDK.")),
        "form": inline_serializer(
            "PaymentHostedForm",
            {
                "action": serializers.CharField(),
                "method": serializers.ChoiceField(choices=["POST"]),
                "fields": serializers.DictField(child=serializers.CharField()),
            },
            allow_null=True,
            help_text=_(
                "CMI: POST `fields` to `action` (an auto-submitted HTML form); the order is paid by "
                "CMI's callback, not by the page the buyer comes back to."
            ),
        ),
        "publishable_key": serializers.CharField(),
        "amount": MoneySerializer(),
        "failure": inline_serializer(
            "PaymentFailure", {"code": serializers.CharField(), "message": serializers.CharField()}, allow_null=True
        ),
        # The provider's own object (3-D Secure), handed to its SDK as it is.
        "next_action": serializers.JSONField(allow_null=True),
    },
)


class PaymentStartSerializer(StrictSerializer):
    token = serializers.CharField(required=False, allow_blank=True, max_length=128)  # read by order_for_request
    provider = serializers.ChoiceField(
        choices=PROVIDER_NAMES, required=False, allow_blank=True, default="",
        help_text=_("Stripe, or CMI's hosted page (Moroccan cards); left out: the open attempt's, else CMI for MAD."),
    )  # fmt: skip


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
        request=PaymentStartSerializer,
        responses={201: PAYMENT_BODY, 200: PAYMENT_BODY},
    )
    def post(self, request, number):
        """The payment to confirm: the open attempt, or a new one (201) when
        the provider closed the last, or when the buyer asks another provider
        (`provider`) after a failure. 409 once the order is no longer awaiting payment."""
        order = order_for_request(request, number)
        form = PaymentStartSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        before = services.payment_current(order)
        provider_choice = form.validated_data["provider"]
        claim = idempotency_key_of(request, scope="payment", body={"order": order.number, "provider": provider_choice})
        payment = services.payment_start(order=order, provider_choice=provider_choice, idempotency=claim)
        if claim is not None and claim.replayed:
            return replayed_mark(Response(services.payment_client_view(payment)), claim)
        if before and before.pk == payment.pk:
            return Response(services.payment_client_view(payment))
        return created(request, services.payment_client_view(payment), "order-payment", number=order.number)
