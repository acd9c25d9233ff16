"""Loaded by pytest before Django (`-p tests.environment` in pyproject.toml):
the environment a test run needs that a production server must set itself."""

import os

os.environ.setdefault("SECRET_KEY", "tests-only-not-a-secret-0123456789abcdef")
# The test client and the live server speak plain HTTP (tests/security sets HTTPS where it matters).
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")

# Under pytest-xdist each worker has its own test database (pytest-django adds
# the worker's name) and must have its own Redis database too: every test
# flushes the cache, and a worker's Celery tasks must not reach the other's.
_worker = os.environ.get("PYTEST_XDIST_WORKER", "")
if _worker.startswith("gw") and os.environ.get("REDIS_URL"):
    from urllib.parse import urlsplit, urlunsplit

    _redis = urlsplit(os.environ["REDIS_URL"])
    _database = int(_redis.path.strip("/") or 0) + int(_worker[2:])
    os.environ["REDIS_URL"] = urlunsplit(_redis._replace(path=f"/{_database % 16}"))
