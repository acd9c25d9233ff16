"""Placing an order: one transaction that claims the idempotency key, locks
the variants in id order, takes their stock, prices the basket on the server
and writes the order split per artisan with snapshots of every line."""

import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import router, transaction
from django.db.models import signals
from django.db.models.constants import OnConflict
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from marketplace import metrics, plain_sql
from marketplace.errors import Conflict, DomainError
from marketplace.idempotency import (  # noqa: F401 (request_fingerprint, IdempotencyKeyReused: the checkout's names)
    IdempotencyKey,
    IdempotencyKeyReused,
    idempotency_key_claim,
    idempotency_key_resolve,
    request_fingerprint,
)
from marketplace.money import rates_snapshot
from orders import carts, stock
from orders.models import (
    ArtisanOrder,
    ArtisanOrderStatus,
    Cart,
    CartLine,
    Incoterm,
    Order,
    OrderEvent,
    OrderLine,
    OrderStatus,
)
from orders.pricing import basket_quote
from orders.selectors import orders_with_parts

NUMBER_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


@dataclass
class Placement:
    order: Order  # with its artisan orders and lines in hand (order.artisan_orders.all())
    replayed: bool  # True when the key had already placed this order


def _order_insert(order: Order) -> bool:
    """Insert `order` as its save() would (the same INSERT built by the ORM,
    the same pre_save and post_save signals, so its history row), with ON
    CONFLICT DO NOTHING: False when its number is taken. The statement
    survives the conflict, where save() needed a savepoint around it (two
    more statements every checkout) to retry with another number."""
    meta = Order._meta
    using = router.db_for_write(Order, instance=order)
    signals.pre_save.send(sender=Order, instance=order, raw=False, using=using, update_fields=None)
    fields = [field for field in meta.local_concrete_fields if not field.generated and field is not meta.auto_field]
    returning = meta.db_returning_fields
    rows = Order._base_manager._insert(
        [order], fields=fields, returning_fields=returning, using=using, on_conflict=OnConflict.IGNORE
    )
    row = rows[0] if rows else None  # the ORM answers [None] when nothing was inserted
    if row is None:
        return False
    for value, field in zip(row, returning, strict=True):
        setattr(order, field.attname, value)
    order._state.adding = False
    order._state.db = using
    signals.post_save.send(sender=Order, instance=order, created=True, update_fields=None, raw=False, using=using)
    return True


def _new_number() -> str:
    suffix = "".join(secrets.choice(NUMBER_ALPHABET) for _ in range(6))
    return f"SK{timezone.localdate():%y%m%d}-{suffix}"


def checkout_scope(*, buyer, cart: Cart) -> str:
    return f"checkout:user:{buyer.pk}" if buyer is not None else f"checkout:cart:{cart.token}"


@transaction.atomic(durable=True)
def order_place(
    *,
    cart: Cart,
    buyer,
    email: str,
    address: dict,
    services: dict,
    currency: str,
    incoterm: str,
    idempotency_key: str,
    fingerprint: str,
    language: str = "en",
    insurance: bool = False,
) -> Placement:
    """`services`: artisan id → shipping service code (missing: cheapest).
    `address`: the normalised shipping address (orders.addresses).
    `insurance`: insure every parcel (orders.pricing)."""
    scope = checkout_scope(buyer=buyer, cart=cart)
    claim = IdempotencyKey(scope=scope, key=idempotency_key, fingerprint=fingerprint)
    placed_id = idempotency_key_claim(claim)
    if placed_id is not None:
        return Placement(order=orders_with_parts(Order.objects.filter(pk=placed_id)).get(), replayed=True)

    wanted = stock.quantities_by_variant(carts.cart_quantities(cart))
    if not wanted:
        raise DomainError(_("The cart is empty."), fields={"cart": [_("Empty.")]})
    locked = stock.stock_take(wanted)
    # Priced from the rows just locked (with their products and artisans):
    # the same prices and stock the order keeps.
    items = [(locked[variant_id], quantity) for variant_id, quantity in wanted.items()]

    basket = basket_quote(items=items, currency=currency, rates=rates_snapshot(), country=address["country"],
                          services=services, incoterm=incoterm, insurance=insurance)  # fmt: skip
    if incoterm == Incoterm.DDP and not basket.ddp_offered:
        message = _("Duties and taxes cannot be collected in advance for this destination: choose DAP.")
        raise DomainError(message, fields={"incoterm": [message]})

    order = _order_create(buyer=buyer, email=email, address=address, basket=basket, language=language)
    idempotency_key_resolve(claim, order.pk)
    plain_sql.execute(f"DELETE FROM {CartLine._meta.db_table} WHERE cart_id = %s", [cart.pk])
    metrics.count_on_commit(metrics.ORDERS_PLACED)

    from orders.notifications import order_placed_notify

    order_placed_notify(order)  # queued on commit
    return Placement(order=order, replayed=False)


def _order_create(*, buyer, email, address, basket, language) -> Order:
    now = timezone.now()
    order = Order(
        number=_new_number(),
        buyer=buyer,
        email=email,
        language=language,
        currency=basket.currency,
        exchange_rate=basket.rate or 1,
        exchange_rate_at=basket.rate_at,
        incoterm=basket.incoterm,
        shipping_name=address["name"],
        shipping_line1=address["line1"],
        shipping_line2=address.get("line2", ""),
        shipping_city=address["city"],
        shipping_region=address.get("region", ""),
        shipping_postal_code=address["postal_code"],
        shipping_country=address["country"],
        shipping_phone=address["phone"],
        subtotal=basket.subtotal,
        subtotal_mad=basket.subtotal_mad,
        shipping_total=basket.shipping,
        shipping_total_mad=basket.shipping_mad,
        duties_total=basket.duties,
        duties_total_mad=basket.duties_mad,
        duties_collected=basket.duties_collected,
        duties_collected_mad=basket.duties_collected_mad,
        insurance_total=basket.insurance,
        insurance_total_mad=basket.insurance_mad,
        total=basket.total,
        total_mad=basket.total_mad,
        expires_at=now + timedelta(minutes=settings.ORDER_PAYMENT_TIMEOUT_MINUTES),
    )
    for _attempt in range(5):
        if _order_insert(order):
            break
        order.number = _new_number()
    else:
        raise Conflict(_("Could not number the order; please retry."))

    parcels = list(basket.parcels.values())
    artisan_orders = [
        ArtisanOrder(
            order=order,
            artisan=parcel.artisan,
            shipping_service=parcel.shipping_quote.service,
            subtotal=parcel.subtotal,
            subtotal_mad=parcel.subtotal_mad,
            shipping=parcel.shipping,
            shipping_mad=parcel.shipping_mad,
            duties=parcel.duties_amount,
            duties_mad=parcel.duties_mad,
            duties_breakdown=parcel.duties_breakdown,
            insured=parcel.insured,
            insurance_premium=parcel.insurance,
            insurance_premium_mad=parcel.insurance_mad,
            estimated_delivery_days_min=parcel.delivery_days[0],
            estimated_delivery_days_max=parcel.delivery_days[1],
        )
        for parcel in parcels
    ]
    # One INSERT for them all and one for their history rows (PostgreSQL
    # returns the ids, in order), as a save of each would record them.
    bulk_create_with_history(artisan_orders, ArtisanOrder)
    lines_by_artisan_order = [
        [_order_line(artisan_order, line) for line in parcel.lines]
        for artisan_order, parcel in zip(artisan_orders, parcels, strict=True)
    ]
    OrderLine.objects.bulk_create([line for lines in lines_by_artisan_order for line in lines])
    OrderEvent.objects.bulk_create(
        [OrderEvent(order=order, actor=buyer, to_status=OrderStatus.AWAITING_PAYMENT)]
        + [OrderEvent(order=order, artisan_order=artisan_order, actor=buyer,
                      to_status=ArtisanOrderStatus.AWAITING_PAYMENT) for artisan_order in artisan_orders]
    )  # fmt: skip
    # The checkout's answer is rendered from these very rows (order.artisan_orders.all(),
    # artisan_order.lines.all()), not read back.
    _in_hand(order, "artisan_orders", artisan_orders)
    for artisan_order, lines in zip(artisan_orders, lines_by_artisan_order, strict=True):
        _in_hand(artisan_order, "lines", lines)
    return order


def _order_line(artisan_order: ArtisanOrder, line) -> OrderLine:
    variant, product = line.variant, line.variant.product
    order_line = OrderLine(
        artisan_order=artisan_order,
        variant=variant,
        product=product,
        title=product.title_en or product.title,
        sku=variant.sku,
        options=variant.options,
        hs_code=product.hs_code,
        weight_grams=variant.weight_grams or product.weight_grams,
        made_to_order=product.made_to_order,
        quantity=line.quantity,
        unit_price_mad=line.unit_price_mad,
        unit_price=line.unit_price,
        line_total_mad=line.total_mad,
        line_total=line.total,
    )
    order_line.product_slug = product.slug  # as selectors.LINES_IN_ORDER annotates it, for the answer
    return order_line


def _in_hand(instance, related: str, objects: list) -> None:
    """Let `instance.<related>.all()` answer `objects` without a query, as
    prefetch_related would have left it (any other lookup still queries)."""
    queryset = getattr(instance, related).all()
    queryset._result_cache, queryset._prefetch_done = list(objects), True
    instance._prefetched_objects_cache = {**getattr(instance, "_prefetched_objects_cache", {}), related: queryset}
