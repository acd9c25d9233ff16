"""The Celery app. Broker and result backend come from REDIS_URL (settings);
without it, tasks run eagerly in the caller's process."""

import logging
import os

from celery import Celery, bootsteps
from celery.beat import PersistentScheduler
from celery.signals import (
    after_task_publish,
    before_task_publish,
    task_failure,
    task_postrun,
    task_prerun,
    worker_init,
    worker_process_shutdown,
)

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("souk")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

logger = logging.getLogger(__name__)


def broker_configured() -> bool:
    return not app.conf.task_always_eager


@task_prerun.connect
@task_postrun.connect
def database_connections_as_around_a_request(sender=None, **kwargs):
    """Celery's Django fixup closes every database connection around every
    task (a new PostgreSQL session per task, ~17 ms) unless
    CELERY_DB_REUSE_MAX is set, which settings do. Django's own rule applies
    instead, as around a web request: close the connections past
    CONN_MAX_AGE, or broken. Not for eager tasks, which run inside the
    caller's transaction."""
    if getattr(getattr(sender, "request", None), "is_eager", False):
        return
    from django.db import close_old_connections

    close_old_connections()


# --- observability: request ids, failed tasks, worker metrics, heartbeats ---------------------


@before_task_publish.connect
def request_id_into_task_headers(headers=None, **kwargs):
    """A task queued while answering a request carries the request's id, so
    the worker's log lines of that work name it too."""
    from marketplace.request_id import request_id_current

    request_id = request_id_current()
    if request_id and headers is not None:
        headers.setdefault("request_id", request_id)


@task_prerun.connect
def request_id_for_the_task(task=None, task_id=None, **kwargs):
    """The id on the worker's log lines: the request's that queued the task,
    else the task's own. An eager task keeps its caller's."""
    if task is None or getattr(task.request, "is_eager", False):
        return
    from marketplace.request_id import request_id_sane, request_id_set

    request_id_set(request_id_sane(getattr(task.request, "request_id", None)) or task_id)


@task_postrun.connect
def request_id_after_the_task(task=None, **kwargs):
    if task is None or getattr(task.request, "is_eager", False):
        return
    from marketplace.request_id import request_id_set

    request_id_set(None)


@task_failure.connect
def task_failed_count(sender=None, **kwargs):
    from marketplace import metrics

    metrics.TASKS_FAILED.labels(task=getattr(sender, "name", "unknown")).inc()


@worker_init.connect
def worker_metrics_serve(**kwargs):
    """A worker's counters live in its own processes: with
    CELERY_METRICS_PORT set it serves them for Prometheus (all its pool's
    processes when PROMETHEUS_MULTIPROC_DIR is set, as for gunicorn)."""
    from django.conf import settings

    if not settings.CELERY_METRICS_PORT:
        return
    from prometheus_client import start_http_server

    from marketplace.metrics import registry_for_scrape

    start_http_server(settings.CELERY_METRICS_PORT, registry=registry_for_scrape())


@worker_process_shutdown.connect
def worker_process_metrics_forget(pid=None, **kwargs):
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(pid or os.getpid())


class WorkerHeartbeat(bootsteps.StartStopStep):
    """Every WORKER_HEARTBEAT_SECONDS the worker's main process writes its
    heartbeat for /readyz (marketplace/heartbeats.py); a worker that stops
    takes it out."""

    requires = {"celery.worker.components:Timer"}

    def __init__(self, worker, **kwargs):
        super().__init__(worker, **kwargs)
        self.timer_ref = None

    def start(self, worker):
        from django.conf import settings

        if not settings.REDIS_URL:
            return
        self._beat(worker)
        self.timer_ref = worker.timer.call_repeatedly(settings.WORKER_HEARTBEAT_SECONDS, self._beat, (worker,))

    def stop(self, worker):
        if self.timer_ref is None:
            return
        self.timer_ref.cancel()
        self.timer_ref = None
        from marketplace import heartbeats

        try:
            heartbeats.worker_heartbeat_forget(worker.hostname)
        except Exception as error:  # Redis gone: the heartbeat goes stale instead
            logger.warning("could not take the worker's heartbeat out: %s", error)

    terminate = stop  # a cold shutdown takes it out too

    @staticmethod
    def _beat(worker):
        from marketplace import heartbeats

        try:
            heartbeats.worker_heartbeat_write(worker.hostname)
        except Exception as error:  # Redis down: /readyz says so; the worker goes on
            logger.warning("could not write the worker's heartbeat: %s", error)


app.steps["worker"].add(WorkerHeartbeat)


class HeartbeatScheduler(PersistentScheduler):
    """Beat's scheduler (settings.CELERY_BEAT_SCHEDULER): notes the time when
    it starts and each time it has sent a scheduled task, for /readyz (the
    start counts, or a fresh beat would look dead until its first minute
    ends). Only beat's own sends are published in beat's process."""

    HANDLER_UID = "souk-beat-heartbeat"

    def setup_schedule(self):
        super().setup_schedule()
        after_task_publish.connect(_beat_sent, weak=False, dispatch_uid=self.HANDLER_UID)
        _beat_sent()

    def close(self):
        after_task_publish.disconnect(dispatch_uid=self.HANDLER_UID)
        super().close()


def _beat_sent(**kwargs):
    from marketplace import heartbeats

    try:
        heartbeats.beat_heartbeat_write()
    except Exception as error:  # Redis down: it could not have sent either
        logger.warning("could not write beat's heartbeat: %s", error)
