"""Properties of insured baskets (orders.pricing with insurance) for random
carts, currencies and destinations, with the seeded premium table (EMS: 1.2 %
of the declared value, at least 20 MAD, in every zone; the cheapest service):
each parcel's premium is the table's, converted once; the total is the goods,
shipping, premiums and collected duties to the cent in both currencies; and
insuring adds exactly the premiums to what the same basket costs uninsured."""

from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from orders.pricing import basket_quote
from tests.orders.test_totals_properties import (
    CURRENCIES,
    DESTINATIONS,
    PROPERTY_SETTINGS,
    cart_specs,
    in_memory_items,
    to_currency,
)

pytestmark = pytest.mark.django_db

CENT = Decimal("0.01")


@pytest.fixture
def rates():
    from marketplace.money import rates_snapshot

    return rates_snapshot()


def premium_by_hand(goods_mad: Decimal) -> Decimal:
    return max((goods_mad * Decimal("1.2") / 100).quantize(CENT, rounding=ROUND_HALF_UP), Decimal("20.00"))


@PROPERTY_SETTINGS
@given(cart=cart_specs, currency=st.sampled_from(CURRENCIES), country=st.sampled_from(DESTINATIONS),
       incoterm=st.sampled_from(["DAP", "DDP"]))  # fmt: skip
def test_an_insured_basket_adds_exactly_each_parcels_premium(rates, cart, currency, country, incoterm):
    items = in_memory_items(cart)
    plain = basket_quote(items=items, currency=currency, rates=rates, country=country, incoterm="DAP")
    if incoterm == "DDP" and not plain.ddp_offered:
        incoterm = "DAP"
    plain = basket_quote(items=items, currency=currency, rates=rates, country=country, incoterm=incoterm)
    insured = basket_quote(items=items, currency=currency, rates=rates, country=country, incoterm=incoterm,
                           insurance=True)  # fmt: skip

    for parcel in insured.parcels.values():
        assert parcel.insured and parcel.shipping_quote.service.code == "ems"
        assert parcel.insurance_mad == premium_by_hand(parcel.subtotal_mad)
        assert parcel.insurance == to_currency(parcel.insurance_mad, insured)
    assert insured.total == insured.subtotal + insured.shipping + insured.insurance + insured.duties_collected
    assert insured.total_mad == (
        insured.subtotal_mad + insured.shipping_mad + insured.insurance_mad + insured.duties_collected_mad
    )
    # Insurance changes nothing else: not the shipping, not the duties (the premium is not in their base).
    assert insured.total - plain.total == insured.insurance
    assert insured.total_mad - plain.total_mad == insured.insurance_mad
    assert (insured.duties_mad, insured.shipping_mad) == (plain.duties_mad, plain.shipping_mad)
    assert all(not parcel.insured and parcel.insurance_mad == 0 for parcel in plain.parcels.values())
