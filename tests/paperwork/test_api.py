"""Who may list and download which documents, the public verification, and
bad input answered with the API's error shape."""

from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from marketplace.money import format_money
from orders.paperwork import services
from orders.paperwork.models import DocumentKind, ExportDocument
from tests.factories import ArtisanFactory, CooperativeFactory, UserFactory
from tests.paperwork.builders import exporter, paperwork_order

pytestmark = pytest.mark.django_db

KINDS = [kind.value for kind in DocumentKind]


@pytest.fixture
def world():
    """A generated set of documents and everyone who might ask for them."""
    cooperative_admin = UserFactory(is_staff=True)
    artisan = exporter(admins=[cooperative_admin])
    buyer = UserFactory()
    artisan_order = paperwork_order(artisan=artisan, buyer=buyer)
    documents = {doc.kind: doc for doc in services.export_documents_generate(artisan_order_id=artisan_order.pk)}
    other_admin = UserFactory(is_staff=True)
    CooperativeFactory(admins=[other_admin])
    people = {
        "artisan": artisan.user,
        "other_artisan": ArtisanFactory().user,
        "cooperative_admin": cooperative_admin,
        "other_cooperative_admin": other_admin,
        "staff": UserFactory(is_staff=True, is_superuser=True),
        "buyer": buyer,
        "other_buyer": UserFactory(),
        "anonymous": None,
    }
    return artisan_order, documents, people


def client_of(user) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


ALLOWED = {
    "artisan": set(KINDS),
    "cooperative_admin": set(KINDS),
    "staff": set(KINDS),
    "buyer": {DocumentKind.COMMERCIAL_INVOICE.value},
    "other_artisan": set(),
    "other_cooperative_admin": set(),
    "other_buyer": set(),
    "anonymous": set(),
}


@pytest.mark.parametrize("who", list(ALLOWED))
def test_download_matrix(world, who):
    """Each person against each kind (one generated set per person: rendering is the slow part)."""
    artisan_order, documents, people = world
    client = client_of(people[who])

    for kind in KINDS:
        document = documents[kind]
        response = client.get(f"/api/v1/artisan-orders/{artisan_order.pk}/documents/{document.pk}/download/")

        if kind in ALLOWED[who]:
            assert response.status_code == 200, kind
            assert response["Content-Type"] == "application/pdf"
            assert "attachment" in response["Content-Disposition"]
            assert b"".join(response.streaming_content).startswith(b"%PDF-")
            assert response["ETag"] == f'"{document.sha256}"'
        else:
            assert response.status_code == 404, kind
            assert response.json()["error"]["code"] == "not_found"


@pytest.mark.parametrize("who", list(ALLOWED))
def test_list_matrix(world, who):
    artisan_order, _documents, people = world

    response = client_of(people[who]).get(f"/api/v1/artisan-orders/{artisan_order.pk}/documents/")

    if ALLOWED[who]:
        assert response.status_code == 200
        results = response.json()["results"]
        assert {row["kind"] for row in results} == ALLOWED[who]
        assert all(row["download_url"].startswith("http://testserver/api/v1/artisan-orders/") for row in results)
        assert all(row["is_current"] and row["status"] == "ready" for row in results)
    else:
        assert response.status_code == 404
        assert set(response.json()["error"]) == {"code", "message", "fields", "request_id"}


def test_the_list_takes_a_fixed_number_of_queries(world, django_assert_max_num_queries):
    artisan_order, _documents, people = world
    artisan_order.order.shipping_line1 = "1 place Bellecour"
    artisan_order.order.save()
    services.export_documents_generate(artisan_order_id=artisan_order.pk)  # version 2 of each: 8 rows
    client = client_of(people["cooperative_admin"])

    # access (one query), count, page, plus the savepoint and release of ATOMIC_REQUESTS
    with django_assert_max_num_queries(5):
        response = client.get(f"/api/v1/artisan-orders/{artisan_order.pk}/documents/")

    rows = response.json()["results"]
    assert len(rows) == 8
    assert sorted((row["kind"], row["version"], row["is_current"]) for row in rows) == sorted(
        [(kind, 2, True) for kind in KINDS] + [(kind, 1, False) for kind in KINDS]
    )


def test_the_list_filters_by_kind(world):
    artisan_order, _documents, people = world

    response = client_of(people["artisan"]).get(
        f"/api/v1/artisan-orders/{artisan_order.pk}/documents/", {"kind": "packing_list"}
    )

    assert [row["kind"] for row in response.json()["results"]] == ["packing_list"]


@pytest.mark.parametrize(
    ("path", "status", "code"),
    [
        ("/api/v1/artisan-orders/{id}/documents/?kind=passport", 400, "invalid"),
        ("/api/v1/artisan-orders/abc/documents/", 404, "not_found"),
        ("/api/v1/artisan-orders/99999999/documents/", 404, "not_found"),
        ("/api/v1/artisan-orders/{id}/documents/99999999/download/", 404, "not_found"),
        ("/api/v1/artisan-orders/{id}/documents/x/download/", 404, "not_found"),
        ("/api/v1/artisan-orders/{id}/documents/99999999999999999999999/download/", 404, "not_found"),
        ("/api/v1/artisan-orders/99999999999999999999999/documents/", 404, "not_found"),
        ("/api/v1/documents/verify/not-a-token/", 404, "not_found"),
        ("/api/v1/documents/verify/%00%ff/", 404, "not_found"),
    ],
)
def test_bad_input_is_a_4xx_in_the_error_shape(world, path, status, code):
    artisan_order, _documents, people = world

    response = client_of(people["artisan"]).get(path.format(id=artisan_order.pk))

    assert response.status_code == status
    assert response.json()["error"]["code"] == code


def test_a_document_of_another_order_is_not_downloadable_through_this_one(world):
    artisan_order, _documents, people = world
    other = paperwork_order(artisan=artisan_order.artisan)
    foreign = services.export_documents_generate(artisan_order_id=other.pk)[0]

    response = client_of(people["artisan"]).get(
        f"/api/v1/artisan-orders/{artisan_order.pk}/documents/{foreign.pk}/download/"
    )

    assert response.status_code == 404


def test_verification_confirms_number_date_totals_and_checksum_only(world):
    _artisan_order, documents, _people = world
    invoice = documents[DocumentKind.COMMERCIAL_INVOICE]

    response = APIClient().get(f"/api/v1/documents/verify/{invoice.verification_token}/")

    assert response.status_code == 200
    assert response.json() == {
        "valid": True,
        "number": invoice.number,
        "date": invoice.data["issue_date"],
        "total": {
            "amount": invoice.data["totals"]["total"],
            "currency": "EUR",
            "mad": invoice.data["totals"]["total_mad"],
            "formatted": format_money(Decimal(invoice.data["totals"]["total"]), "EUR"),
        },
        "sha256": invoice.sha256,
    }


def test_the_invoice_prints_its_verification_url(world, read_document):
    _artisan_order, documents, _people = world
    invoice = documents[DocumentKind.COMMERCIAL_INVOICE]

    assert f"/api/v1/documents/verify/{invoice.verification_token}/" in read_document(invoice)
    assert len(invoice.verification_token) >= 32
    assert ExportDocument.objects.filter(verification_token=invoice.verification_token).count() == 1
