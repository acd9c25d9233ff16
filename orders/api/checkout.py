"""POST /api/v1/checkout/: the cart becomes an order awaiting payment."""

from django.utils.translation import get_language
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from artisans.models import ArtisanProfile
from marketplace.api import throttles
from marketplace.api.serializers import StrictSerializer
from marketplace.currency import currency_for_request
from marketplace.errors import DomainError
from marketplace.money import SUPPORTED_CURRENCIES
from orders import carts, checkout
from orders.addresses import ShippingAddressSerializer
from orders.carts import CART_TOKEN_HEADER
from orders.models import Incoterm
from payments import services as payment_services

IDEMPOTENCY_HEADER = "Idempotency-Key"


class CheckoutSerializer(StrictSerializer):
    email = serializers.EmailField(required=False, help_text=_("Required for guests."))
    shipping_address = ShippingAddressSerializer()
    shipping_services = serializers.DictField(
        child=serializers.SlugField(max_length=30), required=False, default=dict,
        help_text=_("Artisan slug → shipping service code; the cheapest when left out."),
    )  # fmt: skip
    currency = serializers.ChoiceField(choices=SUPPORTED_CURRENCIES, required=False)
    incoterm = serializers.ChoiceField(choices=Incoterm.choices, default=Incoterm.DAP)


def order_body(order) -> dict:
    """The order as the checkout answers it, from the artisan orders and
    lines it carries: just placed (orders.checkout) or read with its parts
    (orders.selectors.orders_with_parts), it costs no query."""
    return {
        "number": order.number,
        "status": order.status,
        "access_token": order.access_token,
        "email": order.email,
        "currency": order.currency,
        "exchange_rate": str(order.exchange_rate),
        "incoterm": order.incoterm,
        "expires_at": order.expires_at and order.expires_at.isoformat(),
        "totals": {
            name: {"amount": str(getattr(order, name)), "mad": str(getattr(order, f"{name}_mad"))}
            for name in ("subtotal", "shipping_total", "duties_total", "duties_collected", "total")
        },
        "artisan_orders": [
            {
                "id": artisan_order.pk,
                "artisan": artisan_order.artisan.slug,
                "status": artisan_order.status,
                "shipping_service": artisan_order.shipping_service.code,
                "subtotal": str(artisan_order.subtotal),
                "shipping": str(artisan_order.shipping),
                "duties": str(artisan_order.duties),
                "duties_breakdown": artisan_order.duties_breakdown,
                "delivery_days": [artisan_order.estimated_delivery_days_min, artisan_order.estimated_delivery_days_max],
                "lines": [
                    {
                        "sku": line.sku,
                        "title": line.title,
                        "quantity": line.quantity,
                        "hs_code": line.hs_code,
                        "unit_price": str(line.unit_price),
                        "unit_price_mad": str(line.unit_price_mad),
                        "line_total": str(line.line_total),
                        "line_total_mad": str(line.line_total_mad),
                    }
                    for line in artisan_order.lines.all()
                ],
            }
            for artisan_order in order.artisan_orders.all()
        ],
    }


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
        responses={201: OpenApiTypes.OBJECT},
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
        services = self._services_by_artisan(data["shipping_services"])
        currency = data.get("currency") or currency_for_request(request)
        fingerprint = checkout.request_fingerprint({**request.data, "cart": str(cart.token), "currency": currency})
        placement = checkout.order_place(
            cart=cart, buyer=buyer, email=email, address=data["shipping_address"], services=services,
            currency=currency, incoterm=data["incoterm"], idempotency_key=key, fingerprint=fingerprint,
            language=get_language(),
        )  # fmt: skip
        body = order_body(placement.order)
        body["payment"], body["payment_error"] = self._payment(placement.order)
        response = Response(body, status=status.HTTP_201_CREATED)
        if placement.replayed:
            response["Idempotent-Replayed"] = "true"
        return response

    @staticmethod
    def _payment(order) -> tuple[dict | None, dict | None]:
        """The card payment for the new order (its client secret goes to the
        buyer's app). The order stands even when the provider is down: the
        app retries with POST /orders/{number}/payment/."""
        try:
            return payment_services.payment_client_view(payment_services.payment_start(order=order)), None
        except DomainError as error:
            return None, {"code": error.code, "message": str(error.message)}

    @staticmethod
    def _services_by_artisan(by_slug: dict) -> dict:
        if not by_slug:  # the cheapest service for every parcel: nothing to look up
            return {}
        ids = dict(ArtisanProfile.objects.filter(slug__in=list(by_slug)).values_list("slug", "pk"))
        unknown = sorted(set(by_slug) - set(ids))
        if unknown:
            raise DomainError(_("Unknown artisan in shipping_services."), fields={"shipping_services": unknown})
        return {ids[slug]: code for slug, code in by_slug.items()}
