"""Shipping zones, services and rates, and the duties and taxes tables, as
published by late 2026 (see the `source` of each rule). Every figure is a row
operators edit in the admin; change a tax from a date with "Save as new" (same
name, later effective_from). Reversing removes exactly the seeded rows."""

from datetime import date
from decimal import Decimal

from django.db import migrations

TRADE_RULES = "trade-rules.md (late 2026)"
SEEDED_FROM = date(2026, 1, 1)

EU_COUNTRIES = [
    "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU",
    "IE", "IT", "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK",
]  # fmt: skip

# code: (countries, rest of world, en, fr, es, ar)
ZONES = {
    "MA": (["MA"], False, "Morocco", "Maroc", "Marruecos", "المغرب"),
    "EU": (EU_COUNTRIES, False, "European Union", "Union européenne", "Unión Europea", "الاتحاد الأوروبي"),
    "UK": (["GB"], False, "United Kingdom", "Royaume-Uni", "Reino Unido", "المملكة المتحدة"),
    "NA": (["US", "CA"], False, "North America", "Amérique du Nord", "América del Norte", "أمريكا الشمالية"),
    "ROW": ([], True, "Rest of the world", "Reste du monde", "Resto del mundo", "باقي العالم"),
}  # fmt: skip

# code: (carrier, kind, tracking URL, en, fr, es, ar)
SERVICES = {
    "ems": (
        "Poste Maroc (EMS)", "postal",
        "https://www.poste.ma/fr/suivi-de-colis?code={tracking_number}",
        "Poste Maroc EMS", "EMS Poste Maroc", "EMS Poste Maroc", "البريد السريع EMS - بريد المغرب",
    ),
    "express": (
        "DHL Express", "courier",
        "https://www.dhl.com/ma-en/home/tracking/tracking-express.html?submit=1&tracking-id={tracking_number}",
        "Express courier (DHL Express)", "Express par coursier (DHL Express)",
        "Mensajería urgente (DHL Express)", "البريد السريع الخاص (DHL Express)",
    ),
}  # fmt: skip

BRACKETS = [500, 1000, 2000, 5000, 10000, 20000, 30000]  # grams, inclusive upper limits
# (service, zone): (prices in MAD per bracket, transit days min, max)
RATES = {
    ("ems", "MA"): ([45, 55, 70, 110, 170, 280, 390], 1, 3),
    ("ems", "EU"): ([260, 330, 430, 690, 1090, 1850, 2600], 4, 8),
    ("ems", "UK"): ([280, 355, 465, 750, 1190, 2020, 2850], 5, 9),
    ("ems", "NA"): ([340, 440, 590, 980, 1600, 2800, 3950], 6, 12),
    ("ems", "ROW"): ([380, 490, 660, 1100, 1800, 3150, 4450], 7, 15),
    ("express", "MA"): ([90, 110, 140, 210, 330, 560, 790], 1, 2),
    ("express", "EU"): ([420, 520, 690, 1150, 1900, 3300, 4700], 2, 4),
    ("express", "UK"): ([440, 550, 730, 1220, 2000, 3500, 4950], 2, 4),
    ("express", "NA"): ([520, 650, 880, 1480, 2450, 4300, 6100], 3, 5),
    ("express", "ROW"): ([600, 760, 1030, 1750, 2900, 5100, 7250], 3, 7),
}  # fmt: skip

# Standard VAT rates (%). The first six are in trade-rules.md; the others are the
# standard rates in force by 2026 (European Commission, "VAT rates applied in the
# Member States"); staff confirm them in the admin.
EU_VAT = {
    "FR": "20", "ES": "21", "DE": "19", "IT": "22", "NL": "21", "BE": "21",
    "AT": "20", "BG": "20", "CY": "19", "CZ": "21", "DK": "25", "EE": "24", "FI": "25.5", "GR": "24",
    "HR": "25", "HU": "27", "IE": "23", "LT": "21", "LU": "17", "LV": "21", "MT": "18", "PL": "23",
    "PT": "23", "RO": "21", "SE": "25", "SI": "22", "SK": "23",
}  # fmt: skip
EU_VAT_FROM_TRADE_RULES = {"FR", "ES", "DE", "IT", "NL", "BE"}
EC_VAT_SOURCE = "standard rate, European Commission 'VAT rates applied in the Member States' (confirm)"

US_WINDOW = (date(2026, 2, 24), date(2026, 7, 24))
US_AFTER = "After 2026-07-24: no rule until staff enter what applies (trade-rules.md)."


def rule(name, countries, kind, *, rate=None, amount=None, amount_currency="", minimum=None, maximum=None,
         threshold_currency="", channel="any", with_shipping=False, collectable=False, start=SEEDED_FROM, end=None,
         source=""):  # fmt: skip
    return {
        "name": name,
        "countries": countries,
        "kind": kind,
        "rate_percent": Decimal(rate) if rate is not None else None,
        "amount": Decimal(amount) if amount is not None else None,
        "amount_currency": amount_currency,
        "consignment_min": Decimal(minimum) if minimum is not None else None,
        "consignment_max": Decimal(maximum) if maximum is not None else None,
        "threshold_currency": threshold_currency,
        "channel": channel,
        "base_includes_shipping": with_shipping,
        "collectable_at_checkout": collectable,
        "effective_from": start,
        "effective_to": end,
        "source": source,
    }


def tax_rules():
    rules = [
        rule("MA domestic: no import duties or taxes", ["MA"], "duty", rate="0", collectable=True,
             source="Domestic shipment: nothing is due at the door (an explicit 0 lets checkout offer DDP)."),
        # USA: de minimis suspended since 2025-08-29; the 10% surcharge window.
        rule("US postal duty (equal to the 10% surcharge)", ["US"], "duty", rate="10", channel="postal",
             collectable=True, start=US_WINDOW[0], end=US_WINDOW[1],
             source=f"{TRADE_RULES}: postal parcels pay a duty equal to the surcharge, collected by the carrier "
                    f"from the sender before delivery, so Souk collects it at checkout. {US_AFTER}"),
        rule("US customs duty, Moroccan origin (US-Morocco FTA)", ["US"], "duty", rate="0", channel="courier",
             start=US_WINDOW[0], end=US_WINDOW[1],
             source=f"{TRADE_RULES}: formal entry; 0% for goods wholly Moroccan or with 35% Moroccan value, the "
                    f"importer claims it and holds the certification of origin; paid by the importer. {US_AFTER}"),
        rule("US 10% surcharge (courier)", ["US"], "surcharge", rate="10", channel="courier",
             start=US_WINDOW[0], end=US_WINDOW[1],
             source=f"{TRADE_RULES}: surcharge 2026-02-24 to 2026-07-24 on formal entries, billed to the "
                    f"importer by the courier. {US_AFTER}"),
        # EU: IOSS up to EUR 150, flat duty per tariff line, import VAT above.
        rule("EU flat customs duty per tariff line (up to EUR 150)", EU_COUNTRIES, "flat_per_tariff_line",
             amount="3.00", amount_currency="EUR", maximum="150", threshold_currency="EUR", collectable=True,
             start=date(2026, 7, 1), end=date(2028, 6, 30),
             source=f"{TRADE_RULES}: EUR 3 per distinct tariff line, 2026-07-01 until the regime of 2028-07-01."),
        rule("EU customs duty, Moroccan origin (above EUR 150)", EU_COUNTRIES, "duty", rate="0",
             minimum="150", threshold_currency="EUR",
             source=f"{TRADE_RULES}: EU-Morocco preferential origin (origin declaration on the invoice up to "
                    f"EUR 6,000); paid at the door with the import VAT."),
        # UK: VAT collected by the seller up to GBP 135.
        rule("GB VAT at checkout (up to GBP 135)", ["GB"], "vat", rate="20", maximum="135", threshold_currency="GBP",
             with_shipping=True, collectable=True, source=f"{TRADE_RULES}: VAT 20% collected by the seller."),
        rule("GB import VAT at the door (above GBP 135)", ["GB"], "vat", rate="20", minimum="135",
             threshold_currency="GBP", with_shipping=True,
             source=f"{TRADE_RULES}: import VAT and duty at the door."),
        rule("GB customs duty, Moroccan origin (above GBP 135)", ["GB"], "duty", rate="0", minimum="135",
             threshold_currency="GBP",
             source="UK-Morocco Association Agreement: 0% for originating goods; paid at the door."),
    ]  # fmt: skip
    for country, vat in EU_VAT.items():
        source = TRADE_RULES if country in EU_VAT_FROM_TRADE_RULES else EC_VAT_SOURCE
        rules.append(rule(f"{country} VAT at checkout (IOSS, up to EUR 150)", [country], "vat", rate=vat,
                          maximum="150", threshold_currency="EUR", with_shipping=True, collectable=True,
                          source=f"{source}: IOSS, the seller collects VAT at the destination rate."))  # fmt: skip
        rules.append(rule(f"{country} import VAT at the door (above EUR 150)", [country], "vat", rate=vat,
                          minimum="150", threshold_currency="EUR", with_shipping=True,
                          source=f"{source}: import VAT paid by the buyer on delivery."))  # fmt: skip
    return rules


def seed(apps, schema_editor):
    ShippingZone = apps.get_model("orders", "ShippingZone")
    ShippingService = apps.get_model("orders", "ShippingService")
    ShippingRate = apps.get_model("orders", "ShippingRate")
    TaxRule = apps.get_model("orders", "TaxRule")

    zones = {}
    for code, (countries, rest_of_world, en, fr, es, ar) in ZONES.items():
        zones[code], _ = ShippingZone.objects.update_or_create(
            code=code,
            defaults={
                "countries": countries, "is_rest_of_world": rest_of_world,
                "name": en, "name_en": en, "name_fr": fr, "name_es": es, "name_ar": ar,
            },
        )  # fmt: skip
    services = {}
    for code, (carrier, kind, tracking, en, fr, es, ar) in SERVICES.items():
        services[code], _ = ShippingService.objects.update_or_create(
            code=code,
            defaults={
                "carrier": carrier, "kind": kind, "tracking_url_template": tracking, "is_active": True,
                "name": en, "name_en": en, "name_fr": fr, "name_es": es, "name_ar": ar,
            },
        )  # fmt: skip
    for (service, zone), (prices, days_min, days_max) in RATES.items():
        for grams, price in zip(BRACKETS, prices, strict=True):
            ShippingRate.objects.update_or_create(
                service=services[service], zone=zones[zone], max_weight_grams=grams,
                defaults={"price_mad": Decimal(price), "transit_days_min": days_min, "transit_days_max": days_max},
            )  # fmt: skip
    for values in tax_rules():
        name, start = values["name"], values["effective_from"]
        if not TaxRule.objects.filter(name=name, effective_from=start).exists():
            TaxRule.objects.create(**values)


def unseed(apps, schema_editor):
    ShippingZone = apps.get_model("orders", "ShippingZone")
    ShippingService = apps.get_model("orders", "ShippingService")
    ShippingRate = apps.get_model("orders", "ShippingRate")
    TaxRule = apps.get_model("orders", "TaxRule")
    ArtisanOrder = apps.get_model("orders", "ArtisanOrder")
    for values in tax_rules():
        TaxRule.objects.filter(
            name=values["name"], effective_from=values["effective_from"], source=values["source"]
        ).delete()
    for (service, zone), _ in RATES.items():
        ShippingRate.objects.filter(service__code=service, zone__code=zone, max_weight_grams__in=BRACKETS).delete()
    # Services stay if orders refer to them (PROTECT) or staff gave them other rates.
    for code in SERVICES:
        in_use = ArtisanOrder.objects.filter(shipping_service__code=code).exists()
        if not in_use and not ShippingRate.objects.filter(service__code=code).exists():
            ShippingService.objects.filter(code=code).delete()
    for code in ZONES:
        if not ShippingRate.objects.filter(zone__code=code).exists():
            ShippingZone.objects.filter(code=code).delete()


class Migration(migrations.Migration):
    dependencies = [("orders", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
