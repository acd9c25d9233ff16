"""Insured shipping at checkout: the dated premium table, the option in the
cart's quote and the checkout, and the 400 where it is not offered."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from orders.models import InsurancePremium, Order, ShippingService, ShippingZone
from orders.shipping import InsuranceUnavailable, insurance_premium_mad, landed_cost_tables_invalidate
from tests.factories import ArtisanFactory, ProductFactory
from tests.orders.test_checkout import CHECKOUT_QUERIES, checkout

pytestmark = pytest.mark.django_db


def eu_ems():
    return ShippingZone.objects.get(code="EU"), ShippingService.objects.get(code="ems")


@pytest.fixture
def basket(api_client):
    """A guest cart: a 3,000 MAD rug from one artisan (premium 1.2 % = 36 MAD),
    a 500 MAD tagine from another (1.2 % = 6 MAD, so the 20 MAD minimum)."""
    rug = ProductFactory(variants=[{"sku": "RUG-1", "price_mad": "3000.00", "stock": 2}]).variants.get()
    tagine = ProductFactory(artisan=ArtisanFactory(), variants=[{"sku": "TAJ-1", "price_mad": "500.00", "stock": 2}])
    token = api_client.post("/api/v1/cart/lines/", {"variant": rug.pk, "quantity": 1}).json()["token"]
    api_client.post("/api/v1/cart/lines/", {"variant": tagine.variants.get().pk, "quantity": 1},
                    HTTP_X_CART_TOKEN=token)  # fmt: skip
    api_client.credentials(HTTP_X_CART_TOKEN=token)
    return api_client


def test_the_seeded_table_charges_the_rate_of_the_value_at_least_the_minimum():
    zone, service = eu_ems()
    today = timezone.localdate()

    assert insurance_premium_mad(zone=zone, service=service, goods_mad=Decimal("3000.00"), on=today) == Decimal("36.00")
    assert insurance_premium_mad(zone=zone, service=service, goods_mad=Decimal("500.00"), on=today) == Decimal("20.00")
    # 1.2 % of 2,104.17 is 25.25004: rounded half up to the centime.
    assert insurance_premium_mad(zone=zone, service=service, goods_mad=Decimal("2104.17"), on=today) == Decimal("25.25")


def test_the_row_in_force_on_the_day_applies_old_before_the_new_one_new_from_its_date():
    zone, service = eu_ems()
    InsurancePremium.objects.filter(zone=zone, service=service).delete()
    InsurancePremium.objects.create(zone=zone, service=service, rate_percent="1.000", minimum_mad="10.00",
                                    valid_from=date(2026, 1, 1))  # fmt: skip
    InsurancePremium.objects.create(zone=zone, service=service, rate_percent="2.000", minimum_mad="50.00",
                                    valid_from=date(2026, 6, 1))  # fmt: skip
    landed_cost_tables_invalidate()
    goods = Decimal("4000.00")

    def premium(on):
        return insurance_premium_mad(zone=zone, service=service, goods_mad=goods, on=on)

    assert premium(date(2026, 5, 31)) == Decimal("40.00")  # the old row: 1 %
    assert premium(date(2026, 6, 1)) == Decimal("80.00")  # the new row from its own day: 2 %
    assert premium(date(2027, 1, 1)) == Decimal("80.00")
    with pytest.raises(InsuranceUnavailable):
        premium(date(2025, 12, 31))  # before any row


def test_a_service_with_no_row_for_the_zone_offers_no_insurance():
    zone = ShippingZone.objects.get(code="ROW")
    express = ShippingService.objects.get(code="express")

    with pytest.raises(InsuranceUnavailable) as raised:
        insurance_premium_mad(zone=zone, service=express, goods_mad=Decimal("100"), on=timezone.localdate())

    assert "insurance" in raised.value.fields


def test_an_insured_checkout_charges_each_parcels_premium_in_the_total(basket):
    response = checkout(basket, insurance=True)

    assert response.status_code == 201, response.json()
    order = Order.objects.get()
    parts = {part.lines.get().sku: part for part in order.artisan_orders.all()}
    assert all(part.insured for part in parts.values())
    assert (parts["RUG-1"].insurance_premium_mad, parts["TAJ-1"].insurance_premium_mad) == (
        Decimal("36.00"),
        Decimal("20.00"),
    )
    rate = order.exchange_rate
    assert parts["RUG-1"].insurance_premium == (Decimal("36.00") * rate).quantize(Decimal("0.01"))
    assert order.insurance_total_mad == Decimal("56.00")
    assert order.insurance_total == sum(part.insurance_premium for part in parts.values())
    assert (
        order.total_mad == order.subtotal_mad + order.shipping_total_mad + Decimal("56.00") + order.duties_collected_mad
    )
    assert order.total == order.subtotal + order.shipping_total + order.insurance_total + order.duties_collected
    body = response.json()
    insurance_total = body["order"]["insurance_total"]
    assert (insurance_total["amount"], insurance_total["mad"]) == (str(order.insurance_total), "56.00")
    assert {part["insurance_premium"]["amount"] for part in body["order"]["parcels"]} == {
        str(part.insurance_premium) for part in parts.values()
    }
    assert order.payments.get().amount == order.total


def test_without_the_option_nothing_is_insured_and_nothing_charged(basket):
    response = checkout(basket)

    assert response.status_code == 201, response.json()
    order = Order.objects.get()
    assert order.insurance_total == 0 and order.insurance_total_mad == 0
    assert not any(part.insured or part.insurance_premium for part in order.artisan_orders.all())
    assert order.total == order.subtotal + order.shipping_total + order.duties_collected


def test_the_cart_quotes_the_insurance_the_checkout_then_charges(basket):
    quote = basket.get("/api/v1/cart/?country=FR&currency=EUR&insurance=1").json()
    plain = basket.get("/api/v1/cart/?country=FR&currency=EUR").json()

    response = checkout(basket, insurance=True)

    assert response.status_code == 201, response.json()
    assert quote["totals"]["insurance"]["mad"] == "56.00"
    assert {parcel["insurance"]["mad"] for parcel in quote["parcels"]} == {"36.00", "20.00"}
    assert all(parcel["insurance"] is None for parcel in plain["parcels"])
    assert Decimal(quote["totals"]["total"]["mad"]) == Decimal(plain["totals"]["total"]["mad"]) + Decimal("56.00")
    assert response.json()["order"]["total"] == quote["totals"]["total"]


def test_insurance_where_no_premium_is_in_force_is_a_400_and_writes_nothing(basket):
    zone, service = eu_ems()
    InsurancePremium.objects.filter(zone=zone, service=service).update(valid_from=timezone.localdate() + timedelta(1))
    landed_cost_tables_invalidate()

    response = checkout(basket, insurance=True)

    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "insurance_unavailable"
    assert "not offered" in error["fields"]["insurance"][0]
    assert not Order.objects.exists()
    assert basket.get("/api/v1/cart/").json()["parcels"]  # the cart is kept


def test_an_insured_checkout_costs_at_most_one_query_more_however_many_parcels(
    client_for, user, django_assert_max_num_queries
):
    buyer = client_for(user)
    for _artisan in range(4):
        artisan = ArtisanFactory()
        for _line in range(3):
            variant = ProductFactory(artisan=artisan).variants.get()
            buyer.post("/api/v1/cart/lines/", {"variant": variant.pk, "quantity": 1})

    # The zone's premiums are read once with its rates (kept in memory like them).
    with django_assert_max_num_queries(CHECKOUT_QUERIES + 1):
        response = checkout(buyer, insurance=True)

    assert response.status_code == 201, response.json()
    assert Order.objects.get().artisan_orders.filter(insured=True).count() == 4


def test_the_buyer_sees_the_insurance_in_the_confirmation_and_their_order(
    basket, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = checkout(basket, insurance=True)

    assert response.status_code == 201, response.json()
    order = Order.objects.get()
    [message] = mailoutbox
    assert "Shipping insurance:" in message.body
    assert f"{order.insurance_total:.2f}" in message.body.replace(",", "")
    body = basket.get(f"/api/v1/orders/{order.number}/?token={order.access_token}").json()
    assert Decimal(body["insurance_total"]["amount"]) == order.insurance_total
    assert all(parcel["insured"] for parcel in body["parcels"])
