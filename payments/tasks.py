"""Payments' Celery tasks: apply webhook events, send refunds, sweep.
They are queued on commit through marketplace.effects."""

import logging

from celery import shared_task
from django.db import OperationalError

from payments import (
    payout_tasks,  # noqa: F401  (registers the weekly payout batch task)
    refunds,
    webhooks,
)
from payments.providers.base import ProviderUnavailable

logger = logging.getLogger(__name__)

TRANSIENT = (ProviderUnavailable, OperationalError, ConnectionError, TimeoutError)


@shared_task(bind=True, max_retries=webhooks.MAX_ATTEMPTS, acks_late=True)
def webhook_event_apply(self, event_pk: int):
    try:
        return webhooks.webhook_event_apply(event_pk=event_pk)
    except TRANSIENT as error:
        raise self.retry(exc=error, countdown=min(2**self.request.retries, 300)) from error


@shared_task(bind=True, max_retries=8, acks_late=True)
def refund_submit(self, refund_id: int):
    try:
        return refunds.refund_submit(refund_id=refund_id).status
    except TRANSIENT as error:
        raise self.retry(exc=error, countdown=min(2**self.request.retries, 300)) from error


@shared_task
def webhook_events_sweep() -> int:
    """Events left pending are queued again, and payments whose callback
    never came are read back from the provider (payments_pending_reconcile)."""
    from payments.services import payments_pending_reconcile

    queued = webhooks.webhook_events_sweep()
    try:
        payments_pending_reconcile()
    except TRANSIENT as error:  # the provider is down: the next sweep tries again
        logger.warning("payments reconcile postponed: %s", error)
    return queued


@shared_task(autoretry_for=TRANSIENT, retry_backoff=True, max_retries=5)
def payments_cancel_for_cancelled_orders() -> int:
    from payments.services import payments_cancel_for_cancelled_orders as cancel

    return cancel()
