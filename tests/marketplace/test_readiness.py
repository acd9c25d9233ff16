"""/readyz names each part that fails: the database, Redis, a Celery worker
(its heartbeat), beat (its last sent task) and storage. The worker and beat
here are real ones, started in this process against the test Redis."""

import threading

import pytest
from celery.beat import Service
from celery.contrib.testing.worker import start_worker

from config.celery import HeartbeatScheduler
from config.celery import app as celery_app
from marketplace import heartbeats
from tests.flows.test_celery_worker import broker_mode, wait_for  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db


def ready(client):
    response = client.get("/readyz")
    body = response.json()
    assert (response.status_code == 200) == (body["failed"] == []), body
    return response.status_code, body


@pytest.fixture
def no_heartbeats():
    heartbeats.heartbeats_forget()
    yield
    heartbeats.heartbeats_forget()


@pytest.fixture
def beat_every_half_second(broker_mode, tmp_path):  # noqa: F811
    """Beat, in a thread, with one entry due every half second."""
    schedule = celery_app.conf.beat_schedule
    celery_app.conf.beat_schedule = {
        "sweep": {"task": "marketplace.tasks.pending_tasks_sweep", "schedule": 0.5},
    }
    service = Service(celery_app, max_interval=0.2, schedule_filename=str(tmp_path / "beat-schedule"),
                      scheduler_cls=HeartbeatScheduler)  # fmt: skip
    thread = threading.Thread(target=service.start, daemon=True)
    thread.start()
    yield service
    service.stop()
    thread.join(timeout=5)
    celery_app.conf.beat_schedule = schedule


def a_worker():
    return start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=10)


@pytest.mark.redis
def test_without_a_worker_or_beat_readiness_names_both(client, no_heartbeats):
    status, body = ready(client)

    assert status == 503
    assert body["failed"] == ["beat", "worker"]
    assert body["checks"]["worker"] == "error: no worker heartbeat in the last 60 s"
    assert body["checks"]["beat"] == "error: beat has not run"
    assert [body["checks"][name] for name in ("database", "redis", "storage")] == ["ok", "ok", "ok"]


@pytest.mark.redis
@pytest.mark.django_db(transaction=True)  # the worker's thread has its own database connection
def test_with_a_real_worker_and_beat_the_node_is_ready_until_the_worker_stops(
    client, no_heartbeats, beat_every_half_second
):
    beat_ok = lambda: ready(client)[1]["checks"]["beat"].startswith("ok")  # noqa: E731
    assert wait_for(beat_ok, seconds=10)  # from its start
    heartbeats.heartbeats_forget()
    assert wait_for(beat_ok, seconds=10)  # from a task it sent
    with a_worker():
        during = ready(client)
    after = ready(client)

    assert during[0] == 200, during
    assert during[1]["checks"]["worker"] == "ok (1 alive)"
    # A worker that stops takes its heartbeat out at once.
    assert (after[0], after[1]["failed"]) == (503, ["worker"])


@pytest.mark.redis
def test_a_stale_worker_heartbeat_does_not_count(client, no_heartbeats, settings):
    heartbeats.worker_heartbeat_write("celery@gone")
    settings.WORKER_HEARTBEAT_MAX_AGE_SECONDS = 0

    _status, body = ready(client)

    assert "worker" in body["failed"]


@pytest.mark.redis
def test_beat_silent_too_long_is_named(client, no_heartbeats, settings):
    heartbeats.beat_heartbeat_write()
    fresh = ready(client)[1]["checks"]["beat"]
    settings.BEAT_HEARTBEAT_MAX_AGE_SECONDS = -1

    stale = ready(client)[1]

    assert fresh.startswith("ok")
    assert "beat" in stale["failed"]
    assert stale["checks"]["beat"].startswith("error: beat last ran ")


def test_storage_that_cannot_be_written_is_named(client, settings, tmp_path):
    not_a_folder = tmp_path / "a-file"
    not_a_folder.write_text("")
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": not_a_folder}},
    }

    _status, body = ready(client)

    assert "storage" in body["failed"]
    assert body["checks"]["storage"].startswith("error: ")


def test_the_probe_file_is_deleted(client, settings, tmp_path):
    ready(client)

    assert not list((tmp_path / "media").rglob("readyz-*"))


def test_redis_down_names_redis_worker_and_beat(client, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"

    status, body = ready(client)

    assert status == 503
    assert body["failed"] == ["beat", "redis", "worker"]
    assert body["checks"]["worker"] == "error: ConnectionError"


def test_without_redis_tasks_run_in_process_and_the_node_is_ready(client, settings):
    settings.REDIS_URL = ""

    status, body = ready(client)

    assert status == 200
    assert body["checks"]["worker"] == body["checks"]["beat"] == "not configured (tasks run in process)"
