"""Every row lock of the catalog, in one place and always in primary-key
order, so two transactions never wait on each other in a cycle.

Lock order: products, then their variants (the marketplace's whole order is
in orders/locks.py). Every stock or price change rewrites its product's
summary row after the variants (catalog.services.products_refresh_summary),
so the variants' products are locked before them: a checkout and the
artisan's edit of the same product never hold one row each."""

from catalog.models import Product, Variant


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
