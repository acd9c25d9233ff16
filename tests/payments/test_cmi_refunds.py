"""Refunds of CMI payments: through CMI's back-office API (a Credit) when we
have an API user; without one, queued for a staff member, who makes the
refund in CMI's merchant back office and confirms it in the admin: the
ledger moves then. And the providers' fees, booked per capture."""

from decimal import Decimal

import pytest
from django.db.models import Sum

from marketplace.money import quantize
from orders.models import Order
from payments import refunds, tasks
from payments.models import AccountKind, LedgerEntry, LedgerTransaction, Payment, Refund, RefundStatus
from payments.providers import provider_use
from payments.providers.cmi import CmiProvider
from tests.factories import UserFactory
from tests.payments import cmi_kit
from tests.payments.conftest import checkout_placed, cmi_callback_post


def _cmi_paid(local_cmi, capture) -> Order:
    """A MAD order paid on CMI's page, its callback delivered to us."""
    client, body = checkout_placed(currency="MAD")
    local_cmi.callbacks(mode="hold")
    cmi_kit.hosted_page_pay(body["payment"]["form"], cmi_kit.CARD_APPROVED)
    [fields] = local_cmi.held
    with capture(execute=True):
        answer = cmi_callback_post(client, fields)
    assert answer.content == b"ACTION=POSTAUTH"
    # Our answer went back to the test, not to the emulator: CMI captures on it, as its callback would have.
    local_cmi.order(fields["oid"]).status = "C"
    return Order.objects.get(number=body["order"]["number"])


@pytest.fixture
def staff(db):
    return UserFactory(is_staff=True, is_superuser=True)


def test_a_refund_of_a_cmi_payment_is_credited_through_cmis_api(
    local_cmi, db, staff, django_capture_on_commit_callbacks
):
    order = _cmi_paid(local_cmi, django_capture_on_commit_callbacks)

    with django_capture_on_commit_callbacks(execute=True):
        refund = refunds.refund_order(order=order, actor=staff, reason="the buyer changed their mind")

    refund.refresh_from_db()
    at_cmi = local_cmi.order(Payment.objects.get(order=order).provider_reference)
    assert (refund.status, at_cmi.status, at_cmi.refunded, refund.by_staff) == (
        RefundStatus.SUCCEEDED, "R", order.total, False,
    )  # fmt: skip


@pytest.fixture
def cmi_without_api_user(settings, cmi_requests):
    settings.CMI_API_USER = ""
    provider_use(CmiProvider.from_settings(session=cmi_requests))


def test_without_an_api_user_a_refund_waits_for_staff_and_moves_no_money(
    local_cmi, db, staff, django_capture_on_commit_callbacks, cmi_without_api_user
):
    order = _cmi_paid(local_cmi, django_capture_on_commit_callbacks)

    with django_capture_on_commit_callbacks(execute=True):
        refund = refunds.refund_order(order=order, actor=staff, reason="parcel lost")

    refund.refresh_from_db()
    settled = LedgerTransaction.objects.filter(reference=f"refund-settled:{refund.pk}").exists()
    at_cmi = local_cmi.order(Payment.objects.get(order=order).provider_reference)
    assert (refund.status, refund.by_staff, settled, at_cmi.refunded) == (RefundStatus.PENDING, True, False, 0)


def test_staff_confirm_in_the_admin_and_the_ledger_moves(
    local_cmi, db, staff, admin_client_for, django_capture_on_commit_callbacks, cmi_without_api_user
):
    order = _cmi_paid(local_cmi, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        refund = refunds.refund_order(order=order, actor=staff, reason="parcel lost")
    admin = admin_client_for(staff)
    listed = admin.get("/admin/payments/staffrefund/")

    admin.post("/admin/payments/staffrefund/", {"action": "confirm_made", "_selected_action": [refund.pk]})

    refund.refresh_from_db()
    settled = LedgerTransaction.objects.get(reference=f"refund-settled:{refund.pk}")
    assert (listed.status_code, Payment.objects.get(order=order).provider_reference in listed.content.decode(),
            refund.status, settled.entries.aggregate(total=Sum("amount_mad"))["total"]) == (
        200, True, RefundStatus.SUCCEEDED, 0,
    )  # fmt: skip


def test_only_staff_confirm_a_refund_made_in_the_back_office(
    local_cmi, db, staff, django_capture_on_commit_callbacks, cmi_without_api_user
):
    from marketplace.errors import NotAllowed

    order = _cmi_paid(local_cmi, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        refund = refunds.refund_order(order=order, actor=staff, reason="parcel lost")

    with pytest.raises(NotAllowed):
        refunds.refund_staff_confirm(refund_id=refund.pk, actor=order.artisan_orders.first().artisan.user)

    assert Refund.objects.get(pk=refund.pk).status == RefundStatus.PENDING


def test_each_capture_books_its_providers_fee(local_cmi, db, settings, django_capture_on_commit_callbacks):
    settings.CMI_FEE_PERCENT = Decimal("1.75")

    order = _cmi_paid(local_cmi, django_capture_on_commit_callbacks)

    payment = Payment.objects.get(order=order)
    fee = LedgerTransaction.objects.get(reference=f"provider-fee:{payment.pk}")
    fees = fee.entries.filter(account__kind=AccountKind.FEES).get()
    clearing = LedgerEntry.objects.filter(account__kind=AccountKind.CLEARING).aggregate(total=Sum("amount_mad"))
    assert (fees.amount_mad, "cmi" in fee.memo, clearing["total"]) == (
        quantize(order.total_mad * Decimal("0.0175"), "MAD"), True,
        order.total_mad - fees.amount_mad,
    )  # fmt: skip


def test_a_credit_whose_answer_was_lost_is_not_made_again_when_the_refund_is_retried(
    local_cmi, db, staff, django_capture_on_commit_callbacks
):
    order = _cmi_paid(local_cmi, django_capture_on_commit_callbacks)
    line = order.artisan_orders.first().lines.first()
    # CMI makes the next Credit, and its answer is lost on the way back: the refund stays pending.
    local_cmi.api_answers(drop=1)
    with django_capture_on_commit_callbacks(execute=True):
        refund = refunds.refund_request(
            artisan_order=line.artisan_order, actor=staff, lines=[refunds.LineRefund(line.pk, 1)], reason="chipped"
        )
    pending = Refund.objects.get(pk=refund.pk).status

    tasks.refund_submit.apply(args=(refund.pk,))  # the worker's retry

    refund.refresh_from_db()
    at_cmi = local_cmi.order(Payment.objects.get(order=order).provider_reference)
    settled = LedgerTransaction.objects.filter(reference=f"refund-settled:{refund.pk}").count()
    assert (pending, len(at_cmi.credits), at_cmi.refunded, refund.status, settled) == (
        RefundStatus.PENDING, 1, refund.amount, RefundStatus.SUCCEEDED, 1,
    )  # fmt: skip


def test_a_second_refund_of_the_same_payment_is_still_credited(
    local_cmi, db, staff, django_capture_on_commit_callbacks
):
    order = _cmi_paid(local_cmi, django_capture_on_commit_callbacks)
    line = order.artisan_orders.first().lines.first()
    with django_capture_on_commit_callbacks(execute=True):
        first = refunds.refund_request(
            artisan_order=line.artisan_order, actor=staff, lines=[refunds.LineRefund(line.pk, 1)], reason="chipped"
        )

    with django_capture_on_commit_callbacks(execute=True):
        second = refunds.refund_order(order=order, actor=staff, reason="the rest goes back too")

    second.refresh_from_db()
    at_cmi = local_cmi.order(Payment.objects.get(order=order).provider_reference)
    assert (len(at_cmi.credits), at_cmi.refunded, second.status) == (
        2, first.amount + second.amount, RefundStatus.SUCCEEDED,
    )  # fmt: skip
