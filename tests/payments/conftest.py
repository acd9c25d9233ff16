import itertools
from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from tests.conftest import STRIPE_WEBHOOK_SECRET
from tests.factories import ArtisanFactory, ProductFactory

_skus = itertools.count(1)

ADDRESS = {
    "name": "Claire Martin",
    "line1": "3 rue Mercière",
    "city": "Lyon",
    "postal_code": "69002",
    "country": "FR",
    "phone": "06 12 34 56 78",
}


@pytest.fixture
def local_stripe(local_stripe_server):
    """The emulator, emptied for this test."""
    local_stripe_server.wipe()
    yield local_stripe_server
    local_stripe_server.webhooks_forget()


@pytest.fixture
def stripe_to_live_server(local_stripe, live_server):
    """The emulator sends its webhooks to this test's server, signed with the test secret."""
    local_stripe.webhook_register(url=f"{live_server.url}/webhooks/stripe/", secret=STRIPE_WEBHOOK_SECRET)
    return local_stripe


@pytest.fixture
def local_cmi(local_cmi_server):
    """The CMI emulator, emptied for this test (callbacks sent at once unless the test says)."""
    local_cmi_server.reset()
    yield local_cmi_server
    local_cmi_server.reset()


@pytest.fixture
def cmi_to_live_server(local_cmi, live_server, settings, cmi_requests):
    """CMI's callbacks reach this test's server, and its buyers come back to it."""
    from payments.providers import provider_use
    from payments.providers.cmi import CmiProvider

    settings.CMI_CALLBACK_URL = f"{live_server.url}/webhooks/cmi/"
    settings.CMI_RETURN_URL = f"{live_server.url}/pay/cmi/"
    provider_use(CmiProvider.from_settings(session=cmi_requests))
    return local_cmi


def cmi_callback_post(client, fields: dict):
    """POST one callback to the endpoint, as CMI does (form-encoded)."""
    from urllib.parse import urlencode

    return client.generic("POST", "/webhooks/cmi/", urlencode(fields), content_type="application/x-www-form-urlencoded")


def checkout_placed(
    *,
    lines=(("300.00", 2), ("900.00", 1)),
    currency="EUR",
    key="pay-key-0001",
    client=None,
    incoterm="DAP",
    payment_provider="",
):
    """A guest checkout through the API of one product per (price, quantity),
    each from its own artisan. Returns (client, response body)."""
    client = client or APIClient()
    token = None
    for price, quantity in lines:
        product = ProductFactory(
            artisan=ArtisanFactory(), variants=[{"sku": f"PAY-{next(_skus):06d}", "price_mad": price, "stock": 5}]
        )
        headers = {"HTTP_X_CART_TOKEN": token} if token else {}
        answer = client.post("/api/v1/cart/lines/", {"variant": product.variants.get().pk, "quantity": quantity},
                             format="json", **headers)  # fmt: skip
        token = answer.json()["token"]
    body = {"email": "claire@example.fr", "shipping_address": ADDRESS, "currency": currency, "incoterm": incoterm}
    if payment_provider:
        body["payment_provider"] = payment_provider
    response = client.post("/api/v1/checkout/", body, format="json", HTTP_X_CART_TOKEN=token, HTTP_IDEMPOTENCY_KEY=key)
    client.last_checkout = {"body": body, "token": token, "key": key}  # for tests that replay it
    assert response.status_code == 201, response.content
    return client, response.json()


def card_paid(local_stripe, client, payment):
    """The buyer's card confirmed at the emulator, and its success delivered as
    the signed webhook the emulator would send (stored; applied on commit)."""
    from tests.payments import stripe_kit as kit

    kit.card_confirm(local_stripe, payment.provider_reference)
    intent = kit.payment_intent(payment.provider_reference, amount=int(payment.amount * 100),
                                currency=payment.currency, status="succeeded")  # fmt: skip
    return kit.deliver(client, kit.event("payment_intent.succeeded", intent))


def order_paid(local_stripe, capture, **checkout):
    """An order placed through the API and paid through the emulator (the card
    confirmed there, the success applied as its webhook would be)."""
    from orders.models import Order, OrderStatus
    from payments.models import Payment

    client, body = checkout_placed(**checkout)
    order = Order.objects.get(number=body["order"]["number"])
    with capture(execute=True):
        card_paid(local_stripe, client, Payment.objects.get(order=order))
    order.refresh_from_db()
    assert order.status == OrderStatus.PAID
    return order


@pytest.fixture
def paid(local_stripe, db, django_capture_on_commit_callbacks):
    """An order of two artisans, paid."""
    return order_paid(local_stripe, django_capture_on_commit_callbacks, lines=(("300.00", 2), ("900.00", 1)))


@pytest.fixture
def payout_settings(settings):
    """Commission, hold and minimum as the ledger builders' OWED assumes."""
    settings.COMMISSION_DEFAULT_PERCENT = Decimal("12.00")
    settings.PAYOUT_HOLD_DAYS = 7
    settings.PAYOUT_MINIMUM_MAD = Decimal("100.00")
