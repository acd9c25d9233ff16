"""Taking and giving back stock. Variants are always locked in primary-key
order (catalog/locks.py), so two checkouts never deadlock on each other."""

from collections import defaultdict

from django.utils.translation import gettext as _

from catalog import locks as catalog_locks
from catalog.models import ProductStatus, Variant
from catalog.services import products_refresh_summary
from marketplace import cache_version, plain_sql
from marketplace.errors import Conflict


class OutOfStock(Conflict):
    code = "out_of_stock"


class NoLongerOnSale(Conflict):
    code = "not_on_sale"


def stock_take(wanted: dict[int, int]) -> dict:
    """Lock the variants (id → quantity wanted), check and take their stock.
    Returns the locked variants by id. Must run inside a transaction."""
    variants = {variant.pk: variant for variant in catalog_locks.variants_for_sale(ids=wanted)}
    for variant_id in sorted(wanted):
        variant = variants.get(variant_id)
        if variant is None or variant.product.status != ProductStatus.ACTIVE:
            sku = variant.sku if variant else str(variant_id)
            raise NoLongerOnSale(_("%(sku)s is no longer on sale.") % {"sku": sku}, fields={"sku": [sku]})
        quantity = wanted[variant_id]
        if variant.product.made_to_order:
            continue
        if variant.stock < quantity:
            raise OutOfStock(
                _("Out of stock: %(sku)s (%(left)d left).") % {"sku": variant.sku, "left": variant.stock},
                fields={"sku": [variant.sku]},
            )
    changed, sold_out = [], False
    for variant_id in sorted(wanted):
        variant = variants[variant_id]
        if not variant.product.made_to_order:
            variant.stock -= wanted[variant_id]
            sold_out = sold_out or variant.stock == 0
            changed.append(variant)
    _save(changed, public_change=sold_out)
    return variants


def stock_release(returned: dict[int, int]) -> None:
    """Give stock back (variant id → quantity), e.g. when an unpaid order is
    cancelled. Variants deleted since are skipped. Inside a transaction."""
    variants = catalog_locks.variants_for_update(ids=list(returned))
    changed, back_in_stock = [], False
    for variant in variants:
        if not variant.product.made_to_order:
            back_in_stock = back_in_stock or variant.stock == 0
            variant.stock += returned[variant.pk]
            changed.append(variant)
    _save(changed, public_change=back_in_stock)


def _save(variants, *, public_change: bool) -> None:
    """Public pages show only whether a variant is in stock, so an order
    invalidates cached pages only when a variant sells out or comes back;
    otherwise every order would empty the catalog cache for everyone."""
    if not variants:
        return
    # One UPDATE in plain SQL (marketplace.plain_sql): bulk_update's ORM cost
    # three times the statement, on every checkout.
    plain_sql.execute(
        f"UPDATE {Variant._meta.db_table} SET stock = CASE id {' '.join(['WHEN %s THEN %s'] * len(variants))} END "
        f"WHERE id IN ({plain_sql.placeholders(len(variants))})",
        [value for variant in variants for value in (variant.pk, variant.stock)] + [variant.pk for variant in variants],
    )
    products_refresh_summary(product_ids={variant.product_id for variant in variants}, bump=False)
    if public_change:
        cache_version.bump_on_commit()


def quantities_by_variant(lines) -> dict[int, int]:
    """Sum quantities of (variant_id, quantity) pairs."""
    totals = defaultdict(int)
    for variant_id, quantity in lines:
        totals[variant_id] += quantity
    return dict(totals)
