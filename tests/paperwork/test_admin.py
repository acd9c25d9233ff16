"""Cooperative admins print the documents of their ready-to-ship orders as one PDF."""

import io
import re

import pytest
from pypdf import PdfReader

from orders.models import ArtisanOrderStatus
from orders.paperwork import services
from tests.factories import UserFactory
from tests.paperwork.builders import exporter, paperwork_order
from tests.paperwork.conftest import plain

pytestmark = pytest.mark.django_db

ARTISAN_ORDERS = "/admin/orders/artisanorder/"


def print_documents(browser, artisan_orders):
    return browser.post(
        ARTISAN_ORDERS,
        {"action": "print_export_documents", "_selected_action": [part.pk for part in artisan_orders]},
    )


def test_the_selected_ready_orders_print_as_one_pdf_with_every_document(client):
    admin = UserFactory(is_staff=True)
    artisan = exporter(admins=[admin])
    ready = [paperwork_order(artisan=artisan), paperwork_order(artisan=artisan)]
    for artisan_order in ready:
        services.export_documents_generate(artisan_order_id=artisan_order.pk)
    not_ready = paperwork_order(artisan=artisan, status=ArtisanOrderStatus.TO_PREPARE)
    client.force_login(admin)

    response = print_documents(client, [*ready, not_ready])

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) == 8  # four one-page documents for each ready order
    text = plain(" ".join(page.extract_text() for page in reader.pages))
    for artisan_order in ready:
        assert f"INV-{artisan_order.order.number}-1" in text
        assert f"PL-{artisan_order.order.number}-1" in text
    assert not_ready.order.number not in text


def test_another_cooperatives_orders_are_not_printed(client):
    admin = UserFactory(is_staff=True)
    exporter(admins=[admin])
    theirs = paperwork_order()
    services.export_documents_generate(artisan_order_id=theirs.pk)
    client.force_login(admin)

    response = print_documents(client, [theirs])

    assert response["Content-Type"] != "application/pdf"
    assert response.status_code in (200, 302)


def test_the_artisan_order_page_lists_its_documents(client):
    admin = UserFactory(is_staff=True)
    artisan_order = paperwork_order(artisan=exporter(admins=[admin]))
    services.export_documents_generate(artisan_order_id=artisan_order.pk)
    client.force_login(admin)

    page = client.get(f"{ARTISAN_ORDERS}{artisan_order.pk}/change/")

    html = page.content.decode()
    assert page.status_code == 200
    assert "Export documents" in html
    # Each document links to the permission-checked download, which lets this admin in;
    # never to the file itself (it has no URL).
    links = re.findall(rf'href="(/api/v1/artisan-orders/{artisan_order.pk}/documents/\d+/download/)"', html)
    assert len(links) == 4
    assert "/media/" not in html
    download = client.get(links[0])
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
