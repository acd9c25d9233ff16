"""What the API shows of people and money beyond the reader's reach:
operators' e-mails, other artisans' parts of a refund, and the schema of a
missing bank account."""

from decimal import Decimal

import pytest
from drf_spectacular.generators import SchemaGenerator

from artisans import services
from artisans.models import VerificationStatus
from payments import refunds
from tests.factories import ArtisanFactory
from tests.payments.ledger_builders import paid_order

pytestmark = pytest.mark.django_db


@pytest.fixture
def applicant(cooperative):
    return ArtisanFactory(cooperative=cooperative, verification_status=VerificationStatus.PENDING)


def actors_seen_by(client, artisan):
    response = client.get(f"/api/v1/manage/artisans/{artisan.pk}/")
    assert response.status_code == 200, response.json()
    return [event["actor"] for event in response.json()["verification_events"]]


def test_a_cooperative_admin_sees_a_neutral_label_for_the_operator(client_for, cooperative_admin, superuser, applicant):
    services.artisan_verify(artisan=applicant, actor=superuser)

    assert actors_seen_by(client_for(cooperative_admin), applicant) == ["Souk staff"]


def test_the_list_hides_it_too(client_for, cooperative_admin, superuser, applicant):
    services.artisan_verify(artisan=applicant, actor=superuser)

    page = client_for(cooperative_admin).get("/api/v1/manage/artisans/").json()
    events = [event for artisan in page["results"] for event in artisan["verification_events"]]

    assert [event["actor"] for event in events] == ["Souk staff"]
    assert superuser.email not in str(page)


def test_a_superuser_sees_the_operators_email(client_for, superuser, applicant):
    services.artisan_verify(artisan=applicant, actor=superuser)

    assert actors_seen_by(client_for(superuser), applicant) == [superuser.email]


def test_a_cooperative_admin_sees_their_fellow_admins_and_the_artisans_emails(
    client_for, cooperative_admin, other_admin, applicant
):
    applicant.verification_events.create(from_status="", to_status="pending", actor=applicant.user)  # as applying does
    services.artisan_verify(artisan=applicant, actor=other_admin)
    services.artisan_suspend(artisan=applicant, actor=cooperative_admin, reason="reported")

    assert actors_seen_by(client_for(cooperative_admin), applicant) == [
        applicant.user.email,
        other_admin.email,
        cooperative_admin.email,
    ]


def test_an_artisan_sees_only_their_parcels_part_of_a_whole_order_refund(client_for, superuser):
    paid = paid_order(quantity=2)  # two artisans, 900 MAD of goods and 120 MAD shipping each
    mine, theirs = paid.parts
    refunds.refund_order(order=paid.order, actor=superuser, reason="fraud suspected")

    shown = client_for(mine.artisan.user).get(f"/api/v1/my/orders/{mine.pk}/refunds/").json()

    assert [Decimal(refund["amount"]["mad"]) for refund in shown] == [Decimal("1020.00")]
    assert {item["line"] for item in shown[0]["items"] if item["line"]} == {mine.lines.get().pk}
    assert theirs.lines.get().pk not in [item["line"] for item in shown[0]["items"]]


def test_payout_details_is_null_until_given_and_the_schema_says_so(client_for, artisan):
    answer = client_for(artisan.user).get("/api/v1/artisans/me/").json()
    schema = SchemaGenerator().get_schema(request=None, public=True)

    assert answer["payout_details"] is None
    for component in ("ArtisanOwn", "ManagedArtisan"):
        assert schema["components"]["schemas"][component]["properties"]["payout_details"]["nullable"] is True
