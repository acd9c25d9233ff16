"""Payments' Celery tasks: apply webhook events, send refunds, sweep.

`task_enqueue` is how payments queues work on commit: if the broker is down
the event or refund is already stored, so the failure is logged, not raised
(the answer to the provider or the user stays a success) and the sweep
queues it again later."""

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


def task_enqueue(task, *args) -> bool:
    try:
        # retry=False: with the broker down, fail now rather than hold the request for seconds.
        task.apply_async(args=args, retry=False)
        return True
    except Exception as error:  # the broker's errors vary with the transport; the row is safe
        logger.warning("could not queue %s%s: %s; the sweep will", task.name, args, error)
        return False


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
    return webhooks.webhook_events_sweep()


@shared_task(autoretry_for=TRANSIENT, retry_backoff=True, max_retries=5)
def payments_cancel_for_cancelled_orders() -> int:
    from payments.services import payments_cancel_for_cancelled_orders as cancel

    return cancel()
