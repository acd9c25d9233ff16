"""Which forms a parcel needs. Pure functions of numbers and settings, so the
thresholds are tested on both sides without rendering anything. The figures
themselves are settings (config/settings.py, "Export paperwork")."""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings

CN22 = "CN22"
CN23 = "CN23"

# Origin regimes, by destination.
EU = "eu"  # EU-Morocco: origin declaration on the invoice, or EUR.1 above the limit
US = "us"  # US-Morocco FTA: the importer holds a certification of origin
OTHER = "other"  # no preferential agreement used: a plain statement of Moroccan origin

CENT = Decimal("0.01")


def _decimal_setting(name: str) -> Decimal:
    return Decimal(str(getattr(settings, name)))


def sdr_from_mad(amount_mad: Decimal) -> Decimal:
    """`amount_mad` in special drawing rights, at the SDR rate of the settings."""
    return (amount_mad / _decimal_setting("PAPERWORK_SDR_IN_MAD")).quantize(CENT, rounding=ROUND_HALF_UP)


def customs_form(*, value_sdr: Decimal, gross_weight_grams: int) -> str:
    """UPU: CN22 for a small packet within both limits, CN23 above either one."""
    within_value = value_sdr <= _decimal_setting("PAPERWORK_CN22_MAX_SDR")
    within_weight = gross_weight_grams <= settings.PAPERWORK_CN22_MAX_GRAMS
    return CN22 if within_value and within_weight else CN23


def origin_regime(country_code: str) -> str:
    if country_code in settings.PAPERWORK_EU_COUNTRIES:
        return EU
    if country_code in settings.PAPERWORK_US_FTA_COUNTRIES:
        return US
    return OTHER


@dataclass(frozen=True)
class EuOriginDecision:
    """What the EU origin statement may say for a consignment of `value_eur`."""

    may_declare: bool  # the origin declaration text can be made on the invoice
    needs_approved_number: bool  # above the limit: the declaration carries the authorisation number
    needs_eur1: bool  # above the limit without one: an EUR.1 endorsed by customs instead


def eu_origin_decision(*, value_eur: Decimal, approved_exporter_number: str) -> EuOriginDecision:
    limit = _decimal_setting("PAPERWORK_EU_ORIGIN_DECLARATION_MAX_EUR")
    if value_eur <= limit:
        return EuOriginDecision(may_declare=True, needs_approved_number=False, needs_eur1=False)
    if approved_exporter_number:
        return EuOriginDecision(may_declare=True, needs_approved_number=True, needs_eur1=False)
    return EuOriginDecision(may_declare=False, needs_approved_number=False, needs_eur1=True)


def vat_collected_under_ioss(*, incoterm: str, country_code: str, duties_breakdown) -> bool:
    """True when the buyer paid the destination's VAT at checkout on a parcel
    to the EU: the consignment the marketplace declares under its IOSS
    number. `duties_breakdown` is the artisan order's (orders.pricing): a VAT
    line collected at checkout exists only under DDP and only where the duty
    tables let the seller collect it (in the EU up to EUR 150, the IOSS
    ceiling, as rows staff edit in the admin, not a figure written here)."""
    if incoterm != "DDP" or country_code not in settings.PAPERWORK_EU_COUNTRIES:
        return False
    return any(line.get("kind") == "vat" and line.get("collectable") for line in duties_breakdown or [])
