"""Webhooks through Redis to a real Celery worker, and what happens when
Redis is down as an event arrives."""

import shutil

import pytest
from celery.contrib.testing.worker import start_worker

from config.celery import app as celery_app
from orders.models import Order, OrderStatus
from payments.models import Payment, WebhookEvent, WebhookStatus
from payments.webhooks import webhook_events_sweep
from tests.flows.test_celery_worker import broker_mode, wait_for  # noqa: F401  (fixture)
from tests.payments import stripe_kit as kit
from tests.payments.conftest import checkout_placed
from tests.redis_server import RedisServer


def captured_order(local_stripe):
    client, body = checkout_placed()
    order = Order.objects.get(number=body["order"]["number"])
    payment = Payment.objects.get(order=order)
    kit.card_confirm(local_stripe, payment.provider_reference)
    intent = kit.payment_intent(payment.provider_reference, amount=int(payment.amount * 100),
                                currency=payment.currency, status="succeeded")  # fmt: skip
    return client, order, kit.event("payment_intent.succeeded", intent)


def order_paid(order) -> bool:
    return Order.objects.get(pk=order.pk).status == OrderStatus.PAID


@pytest.mark.redis
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_webhook_goes_through_redis_to_a_real_worker_that_pays_the_order(local_stripe, broker_mode):  # noqa: F811
    client, order, event = captured_order(local_stripe)

    response = kit.deliver(client, event)
    waiting_without_worker = WebhookEvent.objects.get().status
    with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        paid = wait_for(lambda: order_paid(order))

    assert (response.status_code, waiting_without_worker, paid) == (200, WebhookStatus.PENDING, True)
    assert WebhookEvent.objects.get().status == WebhookStatus.APPLIED


# --- Redis down ---------------------------------------------------------------------------------------


@pytest.fixture
def own_broker(tmp_path, broker_mode):  # noqa: F811
    """Celery's broker pointed at a Redis this test can stop and start."""
    if shutil.which("redis-server") is None:
        pytest.fail("redis-server is needed for this test")
    server = RedisServer(tmp_path)
    server.start()
    previous = celery_app.conf.broker_url
    celery_app.conf.broker_url = server.url
    celery_app._pool = None
    celery_app.amqp._producer_pool = None
    yield server
    server.stop()
    celery_app.conf.broker_url = previous
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@pytest.mark.redis
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_with_redis_down_the_event_is_kept_and_the_sweep_applies_it_later(local_stripe, own_broker):
    client, order, event = captured_order(local_stripe)
    own_broker.stop()

    response = kit.deliver(client, event)
    stored = WebhookEvent.objects.get().status

    own_broker.start()
    swept = webhook_events_sweep(older_than_minutes=0)
    with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        paid = wait_for(lambda: order_paid(order))

    assert (response.status_code, stored, swept, paid) == (200, WebhookStatus.PENDING, 1, True)
