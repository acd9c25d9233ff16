import pytest

from artisans.models import ArtisanProfile, VerificationEvent, VerificationStatus
from artisans.validators import rib_complete
from tests.factories import ArtisanFactory, CooperativeFactory, UserFactory

pytestmark = pytest.mark.django_db

VALID_RIB = rib_complete("0115190000012050005349")
APPLICATION = {
    "display_name_latin": "Khadija Rami",
    "display_name_arabic": "خديجة رامي",
    "region": "marrakech-safi",
    "city": "Safi",
    "crafts": ["pottery"],
    "bio_fr": "Peint les céramiques de Safi.",
}


# --- applying and editing one's own profile -------------------------------------------------


def test_a_signed_in_user_applies_and_waits_for_review(client_for, user, cooperative):
    response = client_for(user).post("/api/v1/artisans/", {**APPLICATION, "cooperative": cooperative.slug})

    assert response.status_code == 201, response.json()
    assert response.json()["verification_status"] == "pending"
    event = VerificationEvent.objects.get(artisan__user=user)
    assert (event.from_status, event.to_status, event.actor) == ("", "pending", user)


def test_applying_twice_is_a_409(client_for, artisan):
    response = client_for(artisan.user).post("/api/v1/artisans/", APPLICATION)

    assert response.status_code == 409
    assert response.json()["error"]["code"] == "conflict"


def test_an_applicant_cannot_verify_themselves(client_for, user):
    response = client_for(user).post("/api/v1/artisans/", {**APPLICATION, "verification_status": "verified"})

    assert response.status_code == 400
    assert response.json()["error"]["fields"]["verification_status"] == ["This field is read-only."]
    assert not ArtisanProfile.objects.exists()


def test_applying_needs_a_login(api_client):
    assert api_client.post("/api/v1/artisans/", APPLICATION).status_code == 401


def test_an_unknown_region_is_a_400_naming_it(client_for, user):
    response = client_for(user).post("/api/v1/artisans/", {**APPLICATION, "region": "atlantis"})

    assert response.status_code == 400
    assert "region" in response.json()["error"]["fields"]


def test_an_artisan_edits_only_their_own_profile(client_for, artisan):
    other = ArtisanFactory(display_name_latin="Someone Else")

    own = client_for(artisan.user).patch("/api/v1/artisans/me/", {"city": "Fès"})
    theirs = client_for(artisan.user).patch(f"/api/v1/artisans/{other.slug}/", {"city": "Fès"})

    other.refresh_from_db()
    assert own.status_code == 200 and own.json()["city"] == "Fès"
    assert theirs.status_code == 405
    assert other.city == "Safi"


def test_me_without_a_profile_is_a_404_that_says_how_to_apply(client_for, user):
    response = client_for(user).get("/api/v1/artisans/me/")

    assert response.status_code == 404
    assert "apply" in response.json()["error"]["message"]


def test_a_verified_artisan_cannot_switch_cooperative_without_review(client_for, artisan):
    other = CooperativeFactory()

    response = client_for(artisan.user).patch("/api/v1/artisans/me/", {"cooperative": other.slug})

    assert response.status_code == 400
    assert "cooperative" in response.json()["error"]["fields"]


# --- payout details ------------------------------------------------------------------------


def test_payout_rib_is_stored_and_only_shown_masked(client_for, artisan):
    response = client_for(artisan.user).patch(
        "/api/v1/artisans/me/", {"payout": {"account_holder": "Abdellah S.", "rib": VALID_RIB}}
    )

    assert response.status_code == 200, response.json()
    assert VALID_RIB not in response.content.decode()
    assert response.json()["payout_details"]["masked_account"].endswith(VALID_RIB[-4:])
    assert artisan.payout_details.rib == VALID_RIB


def test_payout_details_never_appear_unmasked_anywhere(client_for, artisan, cooperative_admin):
    client_for(artisan.user).patch("/api/v1/artisans/me/", {"payout": {"account_holder": "A", "rib": VALID_RIB}})

    pages = [
        client_for(artisan.user).get("/api/v1/artisans/me/"),
        client_for(cooperative_admin).get(f"/api/v1/manage/artisans/{artisan.pk}/"),
        client_for(cooperative_admin).get("/api/v1/manage/artisans/"),
        client_for(cooperative_admin).get(f"/api/v1/artisans/{artisan.slug}/"),
    ]

    assert all(page.status_code == 200 for page in pages)
    assert not any(VALID_RIB in page.content.decode() for page in pages)


def test_an_invalid_rib_is_a_400_naming_the_field(client_for, artisan):
    bad_key = VALID_RIB[:-2] + ("00" if VALID_RIB[-2:] != "00" else "01")

    response = client_for(artisan.user).patch(
        "/api/v1/artisans/me/", {"payout": {"account_holder": "A", "rib": bad_key}}
    )

    assert response.status_code == 400
    assert "rib" in response.json()["error"]["fields"]


def test_an_invalid_iban_is_a_400_naming_the_field(client_for, artisan):
    response = client_for(artisan.user).patch(
        "/api/v1/artisans/me/", {"payout": {"account_holder": "A", "iban": "FR7630006000011234567890188"}}
    )

    assert response.status_code == 400
    assert "iban" in response.json()["error"]["fields"]


def test_a_valid_french_iban_is_accepted(client_for, artisan):
    response = client_for(artisan.user).patch(
        "/api/v1/artisans/me/", {"payout": {"account_holder": "A", "iban": "FR76 3000 6000 0112 3456 7890 189"}}
    )

    assert response.status_code == 200, response.json()
    assert response.json()["payout_details"]["account_kind"] == "iban"


def test_a_failed_payout_change_keeps_the_previous_details(client_for, artisan):
    client = client_for(artisan.user)
    client.patch("/api/v1/artisans/me/", {"payout": {"account_holder": "A", "rib": VALID_RIB}})

    response = client.patch("/api/v1/artisans/me/", {"city": "Fès", "payout": {"account_holder": "B", "rib": "123"}})

    artisan.refresh_from_db()
    assert response.status_code == 400
    assert (artisan.payout_details.rib, artisan.city) == (VALID_RIB, "Safi")


def test_an_application_with_refused_payout_details_leaves_no_profile(client_for, user):
    """Profile and bank details are one service, one transaction: no half-made artisan."""
    payout = {"account_holder": "Khadija Rami", "rib": VALID_RIB, "iban": "FR7630006000011234567890189"}

    response = client_for(user).post("/api/v1/artisans/", {**APPLICATION, "payout": payout}, format="json")

    assert response.status_code == 400, response.json()
    assert not ArtisanProfile.objects.filter(user=user).exists()


# --- public lists --------------------------------------------------------------------------


def test_the_public_list_shows_only_verified_artisans(api_client, cooperative):
    visible = ArtisanFactory(cooperative=cooperative)
    for status in (VerificationStatus.PENDING, VerificationStatus.REJECTED, VerificationStatus.SUSPENDED):
        ArtisanFactory(cooperative=cooperative, verification_status=status)

    response = api_client.get("/api/v1/artisans/")

    assert [row["slug"] for row in response.json()["results"]] == [visible.slug]


@pytest.mark.parametrize("status", ["pending", "rejected", "suspended"])
def test_an_unverified_artisan_detail_is_a_404(api_client, status):
    hidden = ArtisanFactory(verification_status=status)

    assert api_client.get(f"/api/v1/artisans/{hidden.slug}/").status_code == 404


def test_the_public_list_filters_by_region_craft_and_cooperative(api_client):
    fes = CooperativeFactory(region="fes-meknes")
    wanted = ArtisanFactory(cooperative=fes, region="fes-meknes", crafts=["zellige"])
    ArtisanFactory(region="fes-meknes", crafts=["pottery"])
    ArtisanFactory(cooperative=fes, region="fes-meknes", crafts=["pottery"])

    response = api_client.get(f"/api/v1/artisans/?region=fes-meknes&craft=zellige&cooperative={fes.slug}")

    assert [row["slug"] for row in response.json()["results"]] == [wanted.slug]


def test_an_unknown_region_filter_is_a_400(api_client):
    response = api_client.get("/api/v1/artisans/?region=atlantis")

    assert response.status_code == 400
    assert "region" in response.json()["error"]["fields"]


def test_the_public_list_is_paginated(api_client, cooperative):
    ArtisanFactory.create_batch(3, cooperative=cooperative)

    response = api_client.get("/api/v1/artisans/?page_size=2")

    assert response.json()["count"] == 3
    assert len(response.json()["results"]) == 2
    assert response.json()["next"]


def test_the_public_list_query_count_does_not_grow_with_artisans(
    api_client, cooperative, django_assert_max_num_queries
):
    ArtisanFactory.create_batch(15, cooperative=cooperative, crafts=["pottery", "zellige"])

    # count + page + crafts, and the request's savepoint and its release
    with django_assert_max_num_queries(5):
        response = api_client.get("/api/v1/artisans/")

    assert len(response.json()["results"]) == 15


def test_cooperatives_list_counts_verified_members_and_filters_women_led(api_client):
    tithrite = CooperativeFactory(women_led=True)
    ArtisanFactory(cooperative=tithrite)
    ArtisanFactory(cooperative=tithrite, verification_status="pending")
    CooperativeFactory(women_led=False)

    response = api_client.get("/api/v1/cooperatives/?women_led=true")

    rows = response.json()["results"]
    assert [(row["slug"], row["verified_member_count"]) for row in rows] == [(tithrite.slug, 1)]


def test_the_public_cooperative_never_shows_turnover_or_ice(api_client, cooperative):
    body = api_client.get(f"/api/v1/cooperatives/{cooperative.slug}/").json()

    assert "ice" not in body and "declared_annual_turnover_mad" not in body


# --- registering cooperatives ----------------------------------------------------------------

COOPERATIVE = {
    "name_latin": "Coopérative Tamount",
    "name_arabic": "تعاونية تامونت",
    "legal_form": "cooperative",
    "ice": "001561191000066",
    "region": "souss-massa",
    "city": "Taroudant",
    "founded_year": 2015,
}


def test_a_superuser_registers_a_cooperative_with_its_admin(client_for, superuser):
    admin = UserFactory()

    response = client_for(superuser).post("/api/v1/cooperatives/", {**COOPERATIVE, "admins": [admin.email]})

    admin.refresh_from_db()
    assert response.status_code == 201, response.json()
    assert admin.is_staff and admin.administered_cooperatives.get().slug == "cooperative-tamount"


def test_an_invalid_ice_is_a_400_naming_the_field(client_for, superuser):
    response = client_for(superuser).post("/api/v1/cooperatives/", {**COOPERATIVE, "ice": "001561191000065"})

    assert response.status_code == 400
    assert "ice" in response.json()["error"]["fields"]


def test_only_a_superuser_registers_cooperatives(client_for, cooperative_admin):
    response = client_for(cooperative_admin).post("/api/v1/cooperatives/", COOPERATIVE)

    assert response.status_code == 403
