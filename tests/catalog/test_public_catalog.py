"""What buyers see: only what is on sale, priced in their currency, fast, cached."""

from decimal import Decimal

import pytest
from django.utils import timezone

from catalog.models import Category, Material
from catalog.services import product_update
from marketplace.models import ExchangeRate
from tests.factories import ArtisanFactory, CooperativeFactory, ProductFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def usd_rate():
    return ExchangeRate.objects.create(currency="USD", rate=Decimal("0.10"), effective_at=timezone.now(),
                                       source="test")  # fmt: skip


def slugs(response):
    return [row["slug"] for row in response.json()["results"]]


# --- visibility --------------------------------------------------------------------------


def test_only_active_products_of_verified_artisans_are_listed(api_client):
    on_sale = ProductFactory()
    for status in ("draft", "in_review", "rejected", "archived"):
        ProductFactory(status=status)
    ProductFactory(artisan=ArtisanFactory(verification_status="suspended"))

    assert slugs(api_client.get("/api/v1/products/")) == [on_sale.slug]


@pytest.mark.parametrize("status", ["draft", "in_review", "rejected", "archived"])
def test_a_buyer_cannot_open_a_product_not_on_sale(api_client, status):
    hidden = ProductFactory(status=status)

    assert api_client.get(f"/api/v1/products/{hidden.slug}/").status_code == 404


# --- prices -------------------------------------------------------------------------------


def test_prices_come_in_mad_and_the_requested_currency_with_the_rate_time(api_client, usd_rate):
    product = ProductFactory(variants=[{"price_mad": "450.00"}])

    page = api_client.get("/api/v1/products/?currency=usd").json()
    card = page["results"][0]

    assert card["slug"] == product.slug
    assert (card["price"]["mad"], card["price"]["amount"], card["price"]["currency"]) == ("450.00", "45.00", "USD")
    assert page["rate_at"] == usd_rate.effective_at.isoformat()


def test_an_unknown_currency_is_a_400_naming_it(api_client):
    response = api_client.get("/api/v1/products/?currency=XYZ")

    assert response.status_code == 400
    assert "currency" in response.json()["error"]["fields"]


def test_the_currency_follows_accept_language_when_not_asked(api_client, usd_rate):
    ProductFactory()

    body = api_client.get("/api/v1/products/", HTTP_ACCEPT_LANGUAGE="en-US").json()

    assert body["currency"] == "USD"


def test_price_filters_are_in_the_buyers_currency(api_client, usd_rate):
    cheap = ProductFactory(variants=[{"price_mad": "100.00"}])  # 10 USD
    ProductFactory(variants=[{"price_mad": "1000.00"}])  # 100 USD

    response = api_client.get("/api/v1/products/?currency=USD&max_price=20")

    assert slugs(response) == [cheap.slug]


# --- filters and ordering ------------------------------------------------------------------


def test_category_filter_includes_subcategories(api_client):
    tagine = ProductFactory()  # in tagines-tableware, under pottery
    ProductFactory(category=Category.objects.get(slug="carpets"))

    assert slugs(api_client.get("/api/v1/products/?category=pottery")) == [tagine.slug]


def test_an_unknown_category_is_a_400(api_client):
    response = api_client.get("/api/v1/products/?category=spaceships")

    assert response.status_code == 400
    assert "category" in response.json()["error"]["fields"]


def test_filters_by_artisan_cooperative_region_stock_made_to_order_material(api_client):
    fes = CooperativeFactory(region="fes-meknes")
    wanted = ProductFactory(artisan=ArtisanFactory(cooperative=fes), region_of_origin="fes-meknes",
                            made_to_order=True)  # fmt: skip
    wanted.materials.add(Material.objects.get(slug="clay"))
    ProductFactory(variants=[{"stock": 0}])
    ProductFactory(region_of_origin="fes-meknes")

    query = (f"cooperative={fes.slug}&artisan={wanted.artisan.slug}&region=fes-meknes&in_stock=true"
             "&made_to_order=true&material=clay")  # fmt: skip
    assert slugs(api_client.get(f"/api/v1/products/?{query}")) == [wanted.slug]


def test_ordering_by_price(api_client):
    dear = ProductFactory(variants=[{"price_mad": "900.00"}])
    cheap = ProductFactory(variants=[{"price_mad": "90.00"}])

    assert slugs(api_client.get("/api/v1/products/?ordering=price&currency=MAD")) == [cheap.slug, dear.slug]
    assert slugs(api_client.get("/api/v1/products/?ordering=-price&currency=MAD")) == [dear.slug, cheap.slug]


def test_an_unknown_ordering_is_a_400(api_client):
    assert api_client.get("/api/v1/products/?ordering=random").status_code == 400


def test_cursor_pagination_walks_every_product_once(api_client):
    made = {ProductFactory().slug for _ in range(5)}

    seen, url = [], "/api/v1/products/?cursor=&page_size=2"
    while url:
        body = api_client.get(url).json()
        seen += [row["slug"] for row in body["results"]]
        url = body["next"]

    assert sorted(seen) == sorted(made)


# --- translations --------------------------------------------------------------------------


def test_titles_fall_back_to_the_artisans_language(api_client):
    ProductFactory(title_en="", title_fr="Tajine de Safi", original_language="fr")

    card = api_client.get("/api/v1/products/", HTTP_ACCEPT_LANGUAGE="es").json()["results"][0]

    assert card["title"] == "Tajine de Safi"


def test_the_answer_says_its_language(api_client):
    ProductFactory(title_ar="طاجين آسفي")

    response = api_client.get("/api/v1/products/", HTTP_ACCEPT_LANGUAGE="ar")

    assert response["Content-Language"] == "ar"
    assert response.json()["results"][0]["title"] == "طاجين آسفي"


# --- query counts --------------------------------------------------------------------------


@pytest.mark.parametrize("products", [1, 100])
def test_the_list_needs_at_most_6_queries_for_1_or_100_products(api_client, django_assert_max_num_queries,
                                                                  usd_rate, products):  # fmt: skip
    for _ in range(products):
        ProductFactory()

    with django_assert_max_num_queries(6):
        response = api_client.get("/api/v1/products/?page_size=100&currency=USD")

    assert len(response.json()["results"]) == products


def test_the_detail_needs_at_most_8_queries(api_client, django_assert_max_num_queries, usd_rate):
    product = ProductFactory(variants=[{}, {}, {}])
    product.materials.add(*Material.objects.all()[:3])

    with django_assert_max_num_queries(8):
        response = api_client.get(f"/api/v1/products/{product.slug}/?currency=USD")

    assert len(response.json()["variants"]) == 3


# --- HTTP caching --------------------------------------------------------------------------


def test_anonymous_list_carries_etag_last_modified_and_cache_control(api_client):
    ProductFactory()

    response = api_client.get("/api/v1/products/")

    assert response["ETag"] and response["Last-Modified"]
    assert response["Cache-Control"] == "public, max-age=60"


def test_a_matching_etag_gets_a_304_without_touching_the_database(api_client, django_assert_num_queries):
    ProductFactory()
    etag = api_client.get("/api/v1/products/")["ETag"]

    with django_assert_num_queries(0):
        response = api_client.get("/api/v1/products/", HTTP_IF_NONE_MATCH=etag)

    assert response.status_code == 304


def test_if_modified_since_gets_a_304(api_client):
    ProductFactory()
    last_modified = api_client.get("/api/v1/products/")["Last-Modified"]

    assert api_client.get("/api/v1/products/", HTTP_IF_MODIFIED_SINCE=last_modified).status_code == 304


def test_a_catalog_change_invalidates_the_etag(api_client, django_capture_on_commit_callbacks):
    product = ProductFactory()
    etag = api_client.get(f"/api/v1/products/{product.slug}/")["ETag"]

    with django_capture_on_commit_callbacks(execute=True):
        product_update(product=product, actor=product.artisan.user, title_en="Renamed tagine")
    response = api_client.get(f"/api/v1/products/{product.slug}/", HTTP_IF_NONE_MATCH=etag)

    assert response.status_code == 200
    assert response.json()["title"] == "Renamed tagine"


def test_the_etag_differs_by_language(api_client):
    ProductFactory()

    english = api_client.get("/api/v1/products/", HTTP_ACCEPT_LANGUAGE="en")["ETag"]
    arabic = api_client.get("/api/v1/products/", HTTP_ACCEPT_LANGUAGE="ar")["ETag"]

    assert english != arabic


def test_signed_in_answers_are_private(client_for, user):
    ProductFactory()

    response = client_for(user).get("/api/v1/products/")

    assert response["Cache-Control"] == "private, no-cache"
    assert "ETag" not in response


# --- categories and favourites ---------------------------------------------------------------


def test_categories_are_listed_with_names_in_the_request_language(api_client):
    rows = api_client.get("/api/v1/categories/", HTTP_ACCEPT_LANGUAGE="fr").json()

    pottery = next(row for row in rows if row["slug"] == "pottery")
    assert (pottery["name"], pottery["default_hs_code"]) == ("Poterie et céramique", "6912.00")


def test_a_buyer_keeps_favourites(client_for, user):
    product = ProductFactory()
    buyer = client_for(user)

    added = buyer.post("/api/v1/favourites/", {"product": product.slug})
    again = buyer.post("/api/v1/favourites/", {"product": product.slug})
    listed = buyer.get("/api/v1/favourites/")
    removed = buyer.delete(f"/api/v1/favourites/{product.slug}/")

    assert (added.status_code, again.status_code, removed.status_code) == (201, 201, 204)
    assert slugs(listed) == [product.slug]
    assert user.favourites.count() == 0


def test_a_draft_cannot_be_favourited(client_for, user):
    draft = ProductFactory(status="draft")

    assert client_for(user).post("/api/v1/favourites/", {"product": draft.slug}).status_code == 404


def test_the_list_searches_with_q_and_ranks(api_client):
    tagine = ProductFactory(title_en="Tagine from Safi", title_fr="Tajine de Safi")
    ProductFactory(title_en="Azilal rug", title_fr="Tapis d'Azilal")

    assert slugs(api_client.get("/api/v1/products/?q=tagine")) == [tagine.slug]


def test_an_over_long_search_is_a_400(api_client):
    assert api_client.get("/api/v1/products/?q=" + "a" * 300).status_code == 400


def test_a_repeat_is_served_from_the_cache_without_a_query(api_client, django_assert_num_queries):
    ProductFactory()
    first = api_client.get("/api/v1/products/")

    with django_assert_num_queries(0):
        again = api_client.get("/api/v1/products/")

    assert again.content == first.content


def test_the_count_is_kept_for_the_same_filters_until_the_catalog_changes(
    api_client, django_assert_num_queries, django_capture_on_commit_callbacks
):
    product = ProductFactory()
    api_client.get("/api/v1/products/?currency=MAD&page=1")

    with django_assert_num_queries(1):  # the page; the count is known
        other_url = api_client.get("/api/v1/products/?currency=MAD&page=1&utm_source=mail")
    with django_capture_on_commit_callbacks(execute=True):
        product_update(product=product, actor=product.artisan.user, title_en="Renamed")
    ProductFactory()
    fresh = api_client.get("/api/v1/products/?currency=MAD&page=1")

    assert other_url.json()["count"] == 1
    assert fresh.json()["count"] == 2


def test_suspending_an_artisan_takes_their_products_off_the_cached_list(
    api_client, superuser, django_capture_on_commit_callbacks
):
    from artisans.services import artisan_suspend

    product = ProductFactory()
    assert slugs(api_client.get("/api/v1/products/")) == [product.slug]

    with django_capture_on_commit_callbacks(execute=True):
        artisan_suspend(artisan=product.artisan, actor=superuser, reason="Counterfeit report")

    assert slugs(api_client.get("/api/v1/products/")) == []


def test_the_detail_names_each_variant_by_the_id_the_cart_takes(api_client):
    product = ProductFactory(variants=[{"sku": "TAJ-RED", "price_mad": "300.00", "stock": 2}])
    variant = product.variants.get()

    shown = api_client.get(f"/api/v1/products/{product.slug}/").json()["variants"]
    added = api_client.post("/api/v1/cart/lines/", {"variant": shown[0]["id"], "quantity": 1}, format="json")

    assert (shown[0]["id"], added.status_code) == (variant.pk, 201)
