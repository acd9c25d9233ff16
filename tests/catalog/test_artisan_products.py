"""Artisans manage their own products through the API."""

import pytest

from catalog.models import Product, ProductEvent, ProductStatus, Variant
from tests.factories import ArtisanFactory, ProductFactory, VariantFactory

pytestmark = pytest.mark.django_db

NEW_PRODUCT = {
    "title_fr": "Tajine de Safi émaillé",
    "title_en": "Glazed Safi tagine",
    "description_fr": "Tajine tourné à la main, émail vert.",
    "category": "tagines-tableware",
    "materials": ["clay"],
    "weight_grams": 2400,
    "variants": [{"sku": "SAFI-TAJ-30", "options": {"diameter": "30 cm"}, "price_mad": "380.00", "stock": 4}],
}


@pytest.fixture
def seller(client_for, artisan):
    return client_for(artisan.user)


def test_an_artisan_creates_a_draft_with_the_category_hs_code(seller, artisan):
    response = seller.post("/api/v1/my/products/", NEW_PRODUCT)

    assert response.status_code == 201, response.json()
    product = Product.objects.get()
    assert (product.status, product.hs_code, product.artisan) == ("draft", "6912.00", artisan)
    assert (product.min_price_mad, product.total_stock) == (380, 4)


def test_an_overridden_hs_code_is_kept_normalised(seller):
    response = seller.post("/api/v1/my/products/", {**NEW_PRODUCT, "hs_code": "691390"})

    assert response.json()["hs_code"] == "6913.90"


@pytest.mark.parametrize("bad", ["12345", "6912.0x", "7700.00", "9900.00", "691200123"])
def test_a_bad_hs_code_is_a_400_naming_it(seller, bad):
    response = seller.post("/api/v1/my/products/", {**NEW_PRODUCT, "hs_code": bad})

    assert response.status_code == 400
    assert "hs_code" in response.json()["error"]["fields"]
    assert not Product.objects.exists()


def test_a_product_without_any_title_is_refused(seller):
    body = {key: value for key, value in NEW_PRODUCT.items() if not key.startswith("title")}

    response = seller.post("/api/v1/my/products/", body)

    assert response.status_code == 400
    assert not Product.objects.exists()


def test_a_zero_price_is_a_400_naming_the_field(seller):
    product = ProductFactory(artisan=seller.handler._force_user.artisan_profile, status="draft")

    response = seller.post(f"/api/v1/my/products/{product.pk}/variants/", {"sku": "X-1", "price_mad": "0"})

    assert response.status_code == 400
    assert "price_mad" in response.json()["error"]["fields"]


def test_a_negative_stock_is_a_400_naming_the_field(seller, artisan):
    product = ProductFactory(artisan=artisan)
    variant = product.variants.get()

    response = seller.patch(f"/api/v1/my/products/{product.pk}/variants/{variant.pk}/", {"stock": -1})

    variant.refresh_from_db()
    assert response.status_code == 400
    assert "stock" in response.json()["error"]["fields"]
    assert variant.stock == 5


def test_a_nested_variant_error_names_the_variant_field(seller):
    body = {**NEW_PRODUCT, "variants": [{"sku": "A-1", "price_mad": "0", "stock": -1}]}

    response = seller.post("/api/v1/my/products/", body)

    assert response.status_code == 400
    assert set(response.json()["error"]["fields"]) == {"variants.0.price_mad", "variants.0.stock"}


def test_another_artisans_product_is_a_404_everywhere(seller):
    theirs = ProductFactory(artisan=ArtisanFactory())
    variant = theirs.variants.get()
    base = f"/api/v1/my/products/{theirs.pk}"

    answers = [
        seller.get(f"{base}/"),
        seller.patch(f"{base}/", {"title_en": "Mine now"}),
        seller.delete(f"{base}/"),
        seller.post(f"{base}/submit/"),
        seller.get(f"{base}/variants/"),
        seller.post(f"{base}/variants/", {"sku": "STEAL-1", "price_mad": "1.00"}),
        seller.patch(f"{base}/variants/{variant.pk}/", {"stock": 0}),
        seller.delete(f"{base}/variants/{variant.pk}/"),
        seller.get(f"{base}/photos/"),
    ]

    theirs.refresh_from_db()
    assert [answer.status_code for answer in answers] == [404] * len(answers)
    assert theirs.title_en != "Mine now" and theirs.variants.get().stock == 5


def test_submit_sends_a_draft_to_review_and_records_it(seller, artisan):
    product = ProductFactory(artisan=artisan, status="draft")

    response = seller.post(f"/api/v1/my/products/{product.pk}/submit/")

    assert response.json()["status"] == "in_review"
    event = ProductEvent.objects.get(product=product)
    assert (event.from_status, event.to_status, event.actor) == ("draft", "in_review", artisan.user)


def test_a_pending_artisan_cannot_submit(client_for):
    pending = ArtisanFactory(verification_status="pending")
    product = ProductFactory(artisan=pending, status="draft")

    response = client_for(pending.user).post(f"/api/v1/my/products/{product.pk}/submit/")

    assert response.status_code == 400
    assert Product.objects.get(pk=product.pk).status == "draft"


def test_submitting_an_active_product_is_a_409(seller, artisan):
    product = ProductFactory(artisan=artisan)

    response = seller.post(f"/api/v1/my/products/{product.pk}/submit/")

    assert response.status_code == 409
    assert response.json()["error"]["code"] == "illegal_transition"


def test_editing_title_and_category_of_an_active_product_is_recorded(seller, artisan):
    product = ProductFactory(artisan=artisan)

    response = seller.patch(f"/api/v1/my/products/{product.pk}/", {"title_en": "Big tagine", "category": "pottery"})

    assert response.status_code == 200
    changes = ProductEvent.objects.get(product=product).changes
    assert changes["title_en"][1] == "Big tagine"
    assert changes["category"] == ["tagines-tableware", "pottery"]


def test_a_price_change_of_an_active_product_is_recorded(seller, artisan):
    product = ProductFactory(artisan=artisan)
    variant = product.variants.get()

    seller.patch(f"/api/v1/my/products/{product.pk}/variants/{variant.pk}/", {"price_mad": "520.00"})

    product.refresh_from_db()
    assert ProductEvent.objects.get(product=product).changes == {f"price_mad:{variant.sku}": ["450.00", "520.00"]}
    assert product.min_price_mad == 520


def test_an_artisan_cannot_grant_their_own_handmade_mark(seller, artisan):
    product = ProductFactory(artisan=artisan)

    response = seller.patch(f"/api/v1/my/products/{product.pk}/", {"handmade_in_morocco": True})

    assert response.status_code == 400
    assert not Product.objects.get(pk=product.pk).handmade_in_morocco


def test_archive_takes_a_product_off_sale(seller, artisan, api_client):
    product = ProductFactory(artisan=artisan)

    seller.post(f"/api/v1/my/products/{product.pk}/archive/")

    assert api_client.get(f"/api/v1/products/{product.slug}/").status_code == 404


def test_only_drafts_can_be_deleted(seller, artisan):
    product = ProductFactory(artisan=artisan)

    response = seller.delete(f"/api/v1/my/products/{product.pk}/")

    assert response.status_code == 403
    assert Product.objects.filter(pk=product.pk).exists()


# --- bulk stock ------------------------------------------------------------------------


def test_bulk_stock_update_sets_every_row(seller, artisan):
    product = ProductFactory(artisan=artisan, variants=[{"sku": "A-1"}, {"sku": "A-2"}])

    response = seller.patch("/api/v1/my/stock/", [{"sku": "A-1", "stock": 0}, {"sku": "A-2", "stock": 12}])

    product.refresh_from_db()
    assert response.status_code == 200
    assert dict(Variant.objects.values_list("sku", "stock")) == {"A-1": 0, "A-2": 12}
    assert product.total_stock == 12


def test_bulk_stock_is_all_or_nothing_on_an_unknown_sku(seller, artisan):
    ProductFactory(artisan=artisan, variants=[{"sku": "A-1"}])

    response = seller.patch("/api/v1/my/stock/", [{"sku": "A-1", "stock": 0}, {"sku": "NOPE", "stock": 3}])

    assert response.status_code == 400
    assert response.json()["error"]["fields"]["sku"] == ["NOPE"]
    assert Variant.objects.get(sku="A-1").stock == 5


def test_bulk_stock_cannot_touch_another_artisans_sku(seller, artisan):
    ProductFactory(artisan=artisan, variants=[{"sku": "A-1"}])
    ProductFactory(artisan=ArtisanFactory(), variants=[{"sku": "THEIRS"}])

    response = seller.patch("/api/v1/my/stock/", [{"sku": "A-1", "stock": 1}, {"sku": "THEIRS", "stock": 0}])

    assert response.status_code == 400
    assert dict(Variant.objects.values_list("sku", "stock")) == {"A-1": 5, "THEIRS": 5}


def test_bulk_stock_negative_row_is_named_by_its_index(seller, artisan):
    ProductFactory(artisan=artisan, variants=[{"sku": "A-1"}])

    response = seller.patch("/api/v1/my/stock/", [{"sku": "A-1", "stock": 2}, {"sku": "A-1", "stock": -1}])

    assert response.status_code == 400
    assert "1.stock" in response.json()["error"]["fields"]


def test_a_buyer_without_a_profile_has_no_products_to_manage(client_for, user):
    assert client_for(user).post("/api/v1/my/products/", NEW_PRODUCT).status_code == 403


def test_variant_of_a_live_product_keeps_at_least_one(seller, artisan):
    product = ProductFactory(artisan=artisan)
    variant = product.variants.get()

    response = seller.delete(f"/api/v1/my/products/{product.pk}/variants/{variant.pk}/")

    assert response.status_code == 400
    assert Variant.objects.filter(pk=variant.pk).exists()


def test_status_is_not_writable(seller, artisan):
    product = ProductFactory(artisan=artisan, status="draft")

    response = seller.patch(f"/api/v1/my/products/{product.pk}/", {"status": ProductStatus.ACTIVE})

    assert response.status_code == 400
    assert response.json()["error"]["fields"]["status"] == ["This field is read-only."]


def test_variant_factory_is_usable_alone():
    assert VariantFactory().product.variants.count() == 1


def test_creating_in_french_keeps_each_languages_title(seller):
    response = seller.post(
        "/api/v1/my/products/", {**NEW_PRODUCT, "title_en": "Blue bowl", "title_fr": "Bol bleu"},
        HTTP_ACCEPT_LANGUAGE="fr",
    )  # fmt: skip

    product = Product.objects.get(pk=response.json()["id"])
    assert (product.title_en, product.title_fr) == ("Blue bowl", "Bol bleu")
