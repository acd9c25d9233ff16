"""The seeded demo's satisfaction share, read by the selector the admin and
the staff API show, against the answers computed by hand (demo/satisfaction.py):
Safi 2 of 4, Fès 2 of 3, overall 4 of 7."""

import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse

from artisans.models import Cooperative
from demo.management.commands.seed_demo import SUPERUSER
from orders.models import SatisfactionAnswer
from orders.satisfaction import satisfaction_by_cooperative

pytestmark = pytest.mark.django_db


def seed():
    call_command("seed_demo", "--quiet-logins", stdout=io.StringIO())


def test_the_demo_share_is_the_hand_computed_one():
    seed()

    summary = satisfaction_by_cooperative()

    assert summary["overall"] == {"answers": 7, "satisfied": 4, "share": Decimal("0.5714")}
    by_id = {row["id"]: (row["answers"], row["satisfied"], row["share"]) for row in summary["cooperatives"]}
    safi = Cooperative.objects.get(slug="potiers-de-safi")
    fes = Cooperative.objects.get(slug="zellige-de-fes")
    assert by_id == {safi.pk: (4, 2, Decimal("0.5000")), fes.pk: (3, 2, Decimal("0.6667"))}


def test_the_demo_admin_and_staff_api_show_that_share(client, api_client):
    seed()
    seed()  # idempotent: still 7 answers

    assert SatisfactionAnswer.objects.count() == 7
    client.login(email=SUPERUSER[0], password=SUPERUSER[1])
    page = client.get(reverse("admin:orders_satisfactionanswer_changelist")).content.decode()
    assert "57.1% satisfied (4 of 7 answers)" in page
    token = api_client.post("/api/v1/auth/login/", {"email": SUPERUSER[0], "password": SUPERUSER[1]}).json()
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {token['access']}")
    summary = api_client.get("/api/v1/manage/satisfaction/").json()
    assert summary["overall"] == {"answers": 7, "satisfied": 4, "share": "0.5714"}
