"""Heartbeats of the Celery workers and of beat, kept in Redis for the
readiness check (marketplace/readiness.py).

- A worker writes its hostname and the time into one sorted set every
  WORKER_HEARTBEAT_SECONDS, from a timer of its own main process
  (config/celery.py, WorkerHeartbeat), and takes it out when it stops. The
  check reads the set once: the workers whose last beat is recent.
- Beat writes the time when it starts and each time it sends a scheduled
  task (config/celery.py, HeartbeatScheduler): it sends two every minute, so
  an old time means beat is stopped or cannot reach the broker.

Why not `control.ping()`: it broadcasts to every worker through the broker
and waits out its whole timeout when no worker answers, for each probe of
each web node; reading one key answers in a millisecond either way.
Why beat's time is written by beat itself, not by a task it schedules: a
task would need a worker too, and a dead worker would then look like a dead
beat.
"""

import time
from functools import lru_cache

from django.conf import settings

WORKERS_KEY = "souk:heartbeat:workers"  # sorted set: worker hostname → Unix time of its last beat
BEAT_KEY = "souk:heartbeat:beat"  # Unix time of beat's start or last sent task
FORGET_AFTER_SECONDS = 24 * 3600  # a worker gone this long leaves the set


@lru_cache(maxsize=4)
def _client(url: str):
    import redis

    return redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1)


def _redis():
    return _client(settings.REDIS_URL)


def worker_heartbeat_write(hostname: str) -> None:
    now = time.time()
    client = _redis()
    client.zadd(WORKERS_KEY, {hostname: now})
    client.zremrangebyscore(WORKERS_KEY, "-inf", now - FORGET_AFTER_SECONDS)


def worker_heartbeat_forget(hostname: str) -> None:
    _redis().zrem(WORKERS_KEY, hostname)


def workers_alive(*, max_age_seconds: float) -> list[str]:
    """Hostnames of the workers that beat within `max_age_seconds`."""
    names = _redis().zrangebyscore(WORKERS_KEY, time.time() - max_age_seconds, "+inf")
    return sorted(name.decode() for name in names)


def beat_heartbeat_write() -> None:
    _redis().set(BEAT_KEY, time.time())


def beat_seconds_since() -> float | None:
    """Seconds since beat last started or sent a task; None if it never ran."""
    value = _redis().get(BEAT_KEY)
    return None if value is None else max(time.time() - float(value), 0.0)


def heartbeats_forget() -> None:
    """For tests: no worker, no beat."""
    _redis().delete(WORKERS_KEY, BEAT_KEY)
