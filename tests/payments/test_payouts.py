"""Payouts: who is payable, the weekly batch, its bank file, paid and failed
transfers, and the database refusing to pay an artisan order twice."""

import csv
import importlib
import io
import sys
import threading
from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.admin import helpers
from django.db import IntegrityError, connection, transaction
from django.urls import NoReverseMatch, clear_url_caches, reverse
from django.utils import timezone

from marketplace.errors import DomainError, IllegalTransition
from orders.models import ArtisanOrderStatus
from payments import (
    admin_ledger,  # noqa: F401  (registers the admin until payments/admin.py imports it)
    ledger,
    locks,
    payout_tasks,
    payouts,
    selectors,
)
from payments.models import (
    CommissionRule,
    Dispute,
    LedgerTransaction,
    LedgerTransactionKind,
    Payout,
    PayoutBatch,
    PayoutBatchStatus,
    PayoutItem,
    PayoutStatus,
    RefundItemKind,
    StateChange,
)
from tests.factories import ArtisanFactory, UserFactory
from tests.payments.ledger_builders import (
    OWED,
    artisan_balance,
    bank_details,
    deliver,
    line_refund,
    paid_order,
    refund_build,
    total,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("payout_settings")]


@pytest.fixture
def staff(db):
    return UserFactory(is_staff=True, is_superuser=True)


def seller(with_bank: bool = True):
    artisan = ArtisanFactory()
    if with_bank:
        bank_details(artisan)
    return artisan


def delivered_sale(artisan, *, days_ago=None, quantity: int = 2):
    paid = paid_order(artisans=[artisan], quantity=quantity)
    deliver(paid.order, days_ago=days_ago)
    return paid


# --- who is payable ---------------------------------------------------------------------------


def test_a_sale_delivered_past_the_hold_period_is_payable():
    paid = delivered_sale(seller(), days_ago=8)

    assert [row.pk for row in selectors.payable_artisan_orders()] == [paid.parts[0].pk]


def test_a_sale_still_in_the_hold_period_is_not_payable():
    delivered_sale(seller(), days_ago=6)

    assert list(selectors.payable_artisan_orders()) == []


def test_a_sale_not_delivered_is_not_payable():
    paid_order(artisans=[seller()])

    assert list(selectors.payable_artisan_orders()) == []


def test_a_disputed_order_is_not_payable():
    paid = delivered_sale(seller())
    paid.order.disputed_at = timezone.now()
    paid.order.save(update_fields=["disputed_at"])

    assert list(selectors.payable_artisan_orders()) == []


def test_an_open_dispute_holds_the_payout_even_before_the_order_is_flagged():
    paid = delivered_sale(seller())
    Dispute.objects.create(payment=paid.payment, order=paid.order, provider_reference="dp_1", currency="EUR",
                           amount=paid.payment.amount)  # fmt: skip

    assert list(selectors.payable_artisan_orders()) == []


def test_what_is_payable_is_the_sale_less_commission_and_refunds():
    paid = delivered_sale(seller())
    line_refund(paid, paid.parts[0], 1)

    # 912 − (450 − 54)
    assert selectors.payable_artisan_orders().get().owed_mad == Decimal("516.00")


def test_a_fully_refunded_sale_is_not_payable():
    paid = delivered_sale(seller(), quantity=1)
    part = paid.parts[0]
    line_refund(paid, part, 1)

    refund_build(payment=paid.payment, items=[{"kind": RefundItemKind.SHIPPING, "artisan_order": part,
                                               "amount_mad": Decimal("120.00")}])  # fmt: skip

    assert list(selectors.payable_artisan_orders()) == []


# --- the batch ------------------------------------------------------------------------------------


def test_a_batch_pays_each_artisan_their_payable_sales_in_one_payout():
    artisan = seller()
    first, second = delivered_sale(artisan), delivered_sale(artisan)

    batch = payouts.payout_batch_create()

    payout = batch.payouts.get()
    assert (payout.amount_mad, sorted(payout.items.values_list("artisan_order_id", flat=True))) == (
        OWED * 2,
        sorted([first.parts[0].pk, second.parts[0].pk]),
    )


def test_the_payout_takes_the_money_off_the_artisans_balance():
    artisan = seller()
    delivered_sale(artisan)

    payouts.payout_batch_create()

    assert artisan_balance(artisan) == Decimal("0.00")


def test_the_payout_transaction_sums_to_zero():
    delivered_sale(seller())

    batch = payouts.payout_batch_create()

    payout = batch.payouts.get()
    assert total(LedgerTransaction.objects.get(reference=f"payout:{payout.pk}").entries.all()) == Decimal("0.00")


def test_the_payout_snapshots_the_bank_details_and_a_reference():
    artisan = seller()
    delivered_sale(artisan)

    batch = payouts.payout_batch_create()

    payout = batch.payouts.get()
    details = artisan.payout_details
    assert (payout.account_holder, payout.rib, payout.reference) == (
        details.account_holder,
        details.rib,
        f"SOUK-{batch.pk:05d}-{artisan.pk}",
    )


def test_nothing_payable_makes_no_batch():
    delivered_sale(seller(), days_ago=1)

    assert (payouts.payout_batch_create(), PayoutBatch.objects.count()) == (None, 0)


def test_an_artisan_below_the_minimum_waits(settings):
    settings.PAYOUT_MINIMUM_MAD = Decimal("1000.00")
    delivered_sale(seller())

    assert payouts.payout_batch_create() is None


def test_the_minimum_counts_all_of_an_artisans_payable_sales(settings):
    settings.PAYOUT_MINIMUM_MAD = Decimal("1000.00")
    artisan = seller()
    delivered_sale(artisan)
    delivered_sale(artisan)

    assert payouts.payout_batch_create().payouts.get().amount_mad == OWED * 2


def test_an_artisan_without_payout_details_is_skipped_and_logged(caplog):
    delivered_sale(seller(with_bank=False))
    paid_artisan = seller()
    delivered_sale(paid_artisan)

    batch = payouts.payout_batch_create()

    assert (list(batch.payouts.values_list("artisan", flat=True)), "no payout details" in caplog.text) == (
        [paid_artisan.pk],
        True,
    )


def test_a_second_run_pays_nothing_twice():
    delivered_sale(seller())
    payouts.payout_batch_create()

    assert (payouts.payout_batch_create(), PayoutItem.objects.count()) == (None, 1)


def test_the_batch_and_each_payout_record_who_moved_them(staff):
    delivered_sale(seller())

    batch = payouts.payout_batch_create(actor=staff)

    changes = list(StateChange.objects.values_list("subject", "to_status", "actor"))
    assert changes == [("payout_batch", "open", staff.pk), ("payout", "pending", staff.pk)]
    assert batch.status == PayoutBatchStatus.OPEN


def test_the_weekly_task_creates_the_batch():
    delivered_sale(seller())

    batch_id = payout_tasks.payout_batch_create.delay().get()

    assert PayoutBatch.objects.get().pk == batch_id


def test_the_task_is_registered_under_the_beat_schedules_name(settings):
    scheduled = settings.CELERY_BEAT_SCHEDULE["payout-batch-weekly"]["task"]

    assert payout_tasks.payout_batch_create.name == scheduled


# --- the database refuses a second active payout of an artisan order --------------------------------


def test_the_database_refuses_a_second_active_item_for_one_artisan_order():
    artisan = seller()
    paid = delivered_sale(artisan)
    batch = payouts.payout_batch_create()
    other = Payout.objects.create(batch=PayoutBatch.objects.create(), artisan=artisan, amount_mad=OWED,
                                  reference="SOUK-X", account_holder="x", rib="1")  # fmt: skip

    with pytest.raises(IntegrityError), transaction.atomic():
        PayoutItem.objects.create(payout=other, artisan_order=paid.parts[0], amount_mad=OWED)

    assert batch.payouts.get().items.count() == 1


def test_an_inactive_item_leaves_room_for_a_new_one():
    artisan = seller()
    paid = delivered_sale(artisan)
    payout = payouts.payout_batch_create().payouts.get()
    payouts.payout_mark_failed(payout=payout, actor=None, reason="account closed")

    second = payouts.payout_batch_create()

    assert PayoutItem.objects.filter(artisan_order=paid.parts[0], active=True).get().payout.batch == second


# --- the bank file -------------------------------------------------------------------------------------


def test_the_csv_lists_holder_rib_iban_amount_and_reference(staff):
    artisan = seller()
    delivered_sale(artisan)
    batch = payouts.payout_batch_create()
    payout = batch.payouts.get()

    content = payouts.payout_batch_export_csv(batch=batch, actor=staff)

    rows = list(csv.reader(io.StringIO(content)))
    assert rows == [
        ["holder", "RIB", "IBAN", "amount", "reference"],
        [payout.account_holder, payout.rib, "", "912.00", payout.reference],
    ]


def test_an_iban_goes_in_its_own_column(staff):
    artisan = ArtisanFactory()
    bank_details(artisan, holder="Atelier Safi", iban="FR7630006000011234567890189")
    delivered_sale(artisan)
    batch = payouts.payout_batch_create()

    rows = list(csv.reader(io.StringIO(payouts.payout_batch_export_csv(batch=batch, actor=staff))))

    assert rows[1][:3] == ["Atelier Safi", "", "FR7630006000011234567890189"]


def test_a_holder_name_that_looks_like_a_formula_is_quoted(staff):
    artisan = ArtisanFactory()
    bank_details(artisan, holder="=HYPERLINK(1)")
    delivered_sale(artisan)
    batch = payouts.payout_batch_create()

    rows = list(csv.reader(io.StringIO(payouts.payout_batch_export_csv(batch=batch, actor=staff))))

    assert rows[1][0] == "'=HYPERLINK(1)"


def test_exporting_moves_the_batch_to_exported(staff):
    delivered_sale(seller())
    batch = payouts.payout_batch_create()

    payouts.payout_batch_export_csv(batch=batch, actor=staff)

    batch.refresh_from_db()
    assert (batch.status, batch.exported_at is not None) == (PayoutBatchStatus.EXPORTED, True)


def test_an_exported_batch_downloads_the_same_file_again(staff):
    delivered_sale(seller())
    batch = payouts.payout_batch_create()
    first = payouts.payout_batch_export_csv(batch=batch, actor=staff)

    assert payouts.payout_batch_export_csv(batch=batch, actor=staff) == first


def test_a_closed_batch_is_not_exported(staff):
    delivered_sale(seller())
    batch = payouts.payout_batch_create()
    payouts.payout_batch_export_csv(batch=batch, actor=staff)
    payouts.payout_batch_mark_paid(batch=batch, actor=staff)

    with pytest.raises(IllegalTransition):
        payouts.payout_batch_export_csv(batch=batch, actor=staff)


# --- paid and failed -------------------------------------------------------------------------------


def test_marking_a_batch_paid_pays_its_payouts_and_closes_it(staff):
    delivered_sale(seller())
    delivered_sale(seller())
    batch = payouts.payout_batch_create()
    payouts.payout_batch_export_csv(batch=batch, actor=staff)

    payouts.payout_batch_mark_paid(batch=batch, actor=staff)

    batch.refresh_from_db()
    assert (batch.status, set(batch.payouts.values_list("status", flat=True))) == (
        PayoutBatchStatus.CLOSED,
        {PayoutStatus.PAID},
    )


def test_a_batch_is_not_marked_paid_before_it_is_exported(staff):
    delivered_sale(seller())
    batch = payouts.payout_batch_create()

    with pytest.raises(IllegalTransition):
        payouts.payout_batch_mark_paid(batch=batch, actor=staff)


def test_a_failed_payout_returns_the_money_to_the_balance(staff):
    artisan = seller()
    delivered_sale(artisan)
    payout = payouts.payout_batch_create().payouts.get()

    payouts.payout_mark_failed(payout=payout, actor=staff, reason="RIB refused by the bank")

    assert artisan_balance(artisan) == OWED


def test_a_failed_payouts_artisan_orders_are_payable_again(staff):
    paid = delivered_sale(seller())
    payout = payouts.payout_batch_create().payouts.get()

    payouts.payout_mark_failed(payout=payout, actor=staff, reason="RIB refused by the bank")

    assert [row.pk for row in selectors.payable_artisan_orders()] == [paid.parts[0].pk]


def test_the_reversal_is_posted_once_and_records_the_reason(staff):
    delivered_sale(seller())
    payout = payouts.payout_batch_create().payouts.get()

    payouts.payout_mark_failed(payout=payout, actor=staff, reason="RIB refused")

    change = StateChange.objects.get(subject="payout", to_status=PayoutStatus.FAILED)
    assert (change.note, change.actor, LedgerTransaction.objects.filter(kind="payout_reversed").count()) == (
        "RIB refused",
        staff,
        1,
    )


def test_a_paid_payout_the_bank_returned_can_fail(staff):
    artisan = seller()
    delivered_sale(artisan)
    batch = payouts.payout_batch_create()
    payouts.payout_batch_export_csv(batch=batch, actor=staff)
    payouts.payout_batch_mark_paid(batch=batch, actor=staff)

    payouts.payout_mark_failed(payout=batch.payouts.get(), actor=staff, reason="returned by the bank")

    assert artisan_balance(artisan) == OWED


def test_a_failed_payout_does_not_fail_twice(staff):
    delivered_sale(seller())
    payout = payouts.payout_batch_create().payouts.get()
    payouts.payout_mark_failed(payout=payout, actor=staff, reason="refused")

    with pytest.raises(IllegalTransition):
        payouts.payout_mark_failed(payout=payout, actor=staff, reason="refused again")


def test_failing_a_payout_needs_a_reason(staff):
    delivered_sale(seller())
    payout = payouts.payout_batch_create().payouts.get()

    with pytest.raises(DomainError):
        payouts.payout_mark_failed(payout=payout, actor=staff, reason="  ")


def test_an_exported_batch_closes_when_its_last_pending_payout_fails(staff):
    delivered_sale(seller())
    batch = payouts.payout_batch_create()
    payouts.payout_batch_export_csv(batch=batch, actor=staff)

    payouts.payout_mark_failed(payout=batch.payouts.get(), actor=staff, reason="refused")

    batch.refresh_from_db()
    assert batch.status == PayoutBatchStatus.CLOSED


def test_an_exported_batch_stays_open_while_a_payout_is_pending(staff):
    delivered_sale(seller())
    delivered_sale(seller())
    batch = payouts.payout_batch_create()
    payouts.payout_batch_export_csv(batch=batch, actor=staff)

    payouts.payout_mark_failed(payout=batch.payouts.first(), actor=staff, reason="refused")

    batch.refresh_from_db()
    assert batch.status == PayoutBatchStatus.EXPORTED


def test_the_csv_leaves_out_failed_payouts(staff):
    delivered_sale(seller())
    delivered_sale(seller())
    batch = payouts.payout_batch_create()
    failed = batch.payouts.first()
    payouts.payout_mark_failed(payout=failed, actor=staff, reason="refused")

    content = payouts.payout_batch_export_csv(batch=batch, actor=staff)

    assert (failed.reference in content, len(content.strip().splitlines())) == (False, 2)


def test_every_ledger_transaction_still_sums_to_zero_after_payouts_and_failures(staff):
    delivered_sale(seller())
    delivered_sale(seller())
    batch = payouts.payout_batch_create()
    payouts.payout_mark_failed(payout=batch.payouts.first(), actor=staff, reason="refused")

    sums = {total(tx.entries.all()) for tx in LedgerTransaction.objects.all()}

    assert sums == {Decimal("0.00")}


# --- two runs at once (PostgreSQL) --------------------------------------------------------------------


def _run_concurrently(target, count=2):
    """Run `target` in `count` threads released together; their results or errors."""
    barrier = threading.Barrier(count)
    results = [None] * count

    def run(index):
        try:
            barrier.wait(timeout=10)
            results[index] = target()
        except Exception as error:  # the test asserts on what each run ended with
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(index,)) for index in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_batch_runs_pay_each_sale_once():
    for _ in range(3):
        delivered_sale(seller())

    results = _run_concurrently(payouts.payout_batch_create)

    batches = [result for result in results if isinstance(result, PayoutBatch)]
    assert (len(batches), results.count(None), PayoutItem.objects.filter(active=True).count()) == (1, 1, 3)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_without_the_lock_the_unique_index_still_refuses_the_second_run(monkeypatch):
    """Both runs read the same payable sales before either writes: the
    database, not the code, stops the second one, and nothing of it is kept."""
    delivered_sale(seller())
    both_read = threading.Barrier(2)
    monkeypatch.setattr(locks, "payout_run_lock", lambda: None)
    real = selectors.payable_artisan_orders

    def payable_then_wait(**kwargs):
        rows = list(real(**kwargs).select_related("artisan"))
        both_read.wait(timeout=10)
        return _Rows(rows)

    monkeypatch.setattr(selectors, "payable_artisan_orders", payable_then_wait)

    results = _run_concurrently(payouts.payout_batch_create)

    kinds = sorted(type(result).__name__ for result in results)
    assert (kinds, Payout.objects.count(), PayoutItem.objects.count()) == (["PayoutBatch", "PayoutConflict"], 1, 1)


class _Rows(list):
    """A list that answers select_related() like the queryset it came from."""

    def select_related(self, *names):
        return self


def test_a_payout_entry_is_tagged_with_the_artisan_order_it_pays():
    paid = delivered_sale(seller())

    payout = payouts.payout_batch_create().payouts.get()

    entry = LedgerTransaction.objects.get(reference=f"payout:{payout.pk}").entries.get(account__kind="artisan")
    assert entry.artisan_order_id == paid.parts[0].pk


def test_the_payout_reversal_negates_the_payout(staff):
    delivered_sale(seller())
    payout = payouts.payout_batch_create().payouts.get()
    payouts.payout_mark_failed(payout=payout, actor=staff, reason="refused")

    def amounts(reference):
        return [
            (row.account_id, row.amount_mad)
            for row in LedgerTransaction.objects.get(reference=reference).entries.order_by("pk")
        ]

    assert amounts(f"payout-reversed:{payout.pk}") == [
        (account, -amount) for account, amount in amounts(f"payout:{payout.pk}")
    ]


def test_delivery_time_is_compared_with_the_given_now():
    delivered_sale(seller(), days_ago=1)

    later = timezone.now() + timedelta(days=7)

    assert payouts.payout_batch_create(now=later) is not None


def test_payout_kinds_are_recorded_on_the_ledger():
    delivered_sale(seller())
    payouts.payout_batch_create()

    assert LedgerTransaction.objects.filter(kind=LedgerTransactionKind.PAYOUT).count() == 1


def test_a_cancelled_artisan_order_is_never_payable():
    paid = delivered_sale(seller())
    paid.parts[0].__class__.objects.filter(pk=paid.parts[0].pk).update(status=ArtisanOrderStatus.CANCELLED)

    assert list(selectors.payable_artisan_orders()) == []


def test_ledger_helpers_give_one_account_per_artisan():
    artisan = ArtisanFactory()

    assert ledger.account_for_artisan(artisan) == ledger.account_for_artisan(artisan)


# --- the admin -------------------------------------------------------------------------------------------


@pytest.fixture
def admin_urls():
    """The admin's URLs are built once: rebuild them if they were built before this module registered its models."""
    try:
        reverse("admin:payments_payout_changelist")
    except NoReverseMatch:
        clear_url_caches()
        importlib.reload(sys.modules["config.urls"])


@pytest.fixture
def admin_client_for(admin_client_for, admin_urls):
    return admin_client_for


def admin_batch_for(*artisans):
    for artisan in artisans:
        bank_details(artisan)
        deliver(paid_order(artisans=[artisan]).order, days_ago=30)
    return payouts.payout_batch_create()


def action(client, url_name, name, objects, **extra):
    data = {"action": name, helpers.ACTION_CHECKBOX_NAME: [obj.pk for obj in objects], **extra}
    return client.post(reverse(url_name), data)


def test_the_batch_list_shows_each_batchs_total(admin_client_for, superuser):
    admin_batch_for(ArtisanFactory(), ArtisanFactory())

    response = admin_client_for(superuser).get(reverse("admin:payments_payoutbatch_changelist"))

    changelist = response.context["cl"]
    assert changelist.model_admin.total_mad(changelist.result_list[0]) == Decimal("1824.00")


def test_downloading_the_bank_file_exports_the_batch(admin_client_for, superuser):
    batch = admin_batch_for(ArtisanFactory())

    response = action(admin_client_for(superuser), "admin:payments_payoutbatch_changelist", "export_csv", [batch])

    batch.refresh_from_db()
    assert (response["Content-Type"], response.content.decode().splitlines()[0], batch.status) == (
        "text/csv; charset=utf-8",
        "holder,RIB,IBAN,amount,reference",
        PayoutBatchStatus.EXPORTED,
    )


def test_marking_a_batch_paid_from_the_admin(admin_client_for, superuser):
    batch = admin_batch_for(ArtisanFactory())
    payouts.payout_batch_export_csv(batch=batch, actor=superuser)

    action(admin_client_for(superuser), "admin:payments_payoutbatch_changelist", "mark_paid", [batch])

    assert batch.payouts.get().status == PayoutStatus.PAID


def test_marking_a_payout_failed_asks_for_a_reason_first(admin_client_for, superuser):
    payout = admin_batch_for(ArtisanFactory()).payouts.get()

    response = action(admin_client_for(superuser), "admin:payments_payout_changelist", "mark_failed", [payout])

    payout.refresh_from_db()
    assert (response.status_code, "reason" in response.content.decode(), payout.status) == (
        200,
        True,
        PayoutStatus.PENDING,
    )


def test_marking_a_payout_failed_with_a_reason(admin_client_for, superuser):
    payout = admin_batch_for(ArtisanFactory()).payouts.get()

    action(admin_client_for(superuser), "admin:payments_payout_changelist", "mark_failed", [payout],
           confirm="1", reason="RIB closed")  # fmt: skip

    payout.refresh_from_db()
    assert (payout.status, payout.failure_reason) == (PayoutStatus.FAILED, "RIB closed")


def test_a_cooperative_admin_sees_only_their_members_payouts(admin_client_for, cooperative, cooperative_admin):
    batch = admin_batch_for(ArtisanFactory(cooperative=cooperative), ArtisanFactory())
    own = batch.payouts.get(artisan__cooperative=cooperative)

    response = admin_client_for(cooperative_admin).get(reverse("admin:payments_payout_changelist"))

    assert list(response.context["cl"].queryset) == [own]


def test_a_cooperative_admin_cannot_mark_a_payout_failed(admin_client_for, cooperative, cooperative_admin):
    payout = admin_batch_for(ArtisanFactory(cooperative=cooperative)).payouts.get()

    action(admin_client_for(cooperative_admin), "admin:payments_payout_changelist", "mark_failed", [payout],
           confirm="1", reason="no")  # fmt: skip

    payout.refresh_from_db()
    assert payout.status == PayoutStatus.PENDING


def test_a_payout_shows_bank_details_masked(admin_client_for, superuser):
    payout = admin_batch_for(ArtisanFactory()).payouts.get()

    response = admin_client_for(superuser).get(reverse("admin:payments_payout_change", args=[payout.pk]))

    assert (payout.rib in response.content.decode(), payout.rib[-4:] in response.content.decode()) == (False, True)


def test_a_cooperative_admin_has_no_ledger(admin_client_for, cooperative_admin):
    response = admin_client_for(cooperative_admin).get(reverse("admin:payments_ledgertransaction_changelist"))

    assert response.status_code == 403


def test_nobody_adds_a_ledger_transaction_by_hand(admin_client_for, superuser):
    response = admin_client_for(superuser).get(reverse("admin:payments_ledgertransaction_add"))

    assert response.status_code == 403


def test_a_ledger_transaction_shows_its_entries_read_only(admin_client_for, superuser):
    paid_order(artisans=[ArtisanFactory()])
    capture = LedgerTransaction.objects.get(kind="capture")

    response = admin_client_for(superuser).get(reverse("admin:payments_ledgertransaction_change", args=[capture.pk]))

    assert (response.status_code, response.context["has_change_permission"]) == (200, False)


def test_the_account_list_shows_balances(admin_client_for, superuser):
    paid = paid_order(artisans=[ArtisanFactory()])

    response = admin_client_for(superuser).get(reverse("admin:payments_ledgeraccount_changelist"))

    changelist = response.context["cl"]
    balances = {account.code: changelist.model_admin.balance_mad(account) for account in changelist.result_list}
    assert balances["clearing"] == paid.payment.amount_mad


def test_superusers_add_commission_rules(admin_client_for, superuser):
    admin_client_for(superuser).post(reverse("admin:payments_commissionrule_add"),
                                     {"rate_percent": "9.00", "note": "launch"})  # fmt: skip

    assert CommissionRule.objects.get().rate_percent == Decimal("9.00")


def test_cooperative_admins_do_not_see_commission_rules(admin_client_for, cooperative_admin):
    response = admin_client_for(cooperative_admin).get(reverse("admin:payments_commissionrule_changelist"))

    assert response.status_code == 403


def test_staff_without_a_cooperative_see_no_payouts(admin_client_for):
    response = admin_client_for(UserFactory(is_staff=True)).get(reverse("admin:payments_payout_changelist"))

    assert response.status_code == 403


def test_the_batch_page_lists_its_payouts(admin_client_for, superuser):
    batch = admin_batch_for(ArtisanFactory())

    response = admin_client_for(superuser).get(reverse("admin:payments_payoutbatch_change", args=[batch.pk]))

    assert batch.payouts.get().reference in response.content.decode()


def test_a_cooperative_admin_reads_their_members_payout(admin_client_for, cooperative, cooperative_admin):
    payout = admin_batch_for(ArtisanFactory(cooperative=cooperative)).payouts.get()

    response = admin_client_for(cooperative_admin).get(reverse("admin:payments_payout_change", args=[payout.pk]))

    assert (response.status_code, response.context["has_change_permission"]) == (200, False)


# --- debts: a sale refunded after it was paid out ------------------------------------------------------

# Both pieces refunded after the payout: 900 − 108 commission given back = 792 MAD the artisan owes.
DEBT = Decimal("-792.00")


def paid_out_then_refunded(artisan):
    paid = delivered_sale(artisan)
    payouts.payout_batch_create()
    line_refund(paid, paid.parts[0], 2)
    return paid


def test_a_refund_after_the_payout_leaves_a_debt_on_that_artisan_order():
    paid = paid_out_then_refunded(seller())

    assert [(row.pk, row.owed_mad) for row in selectors.payable_artisan_orders()] == [(paid.parts[0].pk, DEBT)]


def test_the_next_payout_nets_the_debt_against_new_sales():
    artisan = seller()
    refunded = paid_out_then_refunded(artisan)
    new_sale = delivered_sale(artisan)

    payout = payouts.payout_batch_create().payouts.get()

    items = sorted(payout.items.values_list("artisan_order_id", "amount_mad"))
    assert (payout.amount_mad, items) == (
        OWED + DEBT, sorted([(refunded.parts[0].pk, DEBT), (new_sale.parts[0].pk, OWED)])
    )  # fmt: skip
    assert (artisan_balance(artisan), list(selectors.payable_artisan_orders())) == (Decimal("0.00"), [])


def test_sales_that_do_not_cover_the_debt_and_the_minimum_wait():
    artisan = seller()
    paid_out_then_refunded(artisan)
    delivered_sale(artisan, quantity=1)  # 450 + 120 − 54 = 516 MAD: 516 − 792 is still a debt

    assert (payouts.payout_batch_create(), artisan_balance(artisan)) == (None, Decimal("-276.00"))


def test_a_failed_netting_payout_brings_the_debt_back(staff):
    artisan = seller()
    refunded = paid_out_then_refunded(artisan)
    new_sale = delivered_sale(artisan)
    payout = payouts.payout_batch_create().payouts.get()

    payouts.payout_mark_failed(payout=payout, actor=staff, reason="RIB refused by the bank")

    owed = sorted((row.pk, row.owed_mad) for row in selectors.payable_artisan_orders())
    assert owed == sorted([(refunded.parts[0].pk, DEBT), (new_sale.parts[0].pk, OWED)])
