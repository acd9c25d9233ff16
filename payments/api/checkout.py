"""POST /api/v1/checkout/: the cart becomes an order awaiting payment, and
its payment is started at the provider (payments.checkout)."""

from django.utils.translation import get_language
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import permissions, serializers
from rest_framework.views import APIView

from artisans.models import ArtisanProfile
from marketplace.api import throttles
from marketplace.api.responses import created
from marketplace.currency import currency_for_request
from marketplace.errors import DomainError
from orders import carts, saved_addresses
from orders.api.checkout import IDEMPOTENCY_HEADER, CheckoutSerializer
from orders.api.order import OrderSerializer
from orders.carts import CART_TOKEN_HEADER
from orders.checkout import request_fingerprint
from payments import checkout, services
from payments.api.payment import PAYMENT_BODY


class PlacedOrderSerializer(serializers.Serializer):
    """The checkout's answer: the order as GET /orders/{number}/ reads it,
    the guest's key to it, and the payment to confirm in the app."""

    order = OrderSerializer()
    access_token = serializers.CharField(help_text=_("A guest reads the order with it (`?token=`)."))
    payment = PAYMENT_BODY.__class__(allow_null=True, help_text=_("Null when the provider could not be reached."))
    payment_error = inline_serializer(
        "CheckoutPaymentError", {"code": serializers.CharField(), "message": serializers.CharField()}, allow_null=True
    )


class CheckoutView(APIView):
    permission_classes = [permissions.AllowAny]
    throttle_classes = [throttles.CheckoutIpThrottle, throttles.CheckoutAccountThrottle]

    @extend_schema(
        request=CheckoutSerializer,
        parameters=[
            OpenApiParameter(
                IDEMPOTENCY_HEADER,
                {"type": "string", "minLength": 8, "maxLength": 255},
                OpenApiParameter.HEADER,
                required=True,
            ),
            OpenApiParameter(CART_TOKEN_HEADER, str, OpenApiParameter.HEADER),
        ],
        responses={201: PlacedOrderSerializer},
    )
    def post(self, request):
        key = request.headers.get(IDEMPOTENCY_HEADER, "").strip()
        if not 8 <= len(key) <= 255:
            message = _("Send an Idempotency-Key header of 8 to 255 characters.")
            raise DomainError(message, fields={"idempotency_key": [message]})
        form = CheckoutSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        buyer = request.user if request.user.is_authenticated else None
        email = data.get("email") or (buyer.email if buyer else "")
        if not email:
            raise DomainError(_("An e-mail address is required."), fields={"email": [_("This field is required.")]})
        cart = carts.cart_get(user=request.user, token=request.headers.get(CART_TOKEN_HEADER))
        if cart is None:
            raise DomainError(_("The cart is empty."), fields={"cart": [_("Empty.")]})
        currency = data.get("currency") or currency_for_request(request)
        address = data.get("shipping_address") or saved_addresses.saved_address_for_checkout(
            user=request.user, address_id=data["saved_address"]
        )
        placed = checkout.checkout_place(
            cart=cart, buyer=buyer, email=email, address=address,
            services_by_artisan=_services_by_artisan(data["shipping_services"]), currency=currency,
            incoterm=data["incoterm"], idempotency_key=key,
            fingerprint=request_fingerprint({**request.data, "cart": str(cart.token), "currency": currency}),
            language=get_language(), insurance=data["insurance"], payment_provider=data["payment_provider"],
        )  # fmt: skip
        error = placed.payment_error
        body = {
            "order": OrderSerializer(placed.order).data,
            "access_token": placed.order.access_token,
            # The order stands even when the provider is down: the app retries
            # with POST /orders/{number}/payment/ (or this request, same key).
            "payment": services.payment_client_view(placed.payment) if placed.payment else None,
            "payment_error": {"code": error.code, "message": str(error.message)} if error else None,
        }
        response = created(request, body, "order-detail", number=placed.order.number)
        if placed.replayed:
            response["Idempotent-Replayed"] = "true"
        return response


def _services_by_artisan(by_slug: dict) -> dict:
    if not by_slug:  # the cheapest service for every parcel: nothing to look up
        return {}
    ids = dict(ArtisanProfile.objects.filter(slug__in=list(by_slug)).values_list("slug", "pk"))
    unknown = sorted(set(by_slug) - set(ids))
    if unknown:
        raise DomainError(_("Unknown artisan in shipping_services."), fields={"shipping_services": unknown})
    return {ids[slug]: code for slug, code in by_slug.items()}
