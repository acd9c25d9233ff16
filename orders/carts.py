"""Carts: a guest's (found by its token) or a signed-in buyer's. Only prices
computed here from the catalog count; nothing the client says about a price."""

import uuid
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from artisans.models import ArtisanProfile, VerificationStatus
from catalog.locks import SALE_ARTISAN_COLUMNS, SALE_PRODUCT_COLUMNS, SALE_VARIANT_COLUMNS
from catalog.models import Product, ProductStatus, Variant
from marketplace import plain_sql
from marketplace.errors import DomainError
from orders.models import Cart, CartLine
from orders.stock import NoLongerOnSale, OutOfStock

CART_TOKEN_HEADER = "X-Cart-Token"
MAX_QUANTITY = 99


class CartNotFound(DomainError):
    status_code = 404
    code = "cart_not_found"


class CartExpired(DomainError):
    status_code = 410
    code = "cart_expired"


def _expiry():
    return timezone.now() + timedelta(days=settings.CART_TOKEN_DAYS)


CART_COLUMNS = plain_sql.columns(Cart, "id", "token", "user_id")  # its dates load on use


def _guest_cart(token: str) -> Cart:
    """The guest cart of `token`, read with plain SQL: every cart and checkout
    request starts here, and the ORM cost several times the query. Its dates
    are left to load on use; the database says whether it has expired."""
    token = _uuid_or_none(token)
    rows = token and plain_sql.rows(
        f"SELECT expires_at < %s, id, token, user_id FROM {Cart._meta.db_table} WHERE token = %s AND user_id IS NULL",
        [plain_sql.stored(Cart, "expires_at", timezone.now()), plain_sql.stored(Cart, "token", token)],
    )
    if not rows:
        raise CartNotFound(_("No cart with this token."), fields={"cart_token": [_("Unknown cart.")]})
    expired, *cart = rows[0]
    if expired:
        raise CartExpired(_("This cart has expired; start a new one."), fields={"cart_token": [_("Expired.")]})
    return plain_sql.instances(cart, (Cart, CART_COLUMNS))[0]


def cart_get(*, user, token: str | None, create: bool = False) -> Cart | None:
    """The cart a request works on. A signed-in buyer who still sends a guest
    token (the first request after logging in) gets the guest cart merged in."""
    if user is not None and user.is_authenticated:
        cart = Cart.objects.filter(user=user).first()
        if token:
            guest = Cart.objects.filter(token=_uuid_or_none(token), user__isnull=True).first()
            if guest is not None:
                cart = cart_merge(guest_cart=guest, user=user)
        if cart is None and create:
            cart = _user_cart_create(user)
        return cart
    if token:
        return _guest_cart(token)
    if create:
        return Cart.objects.create(expires_at=_expiry())
    return None


def _uuid_or_none(token):
    try:
        return uuid.UUID(str(token))
    except ValueError:
        return None


def _user_cart_create(user) -> Cart:
    try:
        with transaction.atomic():
            return Cart.objects.create(user=user, expires_at=_expiry())
    except IntegrityError:  # created by a concurrent request
        return Cart.objects.get(user=user)


# The cart's two reads of variants (the one going in, and every line's for
# the answer) are plain SQL over three tables (marketplace.plain_sql): the ORM
# spent several times longer building and loading them (select_related,
# modeltranslation) than PostgreSQL spent running them. They read the
# columns a sale reads (catalog.locks), never the descriptions and profiles;
# a column left out would load on use, one query per line, which
# tests/orders/test_cart.py counts.
VARIANT_COLUMNS, PRODUCT_COLUMNS, ARTISAN_COLUMNS = SALE_VARIANT_COLUMNS, SALE_PRODUCT_COLUMNS, SALE_ARTISAN_COLUMNS
LARGEST_ID = 2**63 - 1  # bigint


def _variants_select(*, lines: bool, where: str) -> str:
    """SELECT the variant, product and artisan columns (after the line's
    quantity when `lines`: FROM the cart lines) WHERE `where`; each row
    for _variant_from_row (after the quantity)."""
    selected = (
        (["l.quantity"] if lines else [])
        + plain_sql.select_list("v", VARIANT_COLUMNS)
        + plain_sql.select_list("p", PRODUCT_COLUMNS)
        + plain_sql.select_list("a", ARTISAN_COLUMNS)
    )
    variants = f"{Variant._meta.db_table} v"
    tables = f"{CartLine._meta.db_table} l JOIN {variants} ON v.id = l.variant_id" if lines else variants
    return (
        f"SELECT {', '.join(selected)} FROM {tables} JOIN {Product._meta.db_table} p ON p.id = v.product_id "
        f"JOIN {ArtisanProfile._meta.db_table} a ON a.id = p.artisan_id WHERE {where}"
    )


def _variant_from_row(row) -> Variant:
    """A variant with its product and artisan, as the ORM would load them."""
    variant, product, artisan = plain_sql.instances(
        row, (Variant, VARIANT_COLUMNS), (Product, PRODUCT_COLUMNS), (ArtisanProfile, ARTISAN_COLUMNS)
    )
    product.artisan = artisan
    variant.product = product
    return variant


def _sellable_variant(variant_id: int) -> Variant:
    rows = (
        plain_sql.rows(_variants_select(lines=False, where="v.id = %s"), [variant_id])
        if variant_id <= LARGEST_ID
        else []
    )
    if not rows:
        raise DomainError(_("Unknown variant."), fields={"variant": [_("Unknown variant.")]})
    variant = _variant_from_row(rows[0])
    product = variant.product
    if product.status != ProductStatus.ACTIVE or product.artisan.verification_status != VerificationStatus.VERIFIED:
        raise NoLongerOnSale(_("%(sku)s is not on sale.") % {"sku": variant.sku}, fields={"variant": [variant.sku]})
    return variant


def _check_quantity(variant: Variant, quantity: int) -> None:
    if not 1 <= quantity <= MAX_QUANTITY:
        raise DomainError(
            _("Quantity must be between 1 and %(max)d.") % {"max": MAX_QUANTITY},
            fields={"quantity": [_("Between 1 and %(max)d.") % {"max": MAX_QUANTITY}]},
        )
    if not variant.product.made_to_order and quantity > variant.stock:
        raise OutOfStock(
            _("Only %(left)d of %(sku)s in stock.") % {"left": variant.stock, "sku": variant.sku},
            fields={"quantity": [_("Only %(left)d in stock.") % {"left": variant.stock}]},
        )


@transaction.atomic
def cart_line_set(*, cart: Cart, variant_id: int, quantity: int) -> None:
    """Put `quantity` of a variant in the cart (replacing what was there)."""
    _line_put(cart=cart, variant_id=variant_id, quantity=quantity)


@transaction.atomic
def cart_line_add(*, user, token, variant_id: int, quantity: int) -> Cart:
    """Into the caller's cart, made now if they have none; a refused line
    leaves no empty cart behind."""
    cart = cart_get(user=user, token=token, create=True)
    _line_put(cart=cart, variant_id=variant_id, quantity=quantity)  # in this transaction, not a savepoint in it
    return cart


def _line_put(*, cart: Cart, variant_id: int, quantity: int) -> None:
    variant = _sellable_variant(variant_id)
    _check_quantity(variant, quantity)
    now = timezone.now()
    # Two plain statements (marketplace.plain_sql), on every cart line POST:
    # the line inserted, or the one there given the new quantity (one upsert
    # where update_or_create took four statements and two savepoints), then
    # the cart kept alive. The ORM's bulk_create and update cost twice them.
    plain_sql.execute(
        f"INSERT INTO {CartLine._meta.db_table} (cart_id, variant_id, quantity, added_at) VALUES (%s, %s, %s, %s) "
        "ON CONFLICT (cart_id, variant_id) DO UPDATE SET quantity = excluded.quantity",
        [cart.pk, variant.pk, quantity, plain_sql.stored(CartLine, "added_at", now)],
    )
    plain_sql.execute(
        f"UPDATE {Cart._meta.db_table} SET updated_at = %s, expires_at = %s WHERE id = %s",
        [plain_sql.stored(Cart, "updated_at", now), plain_sql.stored(Cart, "expires_at", _expiry()), cart.pk],
    )


@transaction.atomic
def cart_line_remove(*, cart: Cart, variant_id: int) -> None:
    # variant__pk, not variant_id: an id beyond the integer range matches no
    # variant, where the foreign key column's lookup overflows in SQLite (a 500).
    deleted, _rows = CartLine.objects.filter(cart=cart, variant__pk=variant_id).delete()
    if not deleted:
        raise DomainError(_("This variant is not in the cart."), fields={"variant": [str(variant_id)]})


@transaction.atomic
def cart_merge(*, guest_cart: Cart, user) -> Cart:
    """Move a guest's lines into the buyer's cart (quantities add up, capped
    by stock and 99), then drop the guest cart."""
    cart = Cart.objects.filter(user=user).first() or _user_cart_create(user)
    existing = {line.variant_id: line for line in cart.lines.select_related("variant__product")}
    for guest_line in guest_cart.lines.select_related("variant__product"):
        variant = guest_line.variant
        line = existing.get(variant.pk)
        quantity = guest_line.quantity + (line.quantity if line else 0)
        cap = MAX_QUANTITY if variant.product.made_to_order else min(MAX_QUANTITY, variant.stock)
        quantity = min(quantity, cap)
        if quantity < 1:
            continue
        CartLine.objects.update_or_create(cart=cart, variant=variant, defaults={"quantity": quantity})
    guest_cart.delete()
    return cart


def cart_items(cart: Cart) -> list:
    """(variant, quantity) pairs, variants with the product and artisan that
    basket_quote and the cart's answer read, in one query."""
    rows = plain_sql.rows(_variants_select(lines=True, where="l.cart_id = %s ORDER BY l.id"), [cart.pk])
    return [(_variant_from_row(row[1:]), row[0]) for row in rows]


def cart_quantities(cart: Cart) -> list[tuple[int, int]]:
    """(variant id, quantity) pairs: what the checkout locks and takes (it
    reads the variants themselves under lock). Plain SQL, as the other reads
    of every cart request."""
    return plain_sql.rows(
        f"SELECT variant_id, quantity FROM {CartLine._meta.db_table} WHERE cart_id = %s ORDER BY id", [cart.pk]
    )
