"""HTTP for clients that follow headers: Location on 201, Link on lists, CORS
for configured origins, Idempotency-Key on the POSTs that move money or stock."""

from decimal import Decimal

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework.mixins import CreateModelMixin

from marketplace.api.responses import CreatedLocationMixin
from orders.models import ArtisanOrderStatus, Order
from payments.models import Refund
from returns.models import ReturnRequest
from tests.factories import ArtisanFactory, ProductFactory, UserFactory
from tests.orders.builders import ADDRESS, order_build
from tests.payments.ledger_builders import paid_order
from tests.returns.builders import delivered_purchase

pytestmark = pytest.mark.django_db

ADDRESSES = "/api/v1/me/addresses/"


@pytest.fixture(autouse=True)
def money_settings(settings):
    settings.COMMISSION_DEFAULT_PERCENT = Decimal("12.00")
    settings.RETURNS_WINDOW_DAYS = 14


# --- Location -----------------------------------------------------------------------------


def test_register_answers_where_the_account_is_read(api_client):
    response = api_client.post(
        "/api/v1/auth/register/", {"email": "omar@example.com", "password": "Argan-oil-and-honey-7"}
    )

    assert response.status_code == 201
    assert response["Location"] == "http://testserver/api/v1/me/"


def test_a_favourite_answers_its_location(client_for, user):
    product = ProductFactory()

    response = client_for(user).post("/api/v1/favourites/", {"product": product.slug})

    assert response["Location"].endswith(f"/api/v1/favourites/{product.slug}/")


def test_a_new_product_answers_its_location(client_for):
    artisan = ArtisanFactory()

    response = client_for(artisan.user).post(
        "/api/v1/my/products/", {"category": ProductFactory().category.slug, "title_fr": "Plat", "weight_grams": 500}
    )

    assert response.status_code == 201, response.json()
    assert response["Location"].endswith(f"/api/v1/my/products/{response.json()['id']}/")


def _views(resolver):
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            yield from _views(pattern)
        elif isinstance(pattern, URLPattern):
            view = getattr(pattern.callback, "cls", None)
            if view is not None:
                yield view


def test_every_create_view_answers_a_location():
    creating = {view for view in _views(get_resolver()) if issubclass(view, CreateModelMixin)}

    assert creating
    # A view that writes its own post answers with marketplace.api.responses.created.
    forgotten = [view for view in creating if not issubclass(view, CreatedLocationMixin) and "post" not in vars(view)]
    assert forgotten == []


# --- Link ---------------------------------------------------------------------------------


def test_a_list_links_its_first_next_and_last_pages(client_for, user):
    client = client_for(user)
    for name in ("A", "B", "C"):
        client.post(ADDRESSES, {**ADDRESS, "label": name})

    response = client.get(f"{ADDRESSES}?page_size=1&page=2")

    links = response["Link"]
    assert f'<http://testserver{ADDRESSES}?page_size=1>; rel="first"' in links
    assert f'<http://testserver{ADDRESSES}?page=3&page_size=1>; rel="next"' in links
    assert f'<http://testserver{ADDRESSES}?page=3&page_size=1>; rel="last"' in links
    assert 'rel="prev"' in links


def test_the_product_list_links_its_pages_cached_or_not(api_client):
    for _ in range(3):
        ProductFactory()

    first = api_client.get("/api/v1/products/?page_size=2")
    cached = api_client.get("/api/v1/products/?page_size=2")

    assert 'rel="next"' in first["Link"] and 'rel="last"' in first["Link"]
    assert cached["Link"] == first["Link"]


# --- CORS ---------------------------------------------------------------------------------


def test_a_configured_origin_may_call_the_api(api_client, settings):
    settings.CORS_ALLOWED_ORIGINS = ["https://shop.example"]

    response = api_client.options(
        "/api/v1/products/",
        HTTP_ORIGIN="https://shop.example",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="idempotency-key",
    )

    assert response["Access-Control-Allow-Origin"] == "https://shop.example"
    assert "idempotency-key" in response["Access-Control-Allow-Headers"]


def test_another_origin_gets_no_cors_headers(api_client, settings):
    settings.CORS_ALLOWED_ORIGINS = ["https://shop.example"]

    response = api_client.get("/api/v1/products/", HTTP_ORIGIN="https://evil.example")

    assert "Access-Control-Allow-Origin" not in response


def test_no_origin_is_allowed_by_default(api_client):
    response = api_client.get("/api/v1/products/", HTTP_ORIGIN="https://shop.example")

    assert "Access-Control-Allow-Origin" not in response


# --- Idempotency-Key ----------------------------------------------------------------------


def refund(client, parcel, key, reason="kiln"):
    line = parcel.lines.get()
    body = {"lines": [{"line": line.pk, "quantity": 1}], "reason": reason}
    return client.post(f"/api/v1/my/orders/{parcel.pk}/refunds/", body, HTTP_IDEMPOTENCY_KEY=key)


def test_a_refund_retried_with_its_key_refunds_once(client_for):
    parcel = paid_order(quantity=2).parts[0]
    client = client_for(parcel.artisan.user)

    first = refund(client, parcel, "refund-key-1")
    again = refund(client, parcel, "refund-key-1")

    assert (first.status_code, again.status_code) == (201, 201)
    assert again.json()["id"] == first.json()["id"]
    assert again["Idempotent-Replayed"] == "true"
    assert Refund.objects.count() == 1


def test_a_refund_key_reused_for_another_body_is_a_409(client_for):
    parcel = paid_order(quantity=2).parts[0]
    client = client_for(parcel.artisan.user)
    refund(client, parcel, "refund-key-2")

    response = refund(client, parcel, "refund-key-2", reason="another reason")

    assert response.status_code == 409
    assert response.json()["error"]["code"] == "idempotency_key_reused"
    assert Refund.objects.count() == 1


def test_a_cancel_retried_with_its_key_answers_the_same(client_for):
    buyer = UserFactory()
    order = order_build(buyer=buyer, statuses=[ArtisanOrderStatus.AWAITING_PAYMENT])
    client = client_for(buyer)

    first = client.post(f"/api/v1/orders/{order.number}/cancel/", {}, HTTP_IDEMPOTENCY_KEY="cancel-key-1")
    again = client.post(f"/api/v1/orders/{order.number}/cancel/", {}, HTTP_IDEMPOTENCY_KEY="cancel-key-1")
    without_key = client.post(f"/api/v1/orders/{order.number}/cancel/", {})

    assert (first.status_code, again.status_code, without_key.status_code) == (200, 200, 409)
    assert again["Idempotent-Replayed"] == "true"
    assert Order.objects.get(pk=order.pk).status == "cancelled"


def test_a_return_retried_with_its_key_opens_one(client_for):
    buyer = UserFactory()
    line = delivered_purchase(artisan=ArtisanFactory(), buyer=buyer).order.artisan_orders.get().lines.get()
    url = f"/api/v1/orders/{line.artisan_order.order.number}/lines/{line.pk}/return/"
    body = {"kind": "return", "quantity": 1, "reason": "Too small"}
    client = client_for(buyer)

    first = client.post(url, body, HTTP_IDEMPOTENCY_KEY="return-key-1")
    again = client.post(url, body, HTTP_IDEMPOTENCY_KEY="return-key-1")

    assert (first.status_code, again.status_code) == (201, 201), again.json()
    assert again.json()["id"] == first.json()["id"]
    assert ReturnRequest.objects.count() == 1


def test_a_too_short_key_is_refused_naming_it(client_for):
    parcel = paid_order(quantity=2).parts[0]

    response = refund(client_for(parcel.artisan.user), parcel, "short")

    assert response.status_code == 400
    assert "idempotency_key" in response.json()["error"]["fields"]
    assert not Refund.objects.exists()


def test_a_payment_retry_with_its_key_answers_the_same_attempt(client_for):
    buyer = UserFactory()
    order = order_build(buyer=buyer, statuses=[ArtisanOrderStatus.AWAITING_PAYMENT])
    client = client_for(buyer)
    url = f"/api/v1/orders/{order.number}/payment/"

    first = client.post(url, {}, HTTP_IDEMPOTENCY_KEY="payment-key-1")
    again = client.post(url, {}, HTTP_IDEMPOTENCY_KEY="payment-key-1")

    assert first.status_code == 201, first.json()
    assert again.json()["reference"] == first.json()["reference"]
    assert again["Idempotent-Replayed"] == "true"
    assert order.payments.count() == 1
