"""Orders built straight with the models, as if the checkout had placed them
(the checkout has its own tests): one Order, an ArtisanOrder per artisan,
a line per artisan, statuses chosen by the test."""

import itertools
from decimal import Decimal

from django.utils import timezone

from orders.lifecycle import order_status_derive
from orders.models import ArtisanOrder, ArtisanOrderStatus, Order, OrderLine, OrderStatus, ShippingService
from tests.factories import ArtisanFactory, ProductFactory

# A French buyer's delivery address, as the checkout takes it.
ADDRESS = {
    "name": "Claire Martin",
    "line1": "12 rue des Potiers",
    "city": "Lyon",
    "postal_code": "69002",
    "country": "FR",
    "phone": "06 12 34 56 78",
}

EUR_PER_MAD = Decimal("0.09")
UNIT_PRICE_MAD = Decimal("450.00")
SHIPPING_MAD = Decimal("120.00")
TRACKING_TEMPLATE = "https://tracking.example/parcels?number={tracking_number}"
_numbers = itertools.count(1)

PAST_READY = {ArtisanOrderStatus.READY_TO_SHIP, ArtisanOrderStatus.SHIPPED, ArtisanOrderStatus.DELIVERED}
PAST_SHIPPED = {ArtisanOrderStatus.SHIPPED, ArtisanOrderStatus.DELIVERED}


def shipping_service() -> ShippingService:
    service, _created = ShippingService.objects.get_or_create(
        code="test-postal",
        defaults={
            "name": "Test postal",
            "carrier": "Poste Maroc",
            "kind": "postal",
            "tracking_url_template": TRACKING_TEMPLATE,
        },
    )
    return service


def _eur(amount_mad: Decimal) -> Decimal:
    return (amount_mad * EUR_PER_MAD).quantize(Decimal("0.01"))


def order_build(
    *,
    buyer=None,
    email: str = "",
    artisans=None,
    statuses=None,
    made_to_order=None,
    quantity: int = 2,
    stock: int = 5,
    language: str = "en",
    order_status: str | None = None,
) -> Order:
    """A placed order with one artisan order per entry of `statuses` (new
    artisans unless `artisans` are given), each with one line of `quantity`
    pieces of a new product whose variant had `stock` before the order took
    its share. Without `statuses`, every part is to prepare (two parts unless
    `artisans` says how many). The order's status follows its parts unless
    `order_status`."""
    if statuses is None:
        statuses = [ArtisanOrderStatus.TO_PREPARE] * (len(artisans) if artisans is not None else 2)
    statuses = [ArtisanOrderStatus(status) for status in statuses]
    artisans = list(artisans) if artisans is not None else [ArtisanFactory() for _ in statuses]
    made_to_order = list(made_to_order) if made_to_order is not None else [False for _ in statuses]
    service = shipping_service()
    line_mad = UNIT_PRICE_MAD * quantity
    subtotal_mad = line_mad * len(statuses)
    shipping_mad = SHIPPING_MAD * len(statuses)
    order = Order.objects.create(
        number=f"SK-T{next(_numbers):06d}",
        buyer=buyer,
        email=email or (buyer.email if buyer else "guest@example.com"),
        language=language,
        currency="EUR",
        exchange_rate=EUR_PER_MAD,
        exchange_rate_at=timezone.now(),
        incoterm="DAP",
        shipping_name="Claire Martin",
        shipping_line1="12 rue des Potiers",
        shipping_city="Lyon",
        shipping_postal_code="69001",
        shipping_country="FR",
        shipping_phone="+33612345678",
        subtotal=_eur(subtotal_mad),
        subtotal_mad=subtotal_mad,
        shipping_total=_eur(shipping_mad),
        shipping_total_mad=shipping_mad,
        duties_total=Decimal("0"),
        duties_total_mad=Decimal("0"),
        duties_collected=Decimal("0"),
        duties_collected_mad=Decimal("0"),
        total=_eur(subtotal_mad + shipping_mad),
        total_mad=subtotal_mad + shipping_mad,
    )
    for artisan, status, is_made_to_order in zip(artisans, statuses, made_to_order, strict=True):
        product = ProductFactory(
            artisan=artisan,
            made_to_order=is_made_to_order,
            variants=[{"price_mad": UNIT_PRICE_MAD, "stock": stock - (0 if is_made_to_order else quantity)}],
        )
        variant = product.variants.get()
        artisan_order = ArtisanOrder.objects.create(
            order=order,
            artisan=artisan,
            status=status,
            shipping_service=service,
            subtotal=_eur(line_mad),
            subtotal_mad=line_mad,
            shipping=_eur(SHIPPING_MAD),
            shipping_mad=SHIPPING_MAD,
            duties=Decimal("0"),
            duties_mad=Decimal("0"),
            estimated_delivery_days_min=7,
            estimated_delivery_days_max=14,
            **_parcel_fields(status),
        )
        OrderLine.objects.create(
            artisan_order=artisan_order,
            variant=variant,
            product=product,
            title=product.title_en,
            sku=variant.sku,
            hs_code=product.hs_code,
            weight_grams=product.weight_grams,
            made_to_order=is_made_to_order,
            quantity=quantity,
            unit_price_mad=UNIT_PRICE_MAD,
            unit_price=_eur(UNIT_PRICE_MAD),
            line_total_mad=line_mad,
            line_total=_eur(line_mad),
        )
    if order_status is None:
        paid = any(status != ArtisanOrderStatus.AWAITING_PAYMENT for status in statuses)
        order.status = OrderStatus.PAID if paid else OrderStatus.AWAITING_PAYMENT
        order_status = order_status_derive(order, statuses)
    Order.objects.filter(pk=order.pk).update(status=order_status)
    order.refresh_from_db()
    return order


def _parcel_fields(status) -> dict:
    fields = {}
    if status in PAST_READY:
        fields.update(parcel_weight_grams=2600, parcel_length_cm=30, parcel_width_cm=30, parcel_height_cm=20)
    if status in PAST_SHIPPED:
        fields.update(carrier="Poste Maroc", tracking_number="RR123456789MA", shipped_at=timezone.now())
    if status == ArtisanOrderStatus.DELIVERED:
        fields["delivered_at"] = timezone.now()
    return fields


def parts(order: Order) -> list[ArtisanOrder]:
    """The order's artisan orders, fresh from the database, by id."""
    return list(order.artisan_orders.select_related("artisan__user", "order").order_by("id"))
