"""The artisan's side of orders: what to prepare and ship, and each step of
it. The queryset only holds the signed-in artisan's artisan orders, so
another artisan's is a 404."""

from decimal import Decimal

from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import generics, permissions, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from marketplace.api.money import MoneyField
from marketplace.api.serializers import StrictSerializer
from orders import lifecycle, selectors
from orders.addresses import ShippingAddressSerializer
from orders.models import ArtisanOrder, Incoterm, OrderLine, ServiceKind


class ArtisanLineSerializer(serializers.ModelSerializer):
    """`quantity_live`: the pieces to pack, once `quantity_refunded` were refunded."""

    product = serializers.CharField(source="product_slug", read_only=True, allow_null=True)
    quantity_live = serializers.IntegerField(source="live_quantity", read_only=True)
    # In MAD, what the artisan set and is paid in, whatever the buyer paid with.
    unit_price = MoneyField("unit_price_mad", mad_only=True)
    line_total = MoneyField("line_total_mad", mad_only=True)
    amount_refunded = MoneyField("amount_refunded_mad", mad_only=True)

    class Meta:
        model = OrderLine
        fields = [
            "id", "product", "title", "sku", "options", "hs_code", "weight_grams", "made_to_order", "quantity",
            "quantity_refunded", "quantity_live", "unit_price", "line_total", "amount_refunded",
        ]  # fmt: skip


class ShippingServiceSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    carrier = serializers.CharField()
    kind = serializers.ChoiceField(choices=ServiceKind.choices)


class ArtisanOrderSerializer(serializers.ModelSerializer):
    number = serializers.CharField(source="order.number", read_only=True)
    placed_at = serializers.DateTimeField(source="order.placed_at", read_only=True)
    incoterm = serializers.ChoiceField(choices=Incoterm.choices, source="order.incoterm", read_only=True)
    ship_to = serializers.SerializerMethodField()
    shipping_service = serializers.SerializerMethodField()
    next_statuses = serializers.SerializerMethodField()
    subtotal = MoneyField("subtotal_mad", mad_only=True)
    shipping = MoneyField("shipping_mad", mad_only=True)
    duties = MoneyField("duties_mad", mad_only=True)
    lines = ArtisanLineSerializer(many=True, read_only=True)

    class Meta:
        model = ArtisanOrder
        fields = [
            "id", "number", "placed_at", "status", "next_statuses", "incoterm", "ship_to", "shipping_service",
            "estimated_delivery_days_min", "estimated_delivery_days_max", "subtotal", "shipping",
            "duties", "parcel_weight_grams", "parcel_length_cm", "parcel_width_cm", "parcel_height_cm",
            "carrier", "tracking_number", "shipped_at", "delivered_at", "lines",
        ]  # fmt: skip

    @extend_schema_field(ShippingAddressSerializer)
    def get_ship_to(self, artisan_order) -> dict:
        """What goes on the parcel's label (no e-mail: the platform talks to the buyer)."""
        return artisan_order.order.shipping_address

    @extend_schema_field(ShippingServiceSerializer)
    def get_shipping_service(self, artisan_order) -> dict:
        service = artisan_order.shipping_service
        return {"code": service.code, "name": service.name, "carrier": service.carrier, "kind": service.kind}

    def get_next_statuses(self, artisan_order) -> list[str]:
        """The steps the artisan may take from here with /advance/ (their buttons)."""
        steps = lifecycle.artisan_order_next_statuses(artisan_order)
        return [str(status) for status in steps if status in lifecycle.ARTISAN_STEPS]


class AdvanceSerializer(StrictSerializer):
    to_status = serializers.ChoiceField(choices=[str(status) for status in lifecycle.ADVANCE_TARGETS])
    parcel_weight_grams = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=100_000)
    parcel_length_cm = serializers.DecimalField(
        required=False, allow_null=True, max_digits=6, decimal_places=1, min_value=Decimal("0.1")
    )
    parcel_width_cm = serializers.DecimalField(
        required=False, allow_null=True, max_digits=6, decimal_places=1, min_value=Decimal("0.1")
    )
    parcel_height_cm = serializers.DecimalField(
        required=False, allow_null=True, max_digits=6, decimal_places=1, min_value=Decimal("0.1")
    )
    carrier = serializers.CharField(required=False, allow_blank=True, max_length=80)
    tracking_number = serializers.CharField(required=False, allow_blank=True, max_length=60)


class ParcelUpdateSerializer(StrictSerializer):
    parcel_weight_grams = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=100_000)
    parcel_length_cm = serializers.DecimalField(
        required=False, allow_null=True, max_digits=6, decimal_places=1, min_value=Decimal("0.1")
    )
    parcel_width_cm = serializers.DecimalField(
        required=False, allow_null=True, max_digits=6, decimal_places=1, min_value=Decimal("0.1")
    )
    parcel_height_cm = serializers.DecimalField(
        required=False, allow_null=True, max_digits=6, decimal_places=1, min_value=Decimal("0.1")
    )


class MyOrderListView(generics.ListAPIView):
    """The artisan's orders to fulfil, newest first; `?status=` filters."""

    serializer_class = ArtisanOrderSerializer
    permission_classes = [permissions.IsAuthenticated]
    filterset_fields = ["status"]
    filter_backends = [DjangoFilterBackend]  # newest first always: no ?ordering= (the schema showed one)

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema generator has no user
            return ArtisanOrder.objects.none()
        return selectors.artisan_orders_of(self.request.user)


class MyOrderDetailView(generics.RetrieveAPIView):
    serializer_class = ArtisanOrderSerializer
    permission_classes = [permissions.IsAuthenticated]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema generator has no user
            return ArtisanOrder.objects.none()
        return selectors.artisan_orders_of(self.request.user)


def _parcel_step(request, pk, serializer_class, service) -> Response:
    """One of the user's parcels, the body checked, the service called, the
    parcel read again as the user sees it."""
    artisan_order = generics.get_object_or_404(selectors.artisan_orders_of(request.user), pk=pk)
    body = serializer_class(data=request.data)
    body.is_valid(raise_exception=True)
    service(artisan_order=artisan_order, actor=request.user, **body.validated_data)
    fresh = selectors.artisan_orders_of(request.user).get(pk=pk)
    return Response(ArtisanOrderSerializer(fresh).data)


class MyOrderAdvanceView(APIView):
    """One step: in_production, ready_to_ship (parcel weight and dimensions),
    shipped (tracking number; carrier defaults to the service's)."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(request=AdvanceSerializer, responses=ArtisanOrderSerializer)
    def post(self, request, pk):
        return _parcel_step(request, pk, AdvanceSerializer, lifecycle.artisan_order_advance)


class MyOrderParcelView(APIView):
    """The parcel ready to ship weighed or measured again: new export
    documents are made, and it may ship once they are ready."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(request=ParcelUpdateSerializer, responses=ArtisanOrderSerializer)
    def post(self, request, pk):
        return _parcel_step(request, pk, ParcelUpdateSerializer, lifecycle.artisan_order_parcel_update)
