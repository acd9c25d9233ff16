"""Every provider event is applied by a function answering an Outcome; the
inbox marks the event applied or ignored from it alone, refunds included
(they once answered a string the inbox parsed)."""

from orders.models import ArtisanOrder
from payments import refunds
from payments.models import RefundStatus, WebhookEvent, WebhookStatus
from payments.providers.base import ProviderRefund
from payments.services import Outcome
from tests.payments import stripe_kit as kit


def a_refund(paid):
    artisan_order = ArtisanOrder.objects.filter(order=paid).order_by("pk").first()
    # Not sent yet (its on-commit task does not run here).
    return refunds.refund_request(artisan_order=artisan_order, actor=None, shipping=True, lines=[], reason="x")


def remote_refund(reference, refund, status, metadata=None):
    return kit.refund_object(reference, payment_reference=refund.payment.provider_reference,
                             amount=int(refund.amount * 100), currency=refund.currency, status=status,
                             metadata=metadata or {})  # fmt: skip


def test_a_refund_event_of_ours_is_applied_and_says_how_it_ended(paid, client, django_capture_on_commit_callbacks):
    refund = a_refund(paid)
    remote = remote_refund("re_ours_1", refund, "failed", {"souk_refund": str(refund.pk)})

    with django_capture_on_commit_callbacks(execute=True):
        kit.deliver(client, kit.event("refund.updated", remote))

    refund.refresh_from_db()
    event = WebhookEvent.objects.get(type="refund.updated")
    assert (event.status, event.outcome) == (WebhookStatus.APPLIED, f"refund {refund.pk} failed")
    assert refund.status == RefundStatus.FAILED


def test_a_refund_event_not_of_ours_is_ignored(paid, client, django_capture_on_commit_callbacks):
    refund = a_refund(paid)
    remote = remote_refund("re_stranger_1", refund, "succeeded")

    with django_capture_on_commit_callbacks(execute=True):
        kit.deliver(client, kit.event("refund.updated", remote))

    refund.refresh_from_db()
    event = WebhookEvent.objects.get(type="refund.updated")
    assert (event.status, event.outcome) == (WebhookStatus.IGNORED, "unknown refund re_stranger_1")
    assert refund.status == RefundStatus.PENDING


def test_refund_remote_apply_answers_an_outcome_like_every_other_apply(paid):
    refund = a_refund(paid)
    theirs = ProviderRefund(reference="re_stranger_2", status=RefundStatus.SUCCEEDED, amount_minor=100)
    ours = ProviderRefund(reference="re_ours_2", status=RefundStatus.SUCCEEDED, amount_minor=int(refund.amount * 100),
                          metadata={"souk_refund": str(refund.pk)})  # fmt: skip

    assert refunds.refund_remote_apply(remote=theirs) == Outcome(False, "unknown refund re_stranger_2")
    assert refunds.refund_remote_apply(remote=ours) == Outcome(True, f"refund {refund.pk} succeeded")
