"""Rate limits of the API (and of the webhook, a plain view).

Each throttle counts requests of one client in fixed windows of its rate's
period (`10/minute`: the clock's minutes), with one atomic increment of a
counter in the cache: Redis when REDIS_URL is set, so every web node shares
the count. DRF's own throttles keep a list of timestamps that each request
reads then writes back, so parallel requests each see the old list and all
get through; a counter cannot be raced that way.

The client is its IP address from marketplace.client_ip (trusted proxies
only), an IPv6 client by its /64 (one host's whole allocation), or its
account, or the e-mail address a request is about. Rates are named by scope
in settings.THROTTLE_RATES, read at each request.

Every throttled answer carries RateLimit-Limit, RateLimit-Remaining and
RateLimit-Reset (seconds) for the tightest limit that applied
(RateLimitMiddleware); a refusal is a 429 in the error shape with
Retry-After. When the cache is unreachable the throttles let requests
through (fail open) and log a warning, rather than turn the site into 500s.
"""

import hashlib
import ipaddress
import logging
import math
import time
from functools import wraps
from weakref import WeakKeyDictionary

from django.conf import settings
from django.core.cache import caches
from rest_framework.exceptions import Throttled
from rest_framework.throttling import BaseThrottle

from marketplace.api.errors import json_error_response
from marketplace.client_ip import client_ip
from marketplace.lockout import sign_in_refused_page

logger = logging.getLogger(__name__)

PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
# After a cache error, this process stops asking that cache for this long:
# one slow or refused connection per period, not one per request.
CACHE_RETRY_SECONDS = 10
_cache_down_until: WeakKeyDictionary = WeakKeyDictionary()


def parse_rate(rate: str) -> tuple[int, int]:
    """`100/minute` → (100, 60). DRF's format: the period's first letter counts."""
    count, period = rate.split("/")
    return int(count), PERIODS[period.strip()[0]]


def ip_bucket(request) -> str:
    """The client's address; for IPv6 its /64, which one host can fill at will."""
    address = client_ip(request)
    if ":" in address:
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return address


def hashed(value: str) -> str:
    """A cache key part for personal data (an e-mail address): fixed length, not readable."""
    return hashlib.sha256(value.encode()).hexdigest()[:32]


def _count(key: str, timeout: int) -> int | None:
    """Add one to the counter; None when the cache cannot be reached."""
    cache = caches["default"]
    if time.monotonic() < _cache_down_until.get(cache, 0.0):
        return None
    try:
        if hasattr(cache, "counter_add"):  # Redis (marketplace.cache_backend): one round trip
            return cache.counter_add(key, timeout)
        if cache.add(key, 1, timeout):
            return 1
        try:
            return cache.incr(key)
        except ValueError:  # expired or evicted since add(): a new window
            cache.set(key, 1, timeout)
            return 1
    except Exception as error:  # any cache backend's connection error
        _cache_down_until[cache] = time.monotonic() + CACHE_RETRY_SECONDS
        logger.warning(
            "Throttles are off for %ss: the cache did not answer (%s: %s)",
            CACHE_RETRY_SECONDS, type(error).__name__, error,
        )  # fmt: skip
        return None


class RateThrottle(BaseThrottle):
    """Per client IP. Subclasses name a `scope` and may count by something else (`ident`)."""

    scope = ""

    def ident(self, request, view) -> str | None:
        """Who is counted; None: this request is not counted by this throttle."""
        return ip_bucket(request)

    def allow_request(self, request, view) -> bool:
        rate = settings.THROTTLE_RATES.get(self.scope)
        ident = self.ident(request, view) if rate else None
        if not ident:
            return True
        self.limit, duration = parse_rate(rate)
        now = time.time()
        window = int(now // duration)
        self.reset = max(1, math.ceil((window + 1) * duration - now))
        # The key outlives its window by one period, so a web node whose clock
        # lags a little still counts into it rather than into a fresh one.
        count = _count(f"throttle:{self.scope}:{window}:{ident}", self.reset + duration)
        if count is None:
            return True
        self.remaining = max(0, self.limit - count)
        _remember(request, self)
        return count <= self.limit

    def wait(self) -> int:
        return self.reset


def _remember(request, throttle) -> None:
    # On Django's request, which RateLimitMiddleware sees (DRF wraps it).
    django_request = getattr(request, "_request", request)
    if not hasattr(django_request, "rate_limits"):
        django_request.rate_limits = []
    django_request.rate_limits.append((throttle.remaining, -throttle.reset, throttle.limit))


class AccountOrIpThrottle(RateThrottle):
    """A signed-in user by account (wherever they are), anyone else by IP."""

    def ident(self, request, view):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            return f"user:{user.pk}"
        return ip_bucket(request)


class EmailThrottle(RateThrottle):
    """The account a request is about, by the e-mail address in its body:
    attempts on one account from many addresses add up."""

    email_field = "email"

    def ident(self, request, view):
        data = getattr(request, "data", None)
        if data is None:  # a plain Django view's form
            data = request.POST
        email = data.get(self.email_field) if hasattr(data, "get") else None
        if not isinstance(email, str) or not email.strip():
            return None
        return f"email:{hashed(email.strip().lower())}"


class LoginIpThrottle(RateThrottle):
    scope = "login_ip"


class LoginEmailThrottle(EmailThrottle):
    scope = "login_email"


class AdminLoginEmailThrottle(LoginEmailThrottle):
    email_field = "username"  # the admin's form (AuthenticationForm)


class RegisterThrottle(RateThrottle):
    scope = "register_ip"


class RefreshThrottle(RateThrottle):
    # Per IP only: a refresh token names its account only once verified, and
    # each one is single use (rotation with blacklist).
    scope = "refresh_ip"


class PasswordResetIpThrottle(RateThrottle):
    """Reset links and verification e-mails asked for, per client IP."""

    scope = "password_reset_ip"


class PasswordResetEmailThrottle(EmailThrottle):
    """At most a few reset e-mails an hour to one address, whoever asks."""

    scope = "password_reset_email"


class CheckoutIpThrottle(RateThrottle):
    scope = "checkout_ip"


class CheckoutAccountThrottle(EmailThrottle):
    """The buyer's account, or a guest's e-mail address."""

    scope = "checkout_account"

    def ident(self, request, view):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            return f"user:{user.pk}"
        return super().ident(request, view)


class CartThrottle(AccountOrIpThrottle):
    scope = "cart"


class GuestCreateThrottle(RateThrottle):
    """Anonymous POSTs without the `token_header` of an existing guest
    resource: each one creates a row (a guest cart)."""

    token_header = ""

    def ident(self, request, view):
        user = getattr(request, "user", None)
        if request.method != "POST" or request.headers.get(self.token_header) or (user and user.is_authenticated):
            return None
        return ip_bucket(request)


class OrderTokenThrottle(RateThrottle):
    """Order pages opened with the e-mailed access token (`?token=`, or in the
    body), counted by IP whoever is signed in; a buyer's own orders by account."""

    scope = "order_token"

    def ident(self, request, view):
        data = getattr(request, "data", None)
        token = request.query_params.get("token") or (data.get("token") if hasattr(data, "get") else None)
        user = getattr(request, "user", None)
        if not token and user is not None and user.is_authenticated:
            return f"user:{user.pk}"
        return ip_bucket(request)


class WebhookThrottle(RateThrottle):
    """Provider deliveries, per sending IP. Stripe answers a 429 by retrying
    with exponential back-off (for up to three days in live mode), so a
    refused delivery comes again: this limit only bounds what one sender can
    make us verify and store, and is set far above our event volume."""

    scope = "webhook"


def throttled_view(*throttle_classes):
    """The same throttles for a plain Django view (not DRF), with the same 429."""

    def decorate(view):
        @wraps(view)
        def throttled(request, *args, **kwargs):
            wait = refused_for(request, throttle_classes)
            if wait:
                return throttled_response(wait)
            return view(request, *args, **kwargs)

        return throttled

    return decorate


def refused_for(request, throttle_classes) -> int | None:
    """Seconds to wait when any of the throttles refuses; each one counts the request."""
    waits = [
        throttle.wait()
        for throttle in (throttle_class() for throttle_class in throttle_classes)
        if not throttle.allow_request(request, None)
    ]
    return max(waits, default=None)


def throttled_response(wait: int):
    exception = Throttled(wait)
    response = json_error_response(exception.status_code, "throttled", exception.detail)
    response["Retry-After"] = str(wait)
    return response


class RateLimitMiddleware:
    """RateLimit-* headers from the tightest throttle that counted the request.

    It also counts the admin's sign-in form (a Django view) as the API login:
    django-axes locks one account from one address; login_ip and login_email
    slow one address trying many accounts and many addresses trying one."""

    admin_login_throttles = (LoginIpThrottle, AdminLoginEmailThrottle)

    def __init__(self, get_response):
        self.get_response = get_response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method == "POST" and request.resolver_match.view_name == "admin:login":
            wait = refused_for(request, self.admin_login_throttles)
            if wait:
                return sign_in_refused_page(request, Throttled(wait).detail, wait)
        return None

    def __call__(self, request):
        response = self.get_response(request)
        limits = getattr(request, "rate_limits", None)
        if limits:
            remaining, negative_reset, limit = min(limits)
            response["RateLimit-Limit"] = str(limit)
            response["RateLimit-Remaining"] = str(remaining)
            response["RateLimit-Reset"] = str(-negative_reset)
        return response
