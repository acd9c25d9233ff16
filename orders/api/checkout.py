"""What the checkout reads and answers: its request body and the placed
order (the view is payments.api.checkout: the flow starts the payment too)."""

from django.utils.translation import gettext as _
from rest_framework import serializers

from marketplace.api.serializers import StrictSerializer
from marketplace.money import SUPPORTED_CURRENCIES
from orders.addresses import ShippingAddressSerializer
from orders.models import ArtisanOrderStatus, Incoterm, OrderStatus, TaxKind

IDEMPOTENCY_HEADER = "Idempotency-Key"


class CheckoutSerializer(StrictSerializer):
    email = serializers.EmailField(required=False, help_text=_("Required for guests."))
    shipping_address = ShippingAddressSerializer(required=False, help_text=_("Or `saved_address`."))
    saved_address = serializers.IntegerField(
        min_value=1, required=False, help_text=_("The id of one of the signed-in buyer's saved addresses.")
    )
    shipping_services = serializers.DictField(
        child=serializers.SlugField(max_length=30), required=False, default=dict,
        help_text=_("Artisan slug → shipping service code; the cheapest when left out."),
    )  # fmt: skip
    currency = serializers.ChoiceField(choices=SUPPORTED_CURRENCIES, required=False)
    incoterm = serializers.ChoiceField(choices=Incoterm.choices, default=Incoterm.DAP)
    insurance = serializers.BooleanField(
        default=False, help_text=_("Insure every parcel (its premium is added to the total).")
    )
    payment_provider = serializers.ChoiceField(
        choices=["stripe", "cmi"], required=False, allow_blank=True, default="",
        help_text=_("Pay by Stripe or on CMI's page (Moroccan cards); left out: CMI for MAD, Stripe otherwise."),
    )  # fmt: skip

    def validate(self, attrs):
        if ("shipping_address" in attrs) == ("saved_address" in attrs):
            message = _("Send either a shipping address or the id of a saved address.")
            raise serializers.ValidationError({"shipping_address": [message]})
        return attrs


DECIMAL = {"max_digits": 12, "decimal_places": 2}


class DutyLineSchema(serializers.Serializer):
    rule = serializers.IntegerField()
    name = serializers.CharField()
    kind = serializers.ChoiceField(choices=TaxKind.choices)
    collectable = serializers.BooleanField(help_text=_("Paid with the order (DDP); else to the carrier on delivery."))
    amount = serializers.DecimalField(**DECIMAL)
    amount_mad = serializers.DecimalField(**DECIMAL)


class OrderAmountSchema(serializers.Serializer):
    amount = serializers.DecimalField(**DECIMAL, help_text=_("In the order's currency."))
    mad = serializers.DecimalField(**DECIMAL)


class OrderTotalsSchema(serializers.Serializer):
    subtotal = OrderAmountSchema()
    shipping_total = OrderAmountSchema()
    duties_total = OrderAmountSchema()
    duties_collected = OrderAmountSchema()
    insurance_total = OrderAmountSchema()
    total = OrderAmountSchema()


class PlacedLineSchema(serializers.Serializer):
    sku = serializers.CharField()
    title = serializers.CharField()
    quantity = serializers.IntegerField()
    hs_code = serializers.CharField()
    unit_price = serializers.DecimalField(**DECIMAL)
    unit_price_mad = serializers.DecimalField(**DECIMAL)
    line_total = serializers.DecimalField(**DECIMAL)
    line_total_mad = serializers.DecimalField(**DECIMAL)


class PlacedArtisanOrderSchema(serializers.Serializer):
    id = serializers.IntegerField()
    artisan = serializers.SlugField()
    status = serializers.ChoiceField(choices=ArtisanOrderStatus.choices)
    shipping_service = serializers.CharField()
    subtotal = serializers.DecimalField(**DECIMAL)
    shipping = serializers.DecimalField(**DECIMAL)
    duties = serializers.DecimalField(**DECIMAL)
    duties_breakdown = DutyLineSchema(many=True)
    insured = serializers.BooleanField()
    insurance_premium = serializers.DecimalField(**DECIMAL)
    delivery_days = serializers.ListField(child=serializers.IntegerField(), help_text=_("[fewest, most]"))
    lines = PlacedLineSchema(many=True)


class PlacedOrderSchema(serializers.Serializer):
    """Describes order_body (the view builds it as a dict)."""

    number = serializers.CharField()
    status = serializers.ChoiceField(choices=OrderStatus.choices)
    access_token = serializers.CharField(help_text=_("A guest reads the order with it (`?token=`)."))
    email = serializers.EmailField()
    currency = serializers.ChoiceField(choices=SUPPORTED_CURRENCIES)
    exchange_rate = serializers.DecimalField(max_digits=14, decimal_places=6)
    incoterm = serializers.ChoiceField(choices=Incoterm.choices)
    expires_at = serializers.DateTimeField(allow_null=True, help_text=_("Cancelled if not paid by then."))
    totals = OrderTotalsSchema()
    artisan_orders = PlacedArtisanOrderSchema(many=True)


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
            for name in ("subtotal", "shipping_total", "duties_total", "duties_collected", "insurance_total", "total")
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
                "insured": artisan_order.insured,
                "insurance_premium": str(artisan_order.insurance_premium),
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
