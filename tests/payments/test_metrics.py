"""The business counters on /metrics, counted where the thing happens and only
once it is committed: an order placed through the API, a payment that
succeeds or fails, a provider event received and applied (and its lag)."""

import pytest
from django.test import Client

from tests.marketplace.test_observability import scrape
from tests.payments import stripe_kit as kit
from tests.payments.conftest import checkout_placed, order_paid

pytestmark = pytest.mark.django_db

ORDERS_PLACED = ("souk_orders_placed_total", ())
SUCCEEDED = ("souk_payments_total", (("outcome", "succeeded"),))
FAILED = ("souk_payments_total", (("outcome", "failed"),))
RECEIVED = ("souk_webhook_events_received_total", (("provider", "stripe"),))
APPLIED = ("souk_webhook_events_applied_total", (("result", "applied"),))
LAG_COUNT = ("souk_webhook_event_lag_seconds_count", ())


def counts(*keys):
    scraped = scrape(Client())
    return [scraped.get(key, 0) for key in keys]


def test_metrics_count_an_order_placed_through_the_api_once(local_stripe, django_capture_on_commit_callbacks):
    [before] = counts(ORDERS_PLACED)

    with django_capture_on_commit_callbacks(execute=True):
        client, _body = checkout_placed()
    with django_capture_on_commit_callbacks(execute=True):
        replay = client.post("/api/v1/checkout/", client.last_checkout["body"], format="json",
                             HTTP_X_CART_TOKEN=client.last_checkout["token"],
                             HTTP_IDEMPOTENCY_KEY=client.last_checkout["key"])  # fmt: skip

    assert replay.status_code in (200, 201)
    assert counts(ORDERS_PLACED) == [before + 1]  # the replay of the same key placed nothing


def test_a_paid_order_counts_a_payment_and_its_event_received_and_applied(
    local_stripe, django_capture_on_commit_callbacks
):
    before = counts(SUCCEEDED, RECEIVED, APPLIED, LAG_COUNT)

    order_paid(local_stripe, django_capture_on_commit_callbacks)

    assert counts(SUCCEEDED, RECEIVED, APPLIED, LAG_COUNT) == [value + 1 for value in before]


def test_a_declined_card_counts_a_failed_payment(local_stripe, django_capture_on_commit_callbacks):
    client, body = checkout_placed()
    [before] = counts(FAILED)
    kit.card_confirm(local_stripe, body["payment"]["reference"], kit.CARD_DECLINED)

    with django_capture_on_commit_callbacks(execute=True):
        shown = client.get(f"/api/v1/orders/{body['order']['number']}/payment/", {"token": body["access_token"]}).json()

    assert shown["status"] == "failed"
    assert counts(FAILED) == [before + 1]
