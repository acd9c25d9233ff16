"""Media on a real S3-compatible server: photos in the public bucket behind
plain long-cached URLs; export documents in the private bucket, out of reach
of any unsigned URL, handed out by the permission-checked download as signed
URLs that stop working when they expire."""

import hashlib
import io
import json
import re
import time
from urllib.parse import parse_qs, urlsplit

import pytest
from botocore.exceptions import ClientError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from PIL import Image
from rest_framework.test import APIClient

from catalog.models import ProductPhoto
from config.storages import PRIVATE_CACHE_CONTROL, PUBLIC_CACHE_CONTROL
from orders.paperwork import services
from orders.paperwork.models import DocumentKind
from tests.factories import ProductFactory, UserFactory
from tests.paperwork.builders import exporter, paperwork_order
from tests.storage.conftest import anonymous_get

pytestmark = pytest.mark.django_db


def png_upload(size=(900, 600)) -> io.BytesIO:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 120, 40)).save(buffer, format="PNG")
    buffer.seek(0)
    buffer.name = "tagine.png"
    return buffer


def client_as(user) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def download_path(document) -> str:
    return f"/api/v1/artisan-orders/{document.artisan_order_id}/documents/{document.pk}/download/"


@pytest.fixture
def documents(s3_buckets):
    """A ready-to-ship order's documents, generated into the private bucket."""
    admin = UserFactory(is_staff=True)
    artisan_order = paperwork_order(artisan=exporter(admins=[admin]), buyer=UserFactory())
    generated = services.export_documents_generate(artisan_order_id=artisan_order.pk)
    return {document.kind: document for document in generated}, admin


def test_the_buckets_are_set_up_once_and_again_without_change(s3_buckets):
    out = io.StringIO()

    call_command("storage_buckets", stdout=out)  # the fixture ran it once already

    assert "created" not in out.getvalue()
    policy = json.loads(s3_buckets.client.get_bucket_policy(Bucket=s3_buckets.public)["Policy"])
    assert policy["Statement"][0]["Action"] == "s3:GetObject"
    assert policy["Statement"][0]["Principal"] == "*"
    with pytest.raises(ClientError):
        s3_buckets.client.get_bucket_policy(Bucket=s3_buckets.private)


# --- public: product photos -------------------------------------------------------------


def test_a_photo_uploaded_through_the_api_is_public_with_plain_long_cached_urls(
    s3_buckets, django_capture_on_commit_callbacks
):
    product = ProductFactory()

    with django_capture_on_commit_callbacks(execute=True):  # the renditions task
        response = client_as(product.artisan.user).post(
            f"/api/v1/my/products/{product.pk}/photos/", {"image": png_upload()}, format="multipart"
        )

    assert response.status_code == 201, response.content
    photo = ProductPhoto.objects.get()
    stored = s3_buckets.keys(s3_buckets.public)
    assert photo.original.name in stored
    assert len(stored) == 1 + 6  # the original, 3 sizes x (WebP, JPEG)
    assert s3_buckets.keys(s3_buckets.private) == []
    listed = client_as(product.artisan.user).get(f"/api/v1/my/products/{product.pk}/photos/").json()[0]
    urls = [listed["original"], *listed["renditions"]["webp"].values(), *listed["renditions"]["jpeg"].values()]
    assert len(urls) == 7
    for url in urls:
        assert url.startswith(f"{s3_buckets.endpoint}/{s3_buckets.public}/products/{product.pk}/")
        assert "?" not in url and "Signature" not in url
        status, headers, body = anonymous_get(url)
        assert status == 200
        assert headers["Cache-Control"] == PUBLIC_CACHE_CONTROL
        assert Image.open(io.BytesIO(body)).size[0] > 0
    head = s3_buckets.client.head_object(Bucket=s3_buckets.public, Key=photo.original.name)
    assert head["CacheControl"] == PUBLIC_CACHE_CONTROL


def test_the_public_catalog_shows_the_photo_at_its_bucket_url(s3_buckets, django_capture_on_commit_callbacks):
    product = ProductFactory()
    with django_capture_on_commit_callbacks(execute=True):
        client_as(product.artisan.user).post(
            f"/api/v1/my/products/{product.pk}/photos/", {"image": png_upload()}, format="multipart"
        )

    detail = APIClient().get(f"/api/v1/products/{product.slug}/").json()

    photo_urls = re.findall(rf"{re.escape(s3_buckets.endpoint)}/[^\"' ,]+", str(detail))
    assert photo_urls, detail
    assert all(url.startswith(f"{s3_buckets.endpoint}/{s3_buckets.public}/") for url in photo_urls)
    assert anonymous_get(photo_urls[0])[0] == 200


# --- private: export documents ---------------------------------------------------------


def test_export_documents_are_written_to_the_private_bucket_only(documents, s3_buckets):
    by_kind, _admin = documents

    private_keys = s3_buckets.keys(s3_buckets.private)
    assert sorted(document.file.name for document in by_kind.values()) == private_keys
    assert all(key.startswith("paperwork/") for key in private_keys)
    assert s3_buckets.keys(s3_buckets.public) == []
    head = s3_buckets.client.head_object(Bucket=s3_buckets.private, Key=private_keys[0])
    assert head["CacheControl"] == PRIVATE_CACHE_CONTROL
    acl = s3_buckets.client.get_object_acl(Bucket=s3_buckets.private, Key=private_keys[0])
    assert not [grant for grant in acl["Grants"] if "AllUsers" in str(grant["Grantee"])]


def test_an_unsigned_url_of_a_document_is_refused_by_the_object_store(documents, s3_buckets):
    document = documents[0][DocumentKind.COMMERCIAL_INVOICE]

    # The object's own path, as it would be guessed or leaked, in either bucket.
    status, _headers, body = anonymous_get(f"{s3_buckets.endpoint}/{s3_buckets.private}/{document.file.name}")
    assert status == 403
    assert b"%PDF" not in body
    assert anonymous_get(f"{s3_buckets.endpoint}/{s3_buckets.public}/{document.file.name}")[0] in (403, 404)


def test_the_artisan_is_redirected_to_a_signed_url_that_serves_the_pdf(documents, s3_buckets):
    document = documents[0][DocumentKind.COMMERCIAL_INVOICE]

    response = client_as(document.artisan_order.artisan.user).get(download_path(document))

    assert response.status_code == 302
    assert response["Cache-Control"] == "private, no-store"
    signed = response["Location"]
    query = parse_qs(urlsplit(signed).query)
    assert signed.startswith(f"{s3_buckets.endpoint}/{s3_buckets.private}/{document.file.name}?")
    assert query["X-Amz-Expires"] == ["300"]
    status, headers, body = anonymous_get(signed)
    assert status == 200
    assert hashlib.sha256(body).hexdigest() == document.sha256
    assert headers["Content-Type"] == "application/pdf"
    assert headers["Content-Disposition"] == f'attachment; filename="{document.number}-v1.pdf"'


@pytest.mark.parametrize("who", ["anonymous", "another artisan's user", "the buyer, for the packing list"])
def test_whoever_may_not_read_a_document_gets_a_404_and_no_url(documents, s3_buckets, who):
    by_kind, _admin = documents
    document = by_kind[DocumentKind.PACKING_LIST]
    user = {
        "anonymous": None,
        "another artisan's user": exporter().user,
        "the buyer, for the packing list": document.artisan_order.order.buyer,
    }[who]

    response = client_as(user).get(download_path(document))

    assert response.status_code == 404
    assert "Location" not in response
    assert s3_buckets.private not in response.content.decode()


def test_a_signed_url_stops_working_once_it_expires(documents, s3_buckets, settings):
    s3_buckets.point_storages_at_them(settings, private_url_seconds=2)
    document = documents[0][DocumentKind.COMMERCIAL_INVOICE]

    signed = client_as(document.artisan_order.artisan.user).get(download_path(document))["Location"]

    assert parse_qs(urlsplit(signed).query)["X-Amz-Expires"] == ["2"]
    assert anonymous_get(signed)[0] == 200
    time.sleep(3)
    status, _headers, body = anonymous_get(signed)
    assert status == 403
    assert b"Request has expired" in body


def test_a_signed_url_cannot_be_edited_into_another_documents_url(documents, s3_buckets):
    by_kind, _admin = documents
    invoice, packing_list = by_kind[DocumentKind.COMMERCIAL_INVOICE], by_kind[DocumentKind.PACKING_LIST]
    signed = client_as(invoice.artisan_order.artisan.user).get(download_path(invoice))["Location"]

    edited = signed.replace(invoice.file.name, packing_list.file.name)

    assert anonymous_get(signed)[0] == 200
    assert anonymous_get(edited)[0] == 403


def test_the_admin_links_to_the_checked_download_not_to_the_bucket(documents, s3_buckets, client):
    by_kind, admin = documents
    artisan_order_id = by_kind[DocumentKind.COMMERCIAL_INVOICE].artisan_order_id
    client.force_login(admin)

    html = client.get(f"/admin/orders/artisanorder/{artisan_order_id}/change/").content.decode()

    links = re.findall(rf'href="(/api/v1/artisan-orders/{artisan_order_id}/documents/\d+/download/)"', html)
    assert len(links) == 4
    assert s3_buckets.private not in html and "X-Amz-Signature" not in html
    followed = client.get(links[0])
    assert followed.status_code == 302
    assert anonymous_get(followed["Location"])[0] == 200


def test_urls_name_the_host_clients_reach_and_are_signed_for_it(documents, s3_buckets, settings):
    # As under docker compose: the servers reach the S3 service by one name, browsers by another.
    client_endpoint = s3_buckets.endpoint.replace("127.0.0.1", "localhost")
    s3_buckets.point_storages_at_them(settings, client_endpoint_url=client_endpoint)
    document = documents[0][DocumentKind.COMMERCIAL_INVOICE]

    signed = client_as(document.artisan_order.artisan.user).get(download_path(document))["Location"]
    photo_url = default_storage.url(default_storage.save("products/1/a.txt", ContentFile(b"public")))

    assert signed.startswith(f"{client_endpoint}/{s3_buckets.private}/")
    assert anonymous_get(signed)[0] == 200
    assert photo_url == f"{client_endpoint}/{s3_buckets.public}/products/1/a.txt"
    assert anonymous_get(photo_url)[2] == b"public"
