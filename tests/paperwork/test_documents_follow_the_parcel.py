"""Documents follow the parcel (issue 14): a Safi potter's parcel for France
with 2 tagines, one refunded before shipping. The order is placed through
the checkout API and paid through the Stripe emulator; the refund goes
through payments; the documents are real PDFs made by the tasks, run in
process on commit (Celery eager, as in the other paperwork tests)."""

import re

import pytest
from django.core import mail
from rest_framework.test import APIClient

from orders.models import ArtisanOrderStatus, Order, OrderLine
from orders.paperwork import data as paperwork_data
from orders.paperwork import services
from orders.paperwork.models import DocumentKind, DocumentStatus, ExportDocument
from payments import refunds
from payments.models import Payment, RefundStatus
from tests.factories import ProductFactory
from tests.paperwork.builders import exporter
from tests.payments.conftest import ADDRESS, card_paid, local_stripe  # noqa: F401  (fixture)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("local_stripe")]

TAGINE = "Serving tagine, Safi blue glaze"
TAGINE_GRAMS = 1900
SKU = "SAFI-TAG-0001"


def safi_parcel_paid(stripe_server, capture):
    """Two tagines from a Safi cooperative's potter, bought by a guest in
    France in euros and paid; returns (artisan order, buyer's API client)."""
    potter = exporter()
    product = ProductFactory(
        artisan=potter, title=TAGINE, weight_grams=TAGINE_GRAMS, hs_code="6912.00",
        variants=[{"sku": SKU, "price_mad": "240.00", "stock": 5}],
    )  # fmt: skip
    client = APIClient()
    answer = client.post("/api/v1/cart/lines/", {"variant": product.variants.get().pk, "quantity": 2}, format="json")
    token = answer.json()["token"]
    body = {"email": "claire@example.fr", "shipping_address": ADDRESS, "currency": "EUR", "incoterm": "DAP"}
    response = client.post(
        "/api/v1/checkout/", body, format="json", HTTP_X_CART_TOKEN=token, HTTP_IDEMPOTENCY_KEY="safi-tagines-1"
    )
    assert response.status_code == 201, response.content
    order = Order.objects.get(number=response.json()["order"]["number"])
    with capture(execute=True):
        card_paid(stripe_server, client, Payment.objects.get(order=order))
    return order.artisan_orders.select_related("artisan__user", "order").get(), client


def mark_ready(client, artisan_order, capture):
    with capture(execute=True):
        response = client.post(
            f"/api/v1/my/orders/{artisan_order.pk}/advance/",
            {"to_status": "ready_to_ship", "parcel_weight_grams": 4100, "parcel_length_cm": "40",
             "parcel_width_cm": "30", "parcel_height_cm": "30"},
            format="json",
        )  # fmt: skip
    assert response.status_code == 200, response.content


def ship(client, artisan_order):
    return client.post(
        f"/api/v1/my/orders/{artisan_order.pk}/advance/",
        {"to_status": "shipped", "tracking_number": "RR123456789MA"},
        format="json",
    )


def documents(artisan_order, version):
    rows = ExportDocument.objects.filter(artisan_order=artisan_order, version=version).order_by("kind")
    return {document.kind: document for document in rows}


def packed_quantity(text: str) -> int:
    """The quantity printed on the packing list's line of the tagines (after SKU and HS code)."""
    found = re.search(rf"{SKU} 6912\.00 (\d+) ", text)
    assert found, text
    return int(found.group(1))


def refund_one_tagine(artisan_order):
    line = artisan_order.lines.get()
    return refunds.refund_request(
        artisan_order=artisan_order, actor=artisan_order.artisan.user, lines=[refunds.LineRefund(line.pk, 1)],
        reason="one cracked in the kiln",
    )  # fmt: skip


def test_a_piece_refunded_before_shipping_makes_version_two_and_the_parcel_waits_for_it(
    local_stripe_server, django_capture_on_commit_callbacks, client_for, read_document
):
    capture = django_capture_on_commit_callbacks
    artisan_order, _buyer = safi_parcel_paid(local_stripe_server, capture)
    artisan = client_for(artisan_order.artisan.user)
    mark_ready(artisan, artisan_order, capture)
    first = documents(artisan_order, 1)
    assert [doc.status for doc in first.values()] == [DocumentStatus.READY] * 4
    line = artisan_order.lines.get()
    assert first[DocumentKind.PACKING_LIST].data["parcel"]["net_weight_grams"] == 2 * TAGINE_GRAMS
    assert packed_quantity(read_document(first[DocumentKind.PACKING_LIST])) == 2

    # One tagine is refunded; its refund and the new documents wait for the commit.
    with capture(execute=False) as refund_effects:
        refund = refund_one_tagine(artisan_order)
    line.refresh_from_db()
    assert (line.quantity, line.quantity_refunded, line.amount_refunded) == (2, 1, line.unit_price)

    # The documents still say two pieces: the parcel may not leave with them.
    with capture(execute=False) as refused_effects:
        refused = ship(artisan, artisan_order)
    assert refused.status_code == 409, refused.content
    error = refused.json()["error"]
    assert error["code"] == "documents_outdated"
    assert "new versions are being made" in error["message"]
    artisan_order.refresh_from_db()
    assert artisan_order.status == ArtisanOrderStatus.READY_TO_SHIP
    assert len(refused_effects) == 1  # the regeneration asked again, after the refused step

    for callback in refund_effects:  # the refund goes to the emulator; the documents are made again
        callback()

    refund.refresh_from_db()
    assert refund.status == RefundStatus.SUCCEEDED
    second = documents(artisan_order, 2)
    assert sorted(second) == sorted(kind.value for kind in DocumentKind)
    assert all(doc.status == DocumentStatus.READY and not doc.is_superseded for doc in second.values())
    invoice = second[DocumentKind.COMMERCIAL_INVOICE].data
    assert [(row["quantity"], row["total"]) for row in invoice["lines"]] == [(1, str(line.unit_price))]
    assert invoice["totals"]["goods"] == str(artisan_order.subtotal - line.unit_price)
    assert invoice["parcel"]["net_weight_grams"] == TAGINE_GRAMS
    assert packed_quantity(read_document(second[DocumentKind.PACKING_LIST])) == 1
    for kind, old in documents(artisan_order, 1).items():
        assert old.is_superseded and old.superseded_by_id == second[kind].pk
        assert old.status == DocumentStatus.READY  # kept, as handed out

    # A parcel declared lighter than its one remaining tagine is refused, naming the field.
    too_light = artisan.post(
        f"/api/v1/my/orders/{artisan_order.pk}/parcel/", {"parcel_weight_grams": 1500}, format="json"
    )
    assert too_light.status_code == 400, too_light.content
    assert "parcel_weight_grams" in too_light.json()["error"]["fields"]

    with capture(execute=True):
        shipped = ship(artisan, artisan_order)
    assert shipped.status_code == 200, shipped.content
    assert shipped.json()["status"] == "shipped"
    assert ExportDocument.objects.filter(artisan_order=artisan_order).count() == 8  # no third version


def test_the_shipped_email_and_the_buyers_order_show_the_refund(
    local_stripe_server, django_capture_on_commit_callbacks, client_for
):
    capture = django_capture_on_commit_callbacks
    artisan_order, buyer = safi_parcel_paid(local_stripe_server, capture)
    artisan = client_for(artisan_order.artisan.user)
    mark_ready(artisan, artisan_order, capture)
    with capture(execute=True):
        refund_one_tagine(artisan_order)
    mail.outbox.clear()

    with capture(execute=True):
        assert ship(artisan, artisan_order).status_code == 200

    line = OrderLine.objects.get(artisan_order=artisan_order)
    (shipped_email,) = [message for message in mail.outbox if message.to == ["claire@example.fr"]]
    assert f"- 1 × {TAGINE}" in shipped_email.body
    assert f"- 2 × {TAGINE}" not in shipped_email.body
    assert "Refunded, not in this parcel:" in shipped_email.body
    assert re.search(rf"- 1 × {re.escape(TAGINE)}: €?\s?{line.unit_price}", shipped_email.body.replace("\xa0", " "))

    order = artisan_order.order
    shown = buyer.get(f"/api/v1/orders/{order.number}/", {"token": order.access_token})
    assert shown.status_code == 200
    (parcel,) = shown.json()["parcels"]
    (row,) = parcel["lines"]
    assert (row["quantity"], row["quantity_refunded"], row["quantity_live"], row["amount_refunded"]["amount"]) == (
        2, 1, 1, str(line.unit_price),
    )  # fmt: skip


def test_a_failed_refund_gives_the_piece_back_and_version_one_stands_again(
    local_stripe_server, django_capture_on_commit_callbacks, client_for
):
    capture = django_capture_on_commit_callbacks
    artisan_order, _buyer = safi_parcel_paid(local_stripe_server, capture)
    mark_ready(client_for(artisan_order.artisan.user), artisan_order, capture)
    with capture(execute=False):  # not sent to the provider: it will be refused
        refund = refund_one_tagine(artisan_order)
    services.export_documents_generate(artisan_order_id=artisan_order.pk)  # version 2, one tagine
    assert all(doc.is_superseded for doc in documents(artisan_order, 1).values())

    with capture(execute=True):
        refunds.refund_settle(refund_id=refund.pk, status=RefundStatus.FAILED, failure_message="card closed")

    line = artisan_order.lines.get()
    assert (line.quantity_refunded, line.amount_refunded) == (0, 0)
    first, second = documents(artisan_order, 1), documents(artisan_order, 2)
    assert all(not doc.is_superseded for doc in first.values())
    assert all(doc.superseded_by_id == first[kind].pk for kind, doc in second.items())
    current = paperwork_data.artisan_order_for_paperwork(artisan_order.pk)
    assert services.export_documents_outdated_kinds(current) == []
