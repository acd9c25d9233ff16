"""What the public catalog answers, for the OpenAPI schema the apps are
generated from. The views build these bodies as plain dicts (catalog/api/cards.py,
rendered once and cached), so these serializers only describe them; a test
compares them with real answers (tests/catalog/test_public_schema.py)."""

from rest_framework import serializers

from marketplace.api.money import MoneySerializer
from marketplace.money import SUPPORTED_CURRENCIES

RATE_AT = {"allow_null": True, "help_text": "When the exchange rate of the prices took effect; null for MAD."}


class CooperativeSummarySchema(serializers.Serializer):
    slug = serializers.SlugField()
    name_latin = serializers.CharField()
    name_arabic = serializers.CharField()


class ArtisanSummarySchema(serializers.Serializer):
    slug = serializers.SlugField()
    display_name_latin = serializers.CharField()
    display_name_arabic = serializers.CharField()
    cooperative = CooperativeSummarySchema(allow_null=True)


class RatingSchema(serializers.Serializer):
    average = serializers.DecimalField(max_digits=3, decimal_places=2)
    count = serializers.IntegerField()


class ProductCardSchema(serializers.Serializer):
    slug = serializers.SlugField()
    title = serializers.CharField(help_text="In the request's language, else the first one written.")
    price = MoneySerializer(allow_null=True, help_text="The lowest price of its variants.")
    thumbnail = serializers.URLField(allow_null=True)
    artisan = ArtisanSummarySchema()
    rating = RatingSchema()
    region = serializers.CharField()
    in_stock = serializers.BooleanField()
    made_to_order = serializers.BooleanField()
    lead_time_days = serializers.IntegerField(allow_null=True)
    handmade_in_morocco = serializers.BooleanField()


class ProductPageSchema(serializers.Serializer):
    currency = serializers.ChoiceField(choices=SUPPORTED_CURRENCIES)
    rate_at = serializers.DateTimeField(**RATE_AT)
    count = serializers.IntegerField(required=False, help_text="With `?page=` only: cursors do not count.")
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = ProductCardSchema(many=True)


class FavouritePageSchema(serializers.Serializer):
    count = serializers.IntegerField(required=False, help_text="With `?page=` only: cursors do not count.")
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = ProductCardSchema(many=True)


class CategorySummarySchema(serializers.Serializer):
    slug = serializers.SlugField()
    name = serializers.CharField()
    hs_code = serializers.CharField(help_text="The product's HS code for customs.")


class MaterialSchema(serializers.Serializer):
    slug = serializers.SlugField()
    name = serializers.CharField()


class DimensionsSchema(serializers.Serializer):
    length = serializers.DecimalField(max_digits=6, decimal_places=1, allow_null=True)
    width = serializers.DecimalField(max_digits=6, decimal_places=1, allow_null=True)
    height = serializers.DecimalField(max_digits=6, decimal_places=1, allow_null=True)


class VariantSchema(serializers.Serializer):
    id = serializers.IntegerField(help_text="What the cart takes.")
    sku = serializers.CharField()
    options = serializers.DictField(child=serializers.CharField(), help_text='{"colour": "blue", …}')
    price = MoneySerializer()
    compare_at_price = MoneySerializer(allow_null=True)
    in_stock = serializers.BooleanField()


class PhotoSchema(serializers.Serializer):
    id = serializers.IntegerField()
    width = serializers.IntegerField()
    height = serializers.IntegerField()
    alt_text = serializers.CharField()
    original = serializers.URLField()
    renditions = serializers.DictField(
        child=serializers.DictField(child=serializers.URLField()),
        help_text='By format then width: {"webp": {"320": url, "800": url, "1600": url}, "jpeg": {…}}.',
    )
    srcset = serializers.DictField(child=serializers.CharField(), help_text='{"webp": "url 320w, …", "jpeg": …}')


class ProductDetailSchema(ProductCardSchema):
    rate_at = serializers.DateTimeField(**RATE_AT)
    description = serializers.CharField()
    category = CategorySummarySchema()
    materials = MaterialSchema(many=True)
    technique = serializers.CharField()
    weight_grams = serializers.IntegerField()
    dimensions_cm = DimensionsSchema()
    variants = VariantSchema(many=True)
    photos = PhotoSchema(many=True)
    published_at = serializers.DateTimeField(allow_null=True)


class CategorySchema(serializers.Serializer):
    slug = serializers.SlugField()
    parent = serializers.SlugField(allow_null=True)
    name = serializers.CharField()
    default_hs_code = serializers.CharField()
