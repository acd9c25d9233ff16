"""Properties of basket totals (orders.pricing) for random carts: the parts add
up to the totals to the cent in MAD and in the buyer's currency, nothing has
more than two decimals, both currencies tell the same story within rounding,
and an order stores exactly what its artisan orders and lines add up to.

The pricing properties use in-memory variants (no rows), the seeded shipping
rates, tax rules and exchange rates; the last one goes through the API."""

import itertools
import uuid
from dataclasses import dataclass
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from rest_framework.test import APIClient

from artisans.models import ArtisanProfile
from catalog.models import Product, Variant
from marketplace.money import convert_from_mad, rates_snapshot
from orders.models import Order, OrderLine
from orders.pricing import BasketPrice, basket_quote
from tests.factories import ArtisanFactory, ProductFactory
from tests.rollback import rolled_back

pytestmark = pytest.mark.django_db

CURRENCIES = ["MAD", "USD", "EUR", "GBP"]
DESTINATIONS = ["FR", "ES", "US", "GB", "MA", "JP"]
HS_CODES = ["6912.00", "5701.10", "7113.11", "4202.21", "9403.60"]
HEAVIEST_PARCEL_GRAMS = 30_000  # the seeded services' biggest weight bracket
CENT = Decimal("0.01")
HALF_CENT = Decimal("0.005")

PROPERTY_SETTINGS = settings(
    max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
_ids = itertools.count(1)


@dataclass(frozen=True)
class LineSpec:
    price_mad: Decimal
    quantity: int
    hs_code: str
    weight_grams: int


prices_mad = st.integers(min_value=100, max_value=2_000_000).map(lambda cents: Decimal(cents) / 100)


@st.composite
def parcel_specs(draw, *, prices=prices_mad, max_lines=5, max_quantity=99):
    """One artisan's lines; unit weights chosen so the parcel stays shippable."""
    rows = draw(
        st.lists(
            st.tuples(prices, st.integers(1, max_quantity), st.sampled_from(HS_CODES)), min_size=1, max_size=max_lines
        )
    )
    heaviest_unit = HEAVIEST_PARCEL_GRAMS // sum(quantity for _price, quantity, _hs in rows)
    return [
        LineSpec(price, quantity, hs_code, draw(st.integers(1, heaviest_unit))) for price, quantity, hs_code in rows
    ]


cart_specs = st.lists(parcel_specs(), min_size=1, max_size=6)
# Parcels of at most 2 x 3 x 250 MAD (about EUR 140 / GBP 122): under the
# thresholds up to which duties and VAT are collected at checkout.
small_cart_specs = st.lists(
    parcel_specs(prices=st.integers(100, 25_000).map(lambda cents: Decimal(cents) / 100), max_lines=2, max_quantity=3),
    min_size=1,
    max_size=6,
)


def in_memory_items(cart: list[list[LineSpec]]) -> list:
    """(variant, quantity) pairs, as the checkout prices them, but unsaved."""
    items = []
    for parcel in cart:
        artisan_id = next(_ids)
        artisan = ArtisanProfile(pk=artisan_id, slug=f"artisan-{artisan_id}", display_name_latin=f"A{artisan_id}")
        for line in parcel:
            product = Product(pk=next(_ids), artisan=artisan, hs_code=line.hs_code, weight_grams=line.weight_grams,
                              made_to_order=False, lead_time_days=0, title=f"P{artisan_id}")  # fmt: skip
            variant = Variant(pk=next(_ids), product=product, sku=f"SKU-{product.pk}", price_mad=line.price_mad)
            items.append((variant, line.quantity))
    return items


@pytest.fixture
def rates():
    return rates_snapshot()


def basket_for(items, *, currency, country, want_ddp, rates) -> BasketPrice:
    """Quoted as the cart and the checkout quote: DDP when asked for and offered, else DAP."""

    def priced(incoterm):
        return basket_quote(items=items, currency=currency, rates=rates, country=country, incoterm=incoterm)

    basket = priced("DAP")
    if want_ddp and basket.ddp_offered:
        basket = priced("DDP")
    event(f"{country} {basket.incoterm} {currency}")  # --hypothesis-show-statistics
    return basket


def to_currency(amount_mad, basket: BasketPrice) -> Decimal:
    return convert_from_mad(amount_mad, basket.currency, basket.rate) if basket.currency != "MAD" else amount_mad


def every_amount(basket: BasketPrice):
    """(name, amount) of every figure the basket shows or an order stores."""
    for name in ("subtotal", "shipping", "duties", "duties_collected", "total"):
        yield name, getattr(basket, name)
        yield f"{name}_mad", getattr(basket, f"{name}_mad")
    for artisan_id, parcel in basket.parcels.items():
        for name in ("subtotal", "subtotal_mad", "shipping", "shipping_mad", "duties_amount", "duties_mad"):
            yield f"parcel {artisan_id} {name}", getattr(parcel, name)
        for line in parcel.lines:
            for name in ("unit_price", "unit_price_mad", "total", "total_mad"):
                yield f"line {line.variant.sku} {name}", getattr(line, name)
        for duty in parcel.duties_breakdown:
            yield f"parcel {artisan_id} duty {duty['name']}", Decimal(duty["amount"])
            yield f"parcel {artisan_id} duty {duty['name']} (MAD)", Decimal(duty["amount_mad"])


def collected_lines(basket: BasketPrice) -> list[dict]:
    if basket.incoterm != "DDP":
        return []
    return [duty for parcel in basket.parcels.values() for duty in parcel.duties_breakdown if duty["collectable"]]


def check_parts_add_up(basket: BasketPrice, cart) -> None:
    """Lines → parcel subtotals → basket subtotal, exactly, in both currencies."""
    assert len(basket.parcels) == len(cart)
    for parcel in basket.parcels.values():
        assert sum(line.total for line in parcel.lines) == parcel.subtotal
        assert sum(line.total_mad for line in parcel.lines) == parcel.subtotal_mad
        assert all(line.total == line.unit_price * line.quantity for line in parcel.lines)
        assert sum(Decimal(duty["amount"]) for duty in parcel.duties_breakdown) == parcel.duties_amount
        assert sum(Decimal(duty["amount_mad"]) for duty in parcel.duties_breakdown) == parcel.duties_mad
    parcels = basket.parcels.values()
    assert sum(parcel.subtotal for parcel in parcels) == basket.subtotal
    assert sum(parcel.subtotal_mad for parcel in parcels) == basket.subtotal_mad
    assert sum(line.total for parcel in parcels for line in parcel.lines) == basket.subtotal
    assert sum(line.total_mad for parcel in parcels for line in parcel.lines) == basket.subtotal_mad
    assert basket.subtotal_mad == sum(spec.price_mad * spec.quantity for parcel in cart for spec in parcel)


def check_total(basket: BasketPrice) -> None:
    """total = subtotal + shipping + collected duties, from the parts, to the
    cent in both currencies; no amount finer than a cent, none negative."""
    parcels = basket.parcels.values()
    collected = collected_lines(basket)
    assert basket.duties_collected == sum((Decimal(duty["amount"]) for duty in collected), Decimal(0))
    assert basket.duties_collected_mad == sum((Decimal(duty["amount_mad"]) for duty in collected), Decimal(0))
    shipping = sum((parcel.shipping for parcel in parcels), Decimal(0))
    shipping_mad = sum((parcel.shipping_mad for parcel in parcels), Decimal(0))
    assert basket.total == basket.subtotal + shipping + basket.duties_collected
    assert basket.total_mad == basket.subtotal_mad + shipping_mad + basket.duties_collected_mad
    finer = {name: amount for name, amount in every_amount(basket) if amount != amount.quantize(CENT)}
    assert finer == {}
    assert [name for name, amount in every_amount(basket) if amount < 0] == []


def check_currencies_agree(basket: BasketPrice) -> None:
    """Each unit price, each parcel's shipping and each collected duty line is
    converted and rounded once (at most half a cent off), then multiplied or
    summed; the reference convert(total_mad) is rounded once more. So the
    buyer's total is within half a cent per rounded component (+1) of the MAD
    total converted, hence within the cent per component."""
    rounded = sum(line.quantity for parcel in basket.parcels.values() for line in parcel.lines)
    rounded += len(basket.parcels) + len(collected_lines(basket))
    gap = abs(basket.total - to_currency(basket.total_mad, basket))
    assert gap <= HALF_CENT * (rounded + 1)
    assert gap <= CENT * rounded
    for parcel in basket.parcels.values():
        for line in parcel.lines:
            assert line.unit_price == to_currency(line.unit_price_mad, basket)
            assert abs(line.total - to_currency(line.total_mad, basket)) <= HALF_CENT * (line.quantity + 1)
        assert parcel.shipping == to_currency(parcel.shipping_mad, basket)
    for duty in collected_lines(basket):
        assert Decimal(duty["amount"]) == to_currency(Decimal(duty["amount_mad"]), basket)
    if basket.currency == "MAD":
        assert (basket.total, basket.subtotal, basket.shipping, basket.duties) == (
            basket.total_mad, basket.subtotal_mad, basket.shipping_mad, basket.duties_mad,
        )  # fmt: skip


def check_collection(basket: BasketPrice, *, country: str, want_ddp: bool) -> None:
    """DAP collects nothing; DDP only when asked for and offered, and then
    every duty line is collected: nothing is left to pay at the door."""
    if basket.incoterm == "DAP":
        assert (basket.duties_collected, basket.duties_collected_mad) == (0, 0)
        assert basket.total_mad == basket.subtotal_mad + basket.shipping_mad
        assert basket.total == basket.subtotal + basket.shipping
    else:
        assert want_ddp and basket.ddp_offered
        assert (basket.duties_collected, basket.duties_collected_mad) == (basket.duties, basket.duties_mad)
    if country in ("US", "JP"):  # no rule in force in the seeded tables late 2026: unknown, not free
        assert not basket.ddp_offered and basket.incoterm == "DAP"


baskets = {
    "cart": cart_specs,
    "currency": st.sampled_from(CURRENCIES),
    "country": st.sampled_from(DESTINATIONS),
    "want_ddp": st.booleans(),
}


@PROPERTY_SETTINGS
@given(**baskets)
def test_lines_add_up_to_parcels_and_parcels_to_the_basket_in_both_currencies(rates, cart, currency, country, want_ddp):
    basket = basket_for(in_memory_items(cart), currency=currency, country=country, want_ddp=want_ddp, rates=rates)

    check_parts_add_up(basket, cart)


@PROPERTY_SETTINGS
@given(**baskets)
def test_the_total_is_subtotal_plus_shipping_plus_collected_duties_to_the_cent(
    rates, cart, currency, country, want_ddp
):
    basket = basket_for(in_memory_items(cart), currency=currency, country=country, want_ddp=want_ddp, rates=rates)

    check_total(basket)


@PROPERTY_SETTINGS
@given(**baskets)
def test_mad_and_the_buyers_currency_agree_within_rounding(rates, cart, currency, country, want_ddp):
    basket = basket_for(in_memory_items(cart), currency=currency, country=country, want_ddp=want_ddp, rates=rates)

    check_currencies_agree(basket)


@PROPERTY_SETTINGS
@given(**baskets)
def test_dap_collects_nothing_and_ddp_only_where_every_rule_is_collectable(rates, cart, currency, country, want_ddp):
    basket = basket_for(in_memory_items(cart), currency=currency, country=country, want_ddp=want_ddp, rates=rates)

    check_collection(basket, country=country, want_ddp=want_ddp)


@PROPERTY_SETTINGS
@given(cart=small_cart_specs, currency=st.sampled_from(CURRENCIES), country=st.sampled_from(["FR", "ES", "GB", "MA"]))
def test_small_parcels_to_the_eu_the_uk_and_morocco_are_ddp_and_still_add_up(rates, cart, currency, country):
    basket = basket_for(in_memory_items(cart), currency=currency, country=country, want_ddp=True, rates=rates)

    assert basket.incoterm == "DDP"
    if country != "MA":  # Morocco's explicit 0% rule: DDP with nothing due
        assert basket.duties_collected_mad > 0
    check_parts_add_up(basket, cart)
    check_total(basket)
    check_currencies_agree(basket)
    check_collection(basket, country=country, want_ddp=True)


# --- end to end: what an order stores -----------------------------------------------------------

ADDRESSES = {
    "FR": {"city": "Lyon", "postal_code": "69002", "phone": "06 12 34 56 78"},
    "ES": {"city": "Madrid", "postal_code": "28013", "phone": "612 345 678"},
    "US": {"city": "New York", "postal_code": "10001", "phone": "+1 212 555 0123"},
    "GB": {"city": "London", "postal_code": "SW1A 1AA", "phone": "+44 20 7946 0958"},
    "MA": {"city": "Rabat", "postal_code": "10000", "phone": "06 12 34 56 78"},
    "JP": {"city": "Tokyo", "postal_code": "100-0001", "phone": "+81 3-1234-5678"},
}


ORDER_TOTALS = ("subtotal", "shipping_total", "duties_total", "duties_collected", "total")


@pytest.fixture(autouse=True)
def _guests_not_throttled(settings):
    """Every example is a new guest from the same address and e-mail, who
    checks out once or twice (DDP refused, then DAP): more than the hourly
    limits of one buyer allow, which this test is not about."""
    unlimited = dict.fromkeys(["cart", "cart_create_ip", "checkout_ip", "checkout_account"], "100000/hour")
    settings.THROTTLE_RATES = {**settings.THROTTLE_RATES, **unlimited}


def placed(cart: list[list[LineSpec]], *, currency: str, country: str, incoterm: str):
    """A guest puts the cart together and checks out through the API."""
    client = APIClient()
    token = None
    for parcel in cart:
        artisan = ArtisanFactory()
        for line in parcel:
            variant = ProductFactory(artisan=artisan, hs_code=line.hs_code, weight_grams=line.weight_grams,
                                     variants=[{"price_mad": line.price_mad, "stock": 99}]).variants.get()  # fmt: skip
            headers = {"HTTP_X_CART_TOKEN": token} if token else {}
            response = client.post("/api/v1/cart/lines/", {"variant": variant.pk, "quantity": line.quantity},
                                   format="json", **headers)  # fmt: skip
            assert response.status_code == 201, response.json()
            token = token or response.json()["token"]
    address = {"name": "Claire Martin", "line1": "12 Main Street", "country": country, **ADDRESSES[country]}
    body = {"email": "buyer@example.com", "shipping_address": address, "currency": currency, "incoterm": incoterm}
    response = client.post("/api/v1/checkout/", body, format="json",
                           HTTP_X_CART_TOKEN=token, HTTP_IDEMPOTENCY_KEY=f"prop-{uuid.uuid4()}")  # fmt: skip
    if response.status_code == 400 and incoterm == "DDP" and "incoterm" in response.json()["error"]["fields"]:
        body["incoterm"] = "DAP"  # not offered there: the buyer takes DAP
        response = client.post("/api/v1/checkout/", body, format="json",
                               HTTP_X_CART_TOKEN=token, HTTP_IDEMPOTENCY_KEY=f"prop-{uuid.uuid4()}")  # fmt: skip
    assert response.status_code == 201, response.json()
    return response.json()


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    cart=st.lists(parcel_specs(max_lines=3, max_quantity=10), min_size=1, max_size=3),
    currency=st.sampled_from(CURRENCIES),
    country=st.sampled_from(DESTINATIONS),
    incoterm=st.sampled_from(["DAP", "DDP"]),
)
def test_a_placed_order_stores_what_its_artisan_orders_and_lines_add_up_to(cart, currency, country, incoterm):
    with rolled_back():  # each example leaves nothing behind for the next
        answer = placed(cart, currency=currency, country=country, incoterm=incoterm)
        order = Order.objects.get(number=answer["order"]["number"])
        parts = list(order.artisan_orders.all())
        lines = list(OrderLine.objects.filter(artisan_order__order=order))

        assert len(parts) == len(cart) and len(lines) == sum(len(parcel) for parcel in cart)
        for mad in ("", "_mad"):  # in the buyer's currency, then in MAD
            order_has = {name: getattr(order, name + mad) for name in ORDER_TOTALS}
            assert order_has["subtotal"] == sum(getattr(part, "subtotal" + mad) for part in parts)
            assert order_has["subtotal"] == sum(getattr(line, "line_total" + mad) for line in lines)
            assert order_has["shipping_total"] == sum(getattr(part, "shipping" + mad) for part in parts)
            assert order_has["duties_total"] == sum(getattr(part, "duties" + mad) for part in parts)
            assert order_has["total"] == (
                order_has["subtotal"] + order_has["shipping_total"] + order_has["duties_collected"]
            )
        for part in parts:
            part_lines = [line for line in lines if line.artisan_order_id == part.pk]
            assert part.subtotal == sum(line.line_total for line in part_lines)
            assert part.subtotal_mad == sum(line.line_total_mad for line in part_lines)
            assert all(line.line_total == line.unit_price * line.quantity for line in part_lines)
        collected = [duty for part in parts for duty in part.duties_breakdown if duty["collectable"]]
        if order.incoterm == "DAP":
            assert (order.duties_collected, order.duties_collected_mad) == (0, 0)
        else:
            assert order.duties_collected == sum((Decimal(duty["amount"]) for duty in collected), Decimal(0))
            assert order.duties_collected_mad == sum((Decimal(duty["amount_mad"]) for duty in collected), Decimal(0))
        total = answer["order"]["total"]
        assert (total["amount"], total["mad"]) == (str(order.total), str(order.total_mad))
        assert order.currency == currency
