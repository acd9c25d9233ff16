"""Placing an order: one transaction that claims the idempotency key, locks
the variants in id order, takes their stock, prices the basket on the server
and writes the order split per artisan with snapshots of every line."""

import hashlib
import json
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.errors import Conflict, DomainError
from marketplace.models import IdempotencyRecord
from marketplace.money import rates_snapshot
from orders import stock
from orders.carts import cart_items
from orders.models import (
    ArtisanOrder,
    ArtisanOrderStatus,
    Cart,
    Incoterm,
    Order,
    OrderEvent,
    OrderLine,
    OrderStatus,
)
from orders.pricing import basket_quote

NUMBER_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


class IdempotencyKeyReused(Conflict):
    code = "idempotency_key_reused"


@dataclass
class Placement:
    order: Order
    replayed: bool  # True when the key had already placed this order


def request_fingerprint(body: dict) -> str:
    return hashlib.sha256(json.dumps(body, sort_keys=True, default=str).encode()).hexdigest()


def _new_number() -> str:
    suffix = "".join(secrets.choice(NUMBER_ALPHABET) for _ in range(6))
    return f"SK{timezone.localdate():%y%m%d}-{suffix}"


def _claim_key(*, scope: str, key: str, fingerprint: str) -> tuple[IdempotencyRecord, bool]:
    """Insert the key, or find who holds it. A concurrent request with the
    same key waits on the unique index until the first one commits."""
    try:
        with transaction.atomic():
            return IdempotencyRecord.objects.create(scope=scope, key=key, request_hash=fingerprint), True
    except IntegrityError:
        record = IdempotencyRecord.objects.get(scope=scope, key=key)
        if record.request_hash != fingerprint:
            raise IdempotencyKeyReused(
                _("This Idempotency-Key was already used with a different request."),
                fields={"idempotency_key": [_("Already used for another request.")]},
            ) from None
        return record, False


def checkout_scope(*, buyer, cart: Cart) -> str:
    return f"checkout:user:{buyer.pk}" if buyer is not None else f"checkout:cart:{cart.token}"


@transaction.atomic
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
) -> Placement:
    """`services`: artisan id → shipping service code (missing: cheapest).
    `address`: the normalised shipping address (orders.addresses)."""
    record, claimed = _claim_key(scope=checkout_scope(buyer=buyer, cart=cart), key=idempotency_key,
                                 fingerprint=fingerprint)  # fmt: skip
    if not claimed:
        return Placement(order=Order.objects.get(pk=record.resource_id), replayed=True)

    items = cart_items(cart)
    if not items:
        raise DomainError(_("The cart is empty."), fields={"cart": [_("Empty.")]})
    locked = stock.stock_take(stock.quantities_by_variant((variant.pk, quantity) for variant, quantity in items))
    # Price from the rows just locked: the same prices and stock the order keeps.
    items = [(locked[variant.pk], quantity) for variant, quantity in items]

    basket = basket_quote(items=items, currency=currency, rates=rates_snapshot(), country=address["country"],
                          services=services, incoterm=incoterm)  # fmt: skip
    if incoterm == Incoterm.DDP and not basket.ddp_offered:
        message = _("Duties and taxes cannot be collected in advance for this destination: choose DAP.")
        raise DomainError(message, fields={"incoterm": [message]})

    order = _order_create(buyer=buyer, email=email, address=address, basket=basket, language=language)
    record.resource_id = order.pk
    record.save(update_fields=["resource_id"])
    cart.lines.all().delete()

    from orders.notifications import order_placed_notify

    transaction.on_commit(lambda: order_placed_notify(order))
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
        total=basket.total,
        total_mad=basket.total_mad,
        expires_at=now + timedelta(minutes=settings.ORDER_PAYMENT_TIMEOUT_MINUTES),
    )
    for _attempt in range(5):
        try:
            with transaction.atomic():
                order.save()
            break
        except IntegrityError:
            order.number = _new_number()
    else:
        raise Conflict(_("Could not number the order; please retry."))

    events = [OrderEvent(order=order, actor=buyer, to_status=OrderStatus.AWAITING_PAYMENT)]
    order_lines = []
    for parcel in basket.parcels.values():
        days_min, days_max = parcel.delivery_days
        artisan_order = ArtisanOrder.objects.create(
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
            estimated_delivery_days_min=days_min,
            estimated_delivery_days_max=days_max,
        )
        events.append(OrderEvent(order=order, artisan_order=artisan_order, actor=buyer,
                                 to_status=ArtisanOrderStatus.AWAITING_PAYMENT))  # fmt: skip
        for line in parcel.lines:
            variant, product = line.variant, line.variant.product
            order_lines.append(
                OrderLine(
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
            )
    OrderLine.objects.bulk_create(order_lines)
    OrderEvent.objects.bulk_create(events)
    return order
