"""The weekly payout run (beat entry "payout-batch-weekly" in config/settings.py).
Thin: the service decides who is paid. Imported by payments/tasks.py so that
Celery's autodiscovery registers it under its public name."""

from celery import shared_task

from payments import payouts


@shared_task(name="payments.tasks.payout_batch_create")
def payout_batch_create() -> int | None:
    """The new batch's id, or None when nobody was payable. Retried or run
    twice, it pays nothing twice: what a batch pays is no longer payable."""
    batch = payouts.payout_batch_create()
    return batch.pk if batch is not None else None
