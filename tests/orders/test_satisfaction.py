"""Satisfaction: the buyer of a delivered parcel rates the delivery and the
piece once, through the e-mailed signed link; staff read the share of
satisfied answers (both ratings 4 or 5) from one selector, in the API and
the admin."""

from decimal import Decimal

import pytest
from django.urls import reverse

from marketplace.errors import NotAllowed
from orders import lifecycle
from orders.models import ArtisanOrderStatus as AO
from orders.models import SatisfactionAnswer
from orders.satisfaction import (
    NotDelivered,
    satisfaction_answer,
    satisfaction_by_cooperative,
    satisfaction_token,
)
from tests.factories import ArtisanFactory, CooperativeFactory, UserFactory, admin_of
from tests.orders.builders import order_build, parts

pytestmark = pytest.mark.django_db

ANSWER = {"delivery_rating": 5, "piece_rating": 4, "comment": " Well wrapped. "}


def answer_url(part) -> str:
    return f"/api/v1/satisfaction/{satisfaction_token(part)}/"


@pytest.fixture
def buyer():
    return UserFactory()


@pytest.fixture
def delivered(buyer):
    [part] = parts(order_build(buyer=buyer, statuses=[AO.DELIVERED]))
    return part


def test_the_holder_of_the_link_answers_for_a_delivered_parcel(api_client, delivered):
    response = api_client.post(answer_url(delivered), ANSWER, format="json")

    assert response.status_code == 201, response.content
    answer = SatisfactionAnswer.objects.get(artisan_order=delivered)
    assert (answer.delivery_rating, answer.piece_rating, answer.comment) == (5, 4, "Well wrapped.")
    shown = api_client.get(answer_url(delivered)).json()
    assert shown["order"] == delivered.order.number and shown["answer"]["piece_rating"] == 4


def test_a_second_answer_is_a_conflict(api_client, delivered):
    assert api_client.post(answer_url(delivered), ANSWER, format="json").status_code == 201

    again = api_client.post(answer_url(delivered), {"delivery_rating": 1, "piece_rating": 1}, format="json")

    assert again.status_code == 409
    assert SatisfactionAnswer.objects.get(artisan_order=delivered).delivery_rating == 5


def test_a_tampered_link_is_refused(api_client, delivered):
    token = satisfaction_token(delivered)
    tampered = token[:-2] + ("AA" if not token.endswith("AA") else "BB")

    response = api_client.post(f"/api/v1/satisfaction/{tampered}/", ANSWER, format="json")

    assert response.status_code == 404
    assert not SatisfactionAnswer.objects.exists()


def test_an_expired_link_is_refused(api_client, delivered, settings):
    url = answer_url(delivered)
    settings.SATISFACTION_LINK_DAYS = -1  # any link is older than that

    assert api_client.get(url).status_code == 404
    assert api_client.post(url, ANSWER, format="json").status_code == 404
    assert not SatisfactionAnswer.objects.exists()


def test_a_parcel_not_yet_delivered_is_not_asked_about(api_client, buyer):
    [part] = parts(order_build(buyer=buyer, statuses=[AO.SHIPPED]))

    response = api_client.post(answer_url(part), ANSWER, format="json")

    assert response.status_code == 409
    assert response.json()["error"]["code"] == NotDelivered.code


def test_ratings_outside_1_to_5_are_refused(api_client, delivered):
    response = api_client.post(answer_url(delivered), {"delivery_rating": 6, "piece_rating": 0}, format="json")

    assert response.status_code == 400
    assert not SatisfactionAnswer.objects.exists()


def test_the_signed_in_buyer_answers_and_nobody_else(buyer, delivered):
    with pytest.raises(NotAllowed):
        satisfaction_answer(artisan_order=delivered, actor=UserFactory(), delivery_rating=5, piece_rating=5)

    answer = satisfaction_answer(artisan_order=delivered, actor=buyer, delivery_rating=3, piece_rating=5)

    assert answer.artisan_order_id == delivered.pk


def test_delivery_e_mails_the_buyer_the_signed_link(
    cooperative_admin, artisan, mailoutbox, django_capture_on_commit_callbacks, api_client
):
    order = order_build(artisans=[artisan], statuses=[AO.SHIPPED], email="claire@example.fr")
    [part] = parts(order)

    with django_capture_on_commit_callbacks(execute=True):
        lifecycle.artisan_order_advance(artisan_order=part, actor=cooperative_admin, to_status=AO.DELIVERED)

    [message] = mailoutbox
    assert message.to == ["claire@example.fr"]
    assert message.subject == f"How was your parcel of Souk order {order.number}?"
    [link] = [line for line in message.body.splitlines() if "/api/v1/satisfaction/" in line]
    assert link.startswith("http")
    path = link[link.index("/api/v1/") :]
    assert api_client.post(path, ANSWER, format="json").status_code == 201


def _answers_by_hand():
    """7 answers over 2 cooperatives. Satisfied: both ratings >= 4.
    A: (5,5) yes, (4,4) yes, (5,3) no, (2,5) no -> 2 of 4 = 0.5000
    B: (4,5) yes, (3,3) no, (5,4) yes          -> 2 of 3 = 0.6667
    Overall: 4 of 7 = 0.5714."""
    cooperative_a, cooperative_b = CooperativeFactory(), CooperativeFactory()
    ratings = {cooperative_a: [(5, 5), (4, 4), (5, 3), (2, 5)], cooperative_b: [(4, 5), (3, 3), (5, 4)]}
    for cooperative, pairs in ratings.items():
        artisan = ArtisanFactory(cooperative=cooperative)
        for delivery, piece in pairs:
            buyer = UserFactory()
            [part] = parts(order_build(buyer=buyer, artisans=[artisan], statuses=[AO.DELIVERED]))
            satisfaction_answer(artisan_order=part, actor=buyer, delivery_rating=delivery, piece_rating=piece)
    return cooperative_a, cooperative_b


def test_the_share_matches_the_hand_computed_answers():
    cooperative_a, cooperative_b = _answers_by_hand()

    summary = satisfaction_by_cooperative()

    assert summary["overall"] == {"answers": 7, "satisfied": 4, "share": Decimal("0.5714")}
    by_id = {row["id"]: row for row in summary["cooperatives"]}
    assert (by_id[cooperative_a.pk]["answers"], by_id[cooperative_a.pk]["satisfied"]) == (4, 2)
    assert by_id[cooperative_a.pk]["share"] == Decimal("0.5000")
    assert (by_id[cooperative_b.pk]["answers"], by_id[cooperative_b.pk]["satisfied"]) == (3, 2)
    assert by_id[cooperative_b.pk]["share"] == Decimal("0.6667")


def test_staff_read_the_same_share_and_cooperative_admins_their_own(client_for, superuser):
    cooperative_a, _cooperative_b = _answers_by_hand()

    everything = client_for(superuser).get("/api/v1/manage/satisfaction/").json()
    theirs = client_for(admin_of(cooperative_a)).get("/api/v1/manage/satisfaction/").json()

    assert everything["overall"] == {"answers": 7, "satisfied": 4, "share": "0.5714"}
    assert len(everything["cooperatives"]) == 2
    assert theirs["overall"] == {"answers": 4, "satisfied": 2, "share": "0.5000"}
    assert [row["id"] for row in theirs["cooperatives"]] == [cooperative_a.pk]


@pytest.mark.parametrize("who", ["anonymous", "buyer", "plain_staff", "artisan"])
def test_the_staff_api_refuses_everybody_else(api_client, client_for, artisan, who):
    users = {"buyer": UserFactory(), "plain_staff": UserFactory(is_staff=True), "artisan": artisan.user}
    client = api_client if who == "anonymous" else client_for(users[who])

    response = client.get("/api/v1/manage/satisfaction/")

    assert response.status_code in (401, 403)


def test_the_admin_shows_the_share_of_what_the_user_sees(admin_client_for, superuser):
    cooperative_a, _cooperative_b = _answers_by_hand()
    url = reverse("admin:orders_satisfactionanswer_changelist")

    everything = admin_client_for(superuser).get(url)
    theirs = admin_client_for(admin_of(cooperative_a)).get(url)

    assert everything.status_code == 200
    assert "57.1% satisfied (4 of 7 answers)" in everything.content.decode()
    assert theirs.status_code == 200
    assert "50.0% satisfied (2 of 4 answers)" in theirs.content.decode()
    assert len(theirs.context["cl"].result_list) == 4


def test_the_question_goes_out_in_the_order_s_language(
    cooperative_admin, artisan, mailoutbox, django_capture_on_commit_callbacks
):
    order = order_build(artisans=[artisan], statuses=[AO.SHIPPED], language="fr")
    [part] = parts(order)

    with django_capture_on_commit_callbacks(execute=True):
        lifecycle.artisan_order_advance(artisan_order=part, actor=cooperative_admin, to_status=AO.DELIVERED)

    [message] = mailoutbox
    assert message.subject == f"Comment s'est passé votre colis de la commande Souk {order.number} ?"
    assert "Notez chacune de 1 à 5" in message.body


# --- the signed-in buyer, from their order -----------------------------------------------


def parcel_url(part) -> str:
    return f"/api/v1/orders/{part.order.number}/parcels/{part.pk}/satisfaction/"


def test_the_signed_in_buyer_answers_from_their_order(client_for, buyer, delivered):
    client = client_for(buyer)

    response = client.post(parcel_url(delivered), ANSWER, format="json")

    assert response.status_code == 201, response.content
    shown = client.get(parcel_url(delivered)).json()
    assert shown["answer"]["delivery_rating"] == 5 and shown["pieces"]


def test_another_buyer_finds_no_such_parcel(client_for, delivered):
    response = client_for(UserFactory()).post(parcel_url(delivered), ANSWER, format="json")

    assert response.status_code == 404
    assert not SatisfactionAnswer.objects.filter(artisan_order=delivered).exists()


def test_the_order_endpoint_needs_a_signed_in_buyer(api_client, delivered):
    assert api_client.get(parcel_url(delivered)).status_code == 401


def test_a_parcel_of_another_order_is_not_found_under_this_one(client_for, buyer, delivered):
    [other] = parts(order_build(buyer=buyer, statuses=[AO.DELIVERED]))
    url = f"/api/v1/orders/{delivered.order.number}/parcels/{other.pk}/satisfaction/"

    assert client_for(buyer).get(url).status_code == 404


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_answers_sent_at_once_record_one(buyer):
    from rest_framework.test import APIClient

    from tests.concurrency import at_once

    [part] = parts(order_build(buyer=buyer, statuses=[AO.DELIVERED]))
    url = answer_url(part)

    statuses = at_once(lambda: APIClient().post(url, ANSWER, format="json").status_code, times=3)

    assert sorted(statuses) == [201, 409, 409]
    assert SatisfactionAnswer.objects.filter(artisan_order=part).count() == 1
