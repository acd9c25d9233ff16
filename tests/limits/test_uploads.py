"""Every way a picture gets stored goes through marketplace.images.photo_clean:
re-encoded by Pillow, without EXIF (GPS), never the uploaded bytes, under a
generated name. Here the admin's change form, posted as a browser posts it,
and a check over every admin form of every registered model: a file field
an admin user can upload to is a PhotoUploadField."""

import io
import re

import pytest
from django import forms
from django.contrib import admin
from django.db import models
from django.test import Client, RequestFactory
from PIL import Image

from marketplace.images import PhotoUploadField
from tests.factories import ArtisanFactory, ProductFactory

pytestmark = pytest.mark.django_db

GPS_IFD = 0x8825
HTML = b"<html><body><script>alert(document.cookie)</script></body></html>"
GENERATED_NAME = re.compile(r"artisans/photos/[0-9a-f]{32}\.jpg")


def jpeg_with_gps() -> bytes:
    exif = Image.Exif()
    exif[GPS_IFD] = {1: "N", 2: (31.0, 37.0, 48.0), 3: "W", 4: (8.0, 0.0, 36.0)}  # a house in Marrakech
    buffer = io.BytesIO()
    Image.new("RGB", (80, 60), (190, 90, 40)).save(buffer, format="JPEG", exif=exif)
    return buffer.getvalue()


def jpeg_html_polyglot() -> bytes:
    """A JPEG any image library opens, and an HTML page a browser sniffing it renders."""
    buffer = io.BytesIO()
    Image.new("RGB", (80, 60), (20, 90, 160)).save(buffer, format="JPEG", comment=HTML)
    return buffer.getvalue() + HTML


def upload(content: bytes, name: str) -> io.BytesIO:
    file = io.BytesIO(content)
    file.name = name
    return file


def change_form_data(response) -> dict:
    """What a browser posts back from the admin change page in `response`, unchanged."""
    data = {}
    page_forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        page_forms += [inline.formset.management_form, *inline.formset.forms]
    for form in page_forms:
        for name, field in form.fields.items():
            value = form[name].value()
            if value is None or value is False or isinstance(field, forms.FileField):
                continue
            key = form.add_prefix(name)
            if value is True:
                data[key] = "on"
            elif isinstance(value, (list, tuple)):
                data[key] = [str(item) for item in value]
            else:
                data[key] = str(value)
    return data


@pytest.fixture
def admin_client(superuser):
    client = Client()
    client.force_login(superuser)
    return client


def admin_upload(client, artisan, file):
    url = f"/admin/artisans/artisanprofile/{artisan.pk}/change/"
    page = client.get(url)
    assert page.status_code == 200
    return client.post(url, {**change_form_data(page), "photo": file})


def test_a_portrait_uploaded_in_the_admin_loses_its_gps_and_its_name(admin_client):
    artisan = ArtisanFactory()
    sent = jpeg_with_gps()
    assert Image.open(io.BytesIO(sent)).getexif().get_ifd(GPS_IFD)  # the test photo does carry GPS

    response = admin_upload(admin_client, artisan, upload(sent, "my-house-in-marrakech.jpg"))

    assert response.status_code == 302, response.context["adminform"].form.errors
    artisan.refresh_from_db()
    assert GENERATED_NAME.fullmatch(artisan.photo.name)
    stored = artisan.photo.read()
    assert stored != sent
    image = Image.open(io.BytesIO(stored))
    assert image.format == "JPEG" and image.size == (80, 60)
    assert not image.getexif() and "exif" not in image.info


def test_a_polyglot_uploaded_in_the_admin_is_stored_as_pixels_only(admin_client):
    artisan = ArtisanFactory()
    sent = jpeg_html_polyglot()

    response = admin_upload(admin_client, artisan, upload(sent, "portrait.jpg"))

    assert response.status_code == 302, response.context["adminform"].form.errors
    artisan.refresh_from_db()
    assert GENERATED_NAME.fullmatch(artisan.photo.name)
    stored = artisan.photo.read()
    assert b"<script" not in stored and b"<html" not in stored
    assert Image.open(io.BytesIO(stored)).size == (80, 60)


@pytest.mark.parametrize("sent", [jpeg_with_gps(), jpeg_html_polyglot()], ids=["gps", "polyglot"])
def test_the_api_stores_the_same_as_the_admin(client_for, sent):
    artisan = ArtisanFactory()
    product = ProductFactory(artisan=artisan)
    api = client_for(artisan.user)

    portrait = api.patch("/api/v1/artisans/me/", {"photo": upload(sent, "me.jpg")}, format="multipart")
    photo = api.post(
        f"/api/v1/my/products/{product.pk}/photos/", {"image": upload(sent, "tagine.jpg")}, format="multipart"
    )

    assert (portrait.status_code, photo.status_code) == (200, 201)
    artisan.refresh_from_db()
    original = product.photos.get().original
    assert GENERATED_NAME.fullmatch(artisan.photo.name)
    assert re.fullmatch(rf"products/{product.pk}/[0-9a-f]{{32}}\.jpg", original.name)
    for stored in (artisan.photo.read(), original.read()):
        assert b"<script" not in stored and stored != sent
        assert not Image.open(io.BytesIO(stored)).getexif()


def test_a_file_that_is_not_a_photo_is_refused_by_the_admin_form(admin_client):
    artisan = ArtisanFactory()

    response = admin_upload(admin_client, artisan, upload(HTML, "portrait.jpg"))

    assert response.status_code == 200
    assert "photo" in response.context["adminform"].form.errors
    artisan.refresh_from_db()
    assert not artisan.photo


def test_the_admin_page_saves_unchanged_without_a_new_upload(admin_client):
    artisan = ArtisanFactory()
    admin_upload(admin_client, artisan, upload(jpeg_with_gps(), "first.jpg"))
    artisan.refresh_from_db()
    first = artisan.photo.name
    url = f"/admin/artisans/artisanprofile/{artisan.pk}/change/"

    response = admin_client.post(url, change_form_data(admin_client.get(url)))

    assert response.status_code == 302
    artisan.refresh_from_db()
    assert artisan.photo.name == first


def _admin_forms(request):
    """(where, form class) of every change form and inline of every registered model."""
    for model, model_admin in admin.site._registry.items():
        yield f"{model.__name__} admin", model_admin.get_form(request)
        for inline in model_admin.get_inline_instances(request):
            yield f"{model.__name__} admin, {type(inline).__name__}", inline.get_formset(request).form


def test_every_file_an_admin_can_upload_is_cleaned(superuser):
    request = RequestFactory().get("/admin/")
    request.user = superuser
    uploads, uncleaned = [], []
    for where, form_class in _admin_forms(request):
        model_fields = {field.name: field for field in form_class._meta.model._meta.get_fields()}
        for name, form_field in form_class.base_fields.items():
            if isinstance(model_fields.get(name), models.FileField):
                uploads.append(f"{where}: {name}")
                if not isinstance(form_field, PhotoUploadField):
                    uncleaned.append(f"{where}: {name}")

    assert "ArtisanProfile admin: photo" in uploads
    assert uncleaned == []
