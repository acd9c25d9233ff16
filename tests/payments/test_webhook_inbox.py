"""The webhook inbox with signed payloads shaped like Stripe's: what is
refused (and leaves no row), what is stored once, and what applying does,
however often and in whatever order the events come."""

import json
import random
import time

import pytest
from django.db import OperationalError

from orders.models import ArtisanOrder, Order, OrderStatus
from payments import ledger
from payments.models import (
    Dispute,
    LedgerEntry,
    LedgerTransaction,
    Payment,
    PaymentStatus,
    WebhookEvent,
    WebhookStatus,
)
from payments.webhooks import webhook_events_sweep
from tests.concurrency import at_once
from tests.payments import stripe_kit as kit
from tests.payments.conftest import checkout_placed


@pytest.fixture
def placed(local_stripe, db):
    """An order whose PaymentIntent exists at the emulator, not yet confirmed."""
    _client, body = checkout_placed()
    order = Order.objects.get(number=body["order"]["number"])
    return order, Payment.objects.get(order=order)


@pytest.fixture
def captured(placed, local_stripe):
    """The buyer confirmed a good card at the emulator; no webhook delivered yet."""
    order, payment = placed
    kit.card_confirm(local_stripe, payment.provider_reference)
    return order, payment


def minor(payment):
    return int(payment.amount * 100)


def succeeded_event(payment, **kwargs):
    intent = kit.payment_intent(
        payment.provider_reference, amount=minor(payment), currency=payment.currency, status="succeeded"
    )
    return kit.event("payment_intent.succeeded", intent, **kwargs)


def failed_event(payment, **kwargs):
    intent = kit.payment_intent(
        payment.provider_reference, amount=minor(payment), currency=payment.currency,
        status="requires_payment_method", error=kit.DECLINE,
    )  # fmt: skip
    return kit.event("payment_intent.payment_failed", intent, **kwargs)


def dispute_event(payment, **kwargs):
    dispute = kit.dispute("dp_test_1", payment_reference=payment.provider_reference, amount=minor(payment),
                          currency=payment.currency)  # fmt: skip
    return kit.event("charge.dispute.created", dispute, **kwargs)


def deliver(client, payload, capture, **kwargs):
    with capture(execute=True):
        return kit.deliver(client, payload, **kwargs)


# --- refused deliveries ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "case",
    ["bad signature", "another secret", "old timestamp", "tampered body", "not json", "no header", "not an event"],
)
def test_an_untrustworthy_delivery_is_a_400_and_stores_nothing(client, placed, case):
    _order, payment = placed
    body = json.dumps(succeeded_event(payment)).encode()
    kwargs = {}
    if case == "bad signature":
        kwargs["signature"] = f"t={int(time.time())},v1={'0' * 64}"
    elif case == "another secret":
        kwargs["secret"] = "whsec_someone_else"
    elif case == "old timestamp":
        kwargs["timestamp"] = int(time.time()) - 3600
    elif case == "tampered body":
        kwargs["signature"] = kit.signature_header(body)
        body = body.replace(b'"succeeded"', b'"canceled"', 1)
    elif case == "not json":
        body = b"this is not json"
    elif case == "no header":
        kwargs["signature"] = ""
    elif case == "not an event":
        body = json.dumps({"hello": "world"}).encode()

    response = kit.deliver(client, body, **kwargs)

    assert (response.status_code, response.json()["error"]["code"], WebhookEvent.objects.count()) == (
        400,
        "invalid_webhook",
        0,
    )


# --- stored once, applied once ---------------------------------------------------------------------------


def test_a_payment_event_marks_the_order_paid(client, captured, django_capture_on_commit_callbacks):
    order, payment = captured

    response = deliver(client, succeeded_event(payment), django_capture_on_commit_callbacks)

    order.refresh_from_db()
    assert (response.status_code, order.status) == (200, OrderStatus.PAID)


def test_a_duplicate_delivery_answers_200_and_stores_one_row(client, captured, django_capture_on_commit_callbacks):
    _order, payment = captured
    event = succeeded_event(payment)

    first = deliver(client, event, django_capture_on_commit_callbacks)
    second = deliver(client, event, django_capture_on_commit_callbacks)

    assert (first.json()["duplicate"], second.status_code, second.json()["duplicate"]) == (False, 200, True)
    assert WebhookEvent.objects.count() == 1


def test_an_event_for_an_unknown_payment_is_stored_and_marked(client, placed, django_capture_on_commit_callbacks):
    intent = kit.payment_intent("pi_nobody_knows", amount=1000, currency="EUR", status="succeeded")

    response = deliver(client, kit.event("payment_intent.succeeded", intent), django_capture_on_commit_callbacks)

    event = WebhookEvent.objects.get()
    assert (response.status_code, event.status, event.outcome) == (
        200,
        WebhookStatus.IGNORED,
        "unknown payment pi_nobody_knows",
    )


def test_an_unknown_event_type_is_stored_and_ignored(client, placed, django_capture_on_commit_callbacks):
    deliver(client, kit.event("customer.created", {"id": "cus_1", "object": "customer"}),
            django_capture_on_commit_callbacks)  # fmt: skip

    assert list(WebhookEvent.objects.values_list("status", "outcome")) == [
        (WebhookStatus.IGNORED, "ignored: customer.created")
    ]


def test_a_late_failure_never_undoes_a_success(client, captured, django_capture_on_commit_callbacks):
    order, payment = captured
    deliver(client, succeeded_event(payment), django_capture_on_commit_callbacks)

    deliver(client, failed_event(payment, created=int(time.time()) - 60), django_capture_on_commit_callbacks)

    payment.refresh_from_db()
    order.refresh_from_db()
    assert (payment.status, order.status) == (PaymentStatus.SUCCEEDED, OrderStatus.PAID)


def test_a_failure_the_provider_since_overtook_is_applied_as_the_success(
    client, captured, django_capture_on_commit_callbacks
):
    """Only the failure arrives (the success is lost or late): the provider,
    asked again, says the payment succeeded, and the order is paid."""
    order, payment = captured

    deliver(client, failed_event(payment), django_capture_on_commit_callbacks)

    order.refresh_from_db()
    assert order.status == OrderStatus.PAID


def test_a_dispute_flags_the_order(client, captured, django_capture_on_commit_callbacks):
    order, payment = captured
    deliver(client, succeeded_event(payment), django_capture_on_commit_callbacks)

    deliver(client, dispute_event(payment), django_capture_on_commit_callbacks)

    order.refresh_from_db()
    assert (order.disputed_at is not None, Dispute.objects.get().reason) == (True, "fraudulent")


# --- chaos -----------------------------------------------------------------------------------------------


def test_chaos_three_deliveries_each_shuffled_with_a_worker_dying_mid_apply(
    client, captured, django_capture_on_commit_callbacks, monkeypatch
):
    """Every event three times, in a random order; the first apply of the
    success dies half-way (after the order is marked paid, before the ledger
    is written). One payment, one set of ledger entries, final states right."""
    order, payment = captured
    events = [failed_event(payment, created=int(time.time()) - 30), succeeded_event(payment), dispute_event(payment)]
    deliveries = events * 3
    random.Random(20261129).shuffle(deliveries)

    real_capture_post = ledger.capture_post
    calls = {"count": 0}

    def dies_the_first_time(**kwargs):
        calls["count"] += 1
        if calls["count"] == 1:
            raise OperationalError("the worker died mid-apply")
        return real_capture_post(**kwargs)

    monkeypatch.setattr(ledger, "capture_post", dies_the_first_time)
    answers = [deliver(client, payload, django_capture_on_commit_callbacks).status_code for payload in deliveries]
    with django_capture_on_commit_callbacks(execute=True):
        webhook_events_sweep(older_than_minutes=0)  # the scheduled sweep, in case no redelivery came after the death

    order.refresh_from_db()
    payment.refresh_from_db()
    assert answers == [200] * 9
    assert WebhookEvent.objects.count() == 3
    assert set(WebhookEvent.objects.values_list("status", flat=True)) <= {WebhookStatus.APPLIED, WebhookStatus.IGNORED}
    assert (payment.status, order.status, order.disputed_at is not None) == (
        PaymentStatus.SUCCEEDED,
        OrderStatus.PAID,
        True,
    )
    assert set(ArtisanOrder.objects.filter(order=order).values_list("status", flat=True)) == {"to_prepare"}
    assert LedgerTransaction.objects.filter(kind="capture").count() == 1
    assert sum(LedgerEntry.objects.values_list("amount_mad", flat=True)) == 0
    assert WebhookEvent.objects.filter(attempts__gte=2).exists()  # the dying apply was retried


# --- the sweep ---------------------------------------------------------------------------------------------


def test_the_sweep_applies_an_event_whose_task_never_ran(client, captured, django_capture_on_commit_callbacks):
    order, payment = captured
    kit.deliver(client, succeeded_event(payment))  # stored; its on-commit task never runs here

    with django_capture_on_commit_callbacks(execute=True):  # the sweep queues on commit too
        swept = webhook_events_sweep(older_than_minutes=0)

    order.refresh_from_db()
    assert (swept, order.status) == (1, OrderStatus.PAID)


def test_the_sweep_leaves_recent_events_to_their_task(client, captured):
    _order, payment = captured
    kit.deliver(client, succeeded_event(payment))

    assert webhook_events_sweep() == 0


# --- money that should not have come -------------------------------------------------------------------------


def test_a_payment_after_the_order_expired_is_refunded_in_full(client, captured, django_capture_on_commit_callbacks):
    order, payment = captured
    Order.objects.filter(pk=order.pk).update(expires_at=order.placed_at)
    from orders.lifecycle import orders_expire_unpaid

    orders_expire_unpaid()

    deliver(client, succeeded_event(payment), django_capture_on_commit_callbacks)

    order.refresh_from_db()
    refund = payment.refunds.get()
    assert (order.status, refund.amount, refund.status) == (OrderStatus.CANCELLED, payment.amount, "succeeded")
    assert sum(LedgerEntry.objects.values_list("amount_mad", flat=True)) == 0
    assert not LedgerEntry.objects.filter(account__kind="artisan").exists()  # nobody was credited for it


def test_a_second_attempt_paid_as_well_is_refunded_in_full(client, captured, local_stripe,
                                                          django_capture_on_commit_callbacks):  # fmt: skip
    order, first = captured
    second = Payment.objects.create(
        order=order, attempt=2, provider="stripe", provider_reference="pi_second_attempt_placeholder",
        currency=first.currency, amount=first.amount, amount_mad=first.amount_mad,
    )  # fmt: skip
    deliver(client, succeeded_event(first), django_capture_on_commit_callbacks)
    # The second attempt really exists at the emulator, paid too.
    from payments.providers import provider_get

    remote = provider_get("stripe").payment_create(
        amount_minor=minor(first),
        currency=first.currency,
        order_number=order.number,
        idempotency_key="second",
        metadata={},
    )
    Payment.objects.filter(pk=second.pk).update(provider_reference=remote.reference)
    second.refresh_from_db()
    kit.card_confirm(local_stripe, remote.reference)

    deliver(client, succeeded_event(second), django_capture_on_commit_callbacks)

    order.refresh_from_db()
    assert (order.status, second.refunds.get().amount, first.refunds.count()) == (OrderStatus.PAID, second.amount, 0)
    # The artisans are credited once, by the first payment; the second is owed back, then paid back.
    credited = LedgerEntry.objects.filter(account__kind="artisan").values_list("transaction__reference", flat=True)
    assert set(credited) == {f"capture:{first.pk}", f"commission:{first.pk}"}
    assert sum(LedgerEntry.objects.values_list("amount_mad", flat=True)) == 0


# --- refunds and cancellations told by webhook ---------------------------------------------------------------


def test_charge_refunded_settles_the_refunds_it_lists(client, captured, django_capture_on_commit_callbacks):
    from payments import refunds
    from payments.providers import provider_get

    order, payment = captured
    deliver(client, succeeded_event(payment), django_capture_on_commit_callbacks)
    artisan_order = order.artisan_orders.order_by("pk").first()
    # Requested; its on-commit task does not run here, so Stripe's word comes by webhook only.
    refund = refunds.refund_request(artisan_order=artisan_order, actor=None, shipping=True, lines=[], reason="late")
    remote = provider_get("stripe").refund_create(
        payment_reference=payment.provider_reference, amount_minor=int(refund.amount * 100),
        idempotency_key=refunds.refund_idempotency_key(refund), metadata={"souk_refund": str(refund.pk)},
    )  # fmt: skip
    charge = kit.charge_refunded(payment.provider_reference, amount=minor(payment),
                                 refunded=int(refund.amount * 100), currency=payment.currency,
                                 refund_ids=[remote.reference])  # fmt: skip

    deliver(client, kit.event("charge.refunded", charge), django_capture_on_commit_callbacks)

    refund.refresh_from_db()
    order.refresh_from_db()
    assert (refund.status, refund.provider_reference, order.status) == (
        "succeeded",
        remote.reference,
        OrderStatus.PARTIALLY_REFUNDED,
    )


def test_a_canceled_payment_lets_the_buyer_open_a_new_attempt(client, placed, local_stripe,
                                                              django_capture_on_commit_callbacks):  # fmt: skip
    import requests

    order, payment = placed
    requests.post(f"{local_stripe.url}/v1/payment_intents/{payment.provider_reference}/cancel",
                  auth=(kit.SECRET_KEY, ""), timeout=10).raise_for_status()  # fmt: skip
    intent = kit.payment_intent(payment.provider_reference, amount=minor(payment), currency=payment.currency,
                                status="canceled")  # fmt: skip
    deliver(client, kit.event("payment_intent.canceled", intent), django_capture_on_commit_callbacks)

    again = client.post(
        f"/api/v1/orders/{order.number}/payment/?token={order.access_token}", {}, content_type="application/json"
    )

    payment.refresh_from_db()
    assert (payment.status, again.status_code, again.json()["reference"] != payment.provider_reference) == (
        PaymentStatus.CANCELED,
        201,
        True,
    )


# --- two workers, one event ---------------------------------------------------------------------------------


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_workers_applying_one_event_at_once_apply_it_once(local_stripe):
    from payments.webhooks import webhook_event_apply

    _client, body = checkout_placed()
    order = Order.objects.get(number=body["order"]["number"])
    payment = Payment.objects.get(order=order)
    kit.card_confirm(local_stripe, payment.provider_reference)
    event = WebhookEvent.objects.create(provider="stripe", event_id="evt_race", type="payment_intent.succeeded",
                                        payload=succeeded_event(payment, event_id="evt_race"))  # fmt: skip

    outcomes = at_once(lambda: webhook_event_apply(event_pk=event.pk))

    assert sorted(outcomes, key=str) == sorted(["order paid", None], key=str)
    assert LedgerTransaction.objects.filter(kind="capture").count() == 1


# --- payments of cancelled orders ------------------------------------------------------------------------


def expire(order):
    from orders.lifecycle import orders_expire_unpaid

    Order.objects.filter(pk=order.pk).update(expires_at=order.placed_at)
    orders_expire_unpaid()


def test_the_open_payment_of_an_expired_order_is_cancelled_at_the_provider(placed, local_stripe):
    import requests

    from payments.services import payments_cancel_for_cancelled_orders

    order, payment = placed
    expire(order)

    closed = payments_cancel_for_cancelled_orders()

    payment.refresh_from_db()
    at_provider = requests.get(f"{local_stripe.url}/v1/payment_intents/{payment.provider_reference}",
                               auth=(kit.SECRET_KEY, ""), timeout=10).json()["status"]  # fmt: skip
    assert (closed, payment.status, at_provider) == (1, PaymentStatus.CANCELED, "canceled")


def test_a_payment_made_as_the_order_expired_is_found_and_refunded(captured, django_capture_on_commit_callbacks):
    """The card went through at the provider, but its webhook never came and the order expired."""
    from payments.services import payments_cancel_for_cancelled_orders

    order, payment = captured
    expire(order)

    with django_capture_on_commit_callbacks(execute=True):
        payments_cancel_for_cancelled_orders()

    payment.refresh_from_db()
    assert (payment.status, payment.refunds.get().status) == (PaymentStatus.SUCCEEDED, "succeeded")
