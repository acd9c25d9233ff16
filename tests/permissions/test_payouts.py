"""Nobody pays themself: an operator who also sells is never the one who
creates, exports, marks paid or fails a payout batch that pays them; another
operator (or the weekly task) does."""

from decimal import Decimal

import pytest

from marketplace.errors import FourEyesRefused, NotAllowed
from payments import payouts
from payments.models import PayoutBatch, PayoutBatchStatus, PayoutStatus
from tests.factories import ArtisanFactory, UserFactory
from tests.payments.ledger_builders import bank_details, deliver, paid_order
from tests.permissions.conftest import admin_action

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def payout_settings(settings):
    settings.COMMISSION_DEFAULT_PERCENT = Decimal("12.00")
    settings.PAYOUT_HOLD_DAYS = 7
    settings.PAYOUT_MINIMUM_MAD = Decimal("100.00")


@pytest.fixture
def selling_operator(superuser):
    """An operator whose artisan profile is owed a delivered sale past the hold period."""
    artisan = ArtisanFactory(user=superuser)
    bank_details(artisan)
    deliver(paid_order(artisans=[artisan]).order, days_ago=30)
    return superuser


@pytest.fixture
def other_operator(db):
    return UserFactory(is_staff=True, is_superuser=True)


@pytest.fixture
def exported_batch(selling_operator, other_operator):
    batch = payouts.payout_batch_create()  # the weekly task
    payouts.payout_batch_export_csv(batch=batch, actor=other_operator)
    return batch


def test_a_payee_cannot_create_the_batch_that_pays_them(selling_operator):
    with pytest.raises(FourEyesRefused):
        payouts.payout_batch_create(actor=selling_operator)

    assert not PayoutBatch.objects.exists()


def test_another_operator_creates_it(selling_operator, other_operator):
    assert payouts.payout_batch_create(actor=other_operator).payouts.get().artisan.user == selling_operator


def test_a_payee_cannot_export_the_batch(selling_operator):
    batch = payouts.payout_batch_create()

    with pytest.raises(FourEyesRefused):
        payouts.payout_batch_export_csv(batch=batch, actor=selling_operator)

    batch.refresh_from_db()
    assert batch.status == PayoutBatchStatus.OPEN


def test_a_payee_marking_the_batch_paid_in_the_admin_is_refused(admin_client_for, selling_operator, exported_batch):
    shown = admin_action(admin_client_for(selling_operator), "/admin/payments/payoutbatch/", "mark_paid",
                         [exported_batch])  # fmt: skip

    exported_batch.refresh_from_db()
    assert (exported_batch.status, exported_batch.payouts.get().status) == (
        PayoutBatchStatus.EXPORTED,
        PayoutStatus.PENDING,
    )
    assert any("You are paid by this batch" in message for message in shown), shown


def test_another_operator_marks_it_paid_in_the_admin(admin_client_for, other_operator, exported_batch):
    admin_action(admin_client_for(other_operator), "/admin/payments/payoutbatch/", "mark_paid", [exported_batch])

    exported_batch.refresh_from_db()
    assert (exported_batch.status, exported_batch.payouts.get().status) == (
        PayoutBatchStatus.CLOSED,
        PayoutStatus.PAID,
    )


def test_a_payee_cannot_fail_their_own_payout(selling_operator, exported_batch):
    """A failed payout's money becomes payable again: failing one's own paid payout would pay it twice."""
    payout = exported_batch.payouts.get()

    with pytest.raises(FourEyesRefused):
        payouts.payout_mark_failed(payout=payout, actor=selling_operator, reason="never arrived")

    payout.refresh_from_db()
    assert payout.status == PayoutStatus.PENDING


def test_a_cooperative_admin_does_not_handle_batches(cooperative_admin, selling_operator):
    batch = payouts.payout_batch_create()

    with pytest.raises(NotAllowed):
        payouts.payout_batch_export_csv(batch=batch, actor=cooperative_admin)
