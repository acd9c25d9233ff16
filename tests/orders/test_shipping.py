"""Shipping zones and quotes, on the rates seeded by orders migration 0002."""

from decimal import Decimal

import pytest
from django.contrib.admin.sites import AdminSite
from django.test import RequestFactory

from marketplace.errors import DomainError
from orders.admin_landed_cost import ShippingRateAdmin, ShippingZoneAdmin, ShippingZoneForm
from orders.models import ShippingRate, ShippingService, ShippingZone
from orders.shipping import (
    ShippingQuote,
    ShippingUnavailable,
    landed_cost_tables_invalidate,
    shipping_options,
    shipping_quote,
    shipping_quotes,
    zone_for_country,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


# --- zones ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("country", "zone"),
    [("FR", "EU"), ("es", "EU"), ("PL", "EU"), ("GB", "UK"), ("US", "NA"), ("CA", "NA"), ("MA", "MA"),
     ("JP", "ROW"), ("CH", "ROW"), ("BR", "ROW")],
)  # fmt: skip
def test_a_country_is_in_the_zone_that_lists_it_else_in_the_rest_of_the_world(country, zone):
    assert zone_for_country(country).code == zone


def test_zone_names_are_seeded_in_four_languages():
    zone = ShippingZone.objects.get(code="EU")
    assert (zone.name_en, zone.name_fr, zone.name_es, zone.name_ar) == (
        "European Union", "Union européenne", "Unión Europea", "الاتحاد الأوروبي"
    )  # fmt: skip


def test_the_zone_map_is_read_once_per_process(django_assert_num_queries):
    zone_for_country("FR")
    with django_assert_num_queries(0):
        assert zone_for_country("US").code == "NA"
        assert zone_for_country("JP").code == "ROW"


def test_a_zone_change_shows_once_invalidated():
    # Given Japan in the rest of the world, read (and cached)
    assert zone_for_country("JP").code == "ROW"
    # When an operator adds an Asia zone (the admin invalidates on commit)
    ShippingZone.objects.create(code="ASIA", name="Asia", countries=["JP"])
    landed_cost_tables_invalidate()
    # Then the next lookup sees it
    assert zone_for_country("JP").code == "ASIA"


def test_without_a_rest_of_world_zone_an_unlisted_country_is_refused():
    ShippingZone.objects.filter(is_rest_of_world=True).update(is_rest_of_world=False)
    landed_cost_tables_invalidate()
    with pytest.raises(ShippingUnavailable) as caught:
        zone_for_country("JP")
    assert "country" in caught.value.fields


# --- brackets ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("weight", "price", "bracket"),
    [(0, "260.00", 500), (1, "260.00", 500), (500, "260.00", 500), (501, "330.00", 1000), (1000, "330.00", 1000),
     (1001, "430.00", 2000), (4999, "690.00", 5000), (5000, "690.00", 5000), (29999, "2600.00", 30000),
     (30000, "2600.00", 30000)],
)  # fmt: skip
def test_a_parcel_takes_the_smallest_bracket_that_holds_it(weight, price, bracket):
    quote = shipping_quote(service="ems", country="FR", weight_grams=weight)
    assert quote.price_mad == Decimal(price)
    assert (
        ShippingRate.objects.get(service__code="ems", zone__code="EU", max_weight_grams=bracket).price_mad
        == quote.price_mad
    )
    assert (quote.service.code, quote.zone.code) == ("ems", "EU")
    assert (quote.transit_days_min, quote.transit_days_max) == (4, 8)


def test_a_quote_accepts_the_service_row_too():
    service = ShippingService.objects.get(code="express")
    quote = shipping_quote(service=service, country="US", weight_grams=1500)
    assert quote == ShippingQuote(service=quote.service, zone=quote.zone, price_mad=Decimal("880.00"),
                                  transit_days_min=3, transit_days_max=5)  # fmt: skip
    assert quote.zone.code == "NA"


def test_a_parcel_heavier_than_the_biggest_bracket_is_refused():
    with pytest.raises(DomainError) as caught:
        shipping_quote(service="ems", country="FR", weight_grams=30001)
    assert list(caught.value.fields) == ["shipping_service"]
    assert "30000" in caught.value.fields["shipping_service"][0]


def test_a_service_without_rates_for_the_zone_is_refused():
    ShippingRate.objects.filter(service__code="express", zone__code="ROW").delete()
    with pytest.raises(DomainError) as caught:
        shipping_quote(service="express", country="JP", weight_grams=100)
    assert "shipping_service" in caught.value.fields


@pytest.mark.parametrize("code", ["pigeon", "express"])
def test_an_unknown_or_inactive_service_is_refused(code):
    ShippingService.objects.filter(code="express").update(is_active=False)
    with pytest.raises(DomainError) as caught:
        shipping_quote(service=code, country="FR", weight_grams=100)
    assert "shipping_service" in caught.value.fields


@pytest.mark.parametrize("weight", [-1, 1.5, "100", True])
def test_a_weight_is_a_whole_number_of_grams(weight):
    with pytest.raises(ValueError):
        shipping_quote(service="ems", country="FR", weight_grams=weight)


# --- options and several parcels ----------------------------------------------------------


def test_options_are_the_services_that_can_carry_it_cheapest_first():
    options = shipping_options(country="GB", weight_grams=2000)
    assert [(quote.service.code, quote.price_mad) for quote in options] == [
        ("ems", Decimal("465.00")),
        ("express", Decimal("730.00")),
    ]


def test_options_leave_out_services_that_cannot_carry_it():
    ShippingRate.objects.filter(service__code="ems", zone__code="EU", max_weight_grams__gt=10000).delete()
    assert [quote.service.code for quote in shipping_options(country="FR", weight_grams=15000)] == ["express"]
    ShippingService.objects.filter(code="ems").update(is_active=False)
    landed_cost_tables_invalidate()  # as the admin does once the change is committed
    assert [quote.service.code for quote in shipping_options(country="FR", weight_grams=100)] == ["express"]
    assert shipping_options(country="FR", weight_grams=30001) == []


def test_a_zones_rates_are_read_once_per_process(django_assert_num_queries):
    shipping_quote(service="ems", country="FR", weight_grams=400)
    with django_assert_num_queries(0):
        assert shipping_quotes(country="DE", parcels={1: (None, 1200), 2: ("express", 300)})[2].zone.code == "EU"


def test_several_parcels_are_quoted_with_one_query(django_assert_num_queries):
    zone_for_country("US")  # the zone map is already in memory in a warm process
    parcels = {artisan_id: ("express" if artisan_id % 2 else None, artisan_id * 700) for artisan_id in range(1, 21)}
    with django_assert_num_queries(1):
        quotes = shipping_quotes(country="US", parcels=parcels)
    assert set(quotes) == set(parcels)
    assert quotes[1].service.code == "express" and quotes[1].price_mad == Decimal("650.00")  # 700 g
    assert quotes[2].service.code == "ems" and quotes[2].price_mad == Decimal("590.00")  # 1400 g: cheapest
    assert all(quote.zone.code == "NA" for quote in quotes.values())


def test_a_parcel_that_cannot_go_is_named_in_the_error():
    with pytest.raises(ShippingUnavailable) as caught:
        shipping_quotes(country="FR", parcels={7: ("ems", 1000), 8: (None, 31000)})
    assert caught.value.parcel_key == 8
    assert "shipping_service" in caught.value.fields


def test_no_parcels_no_rate_query(django_assert_num_queries):
    zone_for_country("FR")
    with django_assert_num_queries(0):
        assert shipping_quotes(country="FR", parcels={}) == {}


# --- admin ---------------------------------------------------------------------------------


def test_a_country_cannot_be_in_two_zones():
    form = ShippingZoneForm(
        data={
            "code": "EU2",
            "name": "Europe 2",
            "name_en": "Europe 2",
            "countries": ["FR", "CH"],
            "is_rest_of_world": False,
        }
    )
    assert not form.is_valid()
    assert "FR (EU)" in str(form.errors["countries"])


def test_only_one_zone_is_the_rest_of_the_world():
    form = ShippingZoneForm(
        data={"code": "ROW2", "name": "Elsewhere", "name_en": "Elsewhere", "countries": [], "is_rest_of_world": True}
    )
    assert not form.is_valid()
    assert "is_rest_of_world" in form.errors


@pytest.mark.parametrize("admin_class", [ShippingZoneAdmin, ShippingRateAdmin])
def test_shipping_tables_are_for_superusers_only(admin_class, superuser):
    model_admin = admin_class(admin_class.form._meta.model, AdminSite())
    request = RequestFactory().get("/")
    request.user = superuser
    assert model_admin.has_module_permission(request) and model_admin.has_change_permission(request)
    request.user = UserFactory(is_staff=True)
    assert not model_admin.has_module_permission(request)
    assert not model_admin.has_view_permission(request)
    assert not model_admin.has_change_permission(request)


def test_operators_edit_prices_in_the_rate_list(client, superuser, django_capture_on_commit_callbacks):
    from django.contrib import admin

    if not admin.site.is_registered(ShippingRate):
        pytest.skip("orders/admin.py does not import orders.admin_landed_cost yet")
    client.force_login(superuser)
    for url in ("/admin/orders/shippingzone/", "/admin/orders/shippingservice/", "/admin/orders/shippingzone/add/"):
        assert client.get(url).status_code == 200, url
    listing = "/admin/orders/shippingrate/?service__id__exact={}&zone__id__exact={}".format(
        ShippingService.objects.get(code="ems").pk, ShippingZone.objects.get(code="EU").pk
    )
    assert client.get(listing).status_code == 200
    rates = list(ShippingRate.objects.filter(service__code="ems", zone__code="EU").order_by("max_weight_grams"))
    data = {"form-TOTAL_FORMS": len(rates), "form-INITIAL_FORMS": len(rates), "_save": "Save"}
    for index, rate in enumerate(rates):
        data.update({f"form-{index}-id": rate.pk, f"form-{index}-price_mad": rate.price_mad,
                     f"form-{index}-transit_days_min": 4, f"form-{index}-transit_days_max": 8})  # fmt: skip
    data["form-0-price_mad"] = "275.00"
    assert shipping_quote(service="ems", country="FR", weight_grams=400).price_mad == rates[0].price_mad  # in memory
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(listing, data).status_code == 302
    assert shipping_quote(service="ems", country="FR", weight_grams=400).price_mad == Decimal("275.00")
    # Inline edits are checked like the change form
    data["form-0-transit_days_min"] = 9
    assert client.post(listing, data).status_code == 200
    assert ShippingRate.objects.get(pk=rates[0].pk).transit_days_min == 4
