"""A version number for everything public pages show: products, artisans'
names and verification, exchange rates. Any change bumps it after commit;
anonymous answers are cached and validated (ETag, Last-Modified) against it,
so a stale page is never served after a change. It lives in the shared
kernel so that every app below the catalog can bump it too."""

import time

from django.core.cache import cache

from marketplace import effects

VERSION_KEY = "public:version"
CHANGED_AT_KEY = "public:changed_at"


def current() -> tuple[int, float]:
    """(version, time of the last change), in one cache round trip."""
    values = cache.get_many([VERSION_KEY, CHANGED_AT_KEY])
    if VERSION_KEY not in values:
        return bump()
    return values[VERSION_KEY], values.get(CHANGED_AT_KEY, 0.0)


def bump() -> tuple[int, float]:
    # A new random-ish base after a cache flush, so old ETags never match again.
    version = time.time_ns()
    changed_at = time.time()
    cache.set_many({VERSION_KEY: version, CHANGED_AT_KEY: changed_at}, timeout=None)
    return version, changed_at


def bump_on_commit() -> None:
    effects.after_commit(bump)
