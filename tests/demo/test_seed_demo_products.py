"""seed_demo's catalog: the hand-written showcase, and `--products N`
generated products (demo/)."""

import io
import re
from collections import Counter

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db.models import Count, Min, Sum

from artisans.models import VerificationStatus
from catalog.models import Product, ProductEvent, ProductPhoto, ProductStatus, Variant
from demo import generator
from demo.management.commands.seed_demo import ARTISANS
from demo.showcase import SHOWCASE

pytestmark = pytest.mark.django_db

ARABIC = re.compile(r"[\u0600-\u06FF]")
HS_CODE = re.compile(r"^\d{4}\.\d{2}$")


@pytest.fixture(autouse=True)
def small_pictures(settings):
    # Same drawings and pipeline, fewer pixels to encode.
    settings.SEED_DEMO_PHOTO_PIXELS = 200


def seed(*arguments) -> str:
    out = io.StringIO()
    call_command("seed_demo", "--quiet-logins", *arguments, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def generated(count: int):
    slugs = [generator.product_spec(number).slug for number in range(1, count + 1)]
    return Product.objects.filter(slug__in=slugs)


def counts():
    return (Product.objects.count(), Variant.objects.count(), ProductPhoto.objects.count(),
            Product.materials.through.objects.count(), ProductEvent.objects.count())  # fmt: skip


def root_category(product) -> str:
    return (product.category.parent or product.category).slug


def test_products_option_generates_the_export_mix_of_consistent_products():
    seed("--products", "50")

    products = list(generated(50).select_related("category__parent", "artisan"))
    assert len(products) == 50
    mix = Counter(root_category(product) for product in products)
    assert mix.most_common(1)[0][0] == "pottery"
    assert 15 <= mix["pottery"] <= 21 and 8 <= mix["carpets"] <= 12 and 4 <= mix["clothing"] <= 8
    assert {"leather", "metalwork", "woodwork", "jewellery", "zellige", "textiles", "basketry", "argan"} <= set(mix)
    summaries = {
        row["product_id"]: row
        for row in Variant.objects.filter(product__in=products)
        .values("product_id")
        .annotate(low=Min("price_mad"), stock=Sum("stock"), variants=Count("id"))
    }
    for product in products:
        assert product.status == ProductStatus.ACTIVE
        assert product.artisan.verification_status == VerificationStatus.VERIFIED
        assert HS_CODE.match(product.hs_code), product.hs_code
        assert product.region_of_origin == product.artisan.region
        assert 1 <= summaries[product.pk]["variants"] <= 3
        assert product.min_price_mad == summaries[product.pk]["low"] > 0
        assert product.total_stock == summaries[product.pk]["stock"]
        assert product.made_to_order == (product.lead_time_days > 0)
        for language in ("en", "fr", "es", "ar"):
            assert getattr(product, f"title_{language}") and getattr(product, f"description_{language}")
        assert ARABIC.search(product.title_ar) and ARABIC.search(product.description_ar)
        assert product.artisan.display_name_latin in product.description_en
        assert product.thumbnail and default_storage.exists(product.thumbnail)
    assert any(product.made_to_order for product in products)
    assert any(product.rating_count for product in products)
    assert len({product.created_at.date() for product in products}) > 10  # a history, not one instant
    assert all(product.created_at < product.published_at for product in products)


def test_generated_photos_are_rows_pointing_at_the_pool_files():
    seed("--products", "30")

    photos = list(ProductPhoto.objects.filter(product__in=generated(30)))
    assert {photo.product_id for photo in photos} == set(generated(30).values_list("id", flat=True))
    originals = {photo.original.name for photo in photos}
    assert len(originals) < len(photos)  # shared files, not one per product
    for photo in photos:
        assert photo.width and photo.height and photo.alt_text_ar
        assert default_storage.exists(photo.original.name)
        assert set(photo.renditions) == {"320", "800", "1600"}
        for formats in photo.renditions.values():
            assert set(formats) == {"webp", "jpeg"}
            assert all(default_storage.exists(path) for path in formats.values())
    thumbnails = dict(generated(30).values_list("id", "thumbnail"))
    first = {photo.product_id: photo for photo in sorted(photos, key=lambda photo: -photo.position)}
    assert all(thumbnails[product_id] == photo.renditions["320"]["webp"] for product_id, photo in first.items())


def test_seeding_again_adds_nothing_and_a_larger_n_adds_the_difference():
    seed("--products", "20")
    first = counts()

    output = seed("--products", "20")

    assert counts() == first
    assert "0 showcase and 0 generated products added" in output
    assert "10 generated products added" in seed("--products", "30")
    assert generated(30).count() == 30
    assert Variant.objects.filter(sku__startswith="DEMO-").values("sku").distinct().count() == (
        Variant.objects.filter(sku__startswith="DEMO-").count()
    )


def test_a_missing_pool_file_is_made_again():
    seed("--products", "5")
    thumbnail = generated(5).first().thumbnail
    default_storage.delete(thumbnail)

    seed("--products", "5")

    assert default_storage.exists(thumbnail)


def test_generated_products_are_listed_and_found_by_an_arabic_word(api_client):
    seed("--products", "50")

    listed = api_client.get("/api/v1/products/", {"page_size": 100}).json()
    assert listed["count"] == Product.objects.filter(status=ProductStatus.ACTIVE).count()
    assert {row["slug"] for row in listed["results"]} & set(generated(50).values_list("slug", flat=True))
    assert all(row["thumbnail"] and row["price"] for row in listed["results"])

    found = api_client.get("/api/v1/products/", {"q": "طاجين", "page_size": 100}).json()["results"]

    tagines = set(Product.objects.filter(title_ar__contains="طاجين").values_list("slug", flat=True))
    assert tagines & set(generated(50).values_list("slug", flat=True))  # generated tagines among them
    assert tagines <= {row["slug"] for row in found}


def test_a_plain_run_seeds_the_showcase_through_the_review_flow(api_client):
    seed()
    first = counts()

    seed()

    assert counts() == first
    showcase = {product.slug: product for product in Product.objects.select_related("category")}
    assert len(showcase) == len(SHOWCASE) >= 40
    for item in SHOWCASE:
        product = showcase[item.slug]
        assert item.artisan in ARTISANS
        assert product.status == ProductStatus.ACTIVE and product.published_at
        assert product.hs_code == (item.hs_code or product.category.default_hs_code)
        assert product.handmade_in_morocco == item.handmade
        assert product.made_to_order == (item.lead_time_days > 0)
        assert (product.title_en, product.title_fr, product.title_es, product.title_ar) == item.title
        assert ARABIC.search(product.description_ar)
        assert product.variants.count() == len(item.variants)
        assert product.thumbnail and default_storage.exists(product.thumbnail)
        moves = list(product.events.exclude(to_status="").values_list("to_status", flat=True))
        assert moves == [ProductStatus.DRAFT, ProductStatus.IN_REVIEW, ProductStatus.ACTIVE]
    decorative = showcase["green-glazed-vase-with-amber-drips"]
    assert decorative.category.slug == "decorative-ceramics" and decorative.hs_code == "6913.90"
    detail = api_client.get("/api/v1/products/safi-cooking-tagine-cobalt-and-ochre/").json()
    assert detail["photos"][0]["srcset"]["webp"] and len(detail["variants"]) == 2
