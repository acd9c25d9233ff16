"""The webhook inbox: provider event → verified → stored once → applied by a task.

Receiving stores the event (its provider id is unique, so a second delivery
is a no-op) and queues the task on commit; the HTTP answer never waits for
the work. Applying claims the event row with SELECT ... FOR UPDATE SKIP
LOCKED, so two workers never apply the same event; the claim, the domain
changes and the outcome commit together, so a worker that dies half-way
leaves the event pending for a retry or the sweep, with nothing half-done.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from functools import partial

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from marketplace import effects, metrics
from payments import disputes, locks, refunds, services
from payments.models import WebhookEvent, WebhookStatus
from payments.providers import provider_get
from payments.providers.base import EventKind, ProviderEvent, ProviderNotFound
from payments.services import Outcome

logger = logging.getLogger(__name__)

# After this many failed applies an event is parked as failed for staff.
MAX_ATTEMPTS = 8


@dataclass(frozen=True)
class Received:
    event: WebhookEvent
    duplicate: bool


def webhook_receive(*, provider_name: str, body: bytes, signature: str) -> Received:
    """Verify and store a delivery. Raises InvalidWebhook (nothing stored)."""
    parsed = provider_get(provider_name).webhook_parse(body=body, signature=signature)
    try:
        with transaction.atomic():
            event = WebhookEvent.objects.create(
                provider=provider_name, event_id=parsed.id, type=parsed.type, payload=parsed.payload
            )
            webhook_event_queue(event_pk=event.pk)
            metrics.count_on_commit(metrics.WEBHOOK_EVENTS_RECEIVED.labels(provider=provider_name))
    except IntegrityError:
        event = WebhookEvent.objects.get(provider=provider_name, event_id=parsed.id)
        if event.status == WebhookStatus.PENDING:
            # Not applied yet (its task failed or never ran): the provider's retry is ours too.
            webhook_event_queue(event_pk=event.pk)
        return Received(event, duplicate=True)
    return Received(event, duplicate=False)


def cmi_callback_answer(event: WebhookEvent) -> str:
    """What CMI's callback is answered, once stored: an approved payment of
    ours is captured (`ACTION=POSTAUTH`); anything else is noted (`APPROVED`).
    The order itself is paid by the event's task, not here."""
    from payments.providers.cmi import EVENT_APPROVED

    ours = services.Payment.objects.filter(provider="cmi", provider_reference=event.payload.get("oid", "")).exists()
    return "ACTION=POSTAUTH" if event.type == EVENT_APPROVED and ours else "APPROVED"


def webhook_event_queue(*, event_pk: int) -> None:
    """Queue the event's apply task on commit. If the broker is down the
    event row waits as pending (and a PendingTask row too): either sweep
    queues it again, and applying twice is a no-op."""
    from payments.tasks import webhook_event_apply  # tasks.py imports this module

    effects.task_enqueue_on_commit(webhook_event_apply, event_pk)


def webhook_event_apply(*, event_pk: int) -> str | None:
    """Apply one stored event; None when it is done already or another worker
    holds it. Exceptions propagate (the task retries); the attempt and the
    error are recorded first.

    What the provider says now (an event may be old news) is read before the
    transaction opens: no lock is held while the provider answers."""
    counted = WebhookEvent.objects.filter(pk=event_pk, status=WebhookStatus.PENDING).update(attempts=F("attempts") + 1)
    if not counted:
        return None
    try:
        event = WebhookEvent.objects.filter(pk=event_pk, status=WebhookStatus.PENDING).first()
        if event is None:
            return None
        apply = _news_read(event)
        with transaction.atomic(durable=True):
            event = locks.pending_webhook_event_lock(event_pk)
            if event is None:
                return None
            outcome = apply()
            event.status = WebhookStatus.APPLIED if outcome.applied else WebhookStatus.IGNORED
            event.outcome = outcome.note[:300]
            event.applied_at = timezone.now()
            event.last_error = ""
            event.save(update_fields=["status", "outcome", "applied_at", "last_error"])
            metrics.webhook_event_applied_count(
                result=event.status, lag_seconds=(event.applied_at - event.received_at).total_seconds()
            )
            return outcome.note
    except Exception as error:
        _record_failure(event_pk, error)
        raise


def _record_failure(event_pk: int, error: Exception) -> None:
    event = WebhookEvent.objects.filter(pk=event_pk).first()
    if event is None:
        return
    fields = {"last_error": f"{type(error).__name__}: {error}"[:2000]}
    if event.attempts >= MAX_ATTEMPTS:
        fields["status"] = WebhookStatus.FAILED
    WebhookEvent.objects.filter(pk=event_pk, status=WebhookStatus.PENDING).update(**fields)
    logger.warning("webhook event %s failed (attempt %s): %s", event.event_id, event.attempts, error)


def _unchanged(note: str) -> Callable[[], Outcome]:
    return lambda: Outcome(False, note)


def _news_read(event: WebhookEvent) -> Callable[[], Outcome]:
    """The event read, and the provider asked for the current state of what it
    names (outside any transaction); answers the apply to run in one, which
    returns an Outcome."""
    provider = provider_get(event.provider)
    parsed: ProviderEvent = provider.event_read(event.payload)
    name = event.provider
    if parsed.kind == EventKind.PAYMENT_SUCCEEDED:
        return partial(
            services.payment_succeeded_apply, provider_name=name, reference=parsed.payment_reference,
            amount_minor=parsed.amount_minor, currency=parsed.currency,
        )  # fmt: skip
    if parsed.kind in (EventKind.PAYMENT_FAILED, EventKind.PAYMENT_CANCELED):
        return _payment_news(provider, name, parsed)
    if parsed.kind == EventKind.REFUND_UPDATED:
        if parsed.refund is None:
            return _unchanged("no refund in the event")
        # The event may be older than what we know: ask for the refund as it is now.
        remote = _reread_refund(provider, parsed.refund.reference) or parsed.refund
        return partial(refunds.refund_remote_apply, remote=remote)
    if parsed.kind == EventKind.PAYMENT_REFUNDED:
        return partial(_refunds_settle, _charge_refunds(provider, parsed))
    if parsed.kind == EventKind.DISPUTE_OPENED:
        return partial(
            disputes.dispute_open_apply, provider_name=name, payment_reference=parsed.payment_reference,
            dispute_reference=parsed.dispute_reference, reason=parsed.dispute_reason,
            amount_minor=parsed.amount_minor, currency=parsed.currency,
        )  # fmt: skip
    if parsed.kind == EventKind.DISPUTE_CLOSED:
        return partial(
            disputes.dispute_close_apply, provider_name=name, payment_reference=parsed.payment_reference,
            dispute_reference=parsed.dispute_reference, outcome=parsed.dispute_outcome,
            reason=parsed.dispute_reason, amount_minor=parsed.amount_minor, currency=parsed.currency,
        )  # fmt: skip
    return _unchanged(f"ignored: {event.type}")


def _payment_news(provider, name: str, parsed: ProviderEvent) -> Callable[[], Outcome]:
    """A failure or cancellation may be old news (the buyer retried and paid
    since): apply the payment's state as the provider has it now."""
    if not services.Payment.objects.filter(provider=name, provider_reference=parsed.payment_reference).exists():
        return _unchanged(f"unknown payment {parsed.payment_reference}")
    try:
        remote = provider.payment_retrieve(parsed.payment_reference)
    except ProviderNotFound:
        return _unchanged(f"payment {parsed.payment_reference} unknown to the provider")
    return partial(services.payment_remote_apply, provider_name=name, remote=remote)


def _reread_refund(provider, reference: str):
    try:
        return provider.refund_retrieve(reference)
    except ProviderNotFound:
        return None


def _charge_refunds(provider, parsed: ProviderEvent) -> list:
    """The charge's refunds changed: each of ours the event lists, or, when it
    lists none, each of ours still pending on that payment, as the provider has it now."""
    references = list(parsed.refund_references)
    if not references:
        references = list(
            refunds.Refund.objects.filter(
                payment__provider_reference=parsed.payment_reference,
                status=refunds.RefundStatus.PENDING,
                provider_reference__isnull=False,
            ).values_list("provider_reference", flat=True)
        )
    remotes = (_reread_refund(provider, reference) for reference in references)
    return [remote for remote in remotes if remote is not None]


def _refunds_settle(remotes: list) -> Outcome:
    outcomes = [refunds.refund_remote_apply(remote=remote) for remote in remotes]
    if not outcomes:
        return Outcome(False, "no refund of ours to settle")
    return Outcome(any(outcome.applied for outcome in outcomes), "; ".join(outcome.note for outcome in outcomes))


def webhook_events_sweep(*, older_than_minutes: int | None = None) -> int:
    """Queue again every event left pending longer than the setting (the
    broker was down when it arrived, or a worker died)."""
    minutes = settings.WEBHOOK_SWEEP_AFTER_MINUTES if older_than_minutes is None else older_than_minutes
    due = WebhookEvent.objects.filter(
        status=WebhookStatus.PENDING, received_at__lte=timezone.now() - timedelta(minutes=minutes)
    ).values_list("pk", flat=True)
    due = list(due[:1000])
    for event_pk in due:
        webhook_event_queue(event_pk=event_pk)
    return len(due)
