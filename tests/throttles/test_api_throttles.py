"""Every throttled endpoint: refused with a 429 in the error shape and
Retry-After once its limit is used, RateLimit-* headers on every answer."""

import pytest

from tests.factories import ProductFactory
from tests.orders.builders import ADDRESS, order_build
from tests.payments.stripe_kit import deliver

pytestmark = pytest.mark.django_db

DAY = 86400


def assert_throttled(response):
    assert response.status_code == 429
    assert response.json()["error"]["code"] == "throttled"
    assert response["RateLimit-Remaining"] == "0"
    assert 0 < int(response["Retry-After"]) <= DAY
    assert response["Retry-After"] == response["RateLimit-Reset"]


def test_a_counted_answer_says_how_many_requests_are_left(api_client, rates):
    rates(refresh_ip="3/day")

    first = api_client.post("/api/v1/auth/refresh/", {"refresh": "junk"})
    second = api_client.post("/api/v1/auth/refresh/", {"refresh": "junk"})

    assert (first["RateLimit-Limit"], first["RateLimit-Remaining"]) == ("3", "2")
    assert second["RateLimit-Remaining"] == "1"
    assert 0 < int(first["RateLimit-Reset"]) <= DAY


def test_refresh_is_throttled_per_address(api_client, rates):
    rates(refresh_ip="2/day")

    statuses = [api_client.post("/api/v1/auth/refresh/", {"refresh": "junk"}).status_code for _ in range(2)]
    refused = api_client.post("/api/v1/auth/refresh/", {"refresh": "junk"})

    assert statuses == [401, 401]
    assert_throttled(refused)


def test_the_429_message_is_translated(api_client, rates):
    rates(refresh_ip="1/day")
    api_client.post("/api/v1/auth/refresh/", {"refresh": "junk"})

    refused = api_client.post("/api/v1/auth/refresh/", {"refresh": "junk"}, HTTP_ACCEPT_LANGUAGE="fr")

    assert refused.json()["error"]["message"].startswith("Requête ralentie.")


def test_login_is_throttled_per_e_mail_from_any_address(api_client, rates, settings):
    settings.NUM_PROXIES = 1
    rates(login_email="2/day")

    statuses = [
        api_client.post(
            "/api/v1/auth/login/", {"email": "Amina@example.com", "password": "x"}, HTTP_X_FORWARDED_FOR=address
        ).status_code
        for address in ["203.0.113.1", "203.0.113.2", "203.0.113.3"]
    ]
    other_account = api_client.post("/api/v1/auth/login/", {"email": "nadia@example.com", "password": "x"})

    assert statuses == [401, 401, 429]
    assert other_account.status_code == 401


def test_checkout_is_throttled_per_address(api_client, rates):
    rates(checkout_ip="2/day")

    statuses = [api_client.post("/api/v1/checkout/", {}, format="json").status_code for _ in range(2)]
    refused = api_client.post("/api/v1/checkout/", {}, format="json")

    assert statuses == [400, 400]  # no Idempotency-Key: counted all the same
    assert_throttled(refused)


def test_a_guests_checkouts_are_throttled_per_e_mail_from_any_address(api_client, rates, settings):
    settings.NUM_PROXIES = 1
    rates(checkout_account="2/day")
    body = {"email": "claire@example.fr", "shipping_address": ADDRESS}

    statuses = [
        api_client.post("/api/v1/checkout/", body, format="json", HTTP_X_FORWARDED_FOR=address).status_code
        for address in ["203.0.113.1", "203.0.113.2", "203.0.113.3"]
    ]

    assert statuses == [400, 400, 429]


def test_a_buyers_checkouts_are_throttled_per_account(client_for, user, rates, settings):
    settings.NUM_PROXIES = 1
    rates(checkout_account="1/day")
    client = client_for(user)

    first = client.post("/api/v1/checkout/", {}, format="json", HTTP_X_FORWARDED_FOR="203.0.113.1")
    second = client.post("/api/v1/checkout/", {}, format="json", HTTP_X_FORWARDED_FOR="203.0.113.2")

    assert (first.status_code, second.status_code) == (400, 429)


def test_new_guest_carts_are_throttled_but_a_cart_in_use_is_not(api_client, rates):
    rates(cart_create_ip="2/day")
    variant = ProductFactory(variants=[{"stock": 10}]).variants.get()
    line = {"variant": variant.pk, "quantity": 1}

    created = [api_client.post("/api/v1/cart/lines/", line) for _ in range(2)]
    refused = api_client.post("/api/v1/cart/lines/", line)
    in_use = api_client.post("/api/v1/cart/lines/", line, HTTP_X_CART_TOKEN=created[0].json()["token"])

    assert [response.status_code for response in created] == [201, 201]
    assert_throttled(refused)
    assert in_use.status_code == 201


def test_cart_use_is_throttled(api_client, rates):
    rates(cart="2/day")

    statuses = [api_client.get("/api/v1/cart/").status_code for _ in range(2)]
    refused = api_client.get("/api/v1/cart/")

    assert statuses == [200, 200]
    assert_throttled(refused)


def test_order_token_lookups_are_throttled_per_address(api_client, rates):
    rates(order_token="2/day")
    order = order_build()

    guesses = [api_client.get(f"/api/v1/orders/{order.number}/?token=guess{n}").status_code for n in range(2)]
    refused = api_client.get(f"/api/v1/orders/{order.number}/?token={order.access_token}")
    payment = api_client.get(f"/api/v1/orders/{order.number}/payment/?token={order.access_token}")
    cancel = api_client.post(f"/api/v1/orders/{order.number}/cancel/", {"token": order.access_token})

    assert guesses == [404, 404]
    assert_throttled(refused)
    assert_throttled(payment)
    assert_throttled(cancel)


def test_a_buyer_opening_their_own_orders_is_counted_by_account(client_for, user, rates, api_client):
    rates(order_token="1/day")
    order = order_build(buyer=user)

    own = client_for(user).get(f"/api/v1/orders/{order.number}/")
    guest_same_address = api_client.get(f"/api/v1/orders/{order.number}/?token={order.access_token}")

    assert own.status_code == 200
    assert guest_same_address.status_code == 200


def test_webhook_deliveries_are_throttled_per_sender(client, rates):
    rates(webhook="2/day")

    statuses = [deliver(client, {"id": "evt_1"}, signature="t=1,v1=bad").status_code for _ in range(2)]
    refused = deliver(client, {"id": "evt_1"}, signature="t=1,v1=bad")

    assert statuses == [400, 400]
    assert_throttled(refused)


def test_endpoints_without_a_throttle_carry_no_rate_limit_headers(api_client):
    response = api_client.get("/api/v1/")

    assert "RateLimit-Limit" not in response
