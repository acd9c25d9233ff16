"""Celery workers keep their database connections as web processes do: by
CONN_MAX_AGE, dropped when broken (config/celery.py). Celery's own fixup
would close them around every task, a new PostgreSQL session per task."""

from types import SimpleNamespace

import pytest
from celery.fixups.django import DjangoWorkerFixup
from django.db import connection

from config.celery import app, database_connections_as_around_a_request

pytestmark = pytest.mark.django_db(transaction=True)

WORKER_TASK = SimpleNamespace(request=SimpleNamespace(is_eager=False))
EAGER_TASK = SimpleNamespace(request=SimpleNamespace(is_eager=True))


@pytest.fixture
def conn_max_age():
    """Reconnect with a CONN_MAX_AGE (Django reads it when it connects)."""
    saved = connection.settings_dict["CONN_MAX_AGE"]

    def reconnect(seconds: int):
        connection.close()
        connection.settings_dict["CONN_MAX_AGE"] = seconds
        connection.ensure_connection()
        return connection.connection

    yield reconnect
    connection.close()
    connection.settings_dict["CONN_MAX_AGE"] = saved


def test_celery_leaves_the_connections_to_django():
    assert DjangoWorkerFixup(app).db_reuse_max


def test_a_worker_keeps_its_connection_between_tasks_within_conn_max_age(conn_max_age):
    opened = conn_max_age(600)

    database_connections_as_around_a_request(sender=WORKER_TASK)

    assert connection.connection is opened


@pytest.mark.postgres  # Django never closes SQLite's in-memory test database
def test_a_worker_closes_its_connection_after_a_task_when_conn_max_age_is_0(conn_max_age):
    conn_max_age(0)

    database_connections_as_around_a_request(sender=WORKER_TASK)

    assert connection.connection is None


def test_an_eager_task_never_touches_the_callers_connection(conn_max_age):
    opened = conn_max_age(0)

    database_connections_as_around_a_request(sender=EAGER_TASK)

    assert connection.connection is opened
