"""The JSON export of a person's data (accounts/export.py)."""

from decimal import Decimal

import pytest

from catalog.models import Favourite
from orders.models import SavedAddress
from returns.services import return_open
from tests.factories import ArtisanFactory, ProductFactory, UserFactory
from tests.orders.builders import ADDRESS
from tests.returns.builders import delivered_purchase

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def returns_settings(settings):
    settings.COMMISSION_DEFAULT_PERCENT = Decimal("12.00")
    settings.RETURNS_WINDOW_DAYS = 14


def test_the_export_holds_the_persons_profile_addresses_orders_favourites_and_returns(
    client_for, django_assert_max_num_queries
):
    buyer = UserFactory(full_name="Hannah Weber")
    paid = delivered_purchase(artisan=ArtisanFactory(), buyer=buyer)
    line = paid.order.artisan_orders.get().lines.get()
    SavedAddress.objects.create(user=buyer, label="Home", **{**ADDRESS, "phone": "+33612345678"})
    Favourite.objects.create(user=buyer, product=ProductFactory())
    return_open(buyer=buyer, order_line=line, kind="return", quantity=1, reason="Too small")
    client = client_for(buyer)

    with django_assert_max_num_queries(12):
        response = client.get("/api/v1/me/export/")

    body = response.json()
    assert response.status_code == 200, body
    assert "attachment" in response["Content-Disposition"]
    assert body["profile"]["full_name"] == "Hannah Weber"
    assert [address["label"] for address in body["addresses"]] == ["Home"]
    assert [order["number"] for order in body["orders"]] == [paid.order.number]
    assert body["orders"][0]["parcels"][0]["lines"][0]["sku"] == line.sku
    assert len(body["favourites"]) == 1
    assert body["returns"][0]["reason"] == "Too small"


def test_the_export_holds_nobody_elses_data(client_for):
    delivered_purchase(artisan=ArtisanFactory(), buyer=UserFactory())

    body = client_for(UserFactory()).get("/api/v1/me/export/").json()

    assert (body["orders"], body["addresses"], body["returns"]) == ([], [], [])
