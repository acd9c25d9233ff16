"""Duties and taxes at destination: an estimate per consignment (one artisan's
parcel), from the TaxRule table. Every figure (rates, thresholds, flat amounts,
dates) is a row operators edit in the admin; nothing here knows a country.

How a rule applies to a parcel going to `country` on date `on`:

1. in force: it lists the country, effective_from <= on <= effective_to
   (inclusive; open-ended when empty);
2. versions: rules with exactly the same name are versions of one rule; of
   the versions in force, the one with the latest effective_from wins (ties:
   the newest row), and applies if it lists the country. Changing a rule from
   a date is "Save as new" in the admin with a later effective_from: the old
   row keeps answering for earlier dates, the new one wins from its date (a
   new version that no longer lists a country ends the rule there);
3. channel: "any", or the kind of the shipping service (postal / courier);
4. band: the goods value (shipping excluded), converted from MAD into the
   rule's threshold currency with `rates` and rounded by marketplace.money,
   is above consignment_min (exclusive) and up to consignment_max (inclusive).

Amounts, each rounded to the dirham's cent by marketplace.money.quantize:
- vat / duty / surcharge: rate_percent of the goods, or of goods + shipping
  when base_includes_shipping. Percentages are not compounded (VAT is not
  charged on a duty line): the tables are an estimate, and the duty on
  Moroccan-origin goods is 0 in the seeded destinations;
- flat_per_tariff_line: amount × distinct tariff lines (HS codes), converted
  once from amount_currency to MAD (convert_to_mad);
- flat_per_parcel: amount converted from amount_currency to MAD.

DDP (collecting at checkout) is offered when at least one rule applies and
every applicable rule is collectable_at_checkout. A destination with no rule
in force is not "nothing due" but "not known": the estimate is empty (0) and
DDP is not offered, so a checkout never promises a duty-free delivery it
cannot vouch for (e.g. the USA after 2026-07-24 until staff enter the new
rules). Where nothing is due for certain (Morocco, domestic), the table says
so with an explicit 0% collectable rule, which offers DDP with 0 due.
"""

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from marketplace.errors import DomainError
from marketplace.money import BASE_CURRENCY, SUPPORTED_CURRENCIES, RateUnavailable, convert_from_mad, convert_to_mad
from marketplace.money import quantize as money_quantize
from orders.models import ServiceKind, TaxChannel, TaxKind, TaxRule
from orders.shipping import country_code, landed_cost_table

logger = logging.getLogger(__name__)

ZERO = Decimal("0.00")
PERCENTAGE_KINDS = frozenset({TaxKind.VAT, TaxKind.DUTY, TaxKind.SURCHARGE})
# Lines are listed duties first, VAT last, as customs compute them.
KIND_ORDER = {
    TaxKind.DUTY: 0,
    TaxKind.SURCHARGE: 1,
    TaxKind.FLAT_PER_TARIFF_LINE: 2,
    TaxKind.FLAT_PER_PARCEL: 3,
    TaxKind.VAT: 4,
}


@dataclass(frozen=True)
class DutyLine:
    rule_id: int
    name: str
    kind: str
    amount_mad: Decimal
    collectable: bool


@dataclass(frozen=True)
class DutiesEstimate:
    """`lines` empty: no rule is known for the destination on that date (0 is
    then not a promise, and DDP is not offered)."""

    lines: list[DutyLine]
    total_mad: Decimal
    collectable_mad: Decimal
    ddp_offered: bool

    @property
    def at_the_door_mad(self) -> Decimal:
        """What the buyer should expect to pay on delivery (estimate)."""
        return self.total_mad - self.collectable_mad


def duty_rules_in_force(country, on: date) -> list[TaxRule]:
    """The rules for `country` in force on `on`, one version per rule name
    (the latest effective_from wins), before channel and value bands are
    considered. One query per process and generation of the landed-cost
    tables (orders.shipping.landed_cost_table); the rules are shared: do not
    modify them."""
    code = country_code(country)
    if not isinstance(on, date):
        raise TypeError(f"`on` is a date, not {on!r}.")
    return landed_cost_table(("tax rules", code, on), lambda: _rules_in_force(code, on))


def _rules_in_force(code: str, on: date) -> list[TaxRule]:
    in_force = TaxRule.objects.filter(effective_from__lte=on).filter(
        Q(effective_to__isnull=True) | Q(effective_to__gte=on)
    )
    # Every version in force of the rules that list the country (countries are
    # stored as "FR,ES,DE": narrowed in SQL, checked exactly below).
    listing = in_force.filter(countries__icontains=code).values("name")
    candidates = in_force.filter(name__in=listing).order_by("-effective_from", "-pk")
    newest: dict[str, TaxRule] = {}
    for rule in candidates:
        newest.setdefault(rule.name, rule)
    rules = [rule for rule in newest.values() if code in {listed.code for listed in rule.countries}]
    return sorted(rules, key=lambda rule: (KIND_ORDER.get(rule.kind, 9), rule.name, rule.pk))


def _rate_for(currency: str, rates: Mapping, rule: TaxRule):
    """The rate to convert `currency` (a rule's threshold or flat-amount
    currency) with; RateUnavailable (a DomainError, HTTP 503) when there is none."""
    if currency == BASE_CURRENCY:
        return None
    if currency not in SUPPORTED_CURRENCIES:
        logger.error("Tax rule %s uses currency %r, which Souk does not support.", rule.pk, currency)
        raise RateUnavailable(
            _("Duties cannot be estimated: the rule “%(rule)s” uses %(currency)s, which has no exchange rate.")
            % {"rule": rule.name, "currency": currency},
            fields={"currency": [_("No exchange rate in force.")]},
        )
    rate = rates.get(currency)
    if rate is None:
        raise RateUnavailable(
            _("Duties cannot be estimated yet: no exchange rate for %(currency)s is in force.")
            % {"currency": currency},
            fields={"currency": [_("No exchange rate in force.")]},
        )
    return rate


def _check_amount(name: str, amount) -> Decimal:
    if isinstance(amount, bool) or not isinstance(amount, Decimal | int):
        raise TypeError(f"{name} is a Decimal, not {type(amount).__name__}: {amount!r}.")
    amount = Decimal(amount)
    if amount < 0:
        raise ValueError(f"{name} cannot be negative: {amount}.")
    return amount


def duties_estimate(
    *,
    country,
    goods_mad: Decimal,
    shipping_mad: Decimal,
    tariff_lines: int,
    service_kind: str,
    on: date,
    rates: Mapping,
    rules: list[TaxRule] | None = None,
) -> DutiesEstimate:
    """The duties and taxes of one consignment (one artisan's parcel) going to
    `country` by a `service_kind` ("postal" / "courier") service, on date `on`.

    `goods_mad`, `shipping_mad`: the parcel's goods and shipping in MAD;
    `tariff_lines`: distinct HS codes in the parcel; `rates`: {currency:
    ExchangeRate or Decimal units per MAD}, as `marketplace.money.rates_snapshot()`
    returns. `rules`: the result of `duty_rules_in_force(country, on)` when the
    caller estimates several parcels to the same country (saves the query).

    Raises RateUnavailable (a DomainError) when a rule needs a currency that
    has no rate in `rates`."""
    goods_mad = _check_amount("goods_mad", goods_mad)
    shipping_mad = _check_amount("shipping_mad", shipping_mad)
    if isinstance(tariff_lines, bool) or not isinstance(tariff_lines, int) or tariff_lines < 0:
        raise ValueError(f"tariff_lines is a count, not {tariff_lines!r}.")
    if service_kind not in ServiceKind.values:
        raise ValueError(f"service_kind is one of {ServiceKind.values}, not {service_kind!r}.")
    if rules is None:
        rules = duty_rules_in_force(country, on)

    goods_in: dict[str, Decimal] = {}  # the goods value in each threshold currency

    def goods_value(currency: str, rule: TaxRule) -> Decimal:
        if currency not in goods_in:
            goods_in[currency] = convert_from_mad(goods_mad, currency, _rate_for(currency, rates, rule))
        return goods_in[currency]

    lines = []
    for rule in rules:
        if rule.channel not in (TaxChannel.ANY, service_kind):
            continue
        if rule.consignment_min is not None or rule.consignment_max is not None:
            value = goods_value((rule.threshold_currency or BASE_CURRENCY).upper(), rule)
            if rule.consignment_min is not None and not value > rule.consignment_min:
                continue
            if rule.consignment_max is not None and not value <= rule.consignment_max:
                continue
        lines.append(
            DutyLine(
                rule_id=rule.pk,
                name=rule.name,
                kind=rule.kind,
                amount_mad=_amount(rule, goods_mad, shipping_mad, tariff_lines, rates),
                collectable=rule.collectable_at_checkout,
            )
        )
    total = sum((line.amount_mad for line in lines), ZERO)
    collectable = sum((line.amount_mad for line in lines if line.collectable), ZERO)
    return DutiesEstimate(
        lines=lines,
        total_mad=total,
        collectable_mad=collectable,
        ddp_offered=bool(lines) and all(line.collectable for line in lines),
    )


def _amount(rule: TaxRule, goods_mad: Decimal, shipping_mad: Decimal, tariff_lines: int, rates: Mapping) -> Decimal:
    if rule.kind in PERCENTAGE_KINDS:
        if rule.rate_percent is None:
            logger.error("Tax rule %s (%s) has no rate; counted as 0.", rule.pk, rule.name)
            return ZERO
        base = goods_mad + shipping_mad if rule.base_includes_shipping else goods_mad
        return money_quantize(base * rule.rate_percent / 100, BASE_CURRENCY)
    if rule.kind in (TaxKind.FLAT_PER_TARIFF_LINE, TaxKind.FLAT_PER_PARCEL):
        if rule.amount is None:
            logger.error("Tax rule %s (%s) has no amount; counted as 0.", rule.pk, rule.name)
            return ZERO
        currency = (rule.amount_currency or BASE_CURRENCY).upper()
        amount = rule.amount * tariff_lines if rule.kind == TaxKind.FLAT_PER_TARIFF_LINE else rule.amount
        return convert_to_mad(amount, currency, _rate_for(currency, rates, rule))
    raise DomainError(
        _("The duty rule “%(rule)s” has an unknown kind.") % {"rule": rule.name},
        fields={"tax_rule": [str(rule.pk)]},
    )
