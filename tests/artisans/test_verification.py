"""Cooperative admins review their own members, through the API and the admin;
every move is checked and recorded."""

import pytest
from django.core import mail

from artisans import services
from artisans.models import VerificationEvent, VerificationStatus
from marketplace.errors import DomainError, IllegalTransition
from tests.factories import ArtisanFactory, CooperativeFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def applicant(cooperative):
    return ArtisanFactory(cooperative=cooperative, verification_status=VerificationStatus.PENDING)


@pytest.fixture
def stranger_artisan():
    """A member of a cooperative the test's admin does not administer."""
    return ArtisanFactory(
        cooperative=CooperativeFactory(), verification_status=VerificationStatus.PENDING, display_name_latin="Stranger"
    )


# --- services ------------------------------------------------------------------------------


def test_verify_records_who_moved_it_and_emails_the_artisan(
    applicant, cooperative_admin, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.artisan_verify(artisan=applicant, actor=cooperative_admin)

    applicant.refresh_from_db()
    event = VerificationEvent.objects.get(artisan=applicant)
    assert applicant.verification_status == "verified"
    assert (event.from_status, event.to_status, event.actor) == ("pending", "verified", cooperative_admin)
    assert mail.outbox[0].to == [applicant.user.email]


def test_suspend_then_reinstate(artisan, cooperative_admin):
    services.artisan_suspend(artisan=artisan, actor=cooperative_admin, reason="Counterfeit goods reported")
    services.artisan_reinstate(artisan=artisan, actor=cooperative_admin, reason="Cleared")

    moves = list(VerificationEvent.objects.filter(artisan=artisan).values_list("from_status", "to_status"))
    assert moves == [("verified", "suspended"), ("suspended", "verified")]


@pytest.mark.parametrize(
    ("status", "move"),
    [
        ("rejected", services.artisan_verify),
        ("pending", services.artisan_suspend),
        ("verified", services.artisan_reinstate),
        ("suspended", services.artisan_reject),
    ],
)
def test_illegal_moves_are_refused_and_leave_no_trace(cooperative, cooperative_admin, status, move):
    artisan = ArtisanFactory(cooperative=cooperative, verification_status=status)

    with pytest.raises(IllegalTransition):
        move(artisan=artisan, actor=cooperative_admin, reason="because")

    artisan.refresh_from_db()
    assert artisan.verification_status == status
    assert not VerificationEvent.objects.filter(artisan=artisan).exists()


def test_reject_needs_a_reason(applicant, cooperative_admin):
    with pytest.raises(DomainError):
        services.artisan_reject(artisan=applicant, actor=cooperative_admin, reason="  ")

    applicant.refresh_from_db()
    assert applicant.verification_status == "pending"


def test_an_admin_of_another_cooperative_cannot_verify(stranger_artisan, cooperative_admin):
    with pytest.raises(DomainError):
        services.artisan_verify(artisan=stranger_artisan, actor=cooperative_admin)

    stranger_artisan.refresh_from_db()
    assert stranger_artisan.verification_status == "pending"


# --- API -----------------------------------------------------------------------------------


def test_the_manage_list_holds_only_the_admins_cooperative(client_for, cooperative_admin, applicant, stranger_artisan):
    response = client_for(cooperative_admin).get("/api/v1/manage/artisans/")

    assert [row["id"] for row in response.json()["results"]] == [applicant.pk]


def test_another_cooperatives_artisan_is_a_404_to_open_and_to_verify(client_for, cooperative_admin, stranger_artisan):
    client = client_for(cooperative_admin)

    opened = client.get(f"/api/v1/manage/artisans/{stranger_artisan.pk}/")
    verified = client.post(f"/api/v1/manage/artisans/{stranger_artisan.pk}/verify/")

    stranger_artisan.refresh_from_db()
    assert (opened.status_code, verified.status_code) == (404, 404)
    assert stranger_artisan.verification_status == "pending"


def test_a_superuser_manages_every_cooperative(client_for, superuser, applicant, stranger_artisan):
    response = client_for(superuser).get("/api/v1/manage/artisans/")

    assert {row["id"] for row in response.json()["results"]} == {applicant.pk, stranger_artisan.pk}


def test_a_plain_user_cannot_manage(client_for, user):
    assert client_for(user).get("/api/v1/manage/artisans/").status_code == 403


def test_reject_through_the_api_with_a_reason(client_for, cooperative_admin, applicant):
    response = client_for(cooperative_admin).post(
        f"/api/v1/manage/artisans/{applicant.pk}/reject/", {"reason": "Not handmade"}
    )

    assert response.status_code == 200
    assert response.json()["verification_events"][-1]["reason"] == "Not handmade"


def test_an_illegal_move_through_the_api_is_a_409_naming_the_state(client_for, cooperative_admin, artisan):
    response = client_for(cooperative_admin).post(f"/api/v1/manage/artisans/{artisan.pk}/reinstate/")

    assert response.status_code == 409
    assert "Verified" in response.json()["error"]["message"]


def test_the_manage_list_filters_by_status(client_for, cooperative_admin, applicant, artisan):
    response = client_for(cooperative_admin).get("/api/v1/manage/artisans/?verification_status=pending")

    assert [row["id"] for row in response.json()["results"]] == [applicant.pk]


# --- Django admin, through HTTP ------------------------------------------------------------


@pytest.fixture
def admin_browser(client, cooperative_admin):
    client.force_login(cooperative_admin)
    return client


def test_admin_changelist_shows_only_own_members(admin_browser, applicant, stranger_artisan):
    response = admin_browser.get("/admin/artisans/artisanprofile/")

    assert response.status_code == 200
    assert applicant.display_name_latin in response.content.decode()
    assert "Stranger" not in response.content.decode()


def test_admin_cannot_open_another_cooperatives_artisan(admin_browser, stranger_artisan):
    response = admin_browser.get(f"/admin/artisans/artisanprofile/{stranger_artisan.pk}/change/")

    assert response.status_code == 302
    assert response.url == "/admin/"


def test_admin_cannot_change_another_cooperatives_artisan(admin_browser, stranger_artisan):
    admin_browser.post(
        f"/admin/artisans/artisanprofile/{stranger_artisan.pk}/change/",
        {"display_name_latin": "Hijacked", "region": "fes-meknes", "city": "Fès"},
    )

    stranger_artisan.refresh_from_db()
    assert stranger_artisan.display_name_latin == "Stranger"


def test_admin_action_cannot_reach_another_cooperatives_artisan(admin_browser, applicant, stranger_artisan):
    admin_browser.post(
        "/admin/artisans/artisanprofile/",
        {"action": "verify", "_selected_action": [applicant.pk, stranger_artisan.pk], "index": "0"},
    )

    applicant.refresh_from_db()
    stranger_artisan.refresh_from_db()
    assert (applicant.verification_status, stranger_artisan.verification_status) == ("verified", "pending")


def test_admin_reject_action_asks_for_a_reason_then_rejects(admin_browser, applicant):
    ask = admin_browser.post(
        "/admin/artisans/artisanprofile/", {"action": "reject", "_selected_action": [applicant.pk], "index": "0"}
    )
    confirm = admin_browser.post(
        "/admin/artisans/artisanprofile/",
        {"action": "reject", "_selected_action": [applicant.pk], "reason": "Photos are not his work", "confirm": "1"},
    )

    applicant.refresh_from_db()
    assert ask.status_code == 200 and b'name="reason"' in ask.content
    assert confirm.status_code == 302
    assert applicant.verification_events.last().reason == "Photos are not his work"


def test_admin_cooperative_list_is_scoped(admin_browser, cooperative):
    other = CooperativeFactory(name_latin="Other Cooperative")

    response = admin_browser.get("/admin/artisans/cooperative/")

    assert cooperative.name_latin in response.content.decode()
    assert other.name_latin not in response.content.decode()


def test_a_staff_user_without_a_cooperative_sees_no_artisans(client):
    client.force_login(UserFactory(is_staff=True))

    assert client.get("/admin/artisans/artisanprofile/").status_code == 403


def test_admin_cannot_move_a_verified_artisan_to_another_cooperative(client, cooperative, artisan):
    admin = UserFactory(is_staff=True)
    second = CooperativeFactory(admins=[admin])
    cooperative.admins.add(admin)
    client.force_login(admin)

    client.post(
        f"/admin/artisans/artisanprofile/{artisan.pk}/change/",
        {
            "display_name_latin": artisan.display_name_latin,
            "region": artisan.region,
            "city": artisan.city,
            "cooperative": second.pk,
            "crafts": [craft.pk for craft in artisan.crafts.all()],
            "payout_details-TOTAL_FORMS": "0",
            "payout_details-INITIAL_FORMS": "0",
            "verification_events-TOTAL_FORMS": "0",
            "verification_events-INITIAL_FORMS": "0",
        },
    )

    artisan.refresh_from_db()
    assert artisan.cooperative == cooperative
