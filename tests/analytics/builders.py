"""A small fixed set of exports whose figures the tests compute by hand.

Orders are built straight with the models, dated and in their own currency
with their MAD snapshot, as if the checkout and the payments had run (each
has its own tests). `export_world()` builds:

    cooperative A (women-led, Marrakech-Safi): artisan a1
    cooperative B (not women-led, Fès-Meknès): artisan b1
    independent artisan i1 (women-led, Souss-Massa)

    2025-03-10 O1 USD paid → US   a1 tagine 1000.00 MAD; b1 knotted carpet 3000.00 MAD
    2025-03-12 O9 EUR paid → FR   a1 tagine 400.00 MAD; b1's parcel cancelled (600.00 MAD, out)
    2025-03-20 O2 EUR partly refunded → FR   a1 caftan 2000.00 MAD, 500.00 MAD refunded
    2025-07-05 O3 MAD completed → ES   i1 decorative ceramic 800.00 MAD
    2025-07-06 O4 EUR awaiting payment → FR   a1 tagine 5000.00 MAD (out)
    2025-08-01 O5 USD cancelled → US   b1 carpet 7000.00 MAD (out)
    2024-03-15 O6 EUR completed → US   a1 tagine 1200.00 MAD (the year before)
    2024-07-01 O7 USD shipped → US   b1 carpet 2400.00 MAD (the year before)
    2026-01-02 O8 EUR paid → FR   b1 carpet 999.00 MAD (after 2025)
"""

import datetime
import itertools
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from artisans.models import ArtisanProfile, Cooperative
from marketplace.regions import MoroccanRegion
from orders.models import ArtisanOrder, ArtisanOrderStatus, Order, OrderLine, OrderStatus
from tests.factories import ArtisanFactory, CooperativeFactory, ProductFactory, _category
from tests.orders.builders import shipping_service

AO = ArtisanOrderStatus
# Units of each currency per MAD, the orders' snapshots.
RATES = {"MAD": Decimal("1"), "EUR": Decimal("0.0920"), "USD": Decimal("0.1000")}
_numbers = itertools.count(1)


def _in(currency: str, amount_mad: Decimal) -> Decimal:
    return (amount_mad * RATES[currency]).quantize(Decimal("0.01"))


def export_order(*, placed, currency, country, status, parcels) -> Order:
    """`parcels`: (artisan, category slug, line MAD, refunded MAD, parcel status)."""
    total_mad = sum((parcel[2] for parcel in parcels), Decimal("0"))
    order = Order.objects.create(
        number=f"SK-A{next(_numbers):06d}",
        email="buyer@example.com",
        currency=currency,
        exchange_rate=RATES[currency],
        incoterm="DAP",
        shipping_name="Buyer",
        shipping_line1="1 Main Street",
        shipping_city="City",
        shipping_postal_code="10001",
        shipping_country=country,
        shipping_phone="+12125550100",
        subtotal=_in(currency, total_mad),
        subtotal_mad=total_mad,
        shipping_total=_in(currency, Decimal("150")),
        shipping_total_mad=Decimal("150"),
        duties_total=0,
        duties_total_mad=0,
        duties_collected=0,
        duties_collected_mad=0,
        total=_in(currency, total_mad + 150),
        total_mad=total_mad + 150,
        status=status,
    )
    placed_at = timezone.make_aware(datetime.datetime.fromisoformat(placed))
    Order.objects.filter(pk=order.pk).update(placed_at=placed_at)
    for artisan, category, line_mad, refunded_mad, parcel_status in parcels:
        product = ProductFactory(artisan=artisan, category=_category(category))
        parcel = ArtisanOrder.objects.create(
            order=order,
            artisan=artisan,
            status=parcel_status,
            shipping_service=shipping_service(),
            subtotal=_in(currency, line_mad),
            subtotal_mad=line_mad,
            shipping=_in(currency, Decimal("150")),
            shipping_mad=Decimal("150"),
            duties=0,
            duties_mad=0,
            estimated_delivery_days_min=7,
            estimated_delivery_days_max=14,
        )
        OrderLine.objects.create(
            artisan_order=parcel,
            variant=product.variants.get(),
            product=product,
            title=product.title_en,
            sku=product.variants.get().sku,
            hs_code=product.hs_code,
            weight_grams=product.weight_grams,
            quantity=2,
            unit_price_mad=line_mad / 2,
            unit_price=_in(currency, line_mad / 2),
            line_total_mad=line_mad,
            line_total=_in(currency, line_mad),
            quantity_refunded=1 if refunded_mad else 0,
            amount_refunded=_in(currency, refunded_mad),
            amount_refunded_mad=refunded_mad,
        )
    return order


@dataclass
class ExportWorld:
    cooperative_a: Cooperative
    cooperative_b: Cooperative
    a1: ArtisanProfile
    b1: ArtisanProfile
    i1: ArtisanProfile


def export_world() -> ExportWorld:
    cooperative_a = CooperativeFactory(name_latin="Coopérative A", women_led=True, region=MoroccanRegion.MARRAKECH_SAFI)
    cooperative_b = CooperativeFactory(name_latin="Coopérative B", women_led=False, region=MoroccanRegion.FES_MEKNES)
    a1 = ArtisanFactory(display_name_latin="Aicha", cooperative=cooperative_a, region=MoroccanRegion.MARRAKECH_SAFI)
    b1 = ArtisanFactory(display_name_latin="Brahim", cooperative=cooperative_b, region=MoroccanRegion.FES_MEKNES)
    i1 = ArtisanFactory(display_name_latin="Itto", cooperative=None, women_led=True, region=MoroccanRegion.SOUSS_MASSA)
    D = Decimal
    export_order(placed="2025-03-10 12:00", currency="USD", country="US", status=OrderStatus.PAID, parcels=[
        (a1, "tagines-tableware", D("1000.00"), D("0"), AO.TO_PREPARE),
        (b1, "knotted-carpets", D("3000.00"), D("0"), AO.TO_PREPARE),
    ])  # fmt: skip
    export_order(placed="2025-03-12 09:00", currency="EUR", country="FR", status=OrderStatus.PAID, parcels=[
        (a1, "tagines-tableware", D("400.00"), D("0"), AO.TO_PREPARE),
        (b1, "knotted-carpets", D("600.00"), D("600.00"), AO.CANCELLED),
    ])  # fmt: skip
    export_order(placed="2025-03-20 18:00", currency="EUR", country="FR", status=OrderStatus.PARTIALLY_REFUNDED,
                 parcels=[(a1, "caftans", D("2000.00"), D("500.00"), AO.DELIVERED)])  # fmt: skip
    export_order(placed="2025-07-05 10:00", currency="MAD", country="ES", status=OrderStatus.COMPLETED,
                 parcels=[(i1, "decorative-ceramics", D("800.00"), D("0"), AO.DELIVERED)])  # fmt: skip
    export_order(placed="2025-07-06 10:00", currency="EUR", country="FR", status=OrderStatus.AWAITING_PAYMENT,
                 parcels=[(a1, "tagines-tableware", D("5000.00"), D("0"), AO.AWAITING_PAYMENT)])  # fmt: skip
    export_order(placed="2025-08-01 10:00", currency="USD", country="US", status=OrderStatus.CANCELLED,
                 parcels=[(b1, "knotted-carpets", D("7000.00"), D("0"), AO.CANCELLED)])  # fmt: skip
    export_order(placed="2024-03-15 10:00", currency="EUR", country="US", status=OrderStatus.COMPLETED,
                 parcels=[(a1, "tagines-tableware", D("1200.00"), D("0"), AO.DELIVERED)])  # fmt: skip
    export_order(placed="2024-07-01 10:00", currency="USD", country="US", status=OrderStatus.SHIPPED,
                 parcels=[(b1, "knotted-carpets", D("2400.00"), D("0"), AO.SHIPPED)])  # fmt: skip
    export_order(placed="2026-01-02 10:00", currency="EUR", country="FR", status=OrderStatus.PAID,
                 parcels=[(b1, "knotted-carpets", D("999.00"), D("0"), AO.TO_PREPARE)])  # fmt: skip
    return ExportWorld(cooperative_a, cooperative_b, a1, b1, i1)
