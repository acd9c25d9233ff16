"""The admin's autocomplete answers only for the fields an admin offers as
autocomplete fields, and then only the rows the asker may see."""

import pytest
from django.contrib import admin

from artisans.models import ArtisanProfile

pytestmark = pytest.mark.django_db

AUTOCOMPLETE = "/admin/autocomplete/"


def ask(client, app_label, model_name, field_name, term=""):
    response = client.get(
        AUTOCOMPLETE, {"app_label": app_label, "model_name": model_name, "field_name": field_name, "term": term}
    )
    if response.status_code != 200:
        return response.status_code, []
    return response.status_code, [row["text"] for row in response.json()["results"]]


def test_an_undeclared_relation_answers_nothing_even_to_a_superuser(world, admin_client_for):
    answers = [
        ask(admin_client_for(world.superuser), "orders", "artisanorder", "artisan"),
        ask(admin_client_for(world.admin_b), "orders", "artisanorder", "artisan", "Atelier"),
        ask(admin_client_for(world.admin_b), "payments", "refund", "order"),
        ask(admin_client_for(world.admin_b), "orders", "orderline", "artisan_order"),
    ]

    assert [rows for _status, rows in answers] == [[], [], [], []]


def test_a_declared_autocomplete_lists_only_the_askers_cooperatives(world, admin_client_for, monkeypatch):
    artisans_admin = admin.site._registry[ArtisanProfile]
    monkeypatch.setattr(artisans_admin, "autocomplete_fields", ["cooperative"])

    as_b = ask(admin_client_for(world.admin_b), "artisans", "artisanprofile", "cooperative")
    as_superuser = ask(admin_client_for(world.superuser), "artisans", "artisanprofile", "cooperative")

    assert as_b == (200, [str(world.cooperative_b)])
    assert set(as_superuser[1]) >= {str(world.cooperative_a), str(world.cooperative_b)}


def test_accounts_are_never_autocompleted_for_a_cooperative_admin(world, admin_client_for):
    status, rows = ask(admin_client_for(world.admin_a), "payments", "refund", "requested_by", "operator")

    assert (status, rows) == (403, [])
