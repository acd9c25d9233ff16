"""The double-entry ledger: captures, commission, refunds and their
settlement or reversal each write one balanced transaction, once."""

from decimal import Decimal

import pytest
from django.db import DatabaseError, transaction

from payments import ledger
from payments.models import (
    AccountKind,
    CommissionRule,
    LedgerEntry,
    LedgerTransaction,
    LedgerTransactionKind,
    LineCommission,
    RefundItemKind,
)
from tests.factories import ArtisanFactory
from tests.payments.ledger_builders import artisan_balance, line_refund, paid_order, refund_build, total

pytestmark = pytest.mark.django_db

# order_build: 450 MAD a piece, 120 MAD shipping per artisan, 0.09 EUR per MAD.


def sums_by_transaction(field="amount_mad") -> dict:
    return {
        reference: total(LedgerEntry.objects.filter(transaction__reference=reference), field)
        for reference in LedgerTransaction.objects.values_list("reference", flat=True)
    }


def account_sum(kind) -> Decimal:
    return total(LedgerEntry.objects.filter(account__kind=kind))


@pytest.fixture
def twelve_percent(settings):
    settings.COMMISSION_DEFAULT_PERCENT = Decimal("12.00")


def test_capture_credits_each_artisan_their_goods_and_shipping(twelve_percent):
    paid = paid_order(quantity=2)

    balances = [artisan_balance(part.artisan) for part in paid.parts]

    # 900 goods + 120 shipping, less 12 % of 900 = 108.
    assert balances == [Decimal("912.00"), Decimal("912.00")]


def test_capture_debits_clearing_with_what_the_payment_took():
    paid = paid_order()

    assert account_sum(AccountKind.CLEARING) == paid.payment.amount_mad


def test_every_transaction_of_a_capture_sums_to_zero():
    paid_order()

    assert set(sums_by_transaction().values()) == {Decimal("0.00")}


def test_capture_keeps_the_original_currency_beside_mad():
    paid = paid_order()

    clearing = LedgerEntry.objects.get(account__kind=AccountKind.CLEARING)

    assert (clearing.amount, clearing.currency, clearing.amount_mad) == (
        paid.payment.amount,
        "EUR",
        paid.payment.amount_mad,
    )


def test_entries_sum_to_zero_in_the_original_currency_too():
    paid_order()

    assert set(sums_by_transaction("amount").values()) == {Decimal("0.00")}


def test_capture_posted_twice_writes_one_set_of_entries():
    paid = paid_order()
    before = LedgerEntry.objects.count()

    ledger.capture_post(payment=paid.payment)

    assert (LedgerEntry.objects.count(), LedgerTransaction.objects.count()) == (before, 2)


def test_capture_twice_inside_one_outer_transaction_writes_once():
    paid = paid_order(capture=False)

    with transaction.atomic():
        ledger.capture_post(payment=paid.payment)
        ledger.capture_post(payment=paid.payment)

    assert LineCommission.objects.count() == 2


def test_capture_writes_a_commission_row_per_line_on_goods_only(twelve_percent):
    paid = paid_order(quantity=3)

    commissions = list(LineCommission.objects.values_list("base_mad", "rate_percent", "amount_mad"))

    # 3 × 450 = 1350 MAD of goods; the 120 MAD shipping is not commissioned.
    assert commissions == [(Decimal("1350.00"), Decimal("12.00"), Decimal("162.00"))] * len(paid.parts)


def test_commission_is_rounded_half_up_to_the_centime():
    CommissionRule.objects.create(rate_percent=Decimal("12.35"))
    paid_order(quantity=3, artisans=[ArtisanFactory()])

    # 1350 × 12.35 % = 166.725 → 166.73
    assert LineCommission.objects.get().amount_mad == Decimal("166.73")


def test_commission_revenue_is_credited_what_the_artisans_are_debited():
    paid_order(quantity=3)

    assert -account_sum(AccountKind.COMMISSION) == total(LineCommission.objects.all())


def test_duties_collected_are_credited_to_the_duties_account():
    paid = paid_order(capture=False, artisans=[ArtisanFactory()])
    order = paid.order
    # As a DDP checkout would have stored it: 45 MAD (4.05 EUR) collected for customs.
    order.duties_collected_mad, order.duties_collected = Decimal("45.00"), Decimal("4.05")
    order.total_mad += Decimal("45.00")
    order.total += Decimal("4.05")
    order.save()
    payment = paid.payment
    payment.amount_mad, payment.amount = order.total_mad, order.total
    payment.save()

    ledger.capture_post(payment=payment)

    assert account_sum(AccountKind.DUTIES) == Decimal("-45.00")


def test_a_payment_that_does_not_match_the_order_is_refused_and_nothing_written():
    paid = paid_order(capture=False)
    paid.payment.amount_mad += Decimal("0.01")
    paid.payment.save()

    with pytest.raises(ledger.LedgerImbalance):
        ledger.capture_post(payment=paid.payment)

    assert LedgerTransaction.objects.count() == 0


def test_a_second_payment_of_a_captured_order_is_not_credited_to_the_artisans():
    paid = paid_order()
    second = paid.payment
    second.pk, second.attempt, second.provider_reference = None, 2, "pi_second"
    second.save()

    with pytest.raises(ledger.OrderAlreadyCaptured):
        ledger.capture_post(payment=second)


def test_an_unallocated_capture_owes_the_whole_payment_to_the_buyer():
    paid = paid_order(capture=False)

    ledger.unallocated_capture_post(payment=paid.payment)

    assert (account_sum(AccountKind.REFUNDS), artisan_balance(paid.parts[0].artisan)) == (
        -paid.payment.amount_mad,
        Decimal("0.00"),
    )


def test_an_unallocated_payment_captured_again_earns_no_commission():
    paid = paid_order(capture=False)
    ledger.unallocated_capture_post(payment=paid.payment)

    ledger.capture_post(payment=paid.payment)

    assert (LineCommission.objects.count(), LedgerTransaction.objects.count()) == (0, 1)


# --- refunds ----------------------------------------------------------------------------------


def test_a_line_refund_takes_the_goods_less_commission_from_the_artisan(twelve_percent):
    paid = paid_order(quantity=2, artisans=[ArtisanFactory()])
    part = paid.parts[0]

    line_refund(paid, part, 1)

    # 912 − (450 − 54 commission given back)
    assert artisan_balance(part.artisan) == Decimal("516.00")


def test_a_refund_is_owed_to_the_buyer_until_settled():
    paid = paid_order(quantity=2, artisans=[ArtisanFactory()])

    refund = line_refund(paid, paid.parts[0], 1)

    assert account_sum(AccountKind.REFUNDS) == -refund.amount_mad


def test_a_refund_transaction_sums_to_zero():
    paid = paid_order(quantity=2, artisans=[ArtisanFactory()])
    refund = line_refund(paid, paid.parts[0], 2)

    assert sums_by_transaction()[f"refund:{refund.pk}"] == Decimal("0.00")


def test_refund_posted_twice_writes_once():
    paid = paid_order(quantity=2, artisans=[ArtisanFactory()])
    refund = line_refund(paid, paid.parts[0], 1)

    ledger.refund_post(refund=refund)

    assert LedgerTransaction.objects.filter(kind=LedgerTransactionKind.REFUND).count() == 1


def test_a_line_refunded_piece_by_piece_gives_back_exactly_its_commission():
    # 7 pieces at 12.35 %: 3150 MAD → 389.03 MAD commission, not divisible by 7.
    CommissionRule.objects.create(rate_percent=Decimal("12.35"))
    paid = paid_order(quantity=7, artisans=[ArtisanFactory()])
    part = paid.parts[0]

    for pieces in (2, 1, 3, 1):
        line_refund(paid, part, pieces)

    line = part.lines.get()
    commission_left = -total(LedgerEntry.objects.filter(account__kind=AccountKind.COMMISSION, order_line=line))
    assert commission_left == Decimal("0.00")


def test_a_fully_refunded_line_leaves_the_artisan_only_the_shipping():
    CommissionRule.objects.create(rate_percent=Decimal("12.35"))
    paid = paid_order(quantity=3, artisans=[ArtisanFactory()])
    part = paid.parts[0]

    line_refund(paid, part, 1)
    line_refund(paid, part, 2)

    assert artisan_balance(part.artisan) == Decimal("120.00")


def test_a_failed_refund_between_pieces_still_ends_at_exactly_zero_commission():
    CommissionRule.objects.create(rate_percent=Decimal("12.35"))
    paid = paid_order(quantity=3, artisans=[ArtisanFactory()])
    part = paid.parts[0]
    failed = line_refund(paid, part, 1)
    line_refund(paid, part, 1)
    ledger.refund_reversed_post(refund=failed)

    line_refund(paid, part, 2)

    line = part.lines.get()
    given_back = total(
        LedgerEntry.objects.filter(
            account__kind=AccountKind.COMMISSION,
            order_line=line,
            transaction__kind__in=[LedgerTransactionKind.REFUND, LedgerTransactionKind.REFUND_REVERSED],
        )
    )
    assert given_back == line.commission.amount_mad


def test_shipping_refund_comes_from_the_artisan_and_duties_from_the_duties_account():
    paid = paid_order(artisans=[ArtisanFactory()])
    part = paid.parts[0]

    refund_build(
        payment=paid.payment,
        items=[
            {"kind": RefundItemKind.SHIPPING, "artisan_order": part, "amount_mad": Decimal("120.00")},
            {"kind": RefundItemKind.DUTIES, "artisan_order": part, "amount_mad": Decimal("30.00")},
        ],
    )

    assert (account_sum(AccountKind.DUTIES), artisan_balance(part.artisan)) == (
        Decimal("30.00"),
        Decimal("912.00") - Decimal("120.00"),
    )


def test_a_settled_refund_moves_the_buyers_money_out_of_clearing():
    paid = paid_order(artisans=[ArtisanFactory()])
    refund = line_refund(paid, paid.parts[0], 1)

    ledger.refund_settled_post(refund=refund)
    ledger.refund_settled_post(refund=refund)

    assert (account_sum(AccountKind.REFUNDS), account_sum(AccountKind.CLEARING)) == (
        Decimal("0.00"),
        paid.payment.amount_mad - refund.amount_mad,
    )


def test_a_reversed_refund_gives_the_balance_back():
    paid = paid_order(artisans=[ArtisanFactory()])
    part = paid.parts[0]
    before = artisan_balance(part.artisan)
    refund = line_refund(paid, part, 1)

    ledger.refund_reversed_post(refund=refund)

    assert artisan_balance(part.artisan) == before


def test_the_reversal_is_exactly_the_negation_of_the_refund():
    paid = paid_order(artisans=[ArtisanFactory()])
    refund = line_refund(paid, paid.parts[0], 1)

    ledger.refund_reversed_post(refund=refund)

    def entries(reference):
        rows = LedgerEntry.objects.filter(transaction__reference=reference).order_by("pk")
        return [(row.account_id, row.amount_mad, row.amount, row.artisan_order_id, row.order_line_id) for row in rows]

    negated = [
        (account, -mad, -amount, part, line) for account, mad, amount, part, line in entries(f"refund:{refund.pk}")
    ]
    assert entries(f"refund-reversed:{refund.pk}") == negated


def test_a_refund_whose_items_do_not_add_up_is_refused():
    paid = paid_order(artisans=[ArtisanFactory()])
    refund = line_refund(paid, paid.parts[0], 1, post=False)
    refund.amount_mad += Decimal("1.00")
    refund.save()

    with pytest.raises(ledger.LedgerImbalance):
        ledger.refund_post(refund=refund)


def test_a_refund_already_reversed_is_not_posted_again():
    paid = paid_order(artisans=[ArtisanFactory()])
    refund = line_refund(paid, paid.parts[0], 1)
    ledger.refund_reversed_post(refund=refund)

    ledger.refund_post(refund=refund)  # a late duplicate call

    assert LedgerTransaction.objects.filter(kind=LedgerTransactionKind.REFUND).count() == 1


def test_system_accounts_are_one_per_kind():
    assert ledger.system_account(AccountKind.CLEARING) == ledger.system_account("clearing")


def test_an_artisan_account_is_not_a_system_account():
    with pytest.raises(ValueError):
        ledger.system_account(AccountKind.ARTISAN)


# --- append-only in the database -----------------------------------------------------------------


@pytest.mark.postgres
def test_postgresql_refuses_to_update_a_ledger_entry():
    paid_order(artisans=[ArtisanFactory()])

    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        LedgerEntry.objects.update(amount_mad=0)


@pytest.mark.postgres
def test_postgresql_refuses_to_delete_a_ledger_entry():
    paid_order(artisans=[ArtisanFactory()])

    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        LedgerEntry.objects.all().delete()


@pytest.mark.postgres
def test_postgresql_refuses_to_update_a_ledger_transaction():
    paid_order(artisans=[ArtisanFactory()])

    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        LedgerTransaction.objects.update(memo="edited")
