"""A filter value the API cannot read is a 400 naming the parameter, in the
API's error shape, never a quiet "no filter" (issue 16); `search` is `q`."""

import pytest

from tests.factories import CooperativeFactory, ProductFactory

pytestmark = pytest.mark.django_db


def error_fields(response) -> dict:
    assert response.status_code == 400, response.content
    error = response.json()["error"]
    assert error["code"] == "invalid"
    return error["fields"]


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("in_stock=maybe", "in_stock"),
        ("made_to_order=perhaps", "made_to_order"),
        ("min_price=abc", "min_price"),
        ("max_price=1e", "max_price"),
        ("ordering=colour", "ordering"),
    ],
)
def test_an_unreadable_product_filter_is_a_400_naming_it(api_client, query, parameter):
    assert list(error_fields(api_client.get(f"/api/v1/products/?{query}"))) == [parameter]


@pytest.mark.parametrize("value", ["true", "True", "1"])
def test_a_boolean_filter_reads_true_as_usual(api_client, value):
    in_stock = ProductFactory()

    response = api_client.get(f"/api/v1/products/?in_stock={value}")

    assert [row["slug"] for row in response.json()["results"]] == [in_stock.slug]


def test_women_led_maybe_is_a_400_naming_it(api_client):
    CooperativeFactory(women_led=True)

    assert list(error_fields(api_client.get("/api/v1/cooperatives/?women_led=maybe"))) == ["women_led"]


def test_an_unknown_ordering_of_a_generic_list_is_a_400_naming_it(api_client):
    fields = error_fields(api_client.get("/api/v1/cooperatives/?ordering=-turnover"))

    assert "name_latin" in fields["ordering"][0]


def test_a_known_ordering_of_a_generic_list_still_orders(api_client):
    CooperativeFactory(name_latin="Zagora"), CooperativeFactory(name_latin="Amal")

    response = api_client.get("/api/v1/cooperatives/?ordering=-name_latin")

    assert [row["name_latin"] for row in response.json()["results"]][:2] == ["Zagora", "Amal"]


def test_search_is_an_alias_of_q(api_client):
    tagine = ProductFactory(title_en="Tagine from Safi", title_fr="Tajine de Safi")
    ProductFactory(title_en="Azilal rug", title_fr="Tapis d'Azilal")

    response = api_client.get("/api/v1/products/?search=tagine")

    assert [row["slug"] for row in response.json()["results"]] == [tagine.slug]
