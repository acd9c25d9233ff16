"""Redis stopped while buyers browse, sign in, check out and the payment
provider's webhooks arrive: every answer comes from PostgreSQL, none is a 5xx
or takes a second; the work Redis could not take waits in PostgreSQL, and once
Redis is back the sweeps queue it and a worker applies every webhook once."""

import time

import pytest
from celery.contrib.testing.worker import start_worker
from django.core import mail
from rest_framework.test import APIClient

from config.celery import app as celery_app
from marketplace.models import PendingTask
from marketplace.tasks import pending_tasks_sweep
from orders.models import Order, OrderEvent, OrderStatus
from payments.models import LedgerTransaction, LedgerTransactionKind, Payment, WebhookEvent, WebhookStatus
from payments.webhooks import webhook_events_sweep
from tests.factories import PASSWORD, ProductFactory, UserFactory
from tests.flows.test_celery_worker import wait_for
from tests.payments import stripe_kit as kit
from tests.payments.conftest import ADDRESS

SLOWEST_SECONDS = 1.0

pytestmark = [pytest.mark.redis, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


class Answers:
    """Every request the test makes, with its status and how long it took."""

    def __init__(self):
        self.seen = []

    def timed(self, label, call, *args, **kwargs):
        started = time.monotonic()
        response = call(*args, **kwargs)
        self.seen.append((label, response.status_code, round(time.monotonic() - started, 3)))
        return response

    def server_errors(self):
        return [answer for answer in self.seen if answer[1] >= 500]

    def slow(self):
        return [answer for answer in self.seen if answer[2] >= SLOWEST_SECONDS]


def browse(answers, client, product):
    answers.timed("products", client.get, "/api/v1/products/")
    answers.timed("products in USD", client.get, "/api/v1/products/?currency=usd")
    answers.timed("product", client.get, f"/api/v1/products/{product.slug}/")
    answers.timed("categories", client.get, "/api/v1/categories/")


def cart_fill(answers, client, variants):
    token = None
    for variant in variants:
        headers = {"HTTP_X_CART_TOKEN": token} if token else {}
        added = answers.timed("cart line", client.post, "/api/v1/cart/lines/",
                              {"variant": variant.pk, "quantity": 1}, format="json", **headers)  # fmt: skip
        assert added.status_code == 201, added.content
        token = added.json()["token"]
    return {"HTTP_X_CART_TOKEN": token} if token else {}


def check_out(answers, client, key, cart_headers, **body):
    body = {"shipping_address": ADDRESS, "currency": "EUR", **body}
    response = answers.timed("checkout", client.post, "/api/v1/checkout/", body, format="json",
                             HTTP_IDEMPOTENCY_KEY=key, **cart_headers)  # fmt: skip
    assert response.status_code == 201, response.content
    return Order.objects.get(number=response.json()["order"]["number"])


def pay(answers, client, local_stripe, order):
    """The buyer confirms the card at the emulator; Stripe then delivers the
    success, and delivers it again as it does when unsure it arrived."""
    payment = Payment.objects.get(order=order)
    kit.card_confirm(local_stripe, payment.provider_reference)
    intent = kit.payment_intent(payment.provider_reference, amount=int(payment.amount * 100),
                                currency=payment.currency, status="succeeded")  # fmt: skip
    event = kit.event("payment_intent.succeeded", intent)
    for label in ("webhook", "webhook again"):
        answers.timed(label, kit.deliver, client, event)


def paid_once(order) -> tuple:
    order.refresh_from_db()
    return (
        order.status,
        OrderEvent.objects.filter(order=order, artisan_order=None, to_status=OrderStatus.PAID).count(),
        LedgerTransaction.objects.filter(order=order, kind=LedgerTransactionKind.CAPTURE).count(),
    )


def test_with_redis_stopped_buyers_are_served_and_every_webhook_is_applied_once_after(
    private_redis, local_stripe, settings
):
    settings.WEBHOOK_SWEEP_AFTER_MINUTES = 0  # the event sweep queues them too: two copies each
    products = [ProductFactory(), ProductFactory(), ProductFactory()]
    variants = [product.variants.get() for product in products]
    buyer = UserFactory()
    browse(Answers(), APIClient(), products[0])  # with Redis: the cache now holds pages and versions
    answers = Answers()
    private_redis.stop()

    guest = APIClient()
    browse(answers, guest, products[1])
    signed_in = APIClient()
    login = answers.timed("login", signed_in.post, "/api/v1/auth/login/",
                          {"email": buyer.email, "password": PASSWORD}, format="json")  # fmt: skip
    signed_in.credentials(HTTP_AUTHORIZATION=f"Bearer {login.json()['access']}")
    answers.timed("me", signed_in.get, "/api/v1/me/")
    browse(answers, signed_in, products[2])
    buyer_order = check_out(answers, signed_in, "fault-buyer-1", cart_fill(answers, signed_in, variants[:2]))
    guest_order = check_out(answers, guest, "fault-guest-1", cart_fill(answers, guest, variants[2:]),
                            email="guest@example.fr")  # fmt: skip
    for client, order in ((signed_in, buyer_order), (guest, guest_order)):
        pay(answers, client, local_stripe, order)
    while_down = (
        sorted(WebhookEvent.objects.values_list("status", flat=True)),
        PendingTask.objects.filter(task="payments.tasks.webhook_event_apply").count(),
    )

    private_redis.start()
    with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        # The sweeps, as beat runs them every minute or two, until the worker has applied both.
        def swept_and_applied():
            pending_tasks_sweep()
            webhook_events_sweep()
            applied = WebhookEvent.objects.filter(status=WebhookStatus.APPLIED).count() == 2
            return applied and not PendingTask.objects.exists()

        recovered = wait_for(swept_and_applied, seconds=30)
        time.sleep(1)  # any copy still queued runs now, and must change nothing

    assert login.status_code == 200
    assert answers.server_errors() == [], answers.seen
    assert answers.slow() == [], answers.seen
    assert while_down == ([WebhookStatus.PENDING] * 2, 2)
    assert recovered
    assert paid_once(buyer_order) == paid_once(guest_order) == (OrderStatus.PAID, 1, 1)
    # The e-mails queued while Redis was down (each buyer's order, each artisan's new order): sent once each.
    expected = [buyer.email, "guest@example.fr", *(product.artisan.user.email for product in products)]
    assert sorted(message.to[0] for message in mail.outbox) == sorted(expected)
