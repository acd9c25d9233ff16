"""Shipping quotes: which zone a country is in, and what a parcel of a given
weight costs (in MAD) and how long it takes with each service.

Every figure is data (ShippingZone, ShippingService, ShippingRate, edited by
operators in the admin); this module only picks the right row:

- a country belongs to the zone that lists it, else to the rest-of-world zone;
- a rate is a weight bracket: the parcel takes the smallest bracket whose
  `max_weight_grams` is at least its weight (a bracket's limit is inclusive);
- a service with no bracket big enough, or no rate for the zone, cannot carry
  the parcel there: ShippingUnavailable (a DomainError, HTTP 400).

The landed-cost tables (zones, the rates of each zone, the tax rules of
orders.duties) are kept in memory per process (`landed_cost_table`): quoting a
basket costs no query once a process has read its zone, and an operator's
change shows at once (`landed_cost_tables_invalidate`, called by the admin).
"""

import logging
import threading
import time
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.cache import cache
from django.utils.translation import gettext_lazy as _
from django_countries import countries as all_countries

from marketplace.errors import DomainError
from marketplace.money import quantize
from orders.models import InsurancePremium, ShippingRate, ShippingService, ShippingZone

logger = logging.getLogger(__name__)

# A process's copy of the landed-cost tables is read again at least this
# often, and at once when the shared generation changes
# (`landed_cost_tables_invalidate`, called by the admin).
TABLES_MAX_AGE_SECONDS = 300
# The shared generation is asked for at most this often: a checkout prices
# one parcel per artisan, and each asking again cost a Redis round trip. An
# admin's change reaches the other processes within this delay (its own at once).
GENERATION_CHECK_SECONDS = 1.0
_TABLES_GENERATION_KEY = "orders:landed-cost-tables:generation"


class ShippingUnavailable(DomainError):
    """The chosen service cannot carry this parcel to this destination."""

    code = "shipping_unavailable"

    def __init__(self, message, *, fields=None, parcel_key=None):
        super().__init__(message, fields=fields)
        # Which parcel of `shipping_quotes` (e.g. the artisan id) could not be quoted.
        self.parcel_key = parcel_key


class InsuranceUnavailable(DomainError):
    """No insurance premium is in force for this zone and service."""

    code = "insurance_unavailable"


@dataclass(frozen=True)
class ShippingQuote:
    service: ShippingService
    zone: ShippingZone
    price_mad: Decimal
    transit_days_min: int
    transit_days_max: int


# --- the tables in memory ------------------------------------------------------------------


@dataclass(frozen=True)
class _Tables:
    """One process's copy of the landed-cost tables, for one generation."""

    generation: object
    loaded_at: float
    by_country: dict  # "FR" → ShippingZone
    rest_of_world: ShippingZone | None
    read: dict = field(default_factory=dict)  # what was read since: a zone's rates, a country's tax rules


_tables: _Tables | None = None
_tables_lock = threading.Lock()
_generation_checked_at = float("-inf")


def landed_cost_tables_invalidate() -> None:
    """Make every process read the zones, rates and tax rules again on their
    next use (call after one is saved or deleted, once the transaction has
    committed)."""
    global _tables
    cache.set(_TABLES_GENERATION_KEY, time.time_ns(), timeout=None)
    _tables = None


def landed_cost_tables_forget() -> None:
    """Drop this process's copy only (after the cache was cleared, as tests
    do between tests): the next use reads the tables and the generation again."""
    global _tables, _generation_checked_at
    _tables, _generation_checked_at = None, float("-inf")


def landed_cost_table(key: Hashable, load: Callable[[], object]):
    """What `load()` reads from the landed-cost tables (a zone's rates, a
    country's tax rules on a day), read once per process and generation. The
    value is shared between requests: do not modify it."""
    read = _current_tables().read
    if key not in read:
        read[key] = load()
    return read[key]


def _load_tables(generation) -> _Tables:
    by_country = {}
    rest_of_world = None
    # Ordered by code: if a country were listed twice (the admin refuses it), the choice is stable.
    for zone in ShippingZone.objects.order_by("code", "pk"):
        if zone.is_rest_of_world:
            if rest_of_world is None:
                rest_of_world = zone
            else:
                logger.warning("Several rest-of-world shipping zones; using %s, not %s.", rest_of_world.code, zone.code)
        for country in zone.countries:
            code = country.code
            if code in by_country:
                logger.warning("%s is listed by shipping zones %s and %s; using %s.",
                               code, by_country[code].code, zone.code, by_country[code].code)  # fmt: skip
                continue
            by_country[code] = zone
    return _Tables(generation=generation, loaded_at=time.monotonic(), by_country=by_country,
                   rest_of_world=rest_of_world)  # fmt: skip


def _current_tables() -> _Tables:
    global _tables, _generation_checked_at
    tables, now = _tables, time.monotonic()
    if tables is not None and now - _generation_checked_at < GENERATION_CHECK_SECONDS:
        return tables
    generation = cache.get_or_set(_TABLES_GENERATION_KEY, time.time_ns, timeout=None)
    _generation_checked_at = now
    too_old = tables is not None and now - tables.loaded_at > TABLES_MAX_AGE_SECONDS
    if tables is None or tables.generation != generation or too_old:
        with _tables_lock:
            tables = _tables = _load_tables(generation)
    return tables


# --- zones ---------------------------------------------------------------------------------


def country_code(country) -> str:
    """ "fr", " FR ", a django_countries Country → "FR"."""
    code = str(getattr(country, "code", country) or "").strip().upper()
    if not code:
        raise DomainError(_("A destination country is required."), fields={"country": [_("This field is required.")]})
    return code


def zone_for_country(country) -> ShippingZone:
    """The zone that lists `country` (an ISO 3166-1 alpha-2 code), else the
    rest-of-world zone. The map of zones is kept in each process (see
    landed_cost_table); the returned zone is shared: do not modify it."""
    code = country_code(country)
    tables = _current_tables()
    zone = tables.by_country.get(code) or tables.rest_of_world
    if zone is None:
        name = all_countries.name(code) or code
        raise ShippingUnavailable(
            _("We do not ship to %(country)s.") % {"country": name},
            fields={"country": [_("No shipping zone covers this country.")]},
        )
    return zone


# --- quotes --------------------------------------------------------------------------------


def _check_weight(weight_grams) -> int:
    if isinstance(weight_grams, bool) or not isinstance(weight_grams, int) or weight_grams < 0:
        raise ValueError(f"A parcel weight is a whole number of grams, not {weight_grams!r}.")
    return weight_grams


def _zone_brackets(zone: ShippingZone) -> dict[str, list[ShippingRate]]:
    """{service code: its rates for the zone, lightest bracket first}; active
    services only. One query per process and generation of the tables."""

    def load():
        rates = (
            ShippingRate.objects.filter(zone=zone, service__is_active=True)
            .select_related("service")
            .order_by("service__code", "max_weight_grams")
        )
        brackets: dict[str, list[ShippingRate]] = {}
        for rate in rates:
            brackets.setdefault(rate.service.code, []).append(rate)
        return brackets

    return landed_cost_table(("brackets", zone.pk), load)


def _bracket(rates: list[ShippingRate], weight_grams: int) -> ShippingRate | None:
    # Lightest first: the first bracket that holds the weight is the smallest one.
    return next((rate for rate in rates if rate.max_weight_grams >= weight_grams), None)


def _quote(rate: ShippingRate, zone: ShippingZone) -> ShippingQuote:
    return ShippingQuote(
        service=rate.service,
        zone=zone,
        price_mad=quantize(rate.price_mad, "MAD"),
        transit_days_min=rate.transit_days_min,
        transit_days_max=rate.transit_days_max,
    )


def _cheapest_first(quote: ShippingQuote):
    return (quote.price_mad, quote.transit_days_max, quote.service.code)


def _options(brackets: dict[str, list[ShippingRate]], zone: ShippingZone, weight_grams: int) -> list[ShippingQuote]:
    quotes = []
    for rates in brackets.values():
        rate = _bracket(rates, weight_grams)
        if rate is not None:
            quotes.append(_quote(rate, zone))
    return sorted(quotes, key=_cheapest_first)


def shipping_quotes(*, country, parcels: Mapping[Hashable, tuple[str | None, int]]) -> dict[Hashable, ShippingQuote]:
    """Quote several parcels going to the same country (one per artisan of a
    basket): {key: (service code, or None for the cheapest service that can
    carry it; weight in grams)} → {key: ShippingQuote}. At most one query, for
    every rate of the zone, whatever the number of parcels.

    Raises ShippingUnavailable (fields {"shipping_service": [...]}, `parcel_key`
    naming the parcel) when a parcel cannot be carried: unknown or inactive
    service, no rate for the zone, or heavier than the service's biggest bracket."""
    zone = zone_for_country(country)
    if not parcels:
        return {}
    brackets = _zone_brackets(zone)
    destination = all_countries.name(country_code(country)) or country_code(country)
    quotes = {}
    for key, (service_code, weight_grams) in parcels.items():
        weight_grams = _check_weight(weight_grams)
        if service_code is None:
            options = _options(brackets, zone, weight_grams)
            if not options:
                message = _("No shipping service can carry a parcel of %(weight)s g to %(country)s.") % {
                    "weight": weight_grams,
                    "country": destination,
                }
                raise ShippingUnavailable(message, fields={"shipping_service": [message]}, parcel_key=key)
            quotes[key] = options[0]
            continue
        rates = brackets.get(service_code)
        if not rates:
            message = _("The shipping service “%(service)s” does not deliver to %(country)s.") % {
                "service": service_code,
                "country": destination,
            }
            raise ShippingUnavailable(message, fields={"shipping_service": [message]}, parcel_key=key)
        rate = _bracket(rates, weight_grams)
        if rate is None:
            message = _(
                "The shipping service “%(service)s” carries at most %(limit)s g to %(country)s; this parcel weighs "
                "%(weight)s g."
            ) % {"service": rates[-1].service.name, "limit": rates[-1].max_weight_grams, "country": destination,
                 "weight": weight_grams}  # fmt: skip
            raise ShippingUnavailable(message, fields={"shipping_service": [message]}, parcel_key=key)
        quotes[key] = _quote(rate, zone)
    return quotes


def shipping_quote(*, service: ShippingService | str, country, weight_grams: int) -> ShippingQuote:
    """The price and transit time of one parcel with `service` (a
    ShippingService or its code). Raises ShippingUnavailable (fields
    {"shipping_service": [...]}) when the service cannot carry it there."""
    code = service.code if isinstance(service, ShippingService) else service
    if not code:
        raise ValueError("shipping_quote needs a service; use shipping_options for the choices.")
    return shipping_quotes(country=country, parcels={None: (code, weight_grams)})[None]


def shipping_options(*, country, weight_grams: int) -> list[ShippingQuote]:
    """Every active service that can carry the parcel to `country`, cheapest
    first (then fastest, then by code). Empty when none can."""
    weight_grams = _check_weight(weight_grams)
    zone = zone_for_country(country)
    return _options(_zone_brackets(zone), zone, weight_grams)


# --- insurance -----------------------------------------------------------------------------


def _zone_premiums(zone: ShippingZone) -> dict[int, list[InsurancePremium]]:
    """{service id: its premiums for the zone, newest first}. One query per
    process and generation of the tables."""

    def load():
        premiums: dict[int, list[InsurancePremium]] = {}
        for premium in InsurancePremium.objects.filter(zone=zone).order_by("service_id", "-valid_from"):
            premiums.setdefault(premium.service_id, []).append(premium)
        return premiums

    return landed_cost_table(("premiums", zone.pk), load)


def insurance_premium_in_force(*, zone: ShippingZone, service: ShippingService, on) -> InsurancePremium | None:
    """The premium row of `zone` and `service` in force on the date `on`, or None."""
    return next((row for row in _zone_premiums(zone).get(service.pk, []) if row.valid_from <= on), None)


def insurance_premium_mad(*, zone: ShippingZone, service: ShippingService, goods_mad: Decimal, on) -> Decimal:
    """What insuring a parcel of `goods_mad` declared value with `service` to
    `zone` costs (MAD) on the date `on`: its rate of the value, at least its
    minimum. Raises InsuranceUnavailable when no row is in force."""
    row = insurance_premium_in_force(zone=zone, service=service, on=on)
    if row is None:
        message = _("Insurance is not offered for parcels to %(zone)s with “%(service)s”.") % {
            "zone": zone.name,
            "service": service.name,
        }
        raise InsuranceUnavailable(message, fields={"insurance": [message]})
    return max(quantize(goods_mad * row.rate_percent / Decimal(100), "MAD"), quantize(row.minimum_mad, "MAD"))
