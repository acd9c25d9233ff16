"""Checkout: one order split per artisan, stock taken under lock, retried safely."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from catalog.models import Variant
from marketplace.models import IdempotencyRecord
from orders.lifecycle import orders_expire_unpaid
from orders.models import ArtisanOrder, Order, OrderLine
from tests.factories import ArtisanFactory, ProductFactory
from tests.orders.builders import ADDRESS

pytestmark = pytest.mark.django_db


@pytest.fixture
def basket(api_client):
    """A guest cart with a Safi tagine and an Azilal rug from two artisans."""
    tagine = ProductFactory(variants=[{"sku": "TAJ-1", "price_mad": "300.00", "stock": 3}]).variants.get()
    rug = ProductFactory(artisan=ArtisanFactory(), variants=[{"sku": "RUG-1", "price_mad": "900.00", "stock": 1}])
    token = api_client.post("/api/v1/cart/lines/", {"variant": tagine.pk, "quantity": 2}).json()["token"]
    api_client.post("/api/v1/cart/lines/", {"variant": rug.variants.get().pk, "quantity": 1},
                    HTTP_X_CART_TOKEN=token)  # fmt: skip
    api_client.credentials(HTTP_X_CART_TOKEN=token)
    return api_client


def checkout(client, key="key-0000001", **body):
    payload = {"email": "claire@example.fr", "shipping_address": ADDRESS, "currency": "EUR", **body}
    payload = {name: value for name, value in payload.items() if value is not None}
    headers = {"HTTP_IDEMPOTENCY_KEY": key} if key else {}
    return client.post("/api/v1/checkout/", payload, format="json", **headers)


def test_checkout_places_one_order_split_per_artisan(basket):
    response = checkout(basket)

    assert response.status_code == 201, response.json()
    order = Order.objects.get()
    assert order.status == "awaiting_payment" and order.artisan_orders.count() == 2
    assert sorted(OrderLine.objects.values_list("sku", "quantity")) == [("RUG-1", 1), ("TAJ-1", 2)]


def test_checkout_takes_the_stock_and_empties_the_cart(basket):
    checkout(basket)

    assert dict(OrderLine.objects.values_list("sku", "variant__stock")) == {"TAJ-1": 1, "RUG-1": 0}
    assert basket.get("/api/v1/cart/").json()["parcels"] == []


def test_the_order_keeps_the_rate_and_both_currencies(basket):
    checkout(basket)

    order = Order.objects.get()
    assert order.currency == "EUR" and order.exchange_rate > 0
    assert order.subtotal_mad == Decimal("1500.00")
    assert order.total == order.subtotal + order.shipping_total + order.duties_collected
    assert order.total_mad == order.subtotal_mad + order.shipping_total_mad + order.duties_collected_mad


@pytest.mark.parametrize("incoterm", ["DAP", "DDP"])
def test_the_order_stores_what_the_cart_quoted(basket, incoterm):
    quote = basket.get(f"/api/v1/cart/?country=FR&currency=EUR&incoterm={incoterm}").json()

    response = checkout(basket, incoterm=incoterm)

    assert response.status_code == 201, response.json()
    answer = response.json()
    assert answer["order"]["total"] == quote["totals"]["total"]
    quoted = {parcel["artisan"]["slug"]: parcel for parcel in quote["parcels"]}
    for placed in answer["order"]["parcels"]:
        parcel = quoted[placed["artisan"]["slug"]]
        assert placed["shipping"] == parcel["shipping"]["price"]
        delivery_days = [placed["estimated_delivery_days_min"], placed["estimated_delivery_days_max"]]
        assert delivery_days == parcel["shipping"]["delivery_days"]
        assert placed["duties_breakdown"] == parcel["duties"]


def test_line_snapshots_survive_catalog_edits(basket):
    checkout(basket)
    line = OrderLine.objects.get(sku="TAJ-1")
    line.product.title_en = "Renamed"
    line.product.save()
    line.variant.price_mad = "999.00"
    line.variant.save()

    line.refresh_from_db()
    assert (line.title, line.unit_price_mad, line.hs_code) != ("Renamed", Decimal("999.00"), "")
    assert line.unit_price_mad == Decimal("300.00")


def test_a_missing_idempotency_key_is_a_400_and_writes_nothing(basket):
    response = checkout(basket, key=None)

    assert response.status_code == 400
    assert "idempotency_key" in response.json()["error"]["fields"]
    assert not Order.objects.exists()


def test_the_same_key_and_body_return_the_same_order(basket):
    first = checkout(basket)
    second = checkout(basket)

    assert Order.objects.count() == 1
    assert second.json()["order"]["number"] == first.json()["order"]["number"]
    assert second["Idempotent-Replayed"] == "true"


def test_the_same_key_with_another_body_is_a_409(basket):
    checkout(basket)

    response = checkout(basket, currency="USD")

    assert response.status_code == 409
    assert response.json()["error"]["code"] == "idempotency_key_reused"


def test_out_of_stock_is_a_409_naming_the_sku_and_writes_nothing(basket):
    Variant.objects.filter(sku="RUG-1").update(stock=0)

    response = checkout(basket)

    assert response.status_code == 409
    assert response.json()["error"]["fields"]["sku"] == ["RUG-1"]
    assert not Order.objects.exists() and not IdempotencyRecord.objects.exists()
    assert Variant.objects.get(sku="TAJ-1").stock == 3


@pytest.mark.parametrize(
    ("field", "value"),
    [("country", "XX"), ("postal_code", "6900"), ("phone", "12")],
)
def test_a_bad_address_is_a_400_naming_the_field(basket, field, value):
    response = checkout(basket, shipping_address={**ADDRESS, field: value})

    assert response.status_code == 400
    assert any(field in name for name in response.json()["error"]["fields"])
    assert not Order.objects.exists()


def test_a_guest_without_an_email_is_refused(basket):
    response = checkout(basket, email="")

    assert response.status_code == 400


def test_ddp_collects_the_eu_vat_of_a_small_parcel(api_client):
    small = ProductFactory(variants=[{"price_mad": "300.00"}]).variants.get()
    token = api_client.post("/api/v1/cart/lines/", {"variant": small.pk, "quantity": 1}).json()["token"]
    api_client.credentials(HTTP_X_CART_TOKEN=token)

    response = checkout(api_client, incoterm="DDP")

    order = Order.objects.get()
    assert response.status_code == 201
    assert order.incoterm == "DDP" and order.duties_collected > 0


def test_ddp_is_refused_when_duties_are_paid_at_the_door(api_client):
    dear = ProductFactory(variants=[{"price_mad": "5000.00"}]).variants.get()  # about EUR 465, above EUR 150
    token = api_client.post("/api/v1/cart/lines/", {"variant": dear.pk, "quantity": 1}).json()["token"]
    api_client.credentials(HTTP_X_CART_TOKEN=token)

    response = checkout(api_client, incoterm="DDP")

    assert response.status_code == 400
    assert "incoterm" in response.json()["error"]["fields"]
    assert not Order.objects.exists()


def test_an_unpaid_order_expires_and_gives_its_stock_back(basket):
    checkout(basket)
    Order.objects.update(expires_at=timezone.now() - timedelta(minutes=1))

    expired = orders_expire_unpaid()

    order = Order.objects.get()
    assert expired == 1 and order.status == "cancelled"
    assert set(order.artisan_orders.values_list("status", flat=True)) == {"cancelled"}
    assert dict(OrderLine.objects.values_list("sku", "variant__stock")) == {"TAJ-1": 3, "RUG-1": 1}


def test_a_signed_in_buyer_checks_out_with_their_account_email(client_for, user):
    variant = ProductFactory().variants.get()
    buyer = client_for(user)
    buyer.post("/api/v1/cart/lines/", {"variant": variant.pk, "quantity": 1})

    response = checkout(buyer, email=None)

    assert response.status_code == 201, response.json()
    assert Order.objects.get().buyer == user


# A checkout: the cart; in order_place's transaction (here a savepoint in the
# test's, two statements) the idempotency key (one insert, which yields on a
# conflict), the cart's quantities, the products then variants locked, their
# stock and summaries, the zone map, the zone's rates and the tax rules (a
# warm process keeps them in memory; each test empties the cache), the order
# (one insert that yields on a taken number: no savepoint) and its history
# row, the artisan orders and their history rows, the lines, the events, the key's order, the cart
# emptied; then the payment stored (in its own transaction: a savepoint
# here; a new order has none to look for). The same however many artisans
# and lines: no statement is made per artisan or line.
CHECKOUT_QUERIES = 23


@pytest.mark.parametrize(("artisans", "lines_each"), [(1, 1), (5, 4)])
def test_a_checkout_costs_the_same_queries_however_many_artisans_and_lines(
    client_for, user, django_assert_max_num_queries, artisans, lines_each
):
    buyer = client_for(user)
    for _artisan in range(artisans):
        artisan = ArtisanFactory()
        for _line in range(lines_each):
            variant = ProductFactory(artisan=artisan).variants.get()
            buyer.post("/api/v1/cart/lines/", {"variant": variant.pk, "quantity": 1})

    with django_assert_max_num_queries(CHECKOUT_QUERIES):
        response = checkout(buyer)

    assert response.status_code == 201, response.json()
    assert OrderLine.objects.count() == artisans * lines_each
    assert len(response.json()["order"]["parcels"]) == artisans


def test_the_answer_built_from_the_new_order_is_the_one_read_back(basket):
    """The first answer renders the rows just written; a replay reads them."""
    first = checkout(basket, key="key-answer-01")

    replay = checkout(basket, key="key-answer-01")

    assert first.status_code == 201 and replay.headers["Idempotent-Replayed"] == "true"
    assert first.json() == replay.json()
    assert [line["sku"] for part in first.json()["order"]["parcels"] for line in part["lines"]] == ["TAJ-1", "RUG-1"]


def test_each_artisan_order_has_its_history_row(client_for, user):
    buyer = client_for(user)
    for _artisan in range(3):
        buyer.post("/api/v1/cart/lines/", {"variant": ProductFactory(artisan=ArtisanFactory()).variants.get().pk,
                                           "quantity": 1})  # fmt: skip

    checkout(buyer, email=None)

    order = Order.objects.get()
    created = ArtisanOrder.history.filter(history_type="+")
    assert sorted(created.values_list("id", flat=True)) == sorted(order.artisan_orders.values_list("id", flat=True))
    assert {record.history_user for record in created} == {user}


def test_an_order_leaves_cached_pages_alone_unless_a_variant_sells_out(basket, django_capture_on_commit_callbacks):
    from marketplace import cache_version

    before = cache_version.current()[0]
    with django_capture_on_commit_callbacks(execute=True):
        checkout(basket)  # TAJ-1 goes from 3 to 1, RUG-1 from 1 to 0: the rug sells out

    assert cache_version.current()[0] != before


def test_an_order_that_sells_nothing_out_keeps_the_public_version(api_client, django_capture_on_commit_callbacks):
    from marketplace import cache_version

    plenty = ProductFactory(variants=[{"stock": 50}]).variants.get()
    token = api_client.post("/api/v1/cart/lines/", {"variant": plenty.pk, "quantity": 1}).json()["token"]
    api_client.credentials(HTTP_X_CART_TOKEN=token)
    before = cache_version.current()[0]

    with django_capture_on_commit_callbacks(execute=True):
        response = checkout(api_client)

    assert response.status_code == 201
    assert cache_version.current()[0] == before


def test_a_sold_out_variant_coming_back_moves_the_public_version_again(basket, django_capture_on_commit_callbacks):
    """The public pages show whether a variant is in stock, not how many are
    left: the version moves when the rug sells out, and when the unpaid
    order expires and gives it back, not for the tagine going from 3 to 1."""
    from marketplace import cache_version

    with django_capture_on_commit_callbacks(execute=True):
        checkout(basket)
    sold_out = cache_version.current()[0]
    Order.objects.update(expires_at=timezone.now() - timedelta(minutes=1))

    with django_capture_on_commit_callbacks(execute=True):
        orders_expire_unpaid()

    assert cache_version.current()[0] != sold_out
    assert dict(Variant.objects.values_list("sku", "stock")) == {"TAJ-1": 3, "RUG-1": 1}


def test_an_order_number_already_taken_is_drawn_again(basket, monkeypatch):
    first = Order.objects.get(number=checkout(basket, key="key-number-01").json()["order"]["number"])
    variant = ProductFactory(variants=[{"sku": "VASE-1", "price_mad": "150.00", "stock": 2}]).variants.get()
    basket.post("/api/v1/cart/lines/", {"variant": variant.pk, "quantity": 1})
    # The next draw repeats the first order's suffix, then gives "BBBBBB".
    draws = iter(first.number[-6:] + "BBBBBB")
    monkeypatch.setattr("secrets.choice", lambda alphabet: next(draws))

    response = checkout(basket, key="key-number-02")

    assert response.status_code == 201, response.json()
    second = Order.objects.get(number=response.json()["order"]["number"])
    assert second.number.endswith("-BBBBBB") and second.pk != first.pk
    assert second.history.get().history_type == "+"
    assert Order.objects.get(pk=first.pk).email == first.email and first.history.count() == 1
