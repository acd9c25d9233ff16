import json

from django.conf import settings
from django.db import connection
from django.db.models import Prefetch

from artisans.models import VerificationStatus
from catalog.models import Category, Material, Product, ProductPhoto, ProductStatus, Variant

LANGUAGES = [code for code, _name in settings.LANGUAGES]
# What a product card needs (catalog/api/cards.py): plain rows, no model
# instances, and never the descriptions.
CARD_FIELDS = (
    "id", "slug", "title_en", "title_fr", "title_es", "title_ar", "original_language",
    "region_of_origin", "made_to_order", "lead_time_days", "handmade_in_morocco", "min_price_mad",
    "total_stock", "thumbnail", "rating_average", "rating_count", "created_at",
    "artisan__slug", "artisan__display_name_latin", "artisan__display_name_arabic",
    "artisan__cooperative__slug", "artisan__cooperative__name_latin", "artisan__cooperative__name_arabic",
)  # fmt: skip
# What the detail page reads of a product: every language (for the fallback),
# none of the columns only artisans and staff see.
DETAIL_FIELDS = (
    "id", "slug", "title_en", "title_fr", "title_es", "title_ar",
    "description_en", "description_fr", "description_es", "description_ar", "original_language",
    "region_of_origin", "made_to_order", "lead_time_days", "handmade_in_morocco", "min_price_mad",
    "total_stock", "thumbnail", "rating_average", "rating_count", "technique", "weight_grams",
    "length_cm", "width_cm", "height_cm", "hs_code", "published_at", "status",
    "artisan__id", "artisan__slug", "artisan__display_name_latin", "artisan__display_name_arabic",
    "artisan__verification_status", "artisan__cooperative__id", "artisan__cooperative__slug",
    "artisan__cooperative__name_latin", "artisan__cooperative__name_arabic",
    "category__id", "category__slug", "category__name_en", "category__name_fr", "category__name_es",
    "category__name_ar",
)  # fmt: skip


def public_products():
    """Active products of verified artisans: what any buyer may see."""
    return Product.objects.filter(
        status=ProductStatus.ACTIVE, artisan__verification_status=VerificationStatus.VERIFIED
    ).select_related("artisan__cooperative")


def public_product_cards():
    """Public products to be turned into card rows with `card_rows()`."""
    return Product.objects.filter(status=ProductStatus.ACTIVE, artisan__verification_status=VerificationStatus.VERIFIED)


def card_rows(queryset):
    """The rows a page of cards is built from; keeps the search rank when
    there is one (cursor pagination orders by it)."""
    extra = ("search_rank",) if "search_rank" in queryset.query.annotations else ()
    return queryset.values(*CARD_FIELDS, *extra)


def _dicts(sql: str, params) -> list[dict]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        names = [column[0] for column in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _json(value):
    # PostgreSQL's driver decodes JSON columns; SQLite hands back text.
    return json.loads(value) if isinstance(value, str) else value


def public_product_detail(slug: str) -> Product:
    """A public product with `detail_variants` (dicts), `detail_photos`
    (ProductPhoto) and `detail_materials` (dicts), in four queries. The three
    lists are read with plain SQL: building three ORM prefetches cost more
    than running them (measured with bench/)."""
    product = public_products().select_related("category").only(*DETAIL_FIELDS).get(slug=slug)
    variants = _dicts(
        f"SELECT id, sku, options, price_mad, compare_at_price_mad, stock FROM {Variant._meta.db_table} "
        "WHERE product_id = %s ORDER BY position, id",
        [product.pk],
    )
    for variant in variants:
        variant["options"] = _json(variant["options"])
    product.detail_variants = variants
    photo_columns = ["id", "original", "width", "height", "renditions", *(f"alt_text_{code}" for code in LANGUAGES)]
    product.detail_photos = [
        ProductPhoto(product_id=product.pk, **{**row, "renditions": _json(row["renditions"])})
        for row in _dicts(
            f"SELECT {', '.join(photo_columns)} FROM {ProductPhoto._meta.db_table} "
            "WHERE product_id = %s ORDER BY position, id",
            [product.pk],
        )
    ]
    product.detail_materials = _dicts(
        f"SELECT m.slug, {', '.join(f'm.name_{code}' for code in LANGUAGES)} FROM {Material._meta.db_table} m "
        f"JOIN {Product.materials.through._meta.db_table} pm ON pm.material_id = m.id "
        "WHERE pm.product_id = %s ORDER BY m.slug",
        [product.pk],
    )
    return product


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
