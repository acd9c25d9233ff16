"""Who pays for a claim, in the ledger (returns.rules): a breakage on an
uninsured parcel is the platform's, on an insured one the insurer's; a
return for the buyer's own reasons the artisan's. Every posting sums to
zero, and no line is ever refunded beyond what was paid for it."""

from decimal import Decimal

import pytest
from django.db.models import Sum
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from marketplace.errors import DomainError
from orders.models import OrderLine
from payments import refunds
from payments.models import (
    AccountKind,
    LedgerEntry,
    LedgerTransaction,
    Payment,
    RefundItem,
    RefundItemKind,
    RefundStatus,
)
from returns import services
from returns.models import LossBearer, ReturnKind, ReturnRequest, ReturnStatus
from tests.factories import ArtisanFactory, CooperativeFactory, UserFactory, admin_of
from tests.payments.ledger_builders import artisan_balance, total
from tests.returns.builders import delivered_purchase, photo_upload
from tests.rollback import rolled_back

pytestmark = pytest.mark.django_db

UNIT_MAD = Decimal("450.00")


def account_total(kind) -> Decimal:
    return total(LedgerEntry.objects.filter(account__kind=kind))


def refund_entries(refund) -> dict:
    """Account kind → MAD of the refund's own posting."""
    rows = (
        LedgerEntry.objects.filter(transaction__reference=f"refund:{refund.pk}")
        .values("account__kind")
        .annotate(total=Sum("amount_mad"))
    )
    return {row["account__kind"]: row["total"] for row in rows}


def every_transaction_balances() -> bool:
    sums = LedgerEntry.objects.values("transaction").annotate(mad=Sum("amount_mad"))
    return all(row["mad"] == 0 for row in sums)


def claim_refunded_without_return(client_for, paid, manager):
    line = paid.parts[0].lines.get()
    opened = client_for(paid.order.buyer).post(
        reverse("order-line-return", kwargs={"number": paid.order.number, "line_id": line.pk}),
        {
            "kind": ReturnKind.DAMAGE,
            "quantity": 1,
            "reason": "The tagine's lid arrived in three pieces",
            "photos": [photo_upload("lid.jpg"), photo_upload("box.jpg", color=(120, 120, 120))],
        },
        format="multipart",
    )
    assert opened.status_code == 201, opened.json()
    assert len(opened.json()["photos"]) == 2
    decided = client_for(manager).post(
        reverse("managed-return-decide", kwargs={"pk": opened.json()["id"]}),
        {"action": "refund_without_return", "note": "Photos show transit breakage"},
        format="json",
    )
    assert decided.status_code == 200, decided.json()
    return ReturnRequest.objects.select_related("refund").get(pk=opened.json()["id"])


def test_a_breakage_claim_with_two_photos_refunded_without_return_is_borne_by_the_platform(
    client_for, artisan, cooperative_admin
):
    paid = delivered_purchase(artisan=artisan)
    artisan_before, commission_before = artisan_balance(artisan), account_total(AccountKind.COMMISSION)

    claim = claim_refunded_without_return(client_for, paid, cooperative_admin)
    refunds.refund_settle(refund_id=claim.refund.pk, status=RefundStatus.SUCCEEDED)

    assert (claim.status, claim.loss_bearer) == (ReturnStatus.REFUNDED_WITHOUT_RETURN, LossBearer.PLATFORM)
    assert claim.refund.loss_bearer == LossBearer.PLATFORM
    # The platform pays the whole piece; the artisan keeps the sale, the commission stays earned.
    assert refund_entries(claim.refund) == {AccountKind.PLATFORM: UNIT_MAD, AccountKind.REFUNDS: -UNIT_MAD}
    assert artisan_balance(artisan) == artisan_before
    assert account_total(AccountKind.COMMISSION) == commission_before
    assert account_total(AccountKind.PLATFORM) == UNIT_MAD
    assert account_total(AccountKind.REFUNDS) == Decimal("0.00")  # owed, then paid by the provider
    assert every_transaction_balances()
    assert [event.to_status for event in claim.events.all()] == ["requested", "refunded_without_return"]


def test_an_insured_parcels_claim_is_paid_by_the_insurance_account(client_for, artisan, superuser):
    paid = delivered_purchase(artisan=artisan, insured=True)
    artisan_before, insurance_before = artisan_balance(artisan), account_total(AccountKind.INSURANCE)

    claim = claim_refunded_without_return(client_for, paid, superuser)

    assert (claim.loss_bearer, claim.refund.loss_bearer) == (LossBearer.INSURER, LossBearer.INSURER)
    assert refund_entries(claim.refund) == {AccountKind.INSURANCE: UNIT_MAD, AccountKind.REFUNDS: -UNIT_MAD}
    assert account_total(AccountKind.INSURANCE) == insurance_before + UNIT_MAD
    assert artisan_balance(artisan) == artisan_before
    assert every_transaction_balances()


# --- the property --------------------------------------------------------------------------------------


def _open(purchase, data, buyer):
    line = purchase.parts[0].lines.get()
    kind = data.draw(st.sampled_from(ReturnKind.values))
    quantity = data.draw(st.integers(min_value=1, max_value=line.quantity + 1))
    photos = [photo_upload(size=(32, 24))] if kind == ReturnKind.DAMAGE else []
    return services.return_open(buyer=buyer, order_line=line, kind=kind, quantity=quantity, reason="p", photos=photos)


def _decide(request, data, manager):
    path = data.draw(st.sampled_from(["without_return", "restock", "write_off", "refuse", "leave"]))
    if path == "without_return":
        services.return_refund_without_return(request=request, actor=manager)
    elif path in ("restock", "write_off"):
        services.return_accept(request=request, actor=manager, carrier="Amana", address="Safi")
        services.return_receive(request=request, actor=manager)
        services.return_close(request=request, actor=manager, restock=path == "restock")
    elif path == "refuse":
        services.return_refuse(request=request, actor=manager, reason="no")


def _direct_refund(purchase, data, manager):
    """A refund of some pieces by staff, outside any return (and maybe failed at the provider)."""
    part = purchase.parts[0]
    line = part.lines.get()
    quantity = data.draw(st.integers(min_value=1, max_value=line.quantity + 1))
    refund = refunds.refund_request(
        artisan_order=part, actor=manager, lines=[refunds.LineRefund(line.pk, quantity)], reason="goodwill"
    )
    if data.draw(st.booleans()):
        refunds.refund_settle(refund_id=refund.pk, status=RefundStatus.FAILED, failure_message="declined")


def _check_lines_never_refunded_beyond_payment() -> None:
    live = RefundItem.objects.exclude(refund__status=RefundStatus.FAILED).filter(kind=RefundItemKind.LINE)
    for row in live.values("order_line_id").annotate(pieces=Sum("quantity"), mad=Sum("amount_mad")):
        line = OrderLine.objects.get(pk=row["order_line_id"])
        assert row["pieces"] <= line.quantity and row["mad"] <= line.line_total_mad
    for payment in Payment.objects.all():
        refunded = total(payment.refunds.exclude(status=RefundStatus.FAILED), "amount")
        assert refunded <= payment.amount


def _check_bearers() -> None:
    """Each claim's refund came from the account its rule names, and only there."""
    accounts = {LossBearer.PLATFORM: AccountKind.PLATFORM, LossBearer.INSURER: AccountKind.INSURANCE}
    for request in ReturnRequest.objects.exclude(refund=None).select_related("refund", "artisan_order"):
        expected = LossBearer.ARTISAN if request.kind == ReturnKind.RETURN else (
            LossBearer.INSURER if request.artisan_order.insured else LossBearer.PLATFORM
        )  # fmt: skip
        assert request.loss_bearer == expected == request.refund.loss_bearer
        kinds = set(refund_entries(request.refund))
        if expected == LossBearer.ARTISAN:
            assert AccountKind.ARTISAN in kinds and not kinds & {AccountKind.PLATFORM, AccountKind.INSURANCE}
        else:
            assert kinds == {accounts[expected], AccountKind.REFUNDS}


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                 HealthCheck.too_slow])  # fmt: skip
@given(data=st.data())
def test_random_claims_and_refunds_keep_the_ledger_at_zero_and_lines_within_what_was_paid(data):
    with rolled_back():
        cooperative = CooperativeFactory()
        manager = admin_of(cooperative)
        buyer = UserFactory()
        purchases = []
        for _ in range(data.draw(st.integers(min_value=1, max_value=3))):
            paid = delivered_purchase(
                artisan=ArtisanFactory(cooperative=cooperative), buyer=buyer,
                quantity=data.draw(st.integers(min_value=1, max_value=3)), insured=data.draw(st.booleans()),
            )  # fmt: skip
            purchases.append(paid)

        for _ in range(data.draw(st.integers(min_value=1, max_value=6))):
            purchase = data.draw(st.sampled_from(purchases))
            before = LedgerTransaction.objects.count()
            try:
                if data.draw(st.booleans()):
                    _decide(_open(purchase, data, buyer), data, manager)
                else:
                    _direct_refund(purchase, data, manager)
            except DomainError:
                # Refused (too many pieces, an open request, above the threshold…): nothing written.
                assert LedgerTransaction.objects.count() == before

        assert every_transaction_balances()
        _check_lines_never_refunded_beyond_payment()
        _check_bearers()
