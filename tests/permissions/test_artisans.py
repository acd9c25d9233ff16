"""Nobody verifies themself: a cooperative admin who applies as an artisan of
their own cooperative waits for another admin of it, or for Souk staff,
through the API and the admin alike."""

import pytest

from artisans import services
from artisans.models import ArtisanProfile, VerificationStatus
from marketplace.errors import FourEyesRefused
from tests.permissions.conftest import admin_action

pytestmark = pytest.mark.django_db

APPLICATION = {"display_name_latin": "Hafsa Admin", "region": "marrakech-safi", "city": "Safi"}


@pytest.fixture
def self_applied(client_for, cooperative, cooperative_admin):
    """The cooperative admin applied, through the API, as a member of their own cooperative."""
    response = client_for(cooperative_admin).post("/api/v1/artisans/", {**APPLICATION, "cooperative": cooperative.slug})
    assert response.status_code == 201, response.json()
    return ArtisanProfile.objects.get(user=cooperative_admin)


def test_the_cooperative_admin_cannot_verify_themself_through_the_api(client_for, cooperative_admin, self_applied):
    response = client_for(cooperative_admin).post(f"/api/v1/manage/artisans/{self_applied.pk}/verify/", {})

    self_applied.refresh_from_db()
    assert (response.status_code, response.json()["error"]["code"]) == (403, "four_eyes")
    assert self_applied.verification_status == VerificationStatus.PENDING


def test_the_cooperative_admin_cannot_verify_themself_through_the_admin(
    admin_client_for, cooperative_admin, self_applied
):
    shown = admin_action(admin_client_for(cooperative_admin), "/admin/artisans/artisanprofile/", "verify",
                         [self_applied])  # fmt: skip

    self_applied.refresh_from_db()
    assert self_applied.verification_status == VerificationStatus.PENDING
    assert any("Nobody decides on their own artisan profile" in message for message in shown), shown


def test_another_admin_of_the_cooperative_verifies_them_through_the_api(client_for, other_admin, self_applied):
    response = client_for(other_admin).post(f"/api/v1/manage/artisans/{self_applied.pk}/verify/", {})

    self_applied.refresh_from_db()
    assert response.status_code == 200, response.json()
    assert self_applied.verification_status == VerificationStatus.VERIFIED


def test_an_operator_verifies_them_through_the_admin(admin_client_for, superuser, self_applied):
    admin_action(admin_client_for(superuser), "/admin/artisans/artisanprofile/", "verify", [self_applied])

    self_applied.refresh_from_db()
    assert self_applied.verification_status == VerificationStatus.VERIFIED


@pytest.mark.parametrize(
    ("start", "decide", "reason"),
    [
        (VerificationStatus.PENDING, services.artisan_reject, "changed my mind"),
        (VerificationStatus.VERIFIED, services.artisan_suspend, "a holiday"),
        (VerificationStatus.SUSPENDED, services.artisan_reinstate, ""),
    ],
)
def test_no_decision_on_ones_own_profile_through_the_service(selling_admin, start, decide, reason):
    ArtisanProfile.objects.filter(pk=selling_admin.pk).update(verification_status=start)

    with pytest.raises(FourEyesRefused):
        decide(artisan=selling_admin, actor=selling_admin.user, reason=reason)

    selling_admin.refresh_from_db()
    assert (selling_admin.verification_status, selling_admin.verification_events.count()) == (start, 0)


def test_an_operator_who_sells_does_not_verify_themself_either(superuser, cooperative):
    from tests.factories import ArtisanFactory

    own = ArtisanFactory(user=superuser, cooperative=cooperative, verification_status=VerificationStatus.PENDING)

    with pytest.raises(FourEyesRefused):
        services.artisan_verify(artisan=own, actor=superuser)
