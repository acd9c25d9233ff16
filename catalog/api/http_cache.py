"""HTTP caching for anonymous catalog reads.

An anonymous GET is answered from a rendered body kept in the cache and
validated with an ETag and Last-Modified derived from the public version
(marketplace/cache_version.py): a repeat costs one cache round trip and no
database work, a conditional repeat gets a 304, and any change to what the
page shows invalidates both."""

import hashlib

from django.core.cache import cache
from django.http import HttpResponse, HttpResponseNotModified
from django.utils.http import http_date, parse_http_date_safe
from django.utils.translation import get_language
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from marketplace import cache_version

MAX_AGE_SECONDS = 60
VARY = "Accept-Language, Authorization, Cookie"
_process_counts: dict = {}


def _etag_matches(header: str, etag: str) -> bool:
    return any(candidate.strip() in (etag, f"W/{etag}", "*") for candidate in header.split(","))


def _digest(text: str) -> str:
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


class AnonymousCacheMixin:
    def cached_response(self, request, render, *, variant: str = ""):
        """`render(version)` builds the answer's data (`version`: the public
        version it is built at); `variant` is whatever else changes it (the currency)."""
        if request.user.is_authenticated:
            response = Response(render(cache_version.current()[0]))
            response["Cache-Control"] = "private, no-cache"
            return response

        identity = f"{request.get_host()}|{request.get_full_path()}|{get_language()}|{variant}"
        body_key = f"public:body:{_digest(identity)}"
        found = cache.get_many([cache_version.VERSION_KEY, cache_version.CHANGED_AT_KEY, body_key])
        if cache_version.VERSION_KEY in found:
            version, changed_at = found[cache_version.VERSION_KEY], found.get(cache_version.CHANGED_AT_KEY, 0.0)
        else:
            version, changed_at = cache_version.bump()
        etag = f'"{_digest(f"{version}|{identity}")}"'

        if_none_match = request.headers.get("If-None-Match")
        if if_none_match is not None:
            not_modified = _etag_matches(if_none_match, etag)
        else:
            since = parse_http_date_safe(request.headers.get("If-Modified-Since", ""))
            not_modified = since is not None and since >= int(changed_at)
        if not_modified:
            response = HttpResponseNotModified()
        else:
            stored = found.get(body_key)
            if stored is not None and stored[0] == version:
                body = stored[1]
            else:
                body = JSONRenderer().render(render(version))
                cache.set(body_key, (version, body), MAX_AGE_SECONDS)
            response = HttpResponse(body, content_type="application/json")
        response["ETag"] = etag
        response["Last-Modified"] = http_date(changed_at)
        response["Cache-Control"] = f"public, max-age={MAX_AGE_SECONDS}"
        response["Vary"] = VARY
        return response


def cached_count(queryset, *, scope: str, version) -> int:
    """The number of rows of a filtered list, kept while the public version
    stands: a count scans every matching row, the page only reads 24."""
    key = f"public:count:{_digest(f'{version}|{scope}')}"
    # The key holds the version, so a copy kept in this process is never stale.
    count = _process_counts.get(key)
    if count is None:
        count = cache.get(key)
        if count is None:
            count = queryset.count()
            cache.set(key, count, MAX_AGE_SECONDS * 5)
        if len(_process_counts) > 1024:
            _process_counts.clear()
        _process_counts[key] = count
    return count
