"""The Celery app. Broker and result backend come from REDIS_URL (settings);
without it, tasks run eagerly in the caller's process."""

import os

from celery import Celery
from celery.signals import task_postrun, task_prerun

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("souk")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


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
