"""/readyz: may this node take traffic, and is the system behind it doing its
work? /healthz (liveness) only asks whether this process can serve; readiness
also asks each part the requests and the background work need, and names
each that fails in a 503:

- database: a SELECT 1;
- redis: a PING (cache, throttles, broker);
- worker: a Celery worker's heartbeat (marketplace/heartbeats.py);
- beat: beat started or sent a scheduled task lately (same module);
- storage: a tiny file written, read back and deleted in default_storage.

Without REDIS_URL (`make run`) tasks run in process: worker and beat are
"not configured", which is not a failure.
"""

import contextlib
import uuid

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from marketplace import heartbeats
from marketplace.health import broker_status, database_status

NOT_CONFIGURED = "not configured (tasks run in process)"
PROBE_CONTENT = b"souk readiness probe"


def _error(error: Exception) -> str:
    return f"error: {error.__class__.__name__}"


def worker_status() -> str:
    if not settings.REDIS_URL:
        return NOT_CONFIGURED
    max_age = settings.WORKER_HEARTBEAT_MAX_AGE_SECONDS
    try:
        alive = heartbeats.workers_alive(max_age_seconds=max_age)
    except Exception as error:  # any Redis error: the heartbeats cannot be read
        return _error(error)
    if not alive:
        return f"error: no worker heartbeat in the last {max_age} s"
    return f"ok ({len(alive)} alive)"


def beat_status() -> str:
    if not settings.REDIS_URL:
        return NOT_CONFIGURED
    max_age = settings.BEAT_HEARTBEAT_MAX_AGE_SECONDS
    try:
        since = heartbeats.beat_seconds_since()
    except Exception as error:  # any Redis error
        return _error(error)
    if since is None:
        return "error: beat has not run"
    if since > max_age:
        return f"error: beat last ran {since:.0f} s ago"
    return f"ok (last ran {since:.0f} s ago)"


def storage_status() -> str:
    name = ""
    try:
        name = default_storage.save(f"health/readyz-{uuid.uuid4().hex}.txt", ContentFile(PROBE_CONTENT))
        with default_storage.open(name) as probe:
            content = probe.read()
    except Exception as error:  # each storage backend raises its own errors
        return _error(error)
    finally:
        if name:
            # A leftover probe file is harmless; the answer above stands.
            with contextlib.suppress(Exception):
                default_storage.delete(name)
    return "ok" if content == PROBE_CONTENT else "error: the file read back differs"


CHECKS = {
    "database": database_status,
    "redis": broker_status,
    "worker": worker_status,
    "beat": beat_status,
    "storage": storage_status,
}


@never_cache
@require_safe
def readyz(request):
    checks = {name: check() for name, check in CHECKS.items()}
    failed = sorted(name for name, state in checks.items() if state.startswith("error"))
    body = {"status": "fail" if failed else "ok", "checks": checks, "failed": failed}
    return JsonResponse(body, status=503 if failed else 200)
