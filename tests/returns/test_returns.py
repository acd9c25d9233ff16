"""Returns and claims through the API and the services: the buyer opens one
on a delivered line, the cooperative's admin or staff decide, the refund goes
through payments and the ledger, stock comes back through orders.stock."""

import io
from decimal import Decimal

import pytest
from django.core import mail
from django.db.models import Sum
from django.urls import reverse
from PIL import Image

from catalog.models import Variant
from payments.models import LedgerEntry, LedgerTransaction, RefundItem
from returns import services
from returns.models import LossBearer, ReturnEvent, ReturnKind, ReturnRequest, ReturnStatus
from tests.factories import ArtisanFactory, CooperativeFactory, UserFactory, admin_of
from tests.payments.ledger_builders import artisan_balance, line_refund
from tests.returns.builders import GPS_TAG, delivered_purchase, photo_upload

pytestmark = pytest.mark.django_db

UNIT_MAD = Decimal("450.00")
COMMISSION_MAD = Decimal("54.00")  # 12 % of a piece


def open_url(paid):
    line = paid.parts[0].lines.get()
    return reverse("order-line-return", kwargs={"number": paid.order.number, "line_id": line.pk})


def decide_url(request_id):
    return reverse("managed-return-decide", kwargs={"pk": request_id})


def open_return(client_for, paid, **body):
    body = {"kind": ReturnKind.RETURN, "quantity": 1, "reason": "Not the colour I expected", **body}
    return client_for(paid.order.buyer).post(open_url(paid), body, format="multipart")


def every_transaction_balances() -> bool:
    sums = LedgerEntry.objects.values("transaction").annotate(total=Sum("amount_mad"))
    return all(row["total"] == 0 for row in sums)


@pytest.fixture
def purchase(artisan):
    return delivered_purchase(artisan=artisan)


def test_a_return_accepted_received_and_restocked_refunds_the_piece_from_the_artisan_and_puts_it_back_on_sale(
    client_for, purchase, cooperative_admin, artisan
):
    line = purchase.parts[0].lines.get()
    stock_before = Variant.objects.get(pk=line.variant_id).stock
    balance_before = artisan_balance(artisan)

    opened = open_return(client_for, purchase)
    assert opened.status_code == 201, opened.json()
    request_id = opened.json()["id"]
    manager = client_for(cooperative_admin)
    accepted = manager.post(
        decide_url(request_id),
        {"action": "accept", "carrier": "Poste Maroc", "tracking_number": "RR1MA", "address": "Atelier, Safi"},
        format="json",
    )
    assert accepted.json()["status"] == ReturnStatus.ACCEPTED
    assert manager.post(decide_url(request_id), {"action": "receive"}, format="json").status_code == 200
    closed = manager.post(decide_url(request_id), {"action": "restock", "note": "intact"}, format="json")

    assert closed.status_code == 200, closed.json()
    body = closed.json()
    assert (body["status"], body["disposition"], body["loss_bearer"]) == ("refunded", "restocked", "artisan")
    assert [event["to"] for event in body["events"]] == ["requested", "accepted", "received", "restocked", "refunded"]
    assert Variant.objects.get(pk=line.variant_id).stock == stock_before + 1
    item = RefundItem.objects.get(refund_id=body["refund"]["id"])
    assert (item.order_line_id, item.quantity, item.amount_mad) == (line.pk, 1, UNIT_MAD)
    # The artisan gives back the piece less the commission, which the platform gives back.
    assert artisan_balance(artisan) == balance_before - (UNIT_MAD - COMMISSION_MAD)
    assert every_transaction_balances()


def test_a_return_written_off_refunds_it_and_leaves_the_stock_alone(client_for, purchase, superuser, artisan):
    line = purchase.parts[0].lines.get()
    stock_before = Variant.objects.get(pk=line.variant_id).stock
    request_id = open_return(client_for, purchase, quantity=2).json()["id"]
    staff = client_for(superuser)
    staff.post(decide_url(request_id), {"action": "accept", "carrier": "DHL", "address": "Fès"}, format="json")
    staff.post(decide_url(request_id), {"action": "receive"}, format="json")

    closed = staff.post(decide_url(request_id), {"action": "write_off", "note": "arrived broken"}, format="json")

    body = closed.json()
    assert (body["status"], body["disposition"], body["loss_bearer"]) == ("refunded", "written_off", "artisan")
    assert Variant.objects.get(pk=line.variant_id).stock == stock_before
    assert RefundItem.objects.get(refund_id=body["refund"]["id"]).quantity == 2
    assert every_transaction_balances()


def test_a_refusal_needs_a_reason_and_tells_the_buyer_in_their_language(
    client_for, artisan, cooperative_admin, django_capture_on_commit_callbacks
):
    purchase = delivered_purchase(artisan=artisan, language="fr")
    with django_capture_on_commit_callbacks(execute=True):
        request_id = open_return(client_for, purchase).json()["id"]
    opened_to = sorted(address for message in mail.outbox for address in message.to)
    assert opened_to == sorted([artisan.user.email, cooperative_admin.email])
    mail.outbox.clear()
    manager = client_for(cooperative_admin)

    no_reason = manager.post(decide_url(request_id), {"action": "refuse"}, format="json")
    with django_capture_on_commit_callbacks(execute=True):
        refused = manager.post(decide_url(request_id), {"action": "refuse", "reason": "Used and washed"}, format="json")

    assert no_reason.status_code == 400 and "reason" in no_reason.json()["error"]["fields"]
    body = refused.json()
    assert (body["status"], body["refusal_reason"], body["refund"]) == ("refused", "Used and washed", None)
    assert ReturnEvent.objects.filter(request_id=request_id, to_status="refused", note="Used and washed").exists()
    [message] = mail.outbox
    assert message.to == [purchase.order.buyer.email]
    assert "Used and washed" in message.body and "L'équipe Souk" in message.body  # French, the order's language


def test_a_request_after_the_window_is_a_400(client_for, artisan):
    purchase = delivered_purchase(artisan=artisan, days_ago=15)

    response = open_return(client_for, purchase)

    assert response.status_code == 400
    assert "line" in response.json()["error"]["fields"]
    assert not ReturnRequest.objects.exists()


def test_more_pieces_than_are_left_unrefunded_is_a_400_and_one_open_request_a_line(client_for, purchase):
    line_refund(purchase, purchase.parts[0], 1)  # one of the two pieces refunded already

    too_many = open_return(client_for, purchase, quantity=2)
    one = open_return(client_for, purchase, quantity=1)
    again = open_return(client_for, purchase, quantity=1)

    assert too_many.status_code == 400 and "quantity" in too_many.json()["error"]["fields"]
    assert one.status_code == 201
    assert again.status_code == 409
    assert ReturnRequest.objects.count() == 1


def test_another_buyer_gets_404s(client_for, purchase):
    request_id = open_return(client_for, purchase, kind=ReturnKind.DAMAGE, photos=[photo_upload()]).json()["id"]
    photo_id = ReturnRequest.objects.get().photos.get().pk
    stranger = client_for(UserFactory())

    assert stranger.post(open_url(purchase), {"kind": "return", "quantity": 1, "reason": "x"}).status_code == 404
    assert stranger.get(reverse("return-detail", kwargs={"pk": request_id})).status_code == 404
    assert stranger.get(reverse("return-photo", kwargs={"pk": request_id, "photo_id": photo_id})).status_code == 404
    assert stranger.get(reverse("return-list")).json()["results"] == []
    assert client_for(purchase.order.buyer).get(reverse("return-list")).json()["results"][0]["id"] == request_id


def test_cooperative_admins_see_and_decide_only_their_cooperatives_returns(
    client_for, admin_client_for, purchase, cooperative_admin, superuser
):
    other_cooperative = CooperativeFactory()
    other_purchase = delivered_purchase(artisan=ArtisanFactory(cooperative=other_cooperative))
    own_id = open_return(client_for, purchase).json()["id"]
    other_id = open_return(client_for, other_purchase).json()["id"]
    other_admin = admin_of(other_cooperative)

    listed = client_for(cooperative_admin).get(reverse("managed-return-list")).json()["results"]
    refused = client_for(other_admin).post(decide_url(own_id), {"action": "refuse", "reason": "no"}, format="json")
    changelist = admin_client_for(cooperative_admin).get(reverse("admin:returns_returnrequest_changelist"))
    other_page = admin_client_for(cooperative_admin).get(reverse("admin:returns_returnrequest_change", args=[other_id]))
    staff_list = client_for(superuser).get(reverse("managed-return-list")).json()["results"]

    assert [row["id"] for row in listed] == [own_id]
    assert refused.status_code == 404
    assert ReturnRequest.objects.get(pk=own_id).status == ReturnStatus.REQUESTED
    assert list(changelist.context["cl"].result_list.values_list("pk", flat=True)) == [own_id]
    assert other_page.status_code in (302, 403, 404)
    assert {row["id"] for row in staff_list} == {own_id, other_id}


def test_the_admin_action_refuses_with_a_reason_on_its_own_cooperatives_rows_only(
    admin_client_for, client_for, purchase, cooperative_admin
):
    other_purchase = delivered_purchase(artisan=ArtisanFactory(cooperative=CooperativeFactory()))
    own_id = open_return(client_for, purchase).json()["id"]
    other_id = open_return(client_for, other_purchase).json()["id"]

    admin_client_for(cooperative_admin).post(
        reverse("admin:returns_returnrequest_changelist"),
        {"action": "refuse", "_selected_action": [own_id, other_id], "confirm": "1", "reason": "Outside policy"},
    )

    assert ReturnRequest.objects.get(pk=own_id).status == ReturnStatus.REFUSED
    assert ReturnRequest.objects.get(pk=other_id).status == ReturnStatus.REQUESTED


def test_the_parcels_own_artisan_never_decides(client_for, purchase, artisan):
    artisan.cooperative.admins.add(artisan.user)
    request_id = open_return(client_for, purchase).json()["id"]

    response = client_for(artisan.user).post(decide_url(request_id), {"action": "refund_without_return"}, format="json")

    assert response.status_code == 403 and response.json()["error"]["code"] == "four_eyes"
    assert not RefundItem.objects.exists()


def test_refund_without_return_above_the_threshold_is_refused(client_for, purchase, cooperative_admin):
    request_id = open_return(client_for, purchase, quantity=2).json()["id"]  # 900 MAD > 500

    response = client_for(cooperative_admin).post(
        decide_url(request_id), {"action": "refund_without_return"}, format="json"
    )

    assert response.status_code == 400
    assert ReturnRequest.objects.get(pk=request_id).status == ReturnStatus.REQUESTED
    assert not LedgerTransaction.objects.filter(kind="refund").exists()


def test_a_change_of_mind_refunded_without_return_is_borne_by_the_artisan(
    client_for, purchase, cooperative_admin, artisan
):
    balance_before = artisan_balance(artisan)
    request_id = open_return(client_for, purchase).json()["id"]

    body = (
        client_for(cooperative_admin)
        .post(decide_url(request_id), {"action": "refund_without_return"}, format="json")
        .json()
    )

    assert (body["status"], body["loss_bearer"]) == ("refunded_without_return", LossBearer.ARTISAN)
    assert artisan_balance(artisan) == balance_before - (UNIT_MAD - COMMISSION_MAD)
    assert every_transaction_balances()


# --- photos -------------------------------------------------------------------------------------------


def test_claim_photos_are_stored_privately_without_their_metadata(client_for, purchase, cooperative_admin):
    response = open_return(
        client_for, purchase, kind=ReturnKind.DAMAGE, reason="Cracked lid", photos=[photo_upload(), photo_upload()]
    )

    assert response.status_code == 201, response.json()
    request = ReturnRequest.objects.get()
    photos = list(request.photos.all())
    assert len(photos) == 2 and all((photo.width, photo.height) == (640, 480) for photo in photos)
    assert photos[0].image.name.startswith(f"returns/{request.pk}/")
    stored = Image.open(io.BytesIO(photos[0].image.read()))
    assert stored.format == "JPEG" and GPS_TAG not in stored.getexif() and not stored.getexif()
    url = response.json()["photos"][0]["url"]
    assert client_for(cooperative_admin).get(url).status_code == 200
    with pytest.raises(ValueError):
        photos[0].image.url  # the private storage hands out no URL  # noqa: B018


def test_a_damage_claim_needs_photos_and_at_most_the_limit_of_real_images(client_for, purchase):
    none = open_return(client_for, purchase, kind=ReturnKind.DAMAGE)
    too_many = open_return(client_for, purchase, kind=ReturnKind.DAMAGE, photos=[photo_upload() for _ in range(4)])
    fake = open_return(
        client_for,
        purchase,
        kind=ReturnKind.DAMAGE,
        photos=[photo_upload(), io.BytesIO(b"%PDF-1.4 not an image")],
    )

    for response in (none, too_many, fake):
        assert response.status_code == 400, response.json()
        assert "photos" in response.json()["error"]["fields"]
    assert not ReturnRequest.objects.exists()


def test_a_service_refuses_an_illegal_step(purchase, cooperative_admin):
    line = purchase.parts[0].lines.get()
    request = services.return_open(
        buyer=purchase.order.buyer, order_line=line, kind=ReturnKind.RETURN, quantity=1, reason="too small"
    )

    with pytest.raises(services.IllegalTransition):
        services.return_receive(request=request, actor=cooperative_admin)

    assert ReturnRequest.objects.get(pk=request.pk).status == ReturnStatus.REQUESTED


def test_the_opening_mail_reaches_each_manager_in_their_own_language(
    client_for, purchase, artisan, cooperative_admin, django_capture_on_commit_callbacks
):
    cooperative_admin.preferred_language = "ar"
    cooperative_admin.save(update_fields=["preferred_language"])

    with django_capture_on_commit_callbacks(execute=True):
        open_return(client_for, purchase, kind=ReturnKind.DAMAGE, photos=[photo_upload()])

    by_reader = {message.to[0]: message.body for message in mail.outbox}
    assert "فريق سوق" in by_reader[cooperative_admin.email]  # "The Souk team", in Arabic
    assert "The Souk team" in by_reader[artisan.user.email]


def test_an_accepted_return_tells_the_buyer_where_to_send_it_and_the_artisan_that_it_comes_back(
    client_for, purchase, artisan, cooperative_admin, django_capture_on_commit_callbacks
):
    artisan.user.preferred_language = "fr"
    artisan.user.save(update_fields=["preferred_language"])
    request_id = open_return(client_for, purchase).json()["id"]

    with django_capture_on_commit_callbacks(execute=True):
        client_for(cooperative_admin).post(
            decide_url(request_id),
            {"action": "accept", "carrier": "Amana", "tracking_number": "AM42", "address": "Derb Sidi, Safi"},
            format="json",
        )

    by_reader = {message.to[0]: message.body for message in mail.outbox}
    assert set(by_reader) == {purchase.order.buyer.email, artisan.user.email}
    assert all("Derb Sidi, Safi" in body and "AM42" in body for body in by_reader.values())
    assert "L'équipe Souk" in by_reader[artisan.user.email]


def test_the_lists_take_a_bounded_number_of_queries(
    client_for, artisan, cooperative_admin, django_assert_max_num_queries
):
    buyer = UserFactory()
    for _ in range(3):
        purchase = delivered_purchase(artisan=artisan, buyer=buyer)
        open_return(client_for, purchase, kind=ReturnKind.DAMAGE, photos=[photo_upload()])

    with django_assert_max_num_queries(8):
        mine = client_for(buyer).get(reverse("return-list"))
    with django_assert_max_num_queries(10):
        managed = client_for(cooperative_admin).get(reverse("managed-return-list"))

    assert len(mine.json()["results"]) == len(managed.json()["results"]) == 3
    assert all(len(row["photos"]) == 1 and row["events"] for row in managed.json()["results"])


def test_the_admin_change_page_shows_the_photos_and_the_history(
    admin_client_for, client_for, purchase, cooperative_admin
):
    request_id = open_return(client_for, purchase, kind=ReturnKind.DAMAGE, photos=[photo_upload()]).json()["id"]
    photo_id = ReturnRequest.objects.get().photos.get().pk

    page = admin_client_for(cooperative_admin).get(reverse("admin:returns_returnrequest_change", args=[request_id]))

    assert page.status_code == 200
    assert reverse("return-photo", kwargs={"pk": request_id, "photo_id": photo_id}) in page.content.decode()
    assert (
        admin_client_for(cooperative_admin)
        .get(reverse("return-photo", kwargs={"pk": request_id, "photo_id": photo_id}))
        .status_code
        == 200
    )


@pytest.mark.parametrize(
    ("kind", "insured", "bearer"),
    [
        (ReturnKind.DAMAGE, True, LossBearer.INSURER),
        (ReturnKind.DAMAGE, False, LossBearer.PLATFORM),
        (ReturnKind.RETURN, True, LossBearer.ARTISAN),
        (ReturnKind.RETURN, False, LossBearer.ARTISAN),
    ],
)
def test_the_loss_bearer_rule(kind, insured, bearer):
    from returns.rules import loss_bearer_for

    assert loss_bearer_for(kind=kind, insured=insured) == bearer


# --- Idempotency-Key on decisions ----------------------------------------------------------------------


def decide(client, request_id, body, key):
    return client.post(decide_url(request_id), body, format="json", HTTP_IDEMPOTENCY_KEY=key)


def test_a_decision_retried_with_its_key_answers_the_same_and_refunds_once(
    client_for, purchase, cooperative_admin, artisan
):
    balance_before = artisan_balance(artisan)
    request_id = open_return(client_for, purchase).json()["id"]
    manager = client_for(cooperative_admin)
    body = {"action": "refund_without_return", "note": "small piece"}

    first = decide(manager, request_id, body, "decide-key-1")
    again = decide(manager, request_id, body, "decide-key-1")

    assert (again.status_code, again.json(), again["Idempotent-Replayed"], RefundItem.objects.count(),
            artisan_balance(artisan)) == (
        200, first.json(), "true", 1, balance_before - (UNIT_MAD - COMMISSION_MAD),
    )  # fmt: skip


def test_a_restock_retried_with_its_key_puts_the_piece_back_once(client_for, purchase, cooperative_admin):
    line = purchase.parts[0].lines.get()
    stock_before = Variant.objects.get(pk=line.variant_id).stock
    request_id = open_return(client_for, purchase).json()["id"]
    manager = client_for(cooperative_admin)
    decide(manager, request_id, {"action": "accept", "carrier": "Amana", "address": "Safi"}, "decide-key-2")
    decide(manager, request_id, {"action": "receive"}, "decide-key-3")

    first = decide(manager, request_id, {"action": "restock"}, "decide-key-4")
    again = decide(manager, request_id, {"action": "restock"}, "decide-key-4")

    assert (first.status_code, again.status_code, Variant.objects.get(pk=line.variant_id).stock,
            RefundItem.objects.count()) == (200, 200, stock_before + 1, 1)  # fmt: skip


def test_a_decision_key_reused_for_another_body_is_a_409(client_for, purchase, cooperative_admin):
    request_id = open_return(client_for, purchase).json()["id"]
    manager = client_for(cooperative_admin)
    decide(manager, request_id, {"action": "refund_without_return"}, "decide-key-5")

    response = decide(manager, request_id, {"action": "refuse", "reason": "no"}, "decide-key-5")

    assert (response.status_code, response.json()["error"]["code"], RefundItem.objects.count()) == (
        409, "idempotency_key_reused", 1,
    )  # fmt: skip
