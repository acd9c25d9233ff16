"""The one representation of a buyer's order (the `Order` component): what
the checkout answers (inside `PlacedOrder`), what `GET /orders/{number}/`,
the order list and the cancellation answer. Every amount is a Money in the
order's currency with its MAD value.

Rendered from an order whose artisan orders and lines are in hand (just
placed, orders.checkout, or read with selectors.orders_with_parts): the
prefetch fills each parcel's `order` and each line's `artisan_order`, so the
currency costs no query."""

from decimal import Decimal

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field, inline_serializer
from rest_framework import serializers

from marketplace.api.money import MoneyField, MoneySerializer, money
from marketplace.money import SUPPORTED_CURRENCIES
from orders import lifecycle, selectors
from orders.addresses import ShippingAddressSerializer
from orders.models import ArtisanOrder, Order, OrderLine, TaxKind


class DutyLineSerializer(serializers.Serializer):
    """One duty or tax on a parcel (the cart's quote, the order's estimate)."""

    rule = serializers.IntegerField()
    name = serializers.CharField()
    kind = serializers.ChoiceField(choices=TaxKind.choices)
    collectable = serializers.BooleanField(help_text=_("Paid with the order (DDP); else to the carrier on delivery."))
    amount = MoneySerializer()


def duty_lines(breakdown: list[dict], currency: str) -> list[dict]:
    """A parcel's duties breakdown (orders.pricing: amounts as strings) as DutyLine bodies."""
    return [
        {
            "rule": line["rule"],
            "name": line["name"],
            "kind": line["kind"],
            "collectable": line["collectable"],
            "amount": money(Decimal(line["amount"]), currency, Decimal(line["amount_mad"])),
        }
        for line in breakdown
    ]


LINE_CURRENCY = "artisan_order.order.currency"


class OrderLineSerializer(serializers.ModelSerializer):
    """`quantity` is what was bought; `quantity_live` what is still bought
    (in the parcel) after `quantity_refunded` pieces were refunded, for
    `amount_refunded`."""

    product = serializers.CharField(source="product_slug", read_only=True, allow_null=True)
    quantity_live = serializers.IntegerField(source="live_quantity", read_only=True)
    options = serializers.DictField(child=serializers.CharField(), read_only=True, help_text=_('{"colour": "blue", …}'))
    unit_price = MoneyField(currency=LINE_CURRENCY)
    line_total = MoneyField(currency=LINE_CURRENCY)
    amount_refunded = MoneyField(currency=LINE_CURRENCY)

    class Meta:
        model = OrderLine
        fields = ["id", "product", "title", "sku", "options", "hs_code", "quantity", "quantity_refunded",
                  "quantity_live", "unit_price", "line_total", "amount_refunded", "made_to_order"]  # fmt: skip
        read_only_fields = fields  # an answer: every field is always there, for the generated clients


PARCEL_CURRENCY = "order.currency"


class ParcelSerializer(serializers.ModelSerializer):
    """One artisan's part of the order, as the buyer follows it."""

    artisan = serializers.SerializerMethodField()
    shipping_service = serializers.SerializerMethodField()
    subtotal = MoneyField(currency=PARCEL_CURRENCY)
    shipping = MoneyField(currency=PARCEL_CURRENCY)
    duties = MoneyField(currency=PARCEL_CURRENCY, help_text=_("Estimated duties and taxes."))
    duties_breakdown = serializers.SerializerMethodField()
    insurance_premium = MoneyField(currency=PARCEL_CURRENCY)
    tracking_url = serializers.SerializerMethodField()
    lines = OrderLineSerializer(many=True, read_only=True)

    class Meta:
        model = ArtisanOrder
        fields = [
            "id", "artisan", "status", "shipping_service", "estimated_delivery_days_min",
            "estimated_delivery_days_max", "subtotal", "shipping", "duties", "duties_breakdown", "insured",
            "insurance_premium", "carrier", "tracking_number", "tracking_url", "shipped_at", "delivered_at", "lines",
        ]  # fmt: skip
        read_only_fields = fields

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

    @extend_schema_field(DutyLineSerializer(many=True))
    def get_duties_breakdown(self, artisan_order) -> list[dict]:
        return duty_lines(artisan_order.duties_breakdown, artisan_order.order.currency)

    def get_tracking_url(self, artisan_order) -> str:
        return selectors.tracking_url(artisan_order)


class OrderSerializer(serializers.ModelSerializer):
    currency = serializers.ChoiceField(choices=SUPPORTED_CURRENCIES, read_only=True)
    exchange_rate = serializers.DecimalField(
        max_digits=18, decimal_places=8, read_only=True, help_text=_("Units of `currency` per MAD, fixed at checkout.")
    )
    expires_at = serializers.DateTimeField(
        read_only=True, allow_null=True, help_text=_("Cancelled if not paid by then.")
    )
    shipping_address = serializers.SerializerMethodField()
    subtotal = MoneyField()
    shipping_total = MoneyField()
    duties_total = MoneyField(help_text=_("Estimated duties and taxes of every parcel."))
    duties_collected = MoneyField(help_text=_("The part paid with the order (DDP)."))
    insurance_total = MoneyField()
    total = MoneyField(help_text=_("What is charged."))
    can_cancel = serializers.SerializerMethodField()
    parcels = ParcelSerializer(source="artisan_orders", many=True, read_only=True)

    class Meta:
        model = Order
        fields = [
            "number", "status", "placed_at", "expires_at", "email", "language", "currency", "exchange_rate",
            "incoterm", "shipping_address", "subtotal", "shipping_total", "duties_total", "duties_collected",
            "insurance_total", "total", "can_cancel", "parcels",
        ]  # fmt: skip
        read_only_fields = fields

    @extend_schema_field(ShippingAddressSerializer)
    def get_shipping_address(self, order) -> dict:
        return order.shipping_address

    def get_can_cancel(self, order) -> bool:
        """What the cancel button shows; the service decides for real."""
        return lifecycle.order_is_cancellable(order, order.artisan_orders.all())
