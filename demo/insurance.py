"""Demo shipping insurance: the premium table the checkout's "insure my
parcels" option reads (orders.shipping.insurance_premium_mad). Migration
orders 0008 seeds the same rows; this puts back any an operator removed, so
the demo always offers insurance: Poste Maroc EMS 1.2 % of the declared value,
at least 20 MAD, everywhere; DHL Express 0.8 %, at least 30 MAD, except to
the rest of the world (where the checkout answers that it is not offered).
Idempotent: a row already there is left as it is."""

from datetime import date
from decimal import Decimal

from django.db import transaction

from marketplace import effects
from orders.models import InsurancePremium, ShippingService, ShippingZone
from orders.shipping import landed_cost_tables_invalidate

VALID_FROM = date(2026, 1, 1)
# (service, zone): (rate %, minimum MAD)
PREMIUMS = {
    **{("ems", zone): ("1.2", "20") for zone in ("MA", "EU", "UK", "NA", "ROW")},
    **{("express", zone): ("0.8", "30") for zone in ("MA", "EU", "UK", "NA")},
}


@transaction.atomic
def insurance_premiums_seed() -> int:
    """Returns how many rows were added."""
    services = {service.code: service for service in ShippingService.objects.all()}
    zones = {zone.code: zone for zone in ShippingZone.objects.all()}
    added = 0
    for (service, zone), (rate, minimum) in PREMIUMS.items():
        if service not in services or zone not in zones:
            continue
        _row, created = InsurancePremium.objects.get_or_create(
            service=services[service], zone=zones[zone], valid_from=VALID_FROM,
            defaults={"rate_percent": Decimal(rate), "minimum_mad": Decimal(minimum)},
        )  # fmt: skip
        added += created
    if added:
        effects.after_commit(landed_cost_tables_invalidate)
    return added
