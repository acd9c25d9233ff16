"""A buyer's saved addresses (orders/saved_addresses.py) and the checkout that uses one."""

import pytest

from orders.models import Order, SavedAddress
from tests.factories import ProductFactory, UserFactory
from tests.orders.builders import ADDRESS

pytestmark = pytest.mark.django_db

URL = "/api/v1/me/addresses/"


@pytest.fixture
def buyer_client(client_for, user):
    return client_for(user)


def test_saving_an_address_normalises_it_and_answers_its_location(buyer_client, user):
    response = buyer_client.post(URL, {**ADDRESS, "label": "Home"})

    assert response.status_code == 201, response.json()
    saved = SavedAddress.objects.get(user=user)
    assert response["Location"].endswith(f"{URL}{saved.pk}/")
    assert (saved.phone, saved.label) == ("+33612345678", "Home")


def test_an_invalid_postal_code_is_refused_naming_the_field(buyer_client):
    response = buyer_client.post(URL, {**ADDRESS, "postal_code": "ABC"})

    assert response.status_code == 400
    assert "postal_code" in response.json()["error"]["fields"]
    assert not SavedAddress.objects.exists()


def test_the_list_holds_only_the_buyers_own_addresses(buyer_client, client_for):
    buyer_client.post(URL, ADDRESS)
    client_for(UserFactory()).post(URL, {**ADDRESS, "name": "Someone Else"})

    response = buyer_client.get(URL)

    assert [address["name"] for address in response.json()["results"]] == ["Claire Martin"]


def test_another_users_address_is_a_404(buyer_client, client_for):
    other = client_for(UserFactory()).post(URL, ADDRESS).json()["id"]

    assert buyer_client.get(f"{URL}{other}/").status_code == 404
    assert buyer_client.delete(f"{URL}{other}/").status_code == 404
    assert SavedAddress.objects.filter(pk=other).exists()


def test_a_patch_is_checked_whole(buyer_client):
    saved = buyer_client.post(URL, ADDRESS).json()["id"]

    moved = buyer_client.patch(f"{URL}{saved}/", {"country": "GB"})  # 69002 is no British postcode
    renamed = buyer_client.patch(f"{URL}{saved}/", {"label": "Lyon"})

    assert moved.status_code == 400 and "postal_code" in moved.json()["error"]["fields"]
    assert renamed.json()["label"] == "Lyon" and renamed.json()["country"] == "FR"


def test_deleting_an_address(buyer_client):
    saved = buyer_client.post(URL, ADDRESS).json()["id"]

    assert buyer_client.delete(f"{URL}{saved}/").status_code == 204
    assert not SavedAddress.objects.exists()


def checkout(client, **body):
    payload = {"currency": "EUR", **body}
    return client.post("/api/v1/checkout/", payload, format="json", HTTP_IDEMPOTENCY_KEY="saved-addr-01")


@pytest.fixture
def filled(buyer_client):
    tagine = ProductFactory(variants=[{"sku": "TAJ-SAVED", "price_mad": "300.00", "stock": 3}]).variants.get()
    buyer_client.post("/api/v1/cart/lines/", {"variant": tagine.pk, "quantity": 1})
    return buyer_client


def test_checkout_ships_to_a_saved_address(filled):
    saved = filled.post(URL, {**ADDRESS, "name": "Claire at home"}).json()["id"]

    response = checkout(filled, saved_address=saved)

    assert response.status_code == 201, response.json()
    order = Order.objects.get()
    assert (order.shipping_name, order.shipping_phone, order.shipping_postal_code) == (
        "Claire at home",
        "+33612345678",
        "69002",
    )


def test_checkout_refuses_another_users_saved_address(filled, client_for):
    other = client_for(UserFactory()).post(URL, ADDRESS).json()["id"]

    response = checkout(filled, saved_address=other)

    assert response.status_code == 400
    assert "saved_address" in response.json()["error"]["fields"]
    assert not Order.objects.exists()


def test_checkout_wants_one_address_not_both(filled):
    saved = filled.post(URL, ADDRESS).json()["id"]

    response = checkout(filled, saved_address=saved, shipping_address=ADDRESS)

    assert response.status_code == 400
    assert not Order.objects.exists()


def test_checkout_still_takes_a_full_address(filled):
    assert checkout(filled, shipping_address=ADDRESS).status_code == 201
