"""Without object storage (`make run`, most tests): export documents live in
PRIVATE_MEDIA_ROOT, a folder outside MEDIA_ROOT that no URL serves; the
permission-checked download streams them. Photos stay under /media/."""

import hashlib
from pathlib import Path

import pytest
from django.conf import settings
from django.http import Http404
from django.test import RequestFactory
from django.views.static import serve
from rest_framework.test import APIClient

from orders.paperwork import services
from orders.paperwork.models import DocumentKind
from tests.factories import UserFactory
from tests.paperwork.builders import exporter, paperwork_order

pytestmark = pytest.mark.django_db


def media_url_get(name: str):
    """What `make run` answers at /media/<name> (config/urls.py: static() with
    MEDIA_ROOT in DEBUG), or Http404."""
    request = RequestFactory().get(f"/{settings.MEDIA_URL}{name}")
    return serve(request, name, document_root=settings.MEDIA_ROOT)


@pytest.fixture
def invoice():
    artisan_order = paperwork_order(artisan=exporter())
    documents = services.export_documents_generate(artisan_order_id=artisan_order.pk)
    return next(document for document in documents if document.kind == DocumentKind.COMMERCIAL_INVOICE)


def test_a_document_is_stored_outside_the_media_folder(invoice):
    stored = Path(settings.PRIVATE_MEDIA_ROOT) / invoice.file.name

    assert stored.is_file()
    assert hashlib.sha256(stored.read_bytes()).hexdigest() == invoice.sha256
    assert not Path(settings.PRIVATE_MEDIA_ROOT).resolve().is_relative_to(Path(settings.MEDIA_ROOT).resolve())
    media = Path(settings.MEDIA_ROOT)
    assert not media.exists() or not any(path.suffix == ".pdf" for path in media.rglob("*"))


def test_media_url_plus_the_documents_name_is_a_404(invoice):
    # The same view serves a public file at /media/ (the control), but not the document.
    (Path(settings.MEDIA_ROOT) / "products").mkdir(parents=True)
    (Path(settings.MEDIA_ROOT) / "products" / "photo.png").write_bytes(b"not a secret")
    assert media_url_get("products/photo.png").status_code == 200

    with pytest.raises(Http404):
        media_url_get(invoice.file.name)


def test_a_document_has_no_url_to_print(invoice):
    with pytest.raises(ValueError, match="no URL"):
        _ = invoice.file.url


def test_the_checked_download_streams_the_pdf_to_the_artisan_only(invoice):
    artisan = APIClient()
    artisan.force_authenticate(invoice.artisan_order.artisan.user)
    stranger = APIClient()
    stranger.force_authenticate(UserFactory())
    path = f"/api/v1/artisan-orders/{invoice.artisan_order_id}/documents/{invoice.pk}/download/"

    response = artisan.get(path)

    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    assert hashlib.sha256(b"".join(response.streaming_content)).hexdigest() == invoice.sha256
    assert stranger.get(path).status_code == 404
    assert APIClient().get(path).status_code == 404
