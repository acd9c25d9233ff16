"""The cache fails soft (marketplace/cache_backend.py): with Redis refused or
silent, reads miss, writes are skipped, pages come from PostgreSQL, and one
process asks Redis again only every few seconds; an invalidation Redis missed
is made good once it answers."""

import logging
import socket
import time

import pytest
import redis
from django.core.cache import cache
from django.test import override_settings

from marketplace import cache_backend, cache_version
from tests.factories import ProductFactory
from tests.redis_server import RedisServer, free_port

# As settings.CACHES has them when REDIS_URL is set.
OPTIONS = {"socket_connect_timeout": 0.5, "socket_timeout": 0.5}


def redis_cache(location):
    backend = "marketplace.cache_backend.RedisCache"
    return override_settings(CACHES={"default": {"BACKEND": backend, "LOCATION": location, "OPTIONS": OPTIONS}})


@pytest.fixture
def silent_server():
    """A server that accepts connections and never answers (a hung Redis)."""
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(16)
        yield server.getsockname()[1]


def timed_get(client, path):
    started = time.monotonic()
    response = client.get(path)
    return response.status_code, time.monotonic() - started


def test_with_redis_refused_reads_miss_writes_are_skipped_and_counting_says_so():
    with redis_cache(f"redis://127.0.0.1:{free_port()}/0"):
        cache.set("a", 1)
        cache.set_many({"b": 2, "c": 3}, timeout=None)
        read = (cache.get("a", "missing"), cache.get_many(["a", "b"]), cache.has_key("c"), cache.add("d", 4))
        generation = cache.get_or_set("e", lambda: "computed", timeout=None)
        with pytest.raises(cache_backend.CacheUnavailable):
            cache.incr("f")

    assert read == ("missing", {}, False, False)
    assert generation == "computed"


def test_with_redis_refused_the_catalog_answers_from_the_database_and_warns_once(db, api_client, caplog):
    product = ProductFactory()

    with redis_cache(f"redis://127.0.0.1:{free_port()}/0"), caplog.at_level(logging.WARNING):
        answers = [api_client.get(path) for path in ("/api/v1/products/", f"/api/v1/products/{product.slug}/") * 3]

    assert [answer.status_code for answer in answers] == [200] * 6
    assert answers[0].json()["results"][0]["slug"] == product.slug
    assert answers[-1].json()["slug"] == product.slug
    assert caplog.text.count("Cache unavailable") == 1  # then not asked again for a while


def test_a_silent_redis_costs_one_timeout_then_nothing(db, api_client, silent_server):
    product = ProductFactory()

    with redis_cache(f"redis://127.0.0.1:{silent_server}/0"):
        timings = [timed_get(api_client, f"/api/v1/products/{product.slug}/") for _ in range(4)]

    assert [status for status, _ in timings] == [200] * 4
    assert timings[0][1] < 1.0  # one socket timeout (0.5 s), then the answer from the database
    assert max(seconds for _, seconds in timings[1:]) < 0.4


@pytest.mark.redis
def test_a_version_bump_that_redis_missed_is_not_lost_when_it_answers_again(db, tmp_path, monkeypatch):
    monkeypatch.setattr(cache_backend, "RETRY_SECONDS", 1.0)
    server = RedisServer(tmp_path)
    server.start()
    try:
        with redis_cache(server.url):
            before = cache_version.current()[0]
            redis.Redis.from_url(server.url).execute_command("CLIENT", "PAUSE", 1000, "ALL")
            missed = cache_version.bump()[0]  # Redis does not answer: the new version is not stored
            time.sleep(1.2)  # the pause is over, and so is the backend's wait before asking again
            after = cache_version.current()[0]
            stored = cache.get(cache_version.VERSION_KEY)
    finally:
        server.stop()

    assert before != missed  # the bump happened, only Redis did not hear of it
    assert after != before  # pages cached at the old version are not served again
    assert stored == after
