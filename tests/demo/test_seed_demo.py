import io

import pytest
from django.core.management import call_command

from artisans.models import ArtisanProfile, Cooperative, VerificationEvent
from demo.management.commands.seed_demo import ARTISAN, BUYER, COOPERATIVE_ADMIN, SUPERUSER
from marketplace.models import User

pytestmark = pytest.mark.django_db


def seed():
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def counts():
    return (User.objects.count(), Cooperative.objects.count(), ArtisanProfile.objects.count(),
            VerificationEvent.objects.count())  # fmt: skip


def test_seed_demo_is_idempotent():
    seed()
    first = counts()

    seed()

    assert counts() == first


def test_seed_demo_prints_logins_that_work_in_the_api(api_client):
    output = seed()

    for email, password, _name in (SUPERUSER, COOPERATIVE_ADMIN, ARTISAN, BUYER):
        assert f"{email}" in output and password in output
        login = api_client.post("/api/v1/auth/login/", {"email": email, "password": password})
        assert login.status_code == 200, email


def test_seed_demo_cooperative_admin_reaches_the_admin_and_only_their_cooperative(client):
    seed()
    client.login(email=COOPERATIVE_ADMIN[0], password=COOPERATIVE_ADMIN[1])

    page = client.get("/admin/artisans/artisanprofile/").content.decode()

    assert "Abdellah Serghini" in page
    assert "Itto Ait Ouaziz" not in page


def test_seed_demo_shows_real_places_publicly(api_client):
    seed()

    cities = {row["city"] for row in api_client.get("/api/v1/artisans/?page_size=100").json()["results"]}

    assert {"Safi", "Fès", "Azilal", "Tiznit", "Essaouira", "Marrakech", "Azrou"} <= cities
