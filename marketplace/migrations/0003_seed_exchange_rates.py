"""Demo exchange rates (units per 1 MAD, late 2026) so prices show in every
currency before the first real feed is loaded. Newer rows from
`load_exchange_rates` take over as soon as they are in force."""

from datetime import UTC, datetime
from decimal import Decimal

from django.db import migrations

SOURCE = "demo seed"
EFFECTIVE_AT = datetime(2026, 11, 1, tzinfo=UTC)
RATES = {"USD": "0.108", "EUR": "0.093", "GBP": "0.081", "CAD": "0.15"}


def seed(apps, schema_editor):
    ExchangeRate = apps.get_model("marketplace", "ExchangeRate")
    for currency, rate in RATES.items():
        ExchangeRate.objects.get_or_create(
            currency=currency, effective_at=EFFECTIVE_AT, defaults={"rate": Decimal(rate), "source": SOURCE}
        )


def unseed(apps, schema_editor):
    ExchangeRate = apps.get_model("marketplace", "ExchangeRate")
    ExchangeRate.objects.filter(source=SOURCE, effective_at=EFFECTIVE_AT, currency__in=list(RATES)).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("marketplace", "0002_currency_and_exchange_rates"),
    ]

    operations = [
        migrations.RunPython(seed, unseed),
    ]
