"""Properties of the ledger over random histories: captures of orders from
one to three artisans, partial and full refunds of lines and shipping (some
settled, some failed and reversed), deliveries, weekly payouts, bank
transfers paid or failed.

After any history:
- every ledger transaction sums to zero, in MAD and in the original currency;
- each artisan's balance (minus their account) = sales (goods and shipping
  captured) − commission kept − refunds not reversed − payouts not failed,
  where the refunds and payouts are read from their own rows, not the ledger;
- a line whose refunds (not reversed) cover all its pieces has given back all
  of its commission, and a line never refunded none of it;
- the clearing account holds what was captured, less the providers' fees,
  refunds paid and payouts not failed;
- each capture's fee, at its provider's rate (Stripe's or CMI's, the
  payments drawn from both), is on the fees account.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from marketplace.money import quantize
from payments import ledger, payouts
from payments.models import (
    AccountKind,
    CommissionRule,
    LedgerEntry,
    LedgerTransaction,
    LineCommission,
    Payout,
    PayoutBatchStatus,
    PayoutStatus,
    RefundItemKind,
)
from tests.factories import ArtisanFactory
from tests.payments.ledger_builders import (
    artisan_balance,
    bank_details,
    deliver,
    paid_order,
    refund_build,
    total,
)
from tests.rollback import rolled_back

pytestmark = pytest.mark.django_db

OPERATIONS = ["capture", "refund", "deliver", "payout", "bank_pays", "bank_returns"]
PROVIDERS = ["stripe", "cmi"]
# What each provider keeps of a capture (percent), as the settings say.
FEE_RATES = {"stripe": Decimal("2.90"), "cmi": Decimal("1.75")}
RATES = [Decimal("0"), Decimal("7.50"), Decimal("12.35"), Decimal("15.00"), Decimal("33.33")]


@dataclass
class World:
    """What the test did, kept apart from what the ledger says."""

    artisans: list
    orders: list = field(default_factory=list)  # Paid
    # order line id → pieces refunded by refunds not reversed
    pieces_refunded: dict = field(default_factory=lambda: defaultdict(int))
    # artisan order id → shipping refunded and not reversed
    shipping_refunded: set = field(default_factory=set)
    # artisan id → MAD refunded from their sales, not reversed
    refunded_mad: dict = field(default_factory=lambda: defaultdict(lambda: Decimal("0.00")))
    settled_mad: Decimal = Decimal("0.00")
    refunded_lines: set = field(default_factory=set)


def _capture(world: World, data) -> None:
    artisans = data.draw(st.lists(st.sampled_from(world.artisans), min_size=1, max_size=3, unique_by=lambda a: a.pk))
    quantity = data.draw(st.integers(min_value=1, max_value=4))
    provider = data.draw(st.sampled_from(PROVIDERS))
    world.orders.append(paid_order(artisans=artisans, quantity=quantity, provider=provider))


def _refund(world: World, data) -> None:
    paid = data.draw(st.sampled_from(world.orders))
    part = data.draw(st.sampled_from(paid.parts))
    line = part.lines.get()
    pieces_left = line.quantity - world.pieces_refunded[line.pk]
    choices = (["line"] if pieces_left else []) + (["shipping"] if part.pk not in world.shipping_refunded else [])
    if not choices:
        return
    if data.draw(st.sampled_from(choices)) == "line":
        pieces = data.draw(st.integers(min_value=1, max_value=pieces_left))
        item = {"kind": RefundItemKind.LINE, "artisan_order": part, "order_line": line, "quantity": pieces}
    else:
        pieces = 0
        item = {"kind": RefundItemKind.SHIPPING, "artisan_order": part, "amount_mad": part.shipping_mad}
    refund = refund_build(payment=paid.payment, items=[item])
    outcome = data.draw(st.sampled_from(["pending", "settled", "reversed"]))
    if outcome == "reversed":
        ledger.refund_reversed_post(refund=refund)
        return
    if outcome == "settled":
        ledger.refund_settled_post(refund=refund)
        world.settled_mad += refund.amount_mad
    world.refunded_mad[part.artisan_id] += refund.amount_mad
    if pieces:
        world.pieces_refunded[line.pk] += pieces
        world.refunded_lines.add(line.pk)
    else:
        world.shipping_refunded.add(part.pk)


def _deliver(world: World, data) -> None:
    paid = data.draw(st.sampled_from(world.orders))
    deliver(paid.order, days_ago=data.draw(st.sampled_from([1, 30])))


def _bank_pays(world: World, data) -> None:
    batches = {payout.batch for payout in Payout.objects.select_related("batch")}
    open_batches = [batch for batch in batches if batch.status != PayoutBatchStatus.CLOSED]
    if not open_batches:
        return
    batch = data.draw(st.sampled_from(sorted(open_batches, key=lambda batch: batch.pk)))
    payouts.payout_batch_export_csv(batch=batch, actor=None)
    payouts.payout_batch_mark_paid(batch=batch, actor=None)


def _bank_returns(world: World, data) -> None:
    standing = list(Payout.objects.exclude(status=PayoutStatus.FAILED).order_by("pk"))
    if standing:
        payout = data.draw(st.sampled_from(standing))
        payouts.payout_mark_failed(payout=payout, actor=None, reason="returned by the bank")


def _payout_run(world: World, data) -> None:
    payouts.payout_batch_create()


STEPS = {
    "capture": _capture,
    "refund": _refund,
    "deliver": _deliver,
    "payout": _payout_run,
    "bank_pays": _bank_pays,
    "bank_returns": _bank_returns,
}


def _run(world: World, data) -> None:
    """A few captures, then random steps, then a tail that makes payouts
    likely (deliveries past the hold, a run, the bank's answer, a late
    refund, another run), so most histories reach the payout states."""
    for _ in range(data.draw(st.integers(min_value=1, max_value=3))):
        _capture(world, data)
    for name in data.draw(st.lists(st.sampled_from(OPERATIONS), max_size=8)):
        STEPS[name](world, data)
    for paid in world.orders:
        if data.draw(st.booleans()):
            deliver(paid.order, days_ago=30)
    tail = ["payout", data.draw(st.sampled_from(["bank_pays", "bank_returns"])), "bank_returns", "refund", "payout"]
    for name in tail:
        STEPS[name](world, data)


# --- what must hold ------------------------------------------------------------------------------------


def _check_every_transaction_balances() -> None:
    for ledger_transaction in LedgerTransaction.objects.all():
        entries = ledger_transaction.entries.all()
        assert (total(entries), total(entries, "amount")) == (Decimal("0.00"), Decimal("0.00")), ledger_transaction


def _commission_kept(artisan) -> Decimal:
    """Commission taken on the artisan's lines, less what refunds gave back."""
    return -total(LedgerEntry.objects.filter(account__kind=AccountKind.COMMISSION, artisan_order__artisan=artisan))


def _check_each_artisans_balance(world: World) -> None:
    for artisan in world.artisans:
        parts = [part for paid in world.orders for part in paid.parts if part.artisan_id == artisan.pk]
        sales = sum((part.subtotal_mad + part.shipping_mad for part in parts), Decimal("0.00"))
        paid_out = total(Payout.objects.filter(artisan=artisan).exclude(status=PayoutStatus.FAILED))
        expected = sales - _commission_kept(artisan) - world.refunded_mad[artisan.pk] - paid_out
        assert artisan_balance(artisan) == expected, artisan


def _check_commission_given_back_per_line(world: World) -> None:
    for commission in LineCommission.objects.select_related("order_line"):
        kept = -total(LedgerEntry.objects.filter(account__kind=AccountKind.COMMISSION,
                                                 order_line_id=commission.order_line_id))  # fmt: skip
        refunded = world.pieces_refunded[commission.order_line_id]
        if refunded == commission.order_line.quantity:
            assert kept == Decimal("0.00")
        elif commission.order_line_id not in world.refunded_lines:
            assert kept == commission.amount_mad
        else:
            assert Decimal("0.00") <= kept <= commission.amount_mad


def _fee_mad(payment) -> Decimal:
    return quantize(payment.amount_mad * FEE_RATES[payment.provider] / 100, "MAD")


def _check_clearing(world: World) -> None:
    captured = sum((paid.payment.amount_mad for paid in world.orders), Decimal("0.00"))
    fees = sum((_fee_mad(paid.payment) for paid in world.orders), Decimal("0.00"))
    paid_out = total(Payout.objects.exclude(status=PayoutStatus.FAILED))
    clearing = total(LedgerEntry.objects.filter(account__kind=AccountKind.CLEARING))
    assert clearing == captured - fees - world.settled_mad - paid_out


def _check_provider_fees(world: World) -> None:
    by_provider = {
        provider: total(LedgerEntry.objects.filter(account__kind=AccountKind.FEES,
                                                   transaction__order__payments__provider=provider))
        for provider in PROVIDERS
    }  # fmt: skip
    expected = {
        provider: sum((_fee_mad(paid.payment) for paid in world.orders if paid.payment.provider == provider),
                      Decimal("0.00"))
        for provider in PROVIDERS
    }  # fmt: skip
    assert by_provider == expected


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data(), rate=st.sampled_from(RATES), minimum=st.sampled_from([Decimal("100.00"), Decimal("1500.00")]))
def test_the_ledger_balances_and_explains_every_artisans_balance(django_settings, data, rate, minimum):
    django_settings.PAYOUT_MINIMUM_MAD = minimum
    django_settings.PAYOUT_HOLD_DAYS = 7
    django_settings.STRIPE_FEE_PERCENT = FEE_RATES["stripe"]
    django_settings.CMI_FEE_PERCENT = FEE_RATES["cmi"]
    # Each example in a savepoint rolled back at its end: a clean world each time.
    with rolled_back():
        CommissionRule.objects.create(rate_percent=rate)
        artisans = [ArtisanFactory() for _ in range(3)]
        for artisan in artisans[:2]:  # the third never gave bank details: never paid out
            bank_details(artisan)
        world = World(artisans=artisans)

        _run(world, data)

        _check_every_transaction_balances()
        _check_each_artisans_balance(world)
        _check_commission_given_back_per_line(world)
        _check_clearing(world)
        _check_provider_fees(world)


@pytest.fixture
def django_settings(settings):
    return settings
