"""The one way a side effect leaves a transaction (DESIGN.md, Transactions).

- `task_enqueue_on_commit(task, *args)`: a Celery task, queued once the
  transaction commits. A rolled-back transaction queues nothing; called with
  no transaction open, it queues at once (Django's on_commit). If the broker
  cannot take the task, the work is stored as a `PendingTask` row and
  `pending_tasks_send` (beat's `marketplace.tasks.pending_tasks_sweep`)
  queues it later; the request that committed never fails for it.
- `after_commit(fn)`: an effect done in this process (a cache version bump,
  a cached snapshot forgotten, files deleted) once the transaction commits;
  an exception is logged, never raised into a request whose data is saved.

No other module calls transaction.on_commit, .delay or .apply_async
(tests/test_effect_modules.py).

There is no "stored elsewhere, just log" option for work whose own row
already waits (a webhook event, a refund to submit): a refund had no sweep
of its own, and a flag whose misuse loses work is worse than one rule. The
tasks that do have a sweep of their own (webhook events, photo renditions,
export paperwork) are idempotent, so one queued by both sweeps runs twice to
the result of once.
"""

import logging

from django.db import DatabaseError, transaction
from django.db.models import F

from marketplace.models import PendingTask

logger = logging.getLogger(__name__)

ERROR_MAX_CHARS = 2000


def task_enqueue_on_commit(task, *args) -> None:
    """Queue `task(*args)` once the current transaction commits. The
    arguments must be JSON (ids, not objects): they may wait in a row."""
    args = list(args)
    transaction.on_commit(lambda: _send(task, args), robust=True)


def after_commit(fn) -> None:
    """Call `fn()` once the current transaction commits (at once outside
    one); an exception is logged, the caller's request still succeeds."""
    transaction.on_commit(fn, robust=True)


def _send(task, args: list) -> None:
    try:
        _publish(task, args)
    except Exception as error:  # each transport raises its own errors
        if task.app.conf.task_always_eager:
            # No broker (`make run`): the task ran here and failed; a stored
            # row would only fail the same way. Its own sweep, if any, retries.
            logger.error("%s%s failed in process", task.name, tuple(args), exc_info=True)
            return
        logger.warning("could not queue %s%s (%s); stored for the sweep", task.name, tuple(args), error)
        _store(task.name, args, error)


def _publish(task, args: list) -> None:
    if task.app.conf.task_always_eager:
        task.apply_async(args=args)  # no broker: it runs here and now
        return
    with task.app.producer_or_acquire() as producer:
        # One connection attempt rather than kombu's reconnect loop (~6 s):
        # a dead broker fails in milliseconds instead of holding the request.
        producer.connection.ensure_connection(max_retries=0)
        # ignore_result: nobody waits for an effect's result, and subscribing
        # to a dead result store waits out its own reconnect loop (~20 s).
        task.apply_async(args=args, producer=producer, retry=False, ignore_result=True)


def _store(task_name: str, args: list, error: Exception) -> None:
    try:
        row, created = PendingTask.objects.get_or_create(
            task=task_name, args=args, defaults={"last_error": _text(error)}
        )
        if not created:
            PendingTask.objects.filter(pk=row.pk).update(attempts=F("attempts") + 1, last_error=_text(error))
    except DatabaseError:
        logger.error("could not store %s%s either: it is lost", task_name, tuple(args), exc_info=True)


def _text(error: Exception) -> str:
    return f"{type(error).__name__}: {error}"[:ERROR_MAX_CHARS]


def pending_tasks_send(*, limit: int = 500) -> int:
    """Queue the stored tasks again, oldest first, and delete each row once
    its task is queued; returns how many were queued. The first failure ends
    the round (the broker is still down). A row goes only after its task is
    queued, so a crash in between queues it twice: idempotent tasks make that
    harmless, where deleting first could lose it. Call outside a transaction."""
    from celery import current_app

    sent = 0
    for row in PendingTask.objects.order_by("pk")[:limit]:
        task = current_app.tasks.get(row.task)
        if task is None:
            logger.error("pending task %s is not a registered task; kept for staff", row.task)
            continue
        try:
            _publish(task, row.args)
        except Exception as error:  # each transport raises its own errors
            PendingTask.objects.filter(pk=row.pk).update(attempts=F("attempts") + 1, last_error=_text(error))
            logger.warning("could not queue %s again (%s); next round", row, error)
            break
        row.delete()
        sent += 1
    return sent
