"""A list page answers only the lookups its own filters and date hierarchy
use: no column can be guessed one character at a time (issue 11's oracle)."""

import pytest
from django.contrib import admin
from django.urls import reverse

from tests.admin_security.conftest import listed

pytestmark = pytest.mark.django_db

ORACLE_VALUES = ["0", "9"]


def changelists():
    for model in admin.site._registry:
        yield model, reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


def test_no_list_page_answers_a_lookup_on_an_undeclared_field(world, admin_client_for):
    """Every local column of every registered model, asked with two different
    prefixes: a 400 each time (or, at the least, the same rows for both)."""
    as_superuser = admin_client_for(world.superuser)
    answered = []
    for model, url in changelists():
        for field in model._meta.concrete_fields:
            results = []
            for value in ORACLE_VALUES:
                response = as_superuser.get(url, {f"{field.attname}__startswith": value})
                results.append(response.status_code if response.status_code != 200 else listed(response))
            if results != [400, 400] and results[0] != results[1]:
                answered.append(f"{model._meta.label}.{field.attname}: {results}")

    assert answered == []


def test_the_issues_oracles_are_closed_for_cooperative_admins_and_superusers(world, admin_client_for):
    rib = world.payout_a.rib
    token = world.order.access_token
    secret = world.payment.client_secret
    asks = [
        (admin_client_for(world.admin_a), "/admin/payments/payout/", "rib__startswith", rib[:4]),
        (admin_client_for(world.superuser), "/admin/payments/payout/", "rib__startswith", rib[:4]),
        (admin_client_for(world.admin_a), "/admin/orders/order/", "access_token__startswith", token[:3]),
        (admin_client_for(world.superuser), "/admin/orders/order/", "access_token__startswith", token[:3]),
        (admin_client_for(world.superuser), "/admin/payments/payment/", "client_secret__startswith", secret[:6]),
        (admin_client_for(world.admin_a), "/admin/orders/artisanorder/", "order__access_token__startswith", token[:3]),
        (
            admin_client_for(world.admin_a),
            "/admin/artisans/artisanprofile/",
            "payout_details__rib__startswith",
            rib[:4],
        ),
    ]

    answers = [client.get(url, {lookup: value}).status_code for client, url, lookup, value in asks]

    assert answers == [400] * len(asks)


def test_the_declared_filters_and_date_hierarchy_still_work(world, admin_client_for):
    as_a = admin_client_for(world.admin_a)
    year = world.order.placed_at.year
    part_a = world.part_a

    by_status = as_a.get("/admin/orders/artisanorder/", {"status__exact": part_a.status})
    by_artisan = as_a.get("/admin/orders/artisanorder/", {"artisan__id__exact": world.artisan_a.pk})
    by_country = as_a.get("/admin/orders/artisanorder/", {"order__shipping_country": "FR"})
    by_date = as_a.get("/admin/orders/artisanorder/", {"order__placed_at__gte": f"{year}-01-01T00:00:00+00:00"})
    by_year = as_a.get("/admin/orders/order/", {"placed_at__year": year})
    undisputed = as_a.get("/admin/orders/order/", {"disputed_at__isempty": "1"})
    by_batch = as_a.get("/admin/payments/payout/", {"batch__id__exact": world.payout_a.batch_id})

    assert [listed(by_status), listed(by_artisan), listed(by_country), listed(by_date)] == [[part_a]] * 4
    assert [listed(by_year), listed(undisputed)] == [[world.order]] * 2
    assert listed(by_batch) == [world.payout_a]


def test_a_popup_cannot_pick_a_secret_column(world, admin_client_for):
    as_superuser = admin_client_for(world.superuser)

    answers = [
        as_superuser.get("/admin/orders/order/", {"_to_field": "access_token", "_popup": "1"}).status_code,
        as_superuser.get("/admin/payments/payout/", {"_to_field": "rib", "_popup": "1"}).status_code,
        admin_client_for(world.admin_a)
        .get("/admin/orders/order/", {"_to_field": "access_token", "_popup": "1"})
        .status_code,
    ]

    assert answers == [400, 400, 400]


def test_sorting_follows_the_listed_columns_only(world, admin_client_for):
    """`?o=` is an index into the listed columns: no hidden column can be sorted on."""
    response = admin_client_for(world.superuser).get("/admin/payments/payout/", {"o": "99"})

    assert response.status_code == 200
    assert all("rib" not in str(column) for column in response.context["cl"].sortable_by)
