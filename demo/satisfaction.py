"""Demo satisfaction: the demo buyer's delivered parcels from two
cooperatives and their answers, so that the admin's satisfaction page and
the staff API show a share from the first `make demo`. Orders are written
straight with the models, as if the checkout had placed and the artisans
delivered them (like the generated products); each answer goes through the
service. Idempotent: an order already seeded is skipped.

Satisfied means both ratings 4 or 5 (orders.satisfaction):
- potiers-de-safi: (5,5) yes, (4,4) yes, (5,3) no, (2,5) no -> 2 of 4
- zellige-de-fes:  (4,5) yes, (3,3) no, (5,4) yes          -> 2 of 3
- overall 4 of 7 (57.14 %)."""

from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from artisans.models import ArtisanProfile
from catalog.models import Variant
from orders.models import ArtisanOrder, ArtisanOrderStatus, Order, OrderLine, OrderStatus, ShippingService
from orders.satisfaction import satisfaction_answer

# cooperative slug: [(delivery rating, piece rating, comment), ...]
ANSWERS = {
    "potiers-de-safi": [
        (5, 5, "Beautifully wrapped, and the tagine is perfect."),
        (4, 4, ""),
        (5, 3, "Quick, but the glaze is duller than in the photos."),
        (2, 5, "Three weeks late; the plate is lovely."),
    ],
    "zellige-de-fes": [
        (4, 5, "The tiles are stunning."),
        (3, 3, ""),
        (5, 4, ""),
    ],
}
EUR_PER_MAD = Decimal("0.09")
SHIPPING_MAD = Decimal("180.00")


def _eur(amount_mad: Decimal) -> Decimal:
    return (amount_mad * EUR_PER_MAD).quantize(Decimal("0.01"))


def _variant_of(cooperative_slug: str) -> Variant | None:
    """A piece on sale by a verified artisan of the cooperative."""
    artisans = ArtisanProfile.objects.verified().filter(cooperative__slug=cooperative_slug)
    return (
        Variant.objects.filter(product__artisan__in=artisans)
        .select_related("product__artisan")
        .order_by("product__artisan_id", "product_id", "pk")
        .first()
    )


def _delivered_order(*, number: str, buyer, variant: Variant, service: ShippingService) -> ArtisanOrder:
    product, now = variant.product, timezone.now()
    price = variant.price_mad
    order = Order.objects.create(
        number=number, buyer=buyer, email=buyer.email, language=buyer.preferred_language or "en", currency="EUR",
        exchange_rate=EUR_PER_MAD, exchange_rate_at=now, incoterm="DAP", shipping_name=buyer.full_name or "Demo buyer",
        shipping_line1="12 rue des Potiers", shipping_city="Lyon", shipping_postal_code="69001",
        shipping_country="FR", shipping_phone="+33612345678", subtotal=_eur(price), subtotal_mad=price,
        shipping_total=_eur(SHIPPING_MAD), shipping_total_mad=SHIPPING_MAD, duties_total=0, duties_total_mad=0,
        duties_collected=0, duties_collected_mad=0, total=_eur(price + SHIPPING_MAD),
        total_mad=price + SHIPPING_MAD, status=OrderStatus.COMPLETED,
    )  # fmt: skip
    parcel = ArtisanOrder.objects.create(
        order=order, artisan=product.artisan, status=ArtisanOrderStatus.DELIVERED, shipping_service=service,
        subtotal=_eur(price), subtotal_mad=price, shipping=_eur(SHIPPING_MAD), shipping_mad=SHIPPING_MAD,
        duties=0, duties_mad=0, estimated_delivery_days_min=7, estimated_delivery_days_max=14,
        parcel_weight_grams=(product.weight_grams or 500) + 300, parcel_length_cm=30, parcel_width_cm=30,
        parcel_height_cm=20, carrier=service.carrier, tracking_number=f"RR{number[-3:]}000000MA",
        shipped_at=now, delivered_at=now,
    )  # fmt: skip
    OrderLine.objects.create(
        artisan_order=parcel, variant=variant, product=product, title=product.title_en, sku=variant.sku,
        hs_code=product.hs_code, weight_grams=product.weight_grams or 500, made_to_order=product.made_to_order,
        quantity=1, unit_price_mad=price, unit_price=_eur(price), line_total_mad=price, line_total=_eur(price),
    )  # fmt: skip
    return parcel


@transaction.atomic
def satisfaction_seed(*, buyer) -> int:
    """The demo answers (ANSWERS); returns how many were added."""
    service = ShippingService.objects.order_by("pk").first()
    added = 0
    for cooperative_number, (slug, answers) in enumerate(ANSWERS.items(), start=1):
        variant = _variant_of(slug)
        if variant is None or service is None:
            continue
        for answer_number, (delivery, piece, comment) in enumerate(answers, start=1):
            number = f"SK-DEMO-S{cooperative_number}{answer_number:02d}"
            if Order.objects.filter(number=number).exists():
                continue
            parcel = _delivered_order(number=number, buyer=buyer, variant=variant, service=service)
            satisfaction_answer(
                artisan_order=parcel, actor=buyer, delivery_rating=delivery, piece_rating=piece, comment=comment
            )
            added += 1
    return added
