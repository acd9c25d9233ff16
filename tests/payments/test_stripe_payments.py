"""Card payments against the local Stripe emulator over real HTTP: the
official SDK creates the PaymentIntent, the buyer's app confirms the card,
the emulator sends its signed webhook to a live server, the worker (eager
here) applies it."""

import time

import pytest

from orders.models import Order, OrderStatus
from payments.models import LedgerEntry, Payment, PaymentStatus, WebhookEvent
from tests.payments.conftest import checkout_placed
from tests.payments.stripe_kit import CARD_3DS_NUMBER, CARD_DECLINED, card_confirm, three_d_secure_complete


def wait_for(condition, seconds=15.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


def order_status(number):
    return Order.objects.get(number=number).status


# The emulator's webhooks reach a live server thread while the test polls the
# database: on SQLite's shared in-memory database the two lock each other's
# tables, so these flows run on PostgreSQL (as in CI).
pytestmark = pytest.mark.postgres


@pytest.mark.django_db(transaction=True)
def test_checkout_answers_with_a_client_secret_for_the_card(local_stripe):
    _client, body = checkout_placed()

    payment = body["payment"]
    assert (payment["status"], payment["client_secret"].startswith(payment["reference"])) == (
        "requires_payment_method",
        True,
    )


@pytest.mark.django_db(transaction=True)
def test_a_card_payment_goes_from_checkout_to_a_paid_order(stripe_to_live_server):
    _client, body = checkout_placed()

    answer = card_confirm(stripe_to_live_server, body["payment"]["reference"])
    paid = wait_for(lambda: order_status(body["order"]["number"]) == OrderStatus.PAID)

    assert (answer.json()["status"], paid) == ("succeeded", True)


@pytest.mark.django_db(transaction=True)
def test_a_paid_order_has_its_capture_in_the_ledger(stripe_to_live_server):
    _client, body = checkout_placed()
    card_confirm(stripe_to_live_server, body["payment"]["reference"])
    wait_for(lambda: order_status(body["order"]["number"]) == OrderStatus.PAID)

    order = Order.objects.get(number=body["order"]["number"])
    clearing = LedgerEntry.objects.filter(transaction__order=order, account__kind="clearing")
    assert sum(entry.amount_mad for entry in clearing) == order.total_mad


@pytest.mark.django_db(transaction=True)
def test_a_declined_card_leaves_the_order_awaiting_payment(stripe_to_live_server):
    _client, body = checkout_placed()

    answer = card_confirm(stripe_to_live_server, body["payment"]["reference"], CARD_DECLINED)
    recorded = wait_for(lambda: Payment.objects.filter(status=PaymentStatus.FAILED).exists())

    payment = Payment.objects.get()
    assert (answer.status_code, recorded, payment.failure_code, order_status(body["order"]["number"])) == (
        402,
        True,
        "card_declined",
        OrderStatus.AWAITING_PAYMENT,
    )


@pytest.mark.django_db(transaction=True)
def test_the_buyer_app_sees_the_decline_and_may_retry(stripe_to_live_server):
    client, body = checkout_placed()
    card_confirm(stripe_to_live_server, body["payment"]["reference"], CARD_DECLINED)
    wait_for(lambda: Payment.objects.filter(status=PaymentStatus.FAILED).exists())

    shown = client.get(f"/api/v1/orders/{body['order']['number']}/payment/", {"token": body["access_token"]}).json()

    assert (shown["status"], shown["failure"]["code"], bool(shown["client_secret"])) == (
        "failed",
        "card_declined",
        True,
    )


@pytest.mark.django_db(transaction=True)
def test_a_3d_secure_payment_waits_for_the_buyer_then_pays_the_order(stripe_to_live_server):
    client, body = checkout_placed()
    reference, secret = body["payment"]["reference"], body["payment"]["client_secret"]

    challenged = card_confirm(stripe_to_live_server, reference, CARD_3DS_NUMBER).json()
    shown = client.get(f"/api/v1/orders/{body['order']['number']}/payment/", {"token": body["access_token"]}).json()
    three_d_secure_complete(stripe_to_live_server, reference, secret, success=True)
    paid = wait_for(lambda: order_status(body["order"]["number"]) == OrderStatus.PAID)

    assert (challenged["status"], shown["status"], bool(shown["next_action"]), paid) == (
        "requires_action",
        "requires_action",
        True,
        True,
    )


@pytest.mark.django_db(transaction=True)
def test_a_failed_3d_secure_challenge_leaves_the_order_unpaid(stripe_to_live_server):
    client, body = checkout_placed()
    reference, secret = body["payment"]["reference"], body["payment"]["client_secret"]
    card_confirm(stripe_to_live_server, reference, CARD_3DS_NUMBER)

    three_d_secure_complete(stripe_to_live_server, reference, secret, success=False)
    shown = client.get(f"/api/v1/orders/{body['order']['number']}/payment/", {"token": body["access_token"]}).json()

    assert (shown["status"], order_status(body["order"]["number"])) == ("failed", OrderStatus.AWAITING_PAYMENT)


@pytest.mark.django_db(transaction=True)
def test_each_webhook_delivery_is_stored_once(stripe_to_live_server):
    _client, body = checkout_placed()
    card_confirm(stripe_to_live_server, body["payment"]["reference"])
    wait_for(lambda: order_status(body["order"]["number"]) == OrderStatus.PAID)

    assert list(WebhookEvent.objects.values_list("type", "status")) == [("payment_intent.succeeded", "applied")]
