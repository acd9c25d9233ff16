"""Django's Redis cache, failing soft, with one client per connection pool.

The cache is an optimisation, never a requirement: every value in it can be
read again from PostgreSQL. So when Redis does not answer (refused, or silent
past the socket timeouts set in settings.CACHES), a read is a miss and a
write is skipped, and for RETRY_SECONDS this process does not ask again: a
dead Redis costs one connection attempt per process every few seconds, not
one per call. `incr` raises CacheUnavailable instead, since a counter has no
sensible default; the throttles, its only user, then let requests through.

A write that never reached Redis may leave an older value there for when it
answers again. Keys written without expiry (the public version and the
landed-cost tables' generation, which invalidate everything else) and deleted
keys are remembered, and deleted once Redis answers, before anything else is
asked of it. A key with an expiry is at most as stale as its expiry.

One client per pool: Django builds a new `redis.Redis` for every cache call,
and building one registers some 170 response callbacks: about 0.2 ms a call,
several calls a request. A client only wraps its (thread-safe) pool, so one
per pool serves every call of the process."""

import logging
import threading
import time
from dataclasses import dataclass, field

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient as DjangoRedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

# What "Redis did not answer" raises (BusyLoadingError, a restarting server, is a ConnectionError).
UNAVAILABLE = (RedisConnectionError, RedisTimeoutError)
# After a failure, this process leaves Redis alone for this long.
RETRY_SECONDS = 5.0
# Keys to delete once Redis answers again; beyond this many, the rest are only logged.
MISSED_KEYS_MAX = 1000


class CacheUnavailable(Exception):
    """The cache could not count (`incr`): Redis did not answer."""


@dataclass
class _Health:
    """One Redis location as this process sees it (shared by its threads,
    each of which has its own cache object)."""

    down_until: float = 0.0
    missed: set = field(default_factory=set)
    lock: threading.Lock = field(default_factory=threading.Lock)


_health: dict[tuple, _Health] = {}


class RedisCacheClient(DjangoRedisCacheClient):
    def __init__(self, servers, **options):
        super().__init__(servers, **options)
        self._clients = {}
        self._health = _health.setdefault(tuple(servers), _Health())

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client

    # --- failing soft ---------------------------------------------------------------------------

    def _call(self, operation, *args, default=None, missed=()):
        """`operation(*args)`, or `default` when Redis does not answer; the
        keys in `missed` are then deleted once it answers again."""
        health = self._health
        if time.monotonic() < health.down_until:
            self._remember(missed)
            return default
        try:
            if health.missed:
                self._forget_missed()
            return operation(*args)
        except UNAVAILABLE as error:
            self._down(error)
            self._remember(missed)
            return default

    def _down(self, error: Exception) -> None:
        self._health.down_until = time.monotonic() + RETRY_SECONDS
        logger.warning(
            "Cache unavailable, answering without it for %ss: %s: %s", RETRY_SECONDS, type(error).__name__, error
        )

    def _remember(self, keys) -> None:
        if not keys:
            return
        health = self._health
        with health.lock:
            room = MISSED_KEYS_MAX - len(health.missed)
            health.missed.update(list(keys)[: max(room, 0)])
        if room < len(keys):
            logger.error("Cache unavailable: too many missed writes to remember; %s may be stale", list(keys))

    def _forget_missed(self) -> None:
        health = self._health
        with health.lock:
            keys = list(health.missed)
        if keys:
            self.get_client(write=True).delete(*keys)
            with health.lock:
                health.missed.difference_update(keys)
            logger.info("Cache answers again: deleted %s keys written or deleted while it was down", len(keys))

    def add(self, key, value, timeout):
        return self._call(super().add, key, value, timeout, default=False)

    def get(self, key, default):
        return self._call(super().get, key, default, default=default)

    def set(self, key, value, timeout):
        self._call(super().set, key, value, timeout, missed=[key] if timeout is None else ())

    def touch(self, key, timeout):
        return self._call(super().touch, key, timeout, default=False)

    def delete(self, key):
        return self._call(super().delete, key, default=False, missed=[key])

    def get_many(self, keys):
        return self._call(super().get_many, keys, default={})

    def has_key(self, key):
        return self._call(super().has_key, key, default=False)

    def incr(self, key, delta):
        unavailable = object()
        value = self._call(super().incr, key, delta, default=unavailable)
        if value is unavailable:
            raise CacheUnavailable(f"the cache did not answer; {key} not counted")
        return value

    def counter_add(self, key, timeout):
        """Add one to the counter `key`, made to live `timeout` seconds when
        it is new; its new value. One round trip (SET NX EX, then INCR, in a
        MULTI), where add() then incr() take three: every throttled request
        counts this way (marketplace.api.throttles). Raises CacheUnavailable
        when Redis does not answer, as incr does."""

        def count():
            with self.get_client(key, write=True).pipeline() as pipe:
                pipe.set(key, 0, ex=timeout, nx=True)
                pipe.incr(key)
                return pipe.execute()[1]

        unavailable = object()
        value = self._call(count, default=unavailable)
        if value is unavailable:
            raise CacheUnavailable(f"the cache did not answer; {key} not counted")
        return value

    def set_many(self, data, timeout):
        self._call(super().set_many, data, timeout, missed=list(data) if timeout is None else ())

    def delete_many(self, keys):
        self._call(super().delete_many, keys, missed=list(keys))

    def clear(self):
        return self._call(super().clear, default=False)


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient

    def counter_add(self, key, timeout: int, version=None) -> int:
        """See RedisCacheClient.counter_add: one round trip per count."""
        return self._cache.counter_add(self.make_and_validate_key(key, version=version), timeout)
