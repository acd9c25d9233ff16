"""What a basket costs, computed on the server only: lines, each artisan's
parcel (shipping, duties and taxes) and the totals, in MAD and in the buyer's
currency. `basket_quote` is the one way to ask: the cart shows its answer;
the checkout stores it.

Every amount is first worked out in MAD, then converted once and rounded by
marketplace.money; sums are taken after rounding, so the parts always add up
to the totals to the cent in both currencies."""

from collections import OrderedDict
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.errors import DomainError
from marketplace.money import convert_from_mad, quantize
from orders.duties import duties_estimate, duty_rules_in_force
from orders.models import Incoterm
from orders.shipping import insurance_premium_mad, shipping_quotes

ZERO = Decimal("0.00")


@dataclass
class LinePrice:
    variant: object
    quantity: int
    unit_price_mad: Decimal
    unit_price: Decimal
    total_mad: Decimal
    total: Decimal

    @property
    def weight_grams(self) -> int:
        return (self.variant.weight_grams or self.variant.product.weight_grams) * self.quantity


@dataclass
class ParcelPrice:
    artisan: object
    lines: list = field(default_factory=list)
    subtotal_mad: Decimal = ZERO
    subtotal: Decimal = ZERO
    shipping_quote: object = None
    shipping_mad: Decimal = ZERO
    shipping: Decimal = ZERO
    duties: object = None  # orders.duties.DutiesEstimate
    duties_mad: Decimal = ZERO
    duties_amount: Decimal = ZERO
    duties_breakdown: list = field(default_factory=list)
    lead_time_days: int = 0
    insured: bool = False
    insurance_mad: Decimal = ZERO
    insurance: Decimal = ZERO

    @property
    def weight_grams(self) -> int:
        return sum(line.weight_grams for line in self.lines)

    @property
    def tariff_lines(self) -> int:
        return len({line.variant.product.hs_code for line in self.lines})

    @property
    def ddp_offered(self) -> bool:
        return self.duties is None or self.duties.ddp_offered

    @property
    def delivery_days(self) -> tuple[int, int] | None:
        """The days from order to door, fewest and most: the longest making
        of its made-to-order pieces, then the carrier's transit. None until
        the parcel is quoted (add_landed_cost)."""
        quote = self.shipping_quote
        if quote is None:
            return None
        return self.lead_time_days + quote.transit_days_min, self.lead_time_days + quote.transit_days_max


@dataclass
class BasketPrice:
    currency: str
    rate: Decimal
    rate_at: object
    parcels: "OrderedDict[int, ParcelPrice]"
    incoterm: str = "DAP"

    def _sum(self, name):
        return sum((getattr(parcel, name) for parcel in self.parcels.values()), ZERO)

    @property
    def subtotal(self):
        return self._sum("subtotal")

    @property
    def subtotal_mad(self):
        return self._sum("subtotal_mad")

    @property
    def shipping(self):
        return self._sum("shipping")

    @property
    def shipping_mad(self):
        return self._sum("shipping_mad")

    @property
    def duties(self):
        return self._sum("duties_amount")

    @property
    def duties_mad(self):
        return self._sum("duties_mad")

    @property
    def insurance(self):
        return self._sum("insurance")

    @property
    def insurance_mad(self):
        return self._sum("insurance_mad")

    @property
    def ddp_offered(self) -> bool:
        return all(parcel.ddp_offered for parcel in self.parcels.values())

    def _collected(self) -> tuple[Decimal, Decimal]:
        breakdown = [line for parcel in self.parcels.values() for line in parcel.duties_breakdown]
        return collected_duties(incoterm=self.incoterm, breakdown=breakdown)

    @property
    def duties_collected(self):
        return self._collected()[0]

    @property
    def duties_collected_mad(self):
        return self._collected()[1]

    @property
    def total(self):
        return self.subtotal + self.shipping + self.insurance + self.duties_collected

    @property
    def total_mad(self):
        return self.subtotal_mad + self.shipping_mad + self.insurance_mad + self.duties_collected_mad


def collected_duties(*, incoterm: str, breakdown) -> tuple[Decimal, Decimal]:
    """The duties and taxes the buyer pays us with the order, in their currency
    and in MAD, from a duties breakdown (add_landed_cost's lines, as stored on
    each artisan order): under DDP, its collectable lines; under DAP nothing,
    the carrier collects them on delivery. What a refund gives back is this too."""
    if incoterm != "DDP":
        return ZERO, ZERO
    collectable = [line for line in breakdown if line.get("collectable")]
    return (
        sum((Decimal(line["amount"]) for line in collectable), ZERO),
        sum((Decimal(line["amount_mad"]) for line in collectable), ZERO),
    )


def to_currency(amount_mad: Decimal, currency: str, rate: Decimal) -> Decimal:
    if currency == "MAD":
        return quantize(amount_mad, "MAD")
    return convert_from_mad(amount_mad, currency, rate)


def basket_quote(
    *,
    items,
    currency: str,
    rates: dict,
    country=None,
    services=None,
    incoterm: str = Incoterm.DAP,
    insurance: bool = False,
) -> BasketPrice:
    """What a basket costs now. `items`: (variant, quantity) pairs, variants
    with product and artisan loaded; `rates`: marketplace.money.rates_snapshot().
    Its lines are priced in MAD and in `currency`; given a `country`, each
    artisan's parcel is quoted with the chosen service (`services`: artisan
    id → service code, missing: the cheapest) and its duties estimated under
    `incoterm`; with `insurance`, each parcel is insured (its premium from
    the insurance table, orders.shipping). Raises DomainError when `currency` has no rate yet or a
    service is chosen for an artisan who is not in the basket, and
    ShippingUnavailable when a parcel cannot go there, InsuranceUnavailable
    when insurance is asked where it is not offered."""
    rate = rates.get(currency)
    if currency != "MAD" and rate is None:
        raise DomainError(_("Prices in %(currency)s are not available yet.") % {"currency": currency},
                          fields={"currency": [_("No exchange rate.")]})  # fmt: skip
    basket = price_basket(
        items=items,
        currency=currency,
        rate=rate.rate if rate is not None else None,
        rate_at=rate.effective_at if rate is not None else None,
    )
    services = services or {}
    unknown = set(services) - set(basket.parcels)
    if unknown:
        raise DomainError(_("A shipping service was chosen for an artisan who is not in the cart."),
                          fields={"shipping_services": sorted(str(artisan_id) for artisan_id in unknown)})  # fmt: skip
    if country and basket.parcels:
        add_landed_cost(basket=basket, country=country, services=services, incoterm=incoterm, rates=rates,
                        insurance=insurance)  # fmt: skip
    return basket


def price_basket(*, items, currency: str, rate: Decimal, rate_at=None) -> BasketPrice:
    """`items`: (variant, quantity) pairs, variants with product and artisan loaded."""
    parcels: OrderedDict[int, ParcelPrice] = OrderedDict()
    for variant, quantity in sorted(items, key=lambda item: (item[0].product.artisan_id, item[0].pk)):
        artisan = variant.product.artisan
        parcel = parcels.setdefault(artisan.pk, ParcelPrice(artisan=artisan))
        unit_price_mad = quantize(variant.price_mad, "MAD")
        unit_price = to_currency(unit_price_mad, currency, rate)
        line = LinePrice(
            variant=variant,
            quantity=quantity,
            unit_price_mad=unit_price_mad,
            unit_price=unit_price,
            total_mad=unit_price_mad * quantity,
            total=unit_price * quantity,
        )
        parcel.lines.append(line)
        parcel.subtotal_mad += line.total_mad
        parcel.subtotal += line.total
        if variant.product.made_to_order:
            parcel.lead_time_days = max(parcel.lead_time_days, variant.product.lead_time_days)
    return BasketPrice(currency=currency, rate=rate, rate_at=rate_at, parcels=parcels)


def add_landed_cost(
    *, basket: BasketPrice, country: str, services: dict, incoterm: str, rates: dict, insurance: bool = False
) -> None:
    """Quote each artisan's parcel to `country` with the chosen service (artisan
    id → service code, or None for the cheapest), estimate its duties, and
    with `insurance` its premium on the declared goods value (its subtotal in MAD)."""

    quotes = shipping_quotes(
        country=country,
        parcels={artisan_id: (services.get(artisan_id), parcel.weight_grams)
                 for artisan_id, parcel in basket.parcels.items()},
    )  # fmt: skip
    today = timezone.localdate()
    rules = duty_rules_in_force(country, today)
    for artisan_id, parcel in basket.parcels.items():
        quote = quotes[artisan_id]
        parcel.shipping_quote = quote
        parcel.shipping_mad = quantize(quote.price_mad, "MAD")
        parcel.shipping = to_currency(parcel.shipping_mad, basket.currency, basket.rate)
        if insurance:
            parcel.insured = True
            parcel.insurance_mad = insurance_premium_mad(
                zone=quote.zone, service=quote.service, goods_mad=parcel.subtotal_mad, on=today
            )
            parcel.insurance = to_currency(parcel.insurance_mad, basket.currency, basket.rate)
        parcel.duties = duties_estimate(
            country=country,
            goods_mad=parcel.subtotal_mad,
            shipping_mad=parcel.shipping_mad,
            tariff_lines=parcel.tariff_lines,
            service_kind=quote.service.kind,
            on=today,
            rates=rates,
            rules=rules,
        )
        parcel.duties_breakdown = []
        for line in parcel.duties.lines:
            amount = to_currency(line.amount_mad, basket.currency, basket.rate)
            parcel.duties_breakdown.append({
                "rule": line.rule_id, "name": line.name, "kind": line.kind, "collectable": line.collectable,
                "amount_mad": str(line.amount_mad), "amount": str(amount),
            })  # fmt: skip
            parcel.duties_mad += line.amount_mad
            parcel.duties_amount += amount
    basket.incoterm = incoterm
