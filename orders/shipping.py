"""Shipping quotes: which zone a country is in, and what a parcel of a given
weight costs (in MAD) and how long it takes with each service.

Every figure is data (ShippingZone, ShippingService, ShippingRate, edited by
operators in the admin); this module only picks the right row:

- a country belongs to the zone that lists it, else to the rest-of-world zone;
- a rate is a weight bracket: the parcel takes the smallest bracket whose
  `max_weight_grams` is at least its weight (a bracket's limit is inclusive);
- a service with no bracket big enough, or no rate for the zone, cannot carry
  the parcel there: ShippingUnavailable (a DomainError, HTTP 400).

Quoting every artisan's parcel of a basket costs one query (`shipping_quotes`);
the zone map is kept in memory per process (see `zone_for_country`).
"""

import logging
import threading
import time
from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.core.cache import cache
from django.utils.translation import gettext_lazy as _
from django_countries import countries as all_countries

from marketplace.errors import DomainError
from marketplace.money import quantize
from orders.models import ShippingRate, ShippingService, ShippingZone

logger = logging.getLogger(__name__)

# The zone map of a process is reloaded at least this often, and at once when
# the shared generation changes (`shipping_zones_invalidate`, called by the admin).
ZONE_MAP_MAX_AGE_SECONDS = 300
_ZONE_GENERATION_KEY = "orders:shipping-zones:generation"


class ShippingUnavailable(DomainError):
    """The chosen service cannot carry this parcel to this destination."""

    code = "shipping_unavailable"

    def __init__(self, message, *, fields=None, parcel_key=None):
        super().__init__(message, fields=fields)
        # Which parcel of `shipping_quotes` (e.g. the artisan id) could not be quoted.
        self.parcel_key = parcel_key


@dataclass(frozen=True)
class ShippingQuote:
    service: ShippingService
    zone: ShippingZone
    price_mad: Decimal
    transit_days_min: int
    transit_days_max: int


# --- zones ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class _ZoneMap:
    generation: object
    loaded_at: float
    by_country: dict  # "FR" → ShippingZone
    rest_of_world: ShippingZone | None


_zone_map: _ZoneMap | None = None
_zone_map_lock = threading.Lock()


def shipping_zones_invalidate() -> None:
    """Make every process reload its zone map on its next lookup (call after a
    zone is saved or deleted, once the transaction has committed)."""
    global _zone_map
    cache.set(_ZONE_GENERATION_KEY, time.time_ns(), timeout=None)
    _zone_map = None


def _load_zone_map(generation) -> _ZoneMap:
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
    return _ZoneMap(generation=generation, loaded_at=time.monotonic(), by_country=by_country,
                    rest_of_world=rest_of_world)  # fmt: skip


def _current_zone_map() -> _ZoneMap:
    global _zone_map
    generation = cache.get_or_set(_ZONE_GENERATION_KEY, time.time_ns, timeout=None)
    zone_map = _zone_map
    if (
        zone_map is None
        or zone_map.generation != generation
        or time.monotonic() - zone_map.loaded_at > ZONE_MAP_MAX_AGE_SECONDS
    ):
        with _zone_map_lock:
            zone_map = _zone_map = _load_zone_map(generation)
    return zone_map


def country_code(country) -> str:
    """ "fr", " FR ", a django_countries Country → "FR"."""
    code = str(getattr(country, "code", country) or "").strip().upper()
    if not code:
        raise DomainError(_("A destination country is required."), fields={"country": [_("This field is required.")]})
    return code


def zone_for_country(country) -> ShippingZone:
    """The zone that lists `country` (an ISO 3166-1 alpha-2 code), else the
    rest-of-world zone. The map of zones is cached in each process and reloaded
    when an operator changes a zone (through the admin) or after
    ZONE_MAP_MAX_AGE_SECONDS; the returned zone is shared: do not modify it."""
    code = country_code(country)
    zone_map = _current_zone_map()
    zone = zone_map.by_country.get(code) or zone_map.rest_of_world
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
    services only. One query."""
    rates = (
        ShippingRate.objects.filter(zone=zone, service__is_active=True)
        .select_related("service")
        .order_by("service__code", "max_weight_grams")
    )
    brackets: dict[str, list[ShippingRate]] = {}
    for rate in rates:
        brackets.setdefault(rate.service.code, []).append(rate)
    return brackets


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
    carry it; weight in grams)} → {key: ShippingQuote}. One query for every rate
    of the zone, whatever the number of parcels.

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
