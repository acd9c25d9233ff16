"""The Celery app. Broker and result backend come from REDIS_URL (settings);
without it, tasks run eagerly in the caller's process."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("souk")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


def broker_configured() -> bool:
    return not app.conf.task_always_eager
