"""Every row lock of the catalog, in one place and always in primary-key
order, so two transactions never wait on each other in a cycle."""

from catalog.models import Product, Variant


def product_for_update(product_id: int) -> Product:
    # Only the product row is locked; the joined artisan and cooperative are read.
    return Product.objects.select_for_update(of=("self",)).select_related("artisan__cooperative").get(pk=product_id)


def variants_for_update(*, ids=None, skus=None, artisan=None) -> list[Variant]:
    # Only the variant rows are locked; their products and artisans are read along.
    queryset = Variant.objects.select_for_update(of=("self",)).select_related("product__artisan")
    if ids is not None:
        queryset = queryset.filter(pk__in=ids)
    if skus is not None:
        queryset = queryset.filter(sku__in=skus)
    if artisan is not None:
        queryset = queryset.filter(product__artisan=artisan)
    return list(queryset.order_by("pk"))
