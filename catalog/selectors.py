from django.db.models import Prefetch

from artisans.models import VerificationStatus
from catalog.models import Category, Product, ProductStatus, Variant

# What a product card needs; the list never loads descriptions.
CARD_FIELDS = (
    "id", "slug", "title_en", "title_fr", "title_es", "title_ar", "original_language", "category_id",
    "region_of_origin", "made_to_order", "lead_time_days", "handmade_in_morocco", "min_price_mad",
    "total_stock", "thumbnail", "rating_average", "rating_count", "created_at",
    "artisan__id", "artisan__slug", "artisan__display_name_latin", "artisan__display_name_arabic",
    "artisan__cooperative__id", "artisan__cooperative__slug", "artisan__cooperative__name_latin",
    "artisan__cooperative__name_arabic",
)  # fmt: skip


def public_products():
    """Active products of verified artisans: what any buyer may see."""
    return Product.objects.filter(
        status=ProductStatus.ACTIVE, artisan__verification_status=VerificationStatus.VERIFIED
    ).select_related("artisan__cooperative")


def public_product_cards():
    return public_products().only(*CARD_FIELDS)


def public_product_detail():
    return (
        public_products()
        .select_related("category")
        .prefetch_related(
            Prefetch("variants", queryset=Variant.objects.order_by("position", "id")), "photos", "materials"
        )
    )


def category_descendant_ids(slug: str) -> list[int] | None:
    """The category and everything under it, or None if the slug is unknown."""
    rows = list(Category.objects.values_list("id", "parent_id", "slug"))
    root = next((row[0] for row in rows if row[2] == slug), None)
    if root is None:
        return None
    wanted, frontier = {root}, {root}
    while frontier:
        frontier = {row[0] for row in rows if row[1] in frontier} - wanted
        wanted |= frontier
    return sorted(wanted)


def products_of_artisan(user):
    return (
        Product.objects.owned_by(user)
        .select_related("category", "artisan")
        .prefetch_related(Prefetch("variants", queryset=Variant.objects.order_by("position", "id")), "materials")
    )
