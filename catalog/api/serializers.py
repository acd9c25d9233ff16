from decimal import Decimal

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from artisans.permissions import actor_label
from catalog.models import Category, Material, Product, ProductEvent, Variant, normalise_hs_code
from marketplace.api.money import MoneyField
from marketplace.api.serializers import StrictModelSerializer, StrictSerializer
from marketplace.regions import MoroccanRegion

LANGUAGE_CODES = ["en", "fr", "es", "ar"]


def validate_hs_code(value: str) -> str:
    digits = value.replace(".", "").strip()
    # HS chapters run 01-97 (77 is reserved); a 6-digit code is chapter, heading, subheading.
    if len(digits) != 6 or not digits.isdigit() or not (1 <= int(digits[:2]) <= 97) or digits[:2] == "77":
        raise serializers.ValidationError(_("Enter a valid 6-digit HS code, e.g. 6912.00."))
    return normalise_hs_code(digits)


class VariantSerializer(StrictModelSerializer):
    """The artisan sets prices in MAD as decimal strings (`price_mad`) and
    reads them back as Money (`price`), like every amount the API answers."""

    price_mad = serializers.DecimalField(max_digits=12, decimal_places=2, min_value=Decimal("0.01"), write_only=True)
    compare_at_price_mad = serializers.DecimalField(
        max_digits=12, decimal_places=2, min_value=Decimal("0.01"), required=False, allow_null=True, write_only=True
    )
    price = MoneyField("price_mad", mad_only=True)
    compare_at_price = MoneyField("compare_at_price_mad", mad_only=True, allow_null=True)
    stock = serializers.IntegerField(min_value=0, max_value=1_000_000, default=0)
    options = serializers.DictField(child=serializers.CharField(max_length=60), required=False, default=dict)

    class Meta:
        model = Variant
        fields = [
            "id", "sku", "options", "price_mad", "compare_at_price_mad", "price", "compare_at_price", "stock",
            "weight_grams", "position",
        ]  # fmt: skip
        read_only_fields = ["id"]

    def validate(self, attrs):
        price = attrs.get("price_mad", getattr(self.instance, "price_mad", None))
        compare_at = attrs.get("compare_at_price_mad")
        if compare_at is not None and price is not None and compare_at <= price:
            raise serializers.ValidationError({"compare_at_price_mad": [_("Must be higher than the price.")]})
        return attrs


class ProductEventSerializer(serializers.ModelSerializer):
    # An operator's e-mail is never shown to a cooperative admin (artisans.permissions.actor_label).
    actor = serializers.SerializerMethodField()

    class Meta:
        model = ProductEvent
        fields = ["from_status", "to_status", "changes", "reason", "actor", "created_at"]

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_actor(self, event) -> str | None:
        artisan = event.product.artisan
        viewer = getattr(self.context.get("request"), "user", None)
        return actor_label(
            event.actor, viewer=viewer, cooperatives=[artisan.cooperative], subject_user_ids={artisan.user_id}
        )


class OwnProductSerializer(StrictModelSerializer):
    """An artisan's own product, as they edit it: every language's text."""

    category = serializers.SlugRelatedField(slug_field="slug", queryset=Category.objects.all())
    materials = serializers.SlugRelatedField(
        slug_field="slug", queryset=Material.objects.all(), many=True, required=False
    )
    hs_code = serializers.CharField(max_length=7, required=False, validators=[validate_hs_code])
    region_of_origin = serializers.ChoiceField(choices=MoroccanRegion.choices, required=False)
    original_language = serializers.ChoiceField(choices=settings.LANGUAGES, required=False)
    variants = VariantSerializer(many=True, required=False)
    min_price = MoneyField("min_price_mad", mad_only=True, allow_null=True, help_text=_("Of its variants."))

    class Meta:
        model = Product
        fields = [
            "id", "slug", "status",
            *(f"title_{code}" for code in LANGUAGE_CODES),
            *(f"description_{code}" for code in LANGUAGE_CODES),
            "original_language", "category", "materials", "technique", "region_of_origin",
            "made_to_order", "lead_time_days", "hs_code", "weight_grams", "length_cm", "width_cm", "height_cm",
            "handmade_in_morocco", "min_price", "total_stock", "rating_average", "rating_count",
            "variants", "created_at", "updated_at", "published_at",
        ]  # fmt: skip
        read_only_fields = [
            "id", "slug", "status", "handmade_in_morocco", "total_stock",
            "rating_average", "rating_count", "created_at", "updated_at", "published_at",
        ]  # fmt: skip
        extra_kwargs = {
            **{f"title_{code}": {"max_length": 200, "required": False, "allow_blank": True} for code in LANGUAGE_CODES},
            **{f"description_{code}": {"max_length": 10000, "required": False, "allow_blank": True}
               for code in LANGUAGE_CODES},
            "weight_grams": {"min_value": 1, "max_value": 100_000},
            "lead_time_days": {"min_value": 0, "max_value": 365},
        }  # fmt: skip

    def validate_variants(self, value):
        if self.instance is not None:
            raise serializers.ValidationError(_("Edit variants through the product's variants endpoint."))
        return value


class StockRowSerializer(StrictSerializer):
    sku = serializers.CharField(max_length=64)
    stock = serializers.IntegerField(min_value=0, max_value=1_000_000)


class ReasonSerializer(StrictSerializer):
    reason = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")
