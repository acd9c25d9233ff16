"""No request reaches the payment provider while a database transaction of
ours is open (DESIGN.md), so a slow or dead provider never holds a row lock
that another buyer or an artisan waits for, and never rolls an order back.

Every test's provider records, for each request, whether a transaction was
open (tests.provider_calls; the autouse fixture `provider_requests` fails the
test otherwise). Here each flow that calls the provider is driven once, so
the check is known to run over it; then the slow, hanging and stopped
emulator on PostgreSQL."""

import socket
import threading
import time

import pytest
from django.db import connection, transaction
from rest_framework.test import APIClient

from catalog.models import Variant
from orders import lifecycle
from orders.models import ArtisanOrder, Order, OrderStatus
from payments import services
from payments.models import Payment, Refund, RefundStatus, WebhookEvent
from payments.providers import provider_get, provider_use
from payments.providers.base import ProviderNotFound
from payments.providers.stripe import StripeProvider
from payments.webhooks import webhook_event_apply
from tests.factories import ArtisanFactory, ProductFactory
from tests.orders.builders import ADDRESS
from tests.payments import stripe_kit as kit
from tests.payments.conftest import card_paid, checkout_placed, order_paid
from tests.provider_calls import TransactionCheckingClient


def _calls(provider_requests) -> list[str]:
    return [f"{method} {url.split('/v1/', 1)[-1]}" for method, url, _open in provider_requests.sent]


# --- the check itself ---------------------------------------------------------------------------------


def test_the_check_sees_a_request_sent_inside_a_transaction(provider_requests, db):
    with transaction.atomic(), pytest.raises(ProviderNotFound):
        provider_get("stripe").payment_retrieve("pi_that_does_not_exist")

    inside = provider_requests.inside_transactions()
    provider_requests.sent.clear()  # seen: the fixture's own check would fail this test otherwise
    assert [(method, databases) for method, _url, databases in inside] == [("GET", ["default"])]


# --- each flow that calls the provider ------------------------------------------------------------------


def test_checkout_starts_the_payment_outside_any_transaction(provider_requests, local_stripe, db):
    checkout_placed()

    assert (_calls(provider_requests), provider_requests.inside_transactions()) == (["POST payment_intents"], [])


def test_the_payment_retry_and_refresh_call_outside_any_transaction(provider_requests, local_stripe, db):
    client, body = checkout_placed()
    order = Order.objects.get(number=body["order"]["number"])
    kit.card_confirm(local_stripe, Payment.objects.get(order=order).provider_reference, card=kit.CARD_DECLINED)

    client.get(f"/api/v1/orders/{order.number}/payment/?token={order.access_token}")
    client.post(
        f"/api/v1/orders/{order.number}/payment/?token={order.access_token}", {}, content_type="application/json"
    )

    assert len(provider_requests.sent) >= 2 and provider_requests.inside_transactions() == []


def test_a_refund_reaches_the_provider_after_its_transaction(
    provider_requests, local_stripe, db, django_capture_on_commit_callbacks
):
    order = order_paid(local_stripe, django_capture_on_commit_callbacks)
    artisan_order = order.artisan_orders.order_by("pk").first()
    provider_requests.sent.clear()

    with django_capture_on_commit_callbacks(execute=True):
        client = APIClient()
        client.force_authenticate(artisan_order.artisan.user)
        line = artisan_order.lines.get()
        client.post(f"/api/v1/my/orders/{artisan_order.pk}/refunds/",
                    {"lines": [{"line": line.pk, "quantity": 1}], "reason": "chipped"}, format="json")  # fmt: skip

    assert (_calls(provider_requests), provider_requests.inside_transactions()) == (["POST refunds"], [])


def test_the_buyers_cancel_refunds_after_its_transaction(
    provider_requests, local_stripe, db, django_capture_on_commit_callbacks
):
    order = order_paid(local_stripe, django_capture_on_commit_callbacks)
    provider_requests.sent.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = APIClient().post(f"/api/v1/orders/{order.number}/cancel/?token={order.access_token}")

    assert response.status_code == 200, response.content
    assert (_calls(provider_requests), provider_requests.inside_transactions()) == (["POST refunds"], [])
    assert Refund.objects.get(order=order).status == RefundStatus.SUCCEEDED


def test_the_expiry_sweep_closes_payments_outside_any_transaction(provider_requests, local_stripe, db):
    _client, body = checkout_placed()
    order = Order.objects.get(number=body["order"]["number"])
    Order.objects.filter(pk=order.pk).update(expires_at=order.placed_at)
    lifecycle.order_expire(order_id=order.pk)
    provider_requests.sent.clear()

    closed = services.payments_cancel_for_cancelled_orders()

    assert (closed, _calls(provider_requests)[:1], provider_requests.inside_transactions()) == (
        1,
        [f"POST payment_intents/{Payment.objects.get(order=order).provider_reference}/cancel"],
        [],
    )


def test_the_admins_cancel_action_refunds_after_its_transaction(
    provider_requests, local_stripe, db, django_capture_on_commit_callbacks, superuser, admin_client_for
):
    order = order_paid(local_stripe, django_capture_on_commit_callbacks)
    artisan_order = order.artisan_orders.order_by("pk").first()
    provider_requests.sent.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client_for(superuser).post(
            "/admin/orders/artisanorder/",
            {"action": "cancel", "_selected_action": [artisan_order.pk], "confirm": "1", "reason": "kiln broke"},
        )

    assert response.status_code == 302, response.content[:500]
    assert ArtisanOrder.objects.get(pk=artisan_order.pk).status == "cancelled"
    assert (_calls(provider_requests), provider_requests.inside_transactions()) == (["POST refunds"], [])


# --- a slow, hanging or stopped provider (PostgreSQL, real concurrency) ---------------------------------


@pytest.fixture
def many_buyers(settings):
    lifted = dict.fromkeys(("checkout_ip", "checkout_account", "cart", "cart_create_ip"), "100000/hour")
    settings.THROTTLE_RATES = {**settings.THROTTLE_RATES, **lifted}


def _cart_with(variant: Variant) -> str:
    answer = APIClient().post("/api/v1/cart/lines/", {"variant": variant.pk, "quantity": 1}, format="json")
    assert answer.status_code == 201, answer.content
    return answer.json()["token"]


def _variant(sku: str, stock: int = 5) -> Variant:
    return ProductFactory(artisan=ArtisanFactory(), variants=[{"sku": sku, "price_mad": "400.00", "stock": stock}]
                          ).variants.get()  # fmt: skip


def _checkout(base_url: str, token: str, key: str) -> dict:
    import requests

    body = {"email": "claire@example.fr", "shipping_address": ADDRESS, "currency": "EUR", "incoterm": "DAP"}
    response = requests.post(f"{base_url}/api/v1/checkout/", json=body, timeout=30,
                             headers={"X-Cart-Token": token, "Idempotency-Key": key})  # fmt: skip
    assert response.status_code == 201, response.text
    return response.json()


def _in_thread(call) -> tuple[threading.Thread, list]:
    result = []

    def run():
        try:
            result.append(call())
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread, result


def _wait_for(condition, seconds: float = 10) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return False


def _variant_is_free(variant: Variant) -> bool:
    """Nobody holds the variant's row lock: an artisan's stock edit would go through now."""
    with transaction.atomic():
        Variant.objects.select_for_update(nowait=True).get(pk=variant.pk)
    return True


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_twenty_checkouts_wait_for_a_slow_provider_together_not_in_turn(local_stripe, live_server, many_buyers):
    tokens = [_cart_with(_variant(f"SLOW-{number:02d}")) for number in range(20)]
    local_stripe.slow_down(0.3)
    started = time.monotonic()

    threads = [_in_thread(lambda token=token: _checkout(live_server.url, token, f"slow-{token}")) for token in tokens]
    for thread, _result in threads:
        thread.join(60)
    elapsed = time.monotonic() - started
    local_stripe.slow_down(0)

    answers = [result[0] for _thread, result in threads]
    assert [answer["payment"]["status"] for answer in answers] == ["requires_payment_method"] * 20
    assert elapsed < 20 * 0.3 / 2, f"20 checkouts took {elapsed:.2f} s"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_checkout_of_a_variant_another_buyer_is_paying_for_never_waits_for_the_provider(
    local_stripe, live_server, many_buyers
):
    variant = _variant("LOCK-01")
    first_cart, second_cart = _cart_with(variant), _cart_with(variant)
    local_stripe.slow_down(3)

    first, _first_answer = _in_thread(lambda: _checkout(live_server.url, first_cart, "first-buyer-key"))
    assert _wait_for(lambda: Order.objects.exists())  # the first order is committed: its payment is at the provider
    second, _second_answer = _in_thread(lambda: _checkout(live_server.url, second_cart, "second-buyer-key"))
    second_placed = _wait_for(lambda: Order.objects.count() == 2, seconds=2)
    variant_free = _variant_is_free(variant)
    first_still_at_the_provider = first.is_alive()
    local_stripe.slow_down(0)
    first.join(30), second.join(30)

    assert (second_placed, variant_free, first_still_at_the_provider) == (True, True, True)
    assert Variant.objects.get(pk=variant.pk).stock == 3


@pytest.fixture
def hanging_provider(settings, provider_requests):
    """A provider that accepts the connection and never answers: the SDK gives up after its timeout."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(64)
    settings.STRIPE_API_BASE = f"http://127.0.0.1:{listener.getsockname()[1]}"
    settings.STRIPE_TIMEOUT_SECONDS = 1.5
    client = TransactionCheckingClient(timeout=settings.STRIPE_TIMEOUT_SECONDS)
    provider_use(StripeProvider.from_settings(http_client=client))
    yield client
    listener.close()
    assert client.inside_transactions() == []


def _provider_back(settings, local_stripe, provider_requests) -> None:
    settings.STRIPE_API_BASE = local_stripe.url
    provider_use(StripeProvider.from_settings(http_client=provider_requests))


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_hanging_provider_keeps_the_order_and_its_stock_without_a_lock_and_the_same_key_pays_it_later(
    local_stripe, live_server, many_buyers, hanging_provider, settings, provider_requests
):
    variant = _variant("HANG-01")
    cart = _cart_with(variant)

    checkout, answer = _in_thread(lambda: _checkout(live_server.url, cart, "hang-key-0001"))
    assert _wait_for(lambda: Order.objects.exists())
    variant_free_meanwhile = _variant_is_free(variant)
    checkout.join(30)
    body = answer[0]
    order = Order.objects.get(number=body["order"]["number"])

    assert variant_free_meanwhile
    assert (body["payment"], body["payment_error"]["code"]) == (None, "payment_provider_unavailable")
    assert (order.status, Variant.objects.get(pk=variant.pk).stock) == (OrderStatus.AWAITING_PAYMENT, 4)

    _provider_back(settings, local_stripe, provider_requests)
    again = _checkout(live_server.url, cart, "hang-key-0001")
    payment = Payment.objects.get(order=order)
    card_paid(local_stripe, APIClient(), payment)
    for event in WebhookEvent.objects.filter(status="pending"):
        webhook_event_apply(event_pk=event.pk)

    assert (again["order"]["number"], again["payment"]["reference"]) == (order.number, payment.provider_reference)
    assert Order.objects.get(pk=order.pk).status == OrderStatus.PAID


def test_a_stopped_provider_keeps_the_order_and_the_same_key_pays_it_once_it_is_back(
    local_stripe, db, settings, provider_requests, django_capture_on_commit_callbacks
):
    settings.STRIPE_API_BASE = "http://127.0.0.1:9"  # nothing listens there
    provider_use(StripeProvider.from_settings(http_client=provider_requests))
    client, body = checkout_placed(key="stopped-key-1")
    order = Order.objects.get(number=body["order"]["number"])
    stock_after_checkout = sorted(Variant.objects.values_list("stock", flat=True))

    _provider_back(settings, local_stripe, provider_requests)
    checkout = client.last_checkout
    again = client.post("/api/v1/checkout/", checkout["body"], format="json",
                        HTTP_X_CART_TOKEN=checkout["token"], HTTP_IDEMPOTENCY_KEY=checkout["key"])  # fmt: skip
    payment = Payment.objects.get(order=order)
    with django_capture_on_commit_callbacks(execute=True):
        card_paid(local_stripe, client, payment)

    assert body["payment_error"]["code"] == "payment_provider_unavailable"
    assert (order.status, stock_after_checkout) == (OrderStatus.AWAITING_PAYMENT, [3, 4])
    assert (again.status_code, again["Idempotent-Replayed"], again.json()["order"]["number"]) == (
        201,
        "true",
        order.number,
    )
    assert Order.objects.get(pk=order.pk).status == OrderStatus.PAID


def test_the_checkout_refuses_to_run_inside_a_callers_transaction(local_stripe, db, provider_requests):
    """Its first transaction is durable: nested in a caller's, the variant
    locks would be held while the provider answers."""
    from orders.carts import cart_get
    from payments.checkout import checkout_place

    variant = _variant("NEST-01")
    cart = cart_get(user=None, token=_cart_with(variant))

    with transaction.atomic(), pytest.raises(RuntimeError, match="durable"):
        checkout_place(cart=cart, buyer=None, email="claire@example.fr", address=ADDRESS, services_by_artisan={},
                       currency="EUR", incoterm="DAP", idempotency_key="nested-key-1", fingerprint="f")  # fmt: skip

    assert provider_requests.sent == []
