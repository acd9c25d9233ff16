"""Throttle counts live in the cache; a dead cache must not turn requests
into 500s or hangs: the throttles let them through and say so in the log."""

import logging
import socket
import time

import pytest
from django.test import override_settings

from tests.payments.stripe_kit import deliver

pytestmark = pytest.mark.django_db


def redis_cache(location, **options):
    """The cache on another Redis for the `with` block (the autouse fixture
    clears the real cache after the test, so it must be back by then)."""
    return override_settings(
        CACHES={
            "default": {
                "BACKEND": "marketplace.cache_backend.RedisCache",
                "LOCATION": location,
                "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1, **options},
            }
        }
    )


@pytest.fixture
def closed_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]  # nothing listens once the socket is closed


@pytest.fixture
def silent_server():
    """A server that accepts connections and never answers (a hung Redis)."""
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(16)
        yield server.getsockname()[1]


def test_a_refused_cache_lets_requests_through_fast_with_a_warning(api_client, closed_port, caplog, rates):
    rates(refresh_ip="1/day")

    started = time.monotonic()
    with redis_cache(f"redis://127.0.0.1:{closed_port}/0"), caplog.at_level(logging.WARNING):
        statuses = [api_client.post("/api/v1/auth/refresh/", {"refresh": "junk"}).status_code for _ in range(3)]

    assert statuses == [401, 401, 401]
    assert time.monotonic() - started < 2
    assert "Throttles are off" in caplog.text


def test_a_hung_cache_costs_one_timeout_then_nothing(api_client, silent_server, rates):
    rates(refresh_ip="1/day")

    timings = []
    with redis_cache(f"redis://127.0.0.1:{silent_server}/0"):  # 1 s timeouts
        for _ in range(3):
            started = time.monotonic()
            response = api_client.post("/api/v1/auth/refresh/", {"refresh": "junk"})
            timings.append(time.monotonic() - started)

    assert response.status_code == 401
    assert timings[0] < 3
    assert max(timings[1:]) < 0.8  # no more waiting on the cache for a while


def test_a_dead_cache_fails_the_webhook_open_too(client, closed_port, rates):
    rates(webhook="1/day")

    with redis_cache(f"redis://127.0.0.1:{closed_port}/0"):
        statuses = [deliver(client, {"id": "evt_1"}, signature="t=1,v1=bad").status_code for _ in range(2)]

    assert statuses == [400, 400]


@pytest.mark.redis
def test_web_nodes_share_the_counts_in_redis(api_client, settings, rates):
    rates(refresh_ip="2/day")
    api_client.post("/api/v1/auth/refresh/", {"refresh": "junk"})
    api_client.post("/api/v1/auth/refresh/", {"refresh": "junk"})

    # Another web node: a cache client of its own on the same Redis.
    with redis_cache(settings.REDIS_URL, health_check_interval=30):
        refused = api_client.post("/api/v1/auth/refresh/", {"refresh": "junk"})

    assert refused.status_code == 429


@pytest.mark.redis
def test_a_counter_counts_in_one_round_trip_and_expires_with_its_window():
    from django.core.cache import caches

    cache = caches["default"]
    counts = [cache.counter_add("throttle:test:1", 60) for _ in range(3)]
    ttl = cache._cache.get_client(write=True).ttl(cache.make_and_validate_key("throttle:test:1"))

    assert counts == [1, 2, 3] and cache.get("throttle:test:1") == 3
    assert 0 < ttl <= 60  # set by the first count, not pushed back by the next ones
