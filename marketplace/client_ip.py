"""The client's IP address: one answer for the API throttles and the login
lockout (django-axes), so they always count the same client.

Each trusted proxy in front of the web nodes appends the address it got the
request from to X-Forwarded-For. With NUM_PROXIES of them, the client's own
address is the NUM_PROXIES-th entry from the right; whatever stands left of
it was written by the client and is never read. With NUM_PROXIES=0 (no proxy,
the default) the header is ignored and REMOTE_ADDR is the client. This is
DRF's NUM_PROXIES rule, and settings give DRF the same number.
"""

import ipaddress

from django.conf import settings


def client_ip(request) -> str:
    """The client's address, normalised ("" when the server gave none)."""
    remote = _valid(request.META.get("REMOTE_ADDR", ""))
    proxies = settings.NUM_PROXIES
    if not proxies:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if not forwarded:
        return remote
    # Fewer entries than proxies: the request skipped the outer ones, and the
    # leftmost entry is the address the first proxy it met saw (as DRF does).
    return _valid(forwarded[-min(proxies, len(forwarded))]) or remote


def client_ip_or_none(request) -> str | None:
    """For django-axes (AXES_CLIENT_IP_CALLABLE): its address columns take NULL, not ""."""
    return client_ip(request) or None


def _valid(address: str) -> str:
    try:
        return ipaddress.ip_address(address).compressed
    except ValueError:
        return ""
