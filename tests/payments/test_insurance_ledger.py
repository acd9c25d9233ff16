"""Insured parcels in the ledger: the premium is the insurance account's at
capture (no commission on it), a refund says who bears the loss (artisan,
platform, insurer), and a premium goes back only with a parcel that never left.

order_build: 450 MAD a piece, 120 MAD shipping per artisan, 0.09 EUR per MAD."""

import random
from collections import defaultdict
from decimal import Decimal

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from marketplace.errors import DomainError
from marketplace.money import convert_from_mad
from orders.lifecycle import order_mark_paid
from orders.models import ArtisanOrder, ArtisanOrderStatus
from payments import ledger, refunds
from payments.models import (
    AccountKind,
    LedgerEntry,
    LedgerTransaction,
    LossBearer,
    Payment,
    PaymentStatus,
    RefundItem,
    RefundItemKind,
    RefundStatus,
)
from tests.factories import ArtisanFactory
from tests.orders.builders import order_build
from tests.payments.ledger_builders import Paid, artisan_balance, total
from tests.rollback import rolled_back

pytestmark = pytest.mark.django_db

PREMIUM_MAD = Decimal("20.00")
_references = iter(range(1, 10**9))


def insured_paid_order(*, artisans=None, quantity: int = 2, premiums=None) -> Paid:
    """An order whose parcels are insured (premium MAD per parcel, 0: not
    insured), paid by card and captured, as the checkout and the payment
    flow leave it."""
    count = len(artisans) if artisans is not None else 2
    order = order_build(artisans=artisans, statuses=[ArtisanOrderStatus.AWAITING_PAYMENT] * count,
                        quantity=quantity, stock=quantity + 5)  # fmt: skip
    premiums = list(premiums) if premiums is not None else [PREMIUM_MAD] * count
    parts = list(order.artisan_orders.order_by("pk"))
    for part, premium_mad in zip(parts, premiums, strict=True):
        part.insured = premium_mad > 0
        part.insurance_premium_mad = premium_mad
        part.insurance_premium = convert_from_mad(premium_mad, order.currency, order.exchange_rate)
        part.save()
    order.insurance_total_mad = sum((part.insurance_premium_mad for part in parts), Decimal("0"))
    order.insurance_total = sum((part.insurance_premium for part in parts), Decimal("0"))
    order.total_mad += order.insurance_total_mad
    order.total += order.insurance_total
    order.save()
    payment = Payment.objects.create(
        order=order, provider="test", provider_reference=f"pi_insured_{next(_references)}",
        status=PaymentStatus.SUCCEEDED, currency=order.currency, amount=order.total, amount_mad=order.total_mad,
        succeeded_at=timezone.now(),
    )  # fmt: skip
    order_mark_paid(order=order)
    ledger.capture_post(payment=payment)
    order.refresh_from_db()
    return Paid(order=order, payment=payment)


def account_sum(kind, field="amount_mad") -> Decimal:
    return total(LedgerEntry.objects.filter(account__kind=kind), field)


def every_transaction_balances() -> bool:
    references = LedgerTransaction.objects.values_list("reference", flat=True)
    return all(total(LedgerEntry.objects.filter(transaction__reference=ref)) == 0 for ref in references)


@pytest.fixture
def twelve_percent(settings):
    settings.COMMISSION_DEFAULT_PERCENT = Decimal("12.00")


# --- capture -------------------------------------------------------------------------------


def test_capture_credits_the_premiums_to_the_insurance_account_and_sums_to_zero(twelve_percent):
    paid = insured_paid_order(premiums=[Decimal("20.00"), Decimal("36.00")])

    assert account_sum(AccountKind.INSURANCE) == Decimal("-56.00")
    assert account_sum(AccountKind.INSURANCE, "amount") == -paid.order.insurance_total
    assert account_sum(AccountKind.CLEARING) == paid.payment.amount_mad
    assert every_transaction_balances()
    # Each artisan: 900 goods + 120 shipping − 108 commission; not a centime of the premium.
    assert [artisan_balance(part.artisan) for part in paid.parts] == [Decimal("912.00")] * 2
    assert account_sum(AccountKind.COMMISSION) == Decimal("-216.00")  # 12 % of the goods only


def test_the_premium_entries_name_their_parcel():
    paid = insured_paid_order(premiums=[Decimal("20.00"), Decimal("0")])
    insured, uninsured = paid.parts

    entries = LedgerEntry.objects.filter(account__kind=AccountKind.INSURANCE)

    assert list(entries.values_list("artisan_order_id", "amount_mad")) == [(insured.pk, Decimal("-20.00"))]
    assert not uninsured.insured


# --- who bears a refund ------------------------------------------------------------------------------


def test_a_refund_borne_by_the_insurer_debits_the_insurance_account_not_the_artisan(twelve_percent):
    paid = insured_paid_order(quantity=2)
    part = paid.parts[0]
    line = part.lines.get()
    before = artisan_balance(part.artisan)

    refund = refunds.refund_request(artisan_order=part, actor=None, lines=[refunds.LineRefund(line.pk, 1)],
                                    reason="broken in transit", loss_bearer=LossBearer.INSURER)  # fmt: skip

    assert refund.loss_bearer == LossBearer.INSURER
    entries = LedgerEntry.objects.filter(transaction__reference=f"refund:{refund.pk}")
    assert total(entries.filter(account__kind=AccountKind.INSURANCE)) == line.unit_price_mad
    assert not entries.filter(account__kind__in=[AccountKind.ARTISAN, AccountKind.COMMISSION]).exists()
    assert total(entries) == 0
    assert artisan_balance(part.artisan) == before  # the artisan keeps the sale
    assert account_sum(AccountKind.REFUNDS) == -refund.amount_mad


def test_a_refund_borne_by_the_platform_debits_the_platform_account(twelve_percent):
    paid = insured_paid_order()
    part = paid.parts[1]
    before = artisan_balance(part.artisan)

    refund = refunds.refund_request(artisan_order=part, actor=None, lines=[], shipping=True,
                                    reason="carrier lost it", loss_bearer=LossBearer.PLATFORM)  # fmt: skip

    assert account_sum(AccountKind.PLATFORM) == Decimal("120.00") == refund.amount_mad
    assert artisan_balance(part.artisan) == before
    assert every_transaction_balances()


def test_by_default_the_artisan_bears_the_refund_as_before(twelve_percent):
    paid = insured_paid_order(quantity=2)
    part = paid.parts[0]
    line = part.lines.get()

    refund = refunds.refund_request(artisan_order=part, actor=None, lines=[refunds.LineRefund(line.pk, 1)],
                                    reason="changed their mind")  # fmt: skip

    assert refund.loss_bearer == LossBearer.ARTISAN
    # 450 less its 12 % commission (54), which the platform gives back.
    assert artisan_balance(part.artisan) == Decimal("912.00") - Decimal("396.00")
    assert account_sum(AccountKind.INSURANCE) == Decimal("-40.00")  # both premiums untouched


def test_the_insurer_does_not_pay_for_a_parcel_that_was_not_insured():
    paid = insured_paid_order(premiums=[Decimal("0"), Decimal("20.00")])
    part = paid.parts[0]
    line = part.lines.get()

    with pytest.raises(DomainError) as raised:
        refunds.refund_request(artisan_order=part, actor=None, lines=[refunds.LineRefund(line.pk, 1)],
                               reason="broken", loss_bearer=LossBearer.INSURER)  # fmt: skip

    assert "loss_bearer" in raised.value.fields
    assert not paid.payment.refunds.exists()


def test_an_unknown_bearer_is_refused():
    paid = insured_paid_order()
    part = paid.parts[0]

    with pytest.raises(DomainError) as raised:
        refunds.refund_request(artisan_order=part, actor=None, lines=[], shipping=True, reason="x",
                               loss_bearer="the buyer")  # fmt: skip

    assert "loss_bearer" in raised.value.fields


def test_a_parcel_cancelled_before_it_ships_gives_its_premium_back_from_the_insurance_account():
    paid = insured_paid_order()
    part = paid.parts[0]

    refund = refunds.refund_artisan_order(artisan_order=part, actor=None, reason="out of clay")

    item = refund.items.get(kind=RefundItemKind.INSURANCE)
    assert (item.amount_mad, item.amount) == (PREMIUM_MAD, part.insurance_premium)
    assert refund.amount_mad == Decimal("900.00") + Decimal("120.00") + PREMIUM_MAD
    assert account_sum(AccountKind.INSURANCE) == -PREMIUM_MAD  # the other parcel's only
    assert every_transaction_balances()


def test_a_shipped_parcel_keeps_its_premium_when_refunded():
    paid = insured_paid_order()
    part = paid.parts[0]
    ArtisanOrder.objects.filter(pk=part.pk).update(status=ArtisanOrderStatus.SHIPPED, shipped_at=timezone.now())

    refund = refunds.refund_artisan_order(artisan_order=part, actor=None, reason="arrived broken")

    assert not refund.items.filter(kind=RefundItemKind.INSURANCE).exists()
    assert account_sum(AccountKind.INSURANCE) == Decimal("-40.00")


def test_a_failed_insurer_refund_is_reversed_onto_the_insurance_account():
    paid = insured_paid_order()
    part = paid.parts[0]
    line = part.lines.get()
    refund = refunds.refund_request(artisan_order=part, actor=None, lines=[refunds.LineRefund(line.pk, 2)],
                                    reason="broken", loss_bearer=LossBearer.INSURER)  # fmt: skip

    ledger.refund_reversed_post(refund=refund)

    assert account_sum(AccountKind.INSURANCE) == Decimal("-40.00")
    assert every_transaction_balances()


# --- over random histories ------------------------------------------------------------------------


def _check(paid_orders, pieces_refunded) -> None:
    assert every_transaction_balances()
    # No line was refunded beyond what was paid for it, whoever bore it.
    for paid in paid_orders:
        for part in paid.parts:
            for line in part.lines.all():
                items = RefundItem.objects.filter(order_line=line).exclude(refund__status=RefundStatus.FAILED)
                assert sum(items.values_list("quantity", flat=True)) == pieces_refunded[line.pk] <= line.quantity
                assert total(items) <= line.line_total_mad
    # What each bearer paid is what its account was debited by the refunds.
    borne = defaultdict(lambda: Decimal("0.00"))
    standing = RefundItem.objects.select_related("refund").exclude(refund__status=RefundStatus.FAILED)
    for item in standing.exclude(kind=RefundItemKind.DUTIES):
        if item.kind == RefundItemKind.INSURANCE or item.refund.loss_bearer == LossBearer.INSURER:
            borne[AccountKind.INSURANCE] += item.amount_mad
        elif item.refund.loss_bearer == LossBearer.PLATFORM:
            borne[AccountKind.PLATFORM] += item.amount_mad
    premiums = sum((paid.order.insurance_total_mad for paid in paid_orders), Decimal("0"))
    assert account_sum(AccountKind.INSURANCE) == borne[AccountKind.INSURANCE] - premiums
    assert account_sum(AccountKind.PLATFORM) == borne[AccountKind.PLATFORM]
    # The clearing account holds everything captured (nothing settled here).
    assert account_sum(AccountKind.CLEARING) == sum((paid.payment.amount_mad for paid in paid_orders), Decimal("0"))


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(min_value=0, max_value=2**32 - 1), premiums=st.lists(
    st.sampled_from(["0", "20.00", "36.00", "57.35"]), min_size=1, max_size=3))  # fmt: skip
def test_random_insured_orders_and_refunds_keep_the_ledger_balanced(twelve_percent, seed, premiums):
    # Each example in a savepoint rolled back at its end: a clean world each time.
    with rolled_back():
        _random_history(random.Random(seed), premiums)


def _random_history(chooser, premiums) -> None:
    artisans = [ArtisanFactory() for _ in premiums]
    paid_orders = [insured_paid_order(artisans=artisans, quantity=chooser.randint(1, 4),
                                      premiums=[Decimal(value) for value in premiums])]  # fmt: skip
    paid_orders.append(insured_paid_order(artisans=artisans[:1], quantity=3, premiums=[Decimal(premiums[0])]))
    pieces_refunded = defaultdict(int)
    for _step in range(5):
        paid = chooser.choice(paid_orders)
        part = chooser.choice(paid.parts)
        line = part.lines.get()
        bearers = [LossBearer.ARTISAN, LossBearer.PLATFORM] + ([LossBearer.INSURER] if part.insured else [])
        bearer = chooser.choice(bearers)
        left = line.quantity - pieces_refunded[line.pk]
        try:
            if chooser.random() < 0.2:
                refunds.refund_artisan_order(artisan_order=part, actor=None, reason="random", loss_bearer=bearer)
                pieces_refunded[line.pk] = line.quantity
                continue
            quantity = chooser.randint(1, max(1, left))
            refund = refunds.refund_request(artisan_order=part, actor=None,
                                            lines=[refunds.LineRefund(line.pk, quantity)],
                                            shipping=chooser.random() < 0.3, reason="random",
                                            loss_bearer=bearer)  # fmt: skip
        except DomainError:  # nothing left of the line, or its shipping refunded already: nothing written
            continue
        pieces_refunded[line.pk] += quantity
        if chooser.random() < 0.25:  # the provider refused it
            ledger.refund_reversed_post(refund=refund)
            refund.status = RefundStatus.FAILED
            refund.save(update_fields=["status"])
            pieces_refunded[line.pk] -= quantity
    _check(paid_orders, pieces_refunded)
