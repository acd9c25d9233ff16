"""The buyer's orders. A signed-in buyer sees their own; anybody with an
order's number and access token (the link in the e-mails) sees that one. Any
other order is a 404, never a 403: order numbers are not to be probed."""

from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field, inline_serializer
from rest_framework import generics, permissions, serializers
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from marketplace.api import throttles
from marketplace.api.serializers import StrictSerializer
from marketplace.money import SUPPORTED_CURRENCIES
from orders import lifecycle, selectors
from orders.addresses import ShippingAddressSerializer
from orders.models import ArtisanOrder, Order, OrderLine

TOKEN_PARAMETER = OpenApiParameter("token", str, description="The order's access token, from the e-mailed link.")


class BuyerLineSerializer(serializers.ModelSerializer):
    """`quantity` is what was bought; `quantity_live` what is still bought
    (in the parcel) after `quantity_refunded` pieces were refunded, for
    `amount_refunded`."""

    product = serializers.CharField(source="product_slug", read_only=True, allow_null=True)
    quantity_live = serializers.IntegerField(source="live_quantity", read_only=True)

    class Meta:
        model = OrderLine
        fields = ["id", "product", "title", "sku", "options", "quantity", "quantity_refunded", "quantity_live",
                  "unit_price", "line_total", "amount_refunded", "made_to_order"]  # fmt: skip


class ParcelSerializer(serializers.ModelSerializer):
    """One artisan's part of the order, as the buyer follows it."""

    artisan = serializers.SerializerMethodField()
    shipping_service = serializers.SerializerMethodField()
    tracking_url = serializers.SerializerMethodField()
    lines = BuyerLineSerializer(many=True, read_only=True)

    class Meta:
        model = ArtisanOrder
        fields = [
            "id", "artisan", "status", "shipping_service", "estimated_delivery_days_min",
            "estimated_delivery_days_max", "subtotal", "shipping", "duties", "insured", "insurance_premium", "carrier",
            "tracking_number",
            "tracking_url", "shipped_at", "delivered_at", "lines",
        ]  # fmt: skip

    @extend_schema_field(
        inline_serializer(
            "ParcelArtisan",
            {"slug": serializers.SlugField(), "name": serializers.CharField(), "name_arabic": serializers.CharField()},
        )
    )
    def get_artisan(self, artisan_order) -> dict:
        artisan = artisan_order.artisan
        return {"slug": artisan.slug, "name": artisan.display_name_latin, "name_arabic": artisan.display_name_arabic}

    @extend_schema_field(
        inline_serializer(
            "ParcelShippingService",
            {"code": serializers.CharField(), "name": serializers.CharField(), "carrier": serializers.CharField()},
        )
    )
    def get_shipping_service(self, artisan_order) -> dict:
        service = artisan_order.shipping_service
        return {"code": service.code, "name": service.name, "carrier": service.carrier}

    def get_tracking_url(self, artisan_order) -> str:
        return selectors.tracking_url(artisan_order)


class BuyerOrderSerializer(serializers.ModelSerializer):
    currency = serializers.ChoiceField(choices=SUPPORTED_CURRENCIES, read_only=True)
    shipping_address = serializers.SerializerMethodField()
    parcels = ParcelSerializer(source="artisan_orders", many=True, read_only=True)
    can_cancel = serializers.SerializerMethodField()

    class Meta:
        model = Order
        fields = [
            "number", "status", "placed_at", "email", "language", "currency", "incoterm", "shipping_address",
            "subtotal", "shipping_total", "duties_total", "duties_collected", "insurance_total", "total", "can_cancel",
            "parcels",
        ]  # fmt: skip

    @extend_schema_field(ShippingAddressSerializer)
    def get_shipping_address(self, order) -> dict:
        return order.shipping_address

    def get_can_cancel(self, order) -> bool:
        """What the cancel button shows; the service decides for real."""
        return lifecycle.order_is_cancellable(order, order.artisan_orders.all())


class CancelSerializer(StrictSerializer):
    token = serializers.CharField(required=False, allow_blank=True, max_length=128)


def _token(request) -> str:
    return request.query_params.get("token") or (request.data.get("token", "") if hasattr(request.data, "get") else "")


def order_for_request(request, number: str) -> Order:
    order = selectors.order_for_reader(request.user, number, _token(request))
    if order is None:
        raise NotFound()
    return order


class OrderListView(generics.ListAPIView):
    """The signed-in buyer's orders, newest first; `?status=` filters."""

    serializer_class = BuyerOrderSerializer
    permission_classes = [permissions.IsAuthenticated]
    filterset_fields = ["status"]
    ordering_fields = ["placed_at"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema generator has no user
            return Order.objects.none()
        return selectors.orders_of_buyer(self.request.user)


class OrderDetailView(APIView):
    permission_classes = [permissions.AllowAny]
    throttle_classes = [throttles.OrderTokenThrottle]

    @extend_schema(parameters=[TOKEN_PARAMETER], responses=BuyerOrderSerializer)
    def get(self, request, number):
        return Response(BuyerOrderSerializer(order_for_request(request, number)).data)
