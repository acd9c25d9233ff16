"""CMI payments over HTTP against the local emulator (devtools/local_cmi.py):
the buyer posts the signed form to the hosted page and pays with a test
card; the emulator signs its callback with the store key and POSTs it to
/webhooks/cmi/ (this test's live server, or held back and released); the
order is paid only by that callback, through the webhook inbox, or by the
sweep asking CMI's status API when the callback is lost."""

import pytest
from rest_framework.test import APIClient

from orders.models import Order, OrderStatus
from payments import services
from payments.models import LedgerTransaction, Payment, PaymentStatus, WebhookEvent, WebhookStatus
from tests.payments import cmi_kit
from tests.payments.conftest import card_paid, checkout_placed, cmi_callback_post

TRANSACTIONAL = pytest.mark.django_db(transaction=True)


def _mad_order(**checkout) -> tuple[APIClient, Order, dict]:
    """A MAD order placed through the API: its payment is CMI's hosted-page form."""
    client, body = checkout_placed(currency="MAD", **checkout)
    return client, Order.objects.get(number=body["order"]["number"]), body["payment"]


def _status(order: Order) -> str:
    order.refresh_from_db()
    return order.status


# --- the rule and the form ----------------------------------------------------------------------------


def test_a_mad_checkout_answers_cmis_signed_form_instead_of_a_client_secret(local_cmi, db):
    _client, order, payment = _mad_order()

    form = payment["form"]
    assert (payment["provider"], payment["client_secret"], form["action"], form["fields"]["oid"],
            form["fields"]["amount"], form["fields"]["currency"]) == (
        "cmi", "", local_cmi.gateway_url, f"{order.number}-1", f"{order.total:.2f}", "504",
    )  # fmt: skip


def test_each_form_shown_carries_a_fresh_nonce_and_hash(local_cmi, db):
    client, order, first = _mad_order()

    again = client.get(f"/api/v1/orders/{order.number}/payment/?token={order.access_token}").json()["form"]["fields"]

    assert (again["rnd"] != first["form"]["fields"]["rnd"], again["HASH"] != first["form"]["fields"]["HASH"]) == (
        True,
        True,
    )


@pytest.mark.parametrize(
    "currency,choice,provider",
    [("MAD", "", "cmi"), ("EUR", "", "stripe"), ("EUR", "cmi", "cmi"), ("MAD", "stripe", "stripe")],
)
def test_the_provider_is_a_rule_of_the_currency_and_the_buyers_choice(currency, choice, provider):
    assert services.payment_provider_choose(currency=currency, choice=choice) == provider


# --- must show ------------------------------------------------------------------------------------------


@TRANSACTIONAL
def test_an_approved_mad_payment_pays_the_order_only_after_the_callback(cmi_to_live_server):
    local_cmi = cmi_to_live_server
    _client, order, payment = _mad_order()
    local_cmi.callbacks(mode="hold")

    page = cmi_kit.hosted_page_pay(payment["form"], cmi_kit.CARD_APPROVED)
    back = cmi_kit.browser_back(page)  # the buyer is back on the ok URL: proves nothing
    before = _status(order)
    local_cmi.release()

    assert (back.status_code, back.json()["outcome"], before, _status(order)) == (
        200, "ok", OrderStatus.AWAITING_PAYMENT, OrderStatus.PAID,
    )  # fmt: skip


@TRANSACTIONAL
def test_the_callback_is_answered_postauth_and_the_authorisation_captured(cmi_to_live_server):
    _client, order, payment = _mad_order()

    cmi_kit.hosted_page_pay(payment["form"], cmi_kit.CARD_APPROVED)

    oid = payment["reference"]
    answers = [delivery.answer for delivery in cmi_to_live_server.deliveries]
    assert (answers, cmi_to_live_server.order(oid).status, _status(order)) == (
        ["ACTION=POSTAUTH"], "C", OrderStatus.PAID,
    )  # fmt: skip


@TRANSACTIONAL
def test_a_3d_secure_challenge_passed_pays_the_order(cmi_to_live_server):
    _client, order, payment = _mad_order()

    cmi_kit.hosted_page_pay(payment["form"], cmi_kit.CARD_3DS)

    assert _status(order) == OrderStatus.PAID


def _held_callback(local_cmi, payment: dict, card=cmi_kit.CARD_APPROVED) -> dict:
    local_cmi.callbacks(mode="hold")
    cmi_kit.hosted_page_pay(payment["form"], card)
    [fields] = local_cmi.held
    return fields


@pytest.mark.parametrize(
    "forge",
    [
        pytest.param(lambda fields, other: {**fields, "HASH": "A" * 88}, id="wrong hash"),
        pytest.param(lambda fields, other: {**fields, "amount": "1.00"}, id="amount changed"),
        pytest.param(lambda fields, other: {**fields, "oid": other}, id="another order id"),
        pytest.param(lambda fields, other: {k: v for k, v in fields.items() if k != "HASH"}, id="no hash"),
    ],
)
def test_a_forged_or_altered_callback_is_refused_and_stores_nothing(local_cmi, db, forge):
    client, order, payment = _mad_order(key="forged-0001")
    _other_client, _other, other_payment = _mad_order(key="forged-0002")
    fields = _held_callback(local_cmi, payment)

    answer = cmi_callback_post(client, forge(fields, other_payment["reference"]))

    assert (answer.status_code, answer.content, WebhookEvent.objects.count(), _status(order)) == (
        400, b"FAILURE", 0, OrderStatus.AWAITING_PAYMENT,
    )  # fmt: skip


def test_the_genuine_callback_of_the_forged_tests_pays(local_cmi, db, django_capture_on_commit_callbacks):
    """The counterpart of the forgeries above: the same callback, unaltered."""
    client, order, payment = _mad_order()
    fields = _held_callback(local_cmi, payment)

    with django_capture_on_commit_callbacks(execute=True):
        answer = cmi_callback_post(client, fields)

    assert (answer.status_code, answer.content, _status(order)) == (200, b"ACTION=POSTAUTH", OrderStatus.PAID)


def test_a_declined_callback_is_noted_approved_and_leaves_the_order_unpaid(
    local_cmi, db, django_capture_on_commit_callbacks
):
    client, order, payment = _mad_order()
    fields = _held_callback(local_cmi, payment, cmi_kit.CARD_DECLINED)

    with django_capture_on_commit_callbacks(execute=True):
        answer = cmi_callback_post(client, fields)

    assert (answer.content, Payment.objects.get(order=order).status, _status(order)) == (
        b"APPROVED", PaymentStatus.FAILED, OrderStatus.AWAITING_PAYMENT,
    )  # fmt: skip


@TRANSACTIONAL
def test_a_callback_delivered_three_times_and_out_of_order_is_applied_once(cmi_to_live_server):
    local_cmi = cmi_to_live_server
    _client, order, payment = _mad_order()
    local_cmi.callbacks(mode="hold", repeat=3)
    session = cmi_kit.hosted_page_open(payment["form"])
    cmi_kit.hosted_page_pay(payment["form"], cmi_kit.CARD_DECLINED, session=session)  # held: declined ×3
    cmi_kit.hosted_page_pay(payment["form"], cmi_kit.CARD_APPROVED, session=session)  # held: approved ×3

    local_cmi.release(reverse=True)  # approved ×3 first, then the older decline ×3

    events = dict(WebhookEvent.objects.filter(provider="cmi").values_list("type", "status"))
    captures = LedgerTransaction.objects.filter(order=order, kind="capture").count()
    assert (_status(order), captures, events, Payment.objects.get(order=order).status) == (
        OrderStatus.PAID, 1, {"callback.approved": WebhookStatus.APPLIED, "callback.refused": WebhookStatus.IGNORED},
        PaymentStatus.SUCCEEDED,
    )  # fmt: skip


def test_a_lost_callback_is_recovered_by_the_status_sweep(local_cmi, db, cmi_requests):
    _client, order, payment = _mad_order()
    local_cmi.callbacks(mode="drop")
    cmi_kit.hosted_page_pay(payment["form"], cmi_kit.CARD_APPROVED)
    unpaid = _status(order)

    moved = services.payments_pending_reconcile(older_than_minutes=0)

    assert (unpaid, moved, _status(order), local_cmi.order(payment["reference"]).status) == (
        OrderStatus.AWAITING_PAYMENT, 1, OrderStatus.PAID, "C",
    )  # fmt: skip


def test_the_sweep_leaves_a_payment_the_buyer_has_not_made_yet(local_cmi, db):
    _client, order, _payment = _mad_order()

    moved = services.payments_pending_reconcile(older_than_minutes=0)

    assert (moved, Payment.objects.get(order=order).status) == (0, PaymentStatus.REQUIRES_PAYMENT_METHOD)


@TRANSACTIONAL
def test_a_declined_card_leaves_the_order_awaiting_payment_and_a_retry_through_stripe_in_eur_pays_it(
    cmi_to_live_server, local_stripe
):
    client, body = checkout_placed(currency="EUR", payment_provider="cmi")
    order = Order.objects.get(number=body["order"]["number"])
    assert body["payment"]["form"]["fields"]["currency"] == "978"

    cmi_kit.hosted_page_pay(body["payment"]["form"], cmi_kit.CARD_DECLINED)
    declined = (_status(order), Payment.objects.get(order=order, attempt=1).status)
    retry = client.post(f"/api/v1/orders/{order.number}/payment/?token={order.access_token}", {"provider": "stripe"},
                        format="json")  # fmt: skip
    card_paid(local_stripe, client, Payment.objects.get(order=order, attempt=2))

    stripe_attempt = Payment.objects.get(order=order, attempt=2)
    assert (declined, retry.status_code, retry.json()["provider"], bool(retry.json()["client_secret"]),
            stripe_attempt.currency, _status(order)) == (
        (OrderStatus.AWAITING_PAYMENT, PaymentStatus.FAILED), 201, "stripe", True, "EUR", OrderStatus.PAID,
    )  # fmt: skip


def test_a_declined_cmi_attempt_is_retried_at_cmi_with_a_new_order_id(
    local_cmi, db, django_capture_on_commit_callbacks
):
    client, order, payment = _mad_order()
    fields = _held_callback(local_cmi, payment, cmi_kit.CARD_DECLINED)
    with django_capture_on_commit_callbacks(execute=True):
        cmi_callback_post(client, fields)

    retry = client.post(f"/api/v1/orders/{order.number}/payment/?token={order.access_token}", format="json")

    assert (retry.status_code, retry.json()["provider"], retry.json()["form"]["fields"]["oid"]) == (
        201, "cmi", f"{order.number}-2",
    )  # fmt: skip


def test_the_stripe_flow_is_unchanged_for_an_eur_order(local_stripe, db, django_capture_on_commit_callbacks):
    client, body = checkout_placed(currency="EUR")
    payment = Payment.objects.get(order__number=body["order"]["number"])

    with django_capture_on_commit_callbacks(execute=True):
        card_paid(local_stripe, client, payment)

    assert (body["payment"]["provider"], body["payment"]["form"], _status(payment.order)) == (
        "stripe", None, OrderStatus.PAID,
    )  # fmt: skip


def test_a_cmi_return_page_changes_nothing(local_cmi, db):
    client, order, _payment = _mad_order()

    answer = client.post("/pay/cmi/ok/", {"oid": f"{order.number}-1", "ProcReturnCode": "00", "Response": "Approved"})

    assert (answer.status_code, _status(order)) == (200, OrderStatus.AWAITING_PAYMENT)


def test_the_sweep_asks_cmi_outside_any_transaction(local_cmi, db, cmi_requests):
    _client, _order, payment = _mad_order()
    local_cmi.callbacks(mode="drop")
    cmi_kit.hosted_page_pay(payment["form"], cmi_kit.CARD_APPROVED)

    services.payments_pending_reconcile(older_than_minutes=0)

    calls = [(method, url.rsplit("/", 2)[-2:]) for method, url, _open in cmi_requests.sent]
    assert (calls, cmi_requests.inside_transactions()) == ([("POST", ["fim", "api"])] * 3, [])


def test_a_cmi_payment_of_a_cancelled_order_is_closed(local_cmi, db):
    _client, order, _payment = _mad_order()
    Order.objects.filter(pk=order.pk).update(status=OrderStatus.CANCELLED)

    closed = services.payments_cancel_for_cancelled_orders()

    assert (closed, Payment.objects.get(order=order).status) == (1, PaymentStatus.CANCELED)
