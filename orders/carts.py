"""Carts: a guest's (found by its token) or a signed-in buyer's. Only prices
computed here from the catalog count; nothing the client says about a price."""

import uuid
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from artisans.models import VerificationStatus
from catalog.models import ProductStatus, Variant
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


def _guest_cart(token: str) -> Cart:
    try:
        cart = Cart.objects.get(token=uuid.UUID(str(token)), user__isnull=True)
    except (ValueError, Cart.DoesNotExist) as error:
        raise CartNotFound(_("No cart with this token."), fields={"cart_token": [_("Unknown cart.")]}) from error
    if cart.expires_at < timezone.now():
        raise CartExpired(_("This cart has expired; start a new one."), fields={"cart_token": [_("Expired.")]})
    return cart


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


def _sellable_variant(variant_id: int) -> Variant:
    variant = Variant.objects.select_related("product__artisan").filter(pk=variant_id).first()
    if variant is None:
        raise DomainError(_("Unknown variant."), fields={"variant": [_("Unknown variant.")]})
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
def cart_line_set(*, cart: Cart, variant_id: int, quantity: int) -> CartLine:
    """Put `quantity` of a variant in the cart (replacing what was there)."""
    variant = _sellable_variant(variant_id)
    _check_quantity(variant, quantity)
    line, _created = CartLine.objects.update_or_create(cart=cart, variant=variant, defaults={"quantity": quantity})
    Cart.objects.filter(pk=cart.pk).update(updated_at=timezone.now(), expires_at=_expiry())
    return line


@transaction.atomic
def cart_line_add(*, user, token, variant_id: int, quantity: int) -> Cart:
    """Into the caller's cart, made now if they have none; a refused line
    leaves no empty cart behind."""
    cart = cart_get(user=user, token=token, create=True)
    cart_line_set(cart=cart, variant_id=variant_id, quantity=quantity)
    return cart


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
    """(variant, quantity) pairs with what pricing needs, in one query."""
    lines = cart.lines.select_related("variant__product__artisan__cooperative").order_by("id")
    return [(line.variant, line.quantity) for line in lines]
