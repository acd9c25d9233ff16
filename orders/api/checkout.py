"""What the checkout reads: its request body (the view is
payments.api.checkout: the flow starts the payment too; the order it
answers is orders.api.order's)."""

from django.utils.translation import gettext as _
from rest_framework import serializers

from marketplace.api.serializers import StrictSerializer
from marketplace.money import SUPPORTED_CURRENCIES
from orders.addresses import ShippingAddressSerializer
from orders.models import Incoterm

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
