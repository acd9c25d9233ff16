"""Chargebacks end to end through signed webhooks: opened (payouts held),
won (released), lost (booked as a refund the bank already paid, so the
artisans' balances carry it), in any order and delivered more than once."""

from decimal import Decimal

import pytest

from orders.models import ArtisanOrderStatus, OrderStatus
from payments import payouts, selectors
from payments.models import (
    Dispute,
    DisputeStatus,
    LedgerEntry,
    Payment,
    Refund,
    RefundStatus,
    StateChange,
    WebhookEvent,
)
from payments.providers import provider_get
from tests.factories import ArtisanFactory
from tests.payments import stripe_kit as kit
from tests.payments.ledger_builders import OWED, artisan_balance, bank_details, deliver, paid_order, total

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("payout_settings")]


def stripe_sale(*, delivered_days_ago: float | None = 8):
    """A paid order of one artisan, its payment known as a Stripe PaymentIntent."""
    artisan = ArtisanFactory()
    bank_details(artisan)
    paid = paid_order(artisans=[artisan])
    Payment.objects.filter(pk=paid.payment.pk).update(provider="stripe")
    paid.payment.refresh_from_db()
    if delivered_days_ago is not None:
        deliver(paid.order, days_ago=delivered_days_ago)
    return paid


def dispute_event(paid, event_type: str, *, status: str = "needs_response", amount=None, reference="du_test_1"):
    payment = paid.payment
    amount_minor = int((payment.amount if amount is None else amount) * 100)
    dispute = kit.dispute(reference, payment_reference=payment.provider_reference, amount=amount_minor,
                          currency=payment.currency, status=status)  # fmt: skip
    return kit.event(event_type, dispute)


def opened(paid, **kwargs):
    return dispute_event(paid, "charge.dispute.created", **kwargs)


def closed(paid, status: str, **kwargs):
    return dispute_event(paid, "charge.dispute.closed", status=status, **kwargs)


@pytest.fixture
def send(client, django_capture_on_commit_callbacks):
    def send(payload):
        with django_capture_on_commit_callbacks(execute=True):
            response = kit.deliver(client, payload)
        assert response.status_code == 200, response.content
        return WebhookEvent.objects.get(event_id=payload["id"])

    return send


def payable_ids():
    return [artisan_order.pk for artisan_order in selectors.payable_artisan_orders()]


def test_an_open_dispute_holds_the_payout(send):
    paid = stripe_sale()

    send(opened(paid))

    assert payable_ids() == []


def test_a_won_dispute_releases_the_payout(send):
    paid = stripe_sale()
    send(opened(paid))

    event = send(closed(paid, "won"))

    paid.order.refresh_from_db()
    assert (Dispute.objects.get().status, paid.order.disputed_at, payable_ids(), event.outcome) == (
        DisputeStatus.WON, None, [paid.parts[0].pk], "dispute won, payouts released"
    )  # fmt: skip


def test_an_inquiry_closed_with_a_warning_keeps_the_money_like_a_win(send):
    paid = stripe_sale()
    send(opened(paid))

    send(closed(paid, "warning_closed"))

    assert payable_ids() == [paid.parts[0].pk]


def test_a_win_while_another_dispute_of_the_order_is_open_keeps_the_hold(send):
    paid = stripe_sale()
    send(opened(paid, reference="du_first"))
    send(opened(paid, reference="du_second"))

    send(closed(paid, "won", reference="du_first"))

    paid.order.refresh_from_db()
    assert (paid.order.disputed_at is not None, payable_ids()) == (True, [])


def test_a_lost_dispute_is_a_refund_the_bank_already_paid(send):
    paid = stripe_sale()
    send(opened(paid))

    event = send(closed(paid, "lost"))

    refund = Refund.objects.get()
    paid.order.refresh_from_db()
    paid.payment.refresh_from_db()
    assert (refund.status, refund.provider_reference, refund.amount, paid.payment.amount_refunded) == (
        RefundStatus.SUCCEEDED, "du_test_1", paid.payment.amount, paid.payment.amount
    )  # fmt: skip
    assert (paid.order.status, event.outcome) == (OrderStatus.REFUNDED, f"dispute lost, booked as refund {refund.pk}")


def test_a_lost_dispute_takes_the_sale_off_the_artisans_balance_and_the_ledger_balances(send):
    paid = stripe_sale()
    artisan = paid.parts[0].artisan
    assert artisan_balance(artisan) == OWED

    send(closed(paid, "lost"))

    assert (artisan_balance(artisan), total(LedgerEntry.objects.all()), payable_ids()) == (Decimal("0.00"), 0, [])


def test_a_dispute_lost_after_the_payout_is_a_debt_the_next_payout_takes_back(send):
    paid = stripe_sale()
    artisan = paid.parts[0].artisan
    payouts.payout_batch_create()

    send(closed(paid, "lost"))

    debts = [(row.pk, row.owed_mad) for row in selectors.payable_artisan_orders()]
    assert (artisan_balance(artisan), debts) == (-OWED, [(paid.parts[0].pk, -OWED)])


def test_a_lost_dispute_on_an_unshipped_order_cancels_it_and_gives_the_stock_back(send):
    paid = stripe_sale(delivered_days_ago=None)
    line = paid.parts[0].lines.get()
    stock_before = line.variant.stock

    send(closed(paid, "lost"))

    line.variant.refresh_from_db()
    assert (paid.parts[0].status, line.variant.stock) == (ArtisanOrderStatus.CANCELLED, stock_before + line.quantity)


def test_a_partial_chargeback_lost_is_left_flagged_for_staff(send):
    paid = stripe_sale()
    send(opened(paid, amount=Decimal("10.00")))

    event = send(closed(paid, "lost", amount=Decimal("10.00")))

    paid.order.refresh_from_db()
    assert (Dispute.objects.get().status, Refund.objects.count(), paid.order.disputed_at is not None) == (
        DisputeStatus.LOST, 0, True
    )  # fmt: skip
    assert "staff" in event.outcome


@pytest.mark.parametrize("order_of_events", ["closed first", "opened first"])
def test_closed_before_opened_and_every_event_twice_apply_once(send, order_of_events):
    paid = stripe_sale()
    events = [opened(paid), closed(paid, "lost")]
    if order_of_events == "closed first":
        events.reverse()

    for payload in [*events, *events]:
        send(payload)

    changes = list(StateChange.objects.filter(subject="dispute").values_list("from_status", "to_status"))
    assert (Dispute.objects.get().status, Refund.objects.count(), changes) == (
        DisputeStatus.LOST, 1, [("", "open"), ("open", "lost")]
    )  # fmt: skip


def test_the_stripe_provider_reads_a_closed_dispute_in_our_words():
    paid = stripe_sale(delivered_days_ago=None)

    parsed = provider_get("stripe").event_read(closed(paid, "lost", reference="du_read"))

    assert (parsed.kind, parsed.dispute_reference, parsed.dispute_outcome, parsed.payment_reference) == (
        "dispute_closed", "du_read", DisputeStatus.LOST, paid.payment.provider_reference
    )  # fmt: skip
