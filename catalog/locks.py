"""Every row lock of the catalog, in one place and always in primary-key
order, so two transactions never wait on each other in a cycle.

Lock order: products, then their variants (the marketplace's whole order is
in orders/locks.py). Every stock or price change rewrites its product's
summary row after the variants (catalog.services.products_refresh_summary),
so the variants' products are locked before them: a checkout and the
artisan's edit of the same product never hold one row each."""

from artisans.models import ArtisanProfile
from catalog.models import Product, Variant
from marketplace import plain_sql


def product_for_update(product_id: int) -> Product:
    # Only the product row is locked; the joined artisan and cooperative are read.
    return Product.objects.select_for_update(of=("self",)).select_related("artisan__cooperative").get(pk=product_id)


def variants_for_update(*, ids=None, skus=None, artisan=None) -> list[Variant]:
    """The variants, by id, after their products, by id. Only the variant and
    product rows are locked; the artisans are read along."""
    variants = Variant.objects.all()
    if ids is not None:
        variants = variants.filter(pk__in=ids)
    if skus is not None:
        variants = variants.filter(sku__in=skus)
    if artisan is not None:
        variants = variants.filter(product__artisan=artisan)
    products = Product.objects.filter(pk__in=variants.values("product_id")).order_by("pk")
    list(products.select_for_update(of=("self",)).values_list("pk", flat=True))
    return list(variants.select_for_update(of=("self",)).select_related("product__artisan").order_by("pk"))


# What a sale reads of the variants it locks (orders.stock.stock_take, then
# the pricing and the order's lines), of their products and of their
# artisans: every language of the title (the line keeps the English one, or
# the one written), never the descriptions and profiles. The cart reads the
# same (orders.carts): a column left out would load on use, one query a line.
SALE_VARIANT_COLUMNS = plain_sql.columns(Variant, "id", "product_id", "sku", "options", "price_mad", "stock",
                                         "weight_grams")  # fmt: skip
SALE_PRODUCT_COLUMNS = plain_sql.columns(
    Product, "id", "artisan_id", "slug", "title", "title_en", "title_fr", "title_es", "title_ar",
    "original_language", "made_to_order", "lead_time_days", "hs_code", "weight_grams", "status", "thumbnail",
)  # fmt: skip
SALE_ARTISAN_COLUMNS = plain_sql.columns(ArtisanProfile, "id", "slug", "display_name_latin", "display_name_arabic",
                                         "verification_status")  # fmt: skip


def variants_for_sale(*, ids) -> list[Variant]:
    """The variants a checkout sells, locked as variants_for_update locks
    them (their products by id, then them by id), with their products and
    artisans: two statements of plain SQL (marketplace.plain_sql), where the
    ORM spent three times the database's time building and loading them.
    Only the columns a sale reads are loaded; any other loads on use."""
    ids = sorted(ids)
    if not ids:
        return []
    variants, products = Variant._meta.db_table, Product._meta.db_table
    marks = plain_sql.placeholders(len(ids))
    plain_sql.rows(
        f"SELECT id FROM {products} WHERE id IN (SELECT product_id FROM {variants} WHERE id IN ({marks})) "
        f"ORDER BY id{plain_sql.for_update()}",
        ids,
    )
    selected = (
        plain_sql.select_list("v", SALE_VARIANT_COLUMNS)
        + plain_sql.select_list("p", SALE_PRODUCT_COLUMNS)
        + plain_sql.select_list("a", SALE_ARTISAN_COLUMNS)
    )
    rows = plain_sql.rows(
        f"SELECT {', '.join(selected)} FROM {variants} v JOIN {products} p ON p.id = v.product_id "
        f"JOIN {ArtisanProfile._meta.db_table} a ON a.id = p.artisan_id WHERE v.id IN ({marks}) "
        f"ORDER BY v.id{plain_sql.for_update(of='v')}",
        ids,
    )
    found = []
    for row in rows:
        variant, product, artisan = plain_sql.instances(row, (Variant, SALE_VARIANT_COLUMNS),
                                                        (Product, SALE_PRODUCT_COLUMNS),
                                                        (ArtisanProfile, SALE_ARTISAN_COLUMNS))  # fmt: skip
        product.artisan = artisan
        variant.product = product
        found.append(variant)
    return found
