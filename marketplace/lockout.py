"""Login lockout (django-axes): after AXES_FAILURE_LIMIT failed sign-ins for
one account from one client address, that pair is refused for the cool-off
time, even with the right password. The admin, the browsable API's login and
the API's token login all go through authenticate(), so all three count.

Locked by the pair (e-mail, IP), not by either alone: by e-mail alone anyone
could lock any admin out of their account; by IP alone one guesser would lock
out a whole cooperative office, or every phone behind a carrier's shared
address. Guessing one account from many addresses, and many accounts from one
address, is slowed by the throttles login_email and login_ip, which count the
API's and the admin's sign-in (marketplace/api/throttles.py).

The attempts are rows (axes' database handler, listed in the admin): a locked
pair is unlocked by deleting its access attempt there, or by waiting.
"""

import math

from axes.backends import AxesStandaloneBackend
from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_cool_off
from django.contrib import admin
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from rest_framework import status
from rest_framework.exceptions import APIException, AuthenticationFailed

from marketplace.api.errors import is_api_path, json_error_response
from marketplace.client_ip import client_ip_or_none

# axes' columns for the user name; an e-mail field may carry more.
USERNAME_MAX_LENGTH = 255


class LoginLockoutBackend(AxesStandaloneBackend):
    """Axes' check before the real backends. A call without a request (the
    test client's login(), a shell) is not a sign-in over the network, and
    axes would refuse it with an error: it is let through to the next backend."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def login_username(request, credentials) -> str | None:
    """AXES_USERNAME_CALLABLE: the e-mail tried, as accounts compare it.

    The admin's form names it `username`, the API `email`; case is ignored
    (accounts are found by iexact); cut to fit axes' column, NUL removed (a
    value PostgreSQL refuses), so no sign-in attempt can turn into a 500.
    """
    credentials = credentials or {}
    value = credentials.get("email") or credentials.get("username")
    if value is None and request is not None:
        data = getattr(request, "data", None) or request.POST
        value = data.get("email") or data.get("username") if hasattr(data, "get") else None
    if not isinstance(value, str):
        return None
    return value.replace("\0", "").strip().lower()[:USERNAME_MAX_LENGTH] or None


def cool_off_seconds(request=None) -> int:
    return math.ceil(get_cool_off(request).total_seconds())


def lockout_message(seconds: int) -> str:
    minutes = max(1, math.ceil(seconds / 60))
    return ngettext(
        "Too many failed sign-in attempts for this account from your network. Try again in %(minutes)d minute.",
        "Too many failed sign-in attempts for this account from your network. Try again in %(minutes)d minutes.",
        minutes,
    ) % {"minutes": minutes}


def lockout_response(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: a 429 with Retry-After; JSON in the error shape
    under /api/, else a page in the admin's look."""
    seconds = cool_off_seconds(request)
    message = lockout_message(seconds)
    if is_api_path(request.path):
        response = json_error_response(status.HTTP_429_TOO_MANY_REQUESTS, "locked_out", message)
        response["Retry-After"] = str(seconds)
        return response
    return sign_in_refused_page(request, message, seconds)


def sign_in_refused_page(request, message, seconds: int):
    """A 429 page in the admin's look, for a locked or throttled sign-in."""
    context = {**admin.site.each_context(request), "title": _("Too many sign-in attempts"), "message": message}
    response = render(request, "admin/login_locked_out.html", context, status=status.HTTP_429_TOO_MANY_REQUESTS)
    response["Retry-After"] = str(seconds)
    return response


class LoginLockedOut(APIException):
    status_code = status.HTTP_429_TOO_MANY_REQUESTS
    default_code = "locked_out"
    default_detail = gettext_lazy("Too many failed sign-in attempts.")

    def __init__(self, seconds: int):
        super().__init__(lockout_message(seconds))
        self.wait = seconds  # DRF's exception handler turns it into Retry-After


class LockoutSerializerMixin:
    """For simplejwt's TokenObtainPairSerializer: a locked pair answers 429
    (locked_out) instead of the 401 its authenticate() None would give, and a
    success clears the pair's failures as the admin's login does
    (AXES_RESET_ON_SUCCESS: simplejwt sends no user_logged_in)."""

    def validate(self, attrs):
        request = self.context["request"]
        try:
            data = super().validate(attrs)
        except AuthenticationFailed:
            if getattr(request, "axes_locked_out", False):
                raise LoginLockedOut(cool_off_seconds(request)) from None
            raise
        username = login_username(request, {"email": attrs.get(self.username_field)})
        address = client_ip_or_none(request)
        if username and address:  # with either missing, axes would clear more than this pair
            AxesProxyHandler.reset_attempts(ip_address=address, username=username)
        return data
