"""Product photos: uploads judged by content, metadata stripped, renditions,
thumbnail, order, and ownership, all through the API."""

import functools
import io
from pathlib import Path

import factory
import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from factory.django import DjangoModelFactory
from PIL import Image, ImageCms, PngImagePlugin

from catalog import photos
from catalog.models import Category, Product, ProductEvent, ProductPhoto, Variant
from catalog.tasks import photo_make_renditions
from marketplace.regions import MoroccanRegion
from tests.factories import ArtisanFactory

pytestmark = pytest.mark.django_db

GPS = {1: "N", 2: (31.0, 37.0, 42.5), 3: "W", 4: (8.0, 0.0, 31.2)}  # a workshop in Marrakech
XMP = b"<x:xmpmeta xmlns:x='adobe:ns:meta/'><rdf:RDF>secret-place</rdf:RDF></x:xmpmeta>"


# --- factories (local: tests/factories.py is shared and edited elsewhere) ---


class ProductFactory(DjangoModelFactory):
    class Meta:
        model = Product

    artisan = factory.SubFactory(ArtisanFactory)
    category = factory.LazyFunction(lambda: Category.objects.get(slug="tagines-tableware"))
    slug = factory.Sequence(lambda n: f"photo-product-{n}")
    title = factory.Sequence(lambda n: f"Tagine {n}")
    title_en = factory.SelfAttribute("title")
    region_of_origin = MoroccanRegion.MARRAKECH_SAFI
    hs_code = "6912.00"
    weight_grams = 1500


class VariantFactory(DjangoModelFactory):
    class Meta:
        model = Variant

    product = factory.SubFactory(ProductFactory)
    sku = factory.Sequence(lambda n: f"PHOTO-{n:05d}")
    price_mad = "350.00"
    stock = 3


# --- files -----------------------------------------------------------------


def upload(data: bytes, name: str) -> io.BytesIO:
    buffer = io.BytesIO(data)
    buffer.name = name
    return buffer


def encode(image: Image.Image, image_format: str, **options) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format=image_format, **options)
    return buffer.getvalue()


def two_colours(size=(40, 20), mode="RGB") -> Image.Image:
    """Left half red, right half blue: shows which way the pixels were turned."""
    image = Image.new(mode, size, (220, 20, 20))
    image.paste((20, 20, 220), (size[0] // 2, 0, size[0], size[1]))
    return image


def jpeg_from_a_phone(size=(40, 20)) -> bytes:
    """A JPEG as a phone writes it: GPS, camera orientation 6 (turn 90° clockwise
    to view), an ICC profile, XMP and a comment."""
    exif = Image.Exif()
    exif[0x0112] = 6
    exif[0x010F] = "PhoneMaker"
    exif[0x8825] = GPS
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    return encode(two_colours(size), "JPEG", exif=exif, icc_profile=icc, xmp=XMP, comment=b"secret", quality=95)


def png_bytes(size=(2000, 1000), mode="RGB", colour=(200, 120, 40)) -> bytes:
    return encode(Image.new(mode, size, colour), "PNG")


@functools.cache
def sixty_megapixel_png() -> bytes:
    return encode(Image.new("L", (7800, 7800)), "PNG")  # ~60 KB on disk, 60.8 million pixels


@functools.cache
def decompression_bomb_png() -> bytes:
    return encode(Image.new("1", (20000, 20000)), "PNG")  # ~50 KB on disk, 400 million pixels


def pdf_bytes() -> bytes:
    return (
        b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
        b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
    )


# --- helpers -----------------------------------------------------------------


@pytest.fixture
def product(artisan):
    product = ProductFactory(artisan=artisan)
    VariantFactory(product=product)
    return product


@pytest.fixture
def owner(client_for, product):
    return client_for(product.artisan.user)


@pytest.fixture
def stranger(client_for, cooperative):
    return client_for(ArtisanFactory(cooperative=cooperative).user)


def photos_url(product):
    return f"/api/v1/my/products/{product.pk}/photos/"


def photo_url(photo):
    return f"/api/v1/my/products/{photo.product_id}/photos/{photo.pk}/"


def stored_files() -> list[str]:
    root = Path(settings.MEDIA_ROOT)
    return sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file()) if root.exists() else []


def post_photo(client, product, data: bytes, name="photo.jpg", **fields):
    return client.post(photos_url(product), {"image": upload(data, name), **fields}, format="multipart")


@pytest.fixture
def add_photo(owner, product, django_capture_on_commit_callbacks):
    """Upload through the API and run what waits for the commit (the renditions task)."""

    def add(data=None, name="photo.png", client=None, **fields):
        with django_capture_on_commit_callbacks(execute=True):
            response = post_photo(client or owner, product, data or png_bytes(), name, **fields)
        assert response.status_code == 201, response.json()
        return response.json()

    return add


def assert_no_metadata(image: Image.Image):
    assert not image.getexif()
    for key in ("exif", "xmp", "XML:com.adobe.xmp", "icc_profile", "comment"):
        assert key not in image.info, key


def open_stored(path: str) -> Image.Image:
    with default_storage.open(path) as stored:
        image = Image.open(io.BytesIO(stored.read()))
        image.load()
        return image


# --- uploads judged by their content --------------------------------------------


BAD_FILES = {
    "zero-byte file": lambda: (b"", "photo.jpg"),
    "PDF renamed .jpg": lambda: (pdf_bytes(), "photo.jpg"),
    "GIF, a real image of a format we do not take": lambda: (encode(two_colours(), "GIF"), "photo.gif"),
    "text file": lambda: (b"just some words, not pixels", "photo.png"),
    "truncated JPEG": lambda: (encode(two_colours((400, 300)), "JPEG")[:600], "photo.jpg"),
    "60 megapixel PNG": lambda: (sixty_megapixel_png(), "big.png"),
    "decompression bomb PNG": lambda: (decompression_bomb_png(), "bomb.png"),
}


@pytest.mark.parametrize("make_file", BAD_FILES.values(), ids=BAD_FILES.keys())
def test_a_bad_file_is_a_400_naming_image_and_leaves_nothing_behind(
    owner, product, make_file, django_capture_on_commit_callbacks
):
    data, name = make_file()

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = post_photo(owner, product, data, name)

    assert response.status_code == 400, response.content
    body = response.json()
    assert body["error"]["code"] == "invalid"
    assert list(body["error"]["fields"]) == ["image"]
    assert body["error"]["fields"]["image"][0]
    assert not ProductPhoto.objects.exists()
    assert not ProductEvent.objects.filter(product=product).exists()
    assert stored_files() == []
    assert callbacks == []


def test_pillow_decompression_bomb_warning_is_an_error_too(owner, product, monkeypatch):
    # 40 x 40 = 1600 pixels: above this limit Pillow only warns, below twice it.
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 1000)

    response = post_photo(owner, product, png_bytes((40, 40)), "photo.png")

    assert response.status_code == 400
    assert "image" in response.json()["error"]["fields"]
    assert not ProductPhoto.objects.exists()


def test_the_pixel_limit_is_checked_from_the_header_before_decoding(owner, product, monkeypatch):
    def must_not_decode(self, *args, **kwargs):
        raise AssertionError("pixels decoded")

    monkeypatch.setattr("PIL.ImageFile.ImageFile.load", must_not_decode)

    response = post_photo(owner, product, sixty_megapixel_png(), "big.png")

    assert response.status_code == 400
    assert "megapixels" in response.json()["error"]["fields"]["image"][0]


def test_a_file_over_the_upload_limit_is_a_400(owner, product, settings):
    settings.PHOTO_MAX_UPLOAD_BYTES = 1000

    response = post_photo(owner, product, encode(two_colours((300, 300)), "PNG", compress_level=0), "photo.png")

    assert response.status_code == 400
    assert "image" in response.json()["error"]["fields"]
    assert stored_files() == []


def test_unknown_fields_are_refused(owner, product):
    response = post_photo(owner, product, png_bytes((50, 50)), "photo.png", caption="hello")

    assert response.status_code == 400
    assert "caption" in response.json()["error"]["fields"]
    assert stored_files() == []


def test_a_product_has_a_limited_number_of_photos(owner, product, add_photo, settings):
    settings.PHOTO_MAX_PER_PRODUCT = 2
    add_photo(png_bytes((50, 50)))
    add_photo(png_bytes((50, 50)))

    response = post_photo(owner, product, png_bytes((50, 50)), "photo.png")

    assert response.status_code == 400
    assert "image" in response.json()["error"]["fields"]
    assert product.photos.count() == 2


# --- what is stored ---------------------------------------------------------


def test_an_upload_is_stored_upright_without_any_metadata_with_renditions(add_photo, product):
    body = add_photo(jpeg_from_a_phone((400, 200)), "IMG_0001.jpg", alt_text_en="Blue tagine", alt_text_fr="Tajine")

    photo = ProductPhoto.objects.get()
    # Orientation 6 applied: 400 x 200 as shot becomes 200 x 400, red on top.
    assert (body["width"], body["height"]) == (200, 400) == (photo.width, photo.height)
    original = open_stored(photo.original.name)
    assert original.format == "JPEG"
    assert original.size == (200, 400)
    red, blue = original.getpixel((100, 50)), original.getpixel((100, 350))
    assert red[0] > 150 > red[2] and blue[2] > 150 > blue[0]
    assert_no_metadata(original)
    with default_storage.open(photo.original.name) as stored:
        raw = stored.read()
    assert b"Exif" not in raw and b"secret" not in raw and b"PhoneMaker" not in raw
    assert "IMG_0001" not in photo.original.name  # the client's file name is not kept

    assert set(photo.renditions) == {"320", "800", "1600"}
    for size, formats in photo.renditions.items():
        for name, pillow_format in (("webp", "WEBP"), ("jpeg", "JPEG")):
            rendition = open_stored(formats[name])
            assert rendition.format == pillow_format
            assert rendition.size == ((160, 320) if size == "320" else (200, 400))  # never upscaled
            assert_no_metadata(rendition)
    assert body["alt_text_en"] == "Blue tagine" and body["alt_text_fr"] == "Tajine" and body["alt_text_ar"] is None


def test_the_answer_gives_absolute_urls_and_srcset(owner, add_photo):
    add_photo(png_bytes((2000, 1000)))

    body = owner.get(photos_url(ProductPhoto.objects.get().product)).json()[0]

    photo = ProductPhoto.objects.get()
    assert body["original"] == f"http://testserver/media/{photo.original.name}"
    assert set(body["renditions"]) == {"webp", "jpeg"}
    for name in ("webp", "jpeg"):
        urls = body["renditions"][name]
        assert list(urls) == ["320", "800", "1600"]
        assert all(url.startswith("http://testserver/media/products/") for url in urls.values())
        assert body["srcset"][name] == f"{urls['320']} 320w, {urls['800']} 800w, {urls['1600']} 1600w"
    assert open_stored(photo.renditions["1600"]["webp"]).size == (1600, 800)
    assert open_stored(photo.renditions["320"]["jpeg"]).size == (320, 160)


def test_srcset_lists_real_widths_once_when_the_original_is_small(owner, add_photo):
    photo = add_photo(png_bytes((300, 500)))

    body = owner.get(f"{photos_url(ProductPhoto.objects.get().product)}{photo['id']}/").json()

    urls = body["renditions"]["webp"]
    # Portrait: the 320 rendition is 192 px wide; 800 and 1600 are the 300 px original.
    assert body["srcset"]["webp"] == f"{urls['320']} 192w, {urls['800']} 300w"
    assert open_stored(ProductPhoto.objects.get().renditions["1600"]["webp"]).size == (300, 500)


def test_a_png_keeps_its_format_and_transparency_but_loses_its_text_chunks(add_photo):
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "someone")
    info.add_itxt("XML:com.adobe.xmp", XMP.decode())
    exif = Image.Exif()
    exif[0x8825] = GPS
    image = Image.new("RGBA", (64, 32), (10, 150, 60, 128))
    add_photo(encode(image, "PNG", pnginfo=info, exif=exif), "photo.png")

    photo = ProductPhoto.objects.get()
    original = open_stored(photo.original.name)
    assert original.format == "PNG" and original.mode == "RGBA"
    assert_no_metadata(original)
    assert "Author" not in original.info
    assert open_stored(photo.renditions["320"]["webp"]).mode == "RGBA"
    assert open_stored(photo.renditions["320"]["jpeg"]).mode == "RGB"  # flattened on white


def test_a_webp_upload_stays_webp(add_photo):
    exif = Image.Exif()
    exif[0x8825] = GPS
    add_photo(encode(two_colours((100, 80)), "WEBP", exif=exif, xmp=XMP), "photo.webp")

    original = open_stored(ProductPhoto.objects.get().original.name)
    assert original.format == "WEBP"
    assert_no_metadata(original)


def test_adding_a_photo_is_audited(add_photo, product):
    body = add_photo()

    event = ProductEvent.objects.get(product=product)
    assert event.actor == product.artisan.user
    assert event.changes["photos"]["added"] == body["id"]


def test_renditions_are_idempotent(add_photo):
    add_photo(png_bytes((900, 600)))
    photo = ProductPhoto.objects.get()
    files_before, renditions_before = stored_files(), photo.renditions

    photo_make_renditions.delay(photo.pk)

    photo.refresh_from_db()
    assert photo.renditions == renditions_before
    assert stored_files() == files_before
    assert len(files_before) == 1 + 3 * 2


def test_renditions_of_a_photo_deleted_meanwhile_are_a_no_op():
    assert photo_make_renditions.delay(123456).get() == {}


# --- thumbnail, order, edit, delete -------------------------------------------------


def test_thumbnail_follows_the_first_photo(owner, product, add_photo, django_capture_on_commit_callbacks):
    first = add_photo(png_bytes((400, 300)))
    product.refresh_from_db()
    first_thumb = ProductPhoto.objects.get(pk=first["id"]).renditions["320"]["webp"]
    assert product.thumbnail == first_thumb

    second = add_photo(png_bytes((300, 400)))
    product.refresh_from_db()
    assert product.thumbnail == first_thumb
    second_thumb = ProductPhoto.objects.get(pk=second["id"]).renditions["320"]["webp"]

    response = owner.patch(photos_url(product), {"photo_ids": [second["id"], first["id"]]}, format="json")

    assert response.status_code == 200, response.json()
    assert [photo["id"] for photo in response.json()] == [second["id"], first["id"]]
    assert [photo["position"] for photo in response.json()] == [0, 1]
    product.refresh_from_db()
    assert product.thumbnail == second_thumb

    with django_capture_on_commit_callbacks(execute=True):
        assert owner.delete(f"{photos_url(product)}{second['id']}/").status_code == 204
    product.refresh_from_db()
    assert product.thumbnail == first_thumb

    with django_capture_on_commit_callbacks(execute=True):
        assert owner.delete(f"{photos_url(product)}{first['id']}/").status_code == 204
    product.refresh_from_db()
    assert product.thumbnail == ""
    assert stored_files() == []


def test_a_reorder_must_list_each_photo_once(owner, product, add_photo):
    first, second = add_photo(), add_photo()

    for photo_ids in ([first["id"]], [first["id"], first["id"]], [first["id"], second["id"], 999]):
        response = owner.patch(photos_url(product), {"photo_ids": photo_ids}, format="json")
        assert response.status_code == 400
        assert "photo_ids" in response.json()["error"]["fields"]
    assert list(product.photos.values_list("id", flat=True)) == [first["id"], second["id"]]


def test_an_upload_can_choose_its_position(add_photo, product):
    first = add_photo()
    second = add_photo(position=0)

    assert second["position"] == 0
    assert list(product.photos.values_list("id", "position")) == [(second["id"], 0), (first["id"], 1)]


def test_patch_changes_alt_text_and_position(owner, product, add_photo):
    first, second, third = add_photo(), add_photo(), add_photo(alt_text_en="Plate", alt_text_fr="Assiette")

    response = owner.patch(f"{photos_url(product)}{third['id']}/", {"alt_text_ar": "طبق", "position": 0}, format="json")

    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["alt_text_en"], body["alt_text_fr"], body["alt_text_ar"]) == ("Plate", "Assiette", "طبق")
    assert body["position"] == 0
    assert list(product.photos.values_list("id", flat=True)) == [third["id"], first["id"], second["id"]]
    assert list(product.photos.values_list("position", flat=True)) == [0, 1, 2]


def test_patch_refuses_what_it_cannot_change(owner, product, add_photo):
    photo = add_photo()

    response = owner.patch(f"{photos_url(product)}{photo['id']}/", {"width": 5, "position": -1}, format="json")

    assert response.status_code == 400
    assert set(response.json()["error"]["fields"]) == {"width"}


def test_alt_text_follows_the_language(owner, product, add_photo):
    photo = add_photo(alt_text_en="Blue tagine", alt_text_fr="Tajine bleu")
    url = f"{photos_url(product)}{photo['id']}/"

    in_french = owner.get(url, HTTP_ACCEPT_LANGUAGE="fr").json()
    in_arabic = owner.get(url, HTTP_ACCEPT_LANGUAGE="ar").json()

    assert in_french["alt_text"] == "Tajine bleu"
    assert in_arabic["alt_text"] == "Blue tagine"  # no Arabic yet: falls back to English


def test_delete_removes_the_files_after_commit_and_is_audited(owner, product, add_photo):
    photo = add_photo()
    assert len(stored_files()) == 7

    response = owner.delete(f"{photos_url(product)}{photo['id']}/")

    assert response.status_code == 204
    assert not ProductPhoto.objects.exists()
    assert len(stored_files()) == 7  # this test's transaction never commits: files stay
    event = ProductEvent.objects.filter(product=product).last()
    assert event.changes["photos"]["removed"] == photo["id"]
    assert event.actor == product.artisan.user


def test_services_number_positions_densely(product, add_photo):
    ids = [add_photo()["id"] for _ in range(3)]

    photos.photo_delete(photo=ProductPhoto.objects.get(pk=ids[0]))

    assert list(product.photos.values_list("id", "position")) == [(ids[1], 0), (ids[2], 1)]


# --- who may ---------------------------------------------------------------


def test_another_artisan_gets_404_everywhere(stranger, product, add_photo):
    photo = add_photo()
    url = f"{photos_url(product)}{photo['id']}/"

    responses = [
        stranger.get(photos_url(product)),
        post_photo(stranger, product, png_bytes((50, 50)), "photo.png"),
        stranger.patch(photos_url(product), {"photo_ids": [photo["id"]]}, format="json"),
        stranger.get(url),
        stranger.patch(url, {"alt_text_en": "mine now"}, format="json"),
        stranger.delete(url),
    ]

    assert [response.status_code for response in responses] == [404] * 6
    assert all(response.json()["error"]["code"] == "not_found" for response in responses)
    assert not ProductPhoto.objects.get().alt_text_en
    assert product.photos.count() == 1


def test_a_photo_of_another_product_is_404_even_for_its_owner(owner, product, add_photo):
    photo = add_photo()
    other_product = ProductFactory(artisan=product.artisan)

    response = owner.get(f"{photos_url(other_product)}{photo['id']}/")

    assert response.status_code == 404


def test_a_product_id_beyond_the_integer_range_is_a_404_not_a_500(owner, product, add_photo):
    # Found by the fuzz test (tests/marketplace/test_api_fuzz.py): SQLite could not
    # take the number, and the detail view answered 500.
    photo = add_photo()
    url = f"/api/v1/my/products/45753958105328560111616/photos/{photo['id']}/"

    responses = [owner.get(url), owner.patch(url, {"alt_text_en": "x"}, format="json"), owner.delete(url)]

    assert [response.status_code for response in responses] == [404] * 3
    assert all(response.json()["error"]["code"] == "not_found" for response in responses)
    assert product.photos.count() == 1


def test_anonymous_users_are_refused(api_client, product):
    response = api_client.get(photos_url(product))

    assert response.status_code == 401
    assert response.json()["error"]["code"] == "not_authenticated"


def test_photo_urls_is_reusable_without_a_request(add_photo):
    add_photo()

    urls = photos.photo_urls(ProductPhoto.objects.get())

    assert urls["original"].startswith("/media/products/")
    assert urls["renditions"]["jpeg"]["800"].startswith("/media/products/")


# --- a real worker ----------------------------------------------------------


@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_renditions_are_made_by_a_real_worker_through_redis(client_for):
    import time

    from celery.contrib.testing.worker import start_worker

    from config.celery import app as celery_app

    product = ProductFactory()
    client = client_for(product.artisan.user)
    celery_app.conf.task_always_eager = False
    celery_app.control.purge()
    try:
        response = post_photo(client, product, png_bytes((1000, 500)), "photo.png")
        assert response.status_code == 201, response.json()
        photo = ProductPhoto.objects.get()
        assert photo.renditions == {}  # queued in Redis, not run in process
        with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
            deadline = time.monotonic() + 20
            while time.monotonic() < deadline:
                photo.refresh_from_db()
                if photo.renditions:
                    break
                time.sleep(0.05)
    finally:
        celery_app.control.purge()
        celery_app.conf.task_always_eager = True

    assert set(photo.renditions) == {"320", "800", "1600"}
    product.refresh_from_db()
    assert product.thumbnail == photo.renditions["320"]["webp"]


def test_every_photo_change_invalidates_the_public_catalog_cache(
    owner, product, add_photo, django_capture_on_commit_callbacks
):
    from marketplace import cache_version

    versions = [cache_version.current()[0]]
    photo = add_photo()
    versions.append(cache_version.current()[0])
    url = f"{photos_url(product)}{photo['id']}/"
    changes = [
        lambda: owner.patch(url, {"alt_text_en": "Tagine"}, format="json"),
        lambda: owner.patch(photos_url(product), {"photo_ids": [photo["id"]]}, format="json"),
        lambda: owner.delete(url),
    ]
    for change in changes:
        with django_capture_on_commit_callbacks(execute=True):
            assert change().status_code in (200, 204)
        versions.append(cache_version.current()[0])

    assert len(set(versions)) == len(versions)


def test_an_archived_product_keeps_its_photos(owner, product, add_photo):
    photo = add_photo()
    Product.objects.filter(pk=product.pk).update(status="archived")

    responses = [
        post_photo(owner, product, png_bytes((50, 50)), "photo.png"),
        owner.patch(f"{photos_url(product)}{photo['id']}/", {"alt_text_en": "new"}, format="json"),
        owner.patch(photos_url(product), {"photo_ids": [photo["id"]]}, format="json"),
    ]

    assert [response.status_code for response in responses] == [400] * 3
    assert all(response.json()["error"]["code"] == "domain_error" for response in responses)
    assert product.photos.count() == 1
    assert len(stored_files()) == 7


@pytest.mark.django_db
def test_the_sweep_finds_photos_left_without_renditions(product, django_capture_on_commit_callbacks):
    from datetime import timedelta

    from django.utils import timezone

    from catalog.models import ProductPhoto
    from catalog.tasks import photo_renditions_sweep

    buffer = io.BytesIO()
    Image.new("RGB", (900, 600), (200, 120, 40)).save(buffer, format="JPEG")
    lost = default_storage.save("products/lost.jpg", ContentFile(buffer.getvalue()))
    stale = ProductPhoto.objects.create(product=product, original=lost, width=900, height=600, renditions={})
    ProductPhoto.objects.filter(pk=stale.pk).update(created_at=timezone.now() - timedelta(hours=1))
    ProductPhoto.objects.create(product=product, original="products/fresh.jpg", width=1, height=1, renditions={})

    assert photos.photos_missing_renditions() == [stale.pk]
    with django_capture_on_commit_callbacks(execute=True):  # the sweep queues on commit, like any effect
        assert photo_renditions_sweep.apply().get() == 1
    stale.refresh_from_db()
    assert stale.renditions["320"]["webp"]
