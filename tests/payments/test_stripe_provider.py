"""The Stripe provider as the SDK speaks it: every POST carries an
idempotency key made from our own ids, the same key on a retry; the API
version is pinned; the provider's state is read in our words."""

import pytest
import stripe

from orders.models import Order
from payments import refunds, services
from payments.models import Payment, PaymentStatus
from payments.providers import stripe as stripe_provider
from payments.providers.base import ProviderUnavailable
from tests.payments import stripe_kit as kit
from tests.payments.conftest import checkout_placed


class RecordingClient(stripe.RequestsClient):
    """The SDK's own HTTP client, noting each request on its way out."""

    def __init__(self):
        super().__init__()
        self.recorded = []

    def request(self, method, url, headers, post_data=None, **kwargs):
        self.recorded.append((method.upper(), url, dict(headers or {})))
        return super().request(method, url, headers, post_data, **kwargs)

    def posts(self):
        return [request for request in self.recorded if request[0] == "POST"]


@pytest.fixture
def recording(local_stripe, settings, monkeypatch):
    client = RecordingClient()
    provider = stripe_provider.StripeProvider.from_settings(http_client=client)
    monkeypatch.setattr("payments.services.provider_get", lambda name=None: provider)
    monkeypatch.setattr("payments.refunds.provider_get", lambda name=None: provider)
    return client


def test_creating_a_payment_sends_our_key_and_the_pinned_version(recording, db):
    checkout_placed()
    order = Order.objects.get()

    (_method, url, headers) = recording.posts()[0]
    assert url.endswith("/v1/payment_intents")
    assert headers["Idempotency-Key"] == f"souk-payment-{order.number}-1"
    assert headers["Stripe-Version"] == stripe_provider.API_VERSION


def test_a_retried_creation_sends_the_same_key(recording, db):
    checkout_placed()
    order = Order.objects.get()
    provider = services.provider_get("stripe")
    key = services.payment_idempotency_key(order, 1)

    for _attempt in range(2):  # what a retried call does after a timeout
        provider.payment_create(amount_minor=100, currency="EUR", order_number=order.number, idempotency_key=key,
                                metadata={})  # fmt: skip

    keys = [headers["Idempotency-Key"] for _method, _url, headers in recording.posts()]
    assert keys == [key, key, key]


def test_a_refund_sends_a_key_made_from_the_refund_and_the_same_on_retry(recording, local_stripe, db):
    checkout_placed()
    payment = Payment.objects.get()
    kit.card_confirm(local_stripe, payment.provider_reference)
    Payment.objects.filter(pk=payment.pk).update(status=PaymentStatus.SUCCEEDED)
    refund = refunds.Refund.objects.create(
        payment=payment, order=payment.order, currency=payment.currency, amount=payment.amount,
        amount_mad=payment.amount_mad, reason="test",
    )  # fmt: skip
    provider = services.provider_get("stripe")

    for _attempt in range(2):
        provider.refund_create(payment_reference=payment.provider_reference, amount_minor=100,
                               idempotency_key=refunds.refund_idempotency_key(refund), metadata={})  # fmt: skip

    keys = [headers["Idempotency-Key"] for _method, url, headers in recording.posts() if url.endswith("/v1/refunds")]
    assert keys == [f"souk-refund-{refund.pk}"] * 2


def test_checkout_replayed_with_its_key_gives_the_same_payment(local_stripe, db):
    client, first = checkout_placed(key="replay-key-01")

    sent = client.last_checkout

    again = client.post("/api/v1/checkout/", sent["body"], format="json", HTTP_X_CART_TOKEN=sent["token"],
                        HTTP_IDEMPOTENCY_KEY=sent["key"])  # fmt: skip

    assert (again["Idempotent-Replayed"], again.json()["payment"]["reference"]) == (
        "true",
        first["payment"]["reference"],
    )
    assert Payment.objects.count() == 1


def test_a_provider_that_cannot_be_reached_keeps_the_order_and_says_so(local_stripe, db, settings):
    from payments.providers import providers_reset

    settings.STRIPE_API_BASE = "http://127.0.0.1:9"  # nothing listens there
    providers_reset()

    _client, body = checkout_placed()

    assert (body["payment"], body["payment_error"]["code"], Order.objects.count()) == (
        None,
        "payment_provider_unavailable",
        1,
    )


def test_the_buyer_starts_the_payment_again_once_the_provider_is_back(local_stripe, db, settings):
    from payments.providers import providers_reset

    settings.STRIPE_API_BASE = "http://127.0.0.1:9"
    providers_reset()
    client, body = checkout_placed()
    settings.STRIPE_API_BASE = local_stripe.url
    providers_reset()

    response = client.post(
        f"/api/v1/orders/{body['order']['number']}/payment/?token={body['access_token']}",
        {},
        content_type="application/json",
    )

    assert (response.status_code, response.json()["status"]) == (201, "requires_payment_method")


def test_an_unreachable_provider_is_unavailable_not_an_error(local_stripe):
    provider = stripe_provider.StripeProvider(secret_key="sk_test_x", publishable_key="", webhook_secret="",
                                              api_base="http://127.0.0.1:9")  # fmt: skip

    with pytest.raises(ProviderUnavailable):
        provider.payment_retrieve("pi_anything")


@pytest.mark.parametrize(
    ("intent", "ours"),
    [
        ({"status": "requires_payment_method"}, PaymentStatus.REQUIRES_PAYMENT_METHOD),
        ({"status": "requires_payment_method", "last_payment_error": kit.DECLINE}, PaymentStatus.FAILED),
        ({"status": "requires_action"}, PaymentStatus.REQUIRES_ACTION),
        ({"status": "processing"}, PaymentStatus.PROCESSING),
        ({"status": "succeeded"}, PaymentStatus.SUCCEEDED),
        ({"status": "canceled"}, PaymentStatus.CANCELED),
    ],
)
def test_stripe_states_in_our_words(intent, ours):
    assert stripe_provider.payment_status(intent) == ours
