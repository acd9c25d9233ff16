"""HTTP caching for anonymous catalog reads.

An anonymous GET is answered from a rendered body kept in the cache and
validated with an ETag and Last-Modified derived from the catalog version
(catalog/cache_version.py): a repeat costs two cache reads and no query, a
conditional repeat gets a 304, and any catalog change invalidates both."""

import hashlib

from django.core.cache import cache
from django.http import HttpResponse, HttpResponseNotModified
from django.utils.http import http_date, parse_http_date_safe
from django.utils.translation import get_language
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from catalog import cache_version

MAX_AGE_SECONDS = 60
VARY = "Accept-Language, Authorization, Cookie"


def _etag_matches(header: str, etag: str) -> bool:
    return any(candidate.strip() in (etag, f"W/{etag}", "*") for candidate in header.split(","))


class AnonymousCacheMixin:
    def cached_response(self, request, render, *, variant: str = ""):
        """`render()` builds the answer's data; `variant` is whatever else
        changes it (the currency)."""
        if request.user.is_authenticated:
            response = Response(render())
            response["Cache-Control"] = "private, no-cache"
            return response

        version, changed_at = cache_version.current()
        identity = f"{version}|{request.get_host()}|{request.get_full_path()}|{get_language()}|{variant}"
        etag = '"' + hashlib.blake2b(identity.encode(), digest_size=16).hexdigest() + '"'
        last_modified = http_date(changed_at)

        if_none_match = request.headers.get("If-None-Match")
        if if_none_match is not None:
            not_modified = _etag_matches(if_none_match, etag)
        else:
            since = parse_http_date_safe(request.headers.get("If-Modified-Since", ""))
            not_modified = since is not None and since >= int(changed_at)
        if not_modified:
            response = HttpResponseNotModified()
        else:
            body_key = f"catalog:body:{etag}"
            body = cache.get(body_key)
            if body is None:
                body = JSONRenderer().render(render())
                cache.set(body_key, body, MAX_AGE_SECONDS)
            response = HttpResponse(body, content_type="application/json")
        response["ETag"] = etag
        response["Last-Modified"] = last_modified
        response["Cache-Control"] = f"public, max-age={MAX_AGE_SECONDS}"
        response["Vary"] = VARY
        return response
