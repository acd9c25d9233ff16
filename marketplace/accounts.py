"""A person's own account: changing and resetting the password, and proving
they own their e-mail address. The e-mails carry signed, expiring links and
leave on commit (marketplace.effects), in the person's preferred language.

- Password reset: Django's token generator (PasswordResetTokenGenerator).
  Its token is made from the password hash and the last login, so it dies as
  soon as it is used or the password changes otherwise, and after
  PASSWORD_RESET_TIMEOUT seconds.
- E-mail verification: the user id and the address, signed (django.core.signing)
  and read back with a max_age: a link sent to an old address does not verify
  the new one.

A new password ends every session of the account: the tokens' stamp follows
the password (User.get_token_stamp), and the outstanding refresh tokens are
blacklisted too, so no refresh token issued before survives in the blacklist's
eyes either."""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.tokens import default_token_generator
from django.core import signing
from django.db import transaction
from django.utils import timezone
from django.utils.encoding import force_bytes, force_str
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode
from django.utils.translation import gettext as _
from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken, OutstandingToken

from marketplace import effects
from marketplace.errors import DomainError
from marketplace.models import User

EMAIL_VERIFICATION_SALT = "marketplace.accounts.email_verification"
EMAIL_VERIFICATION_DAYS = 7
# Paths the web shop (and the apps' universal links) open with the link's parameters.
PASSWORD_RESET_PATH = "/account/reset-password/"
EMAIL_VERIFICATION_PATH = "/account/verify-email/"


class LinkInvalid(DomainError):
    code = "link_invalid"
    status_code = 400


# --- tokens and links ---------------------------------------------------------------------


def email_verification_token(user: User) -> str:
    return signing.dumps({"user": user.pk, "email": user.email}, salt=EMAIL_VERIFICATION_SALT)


def email_verification_url(user: User) -> str:
    return f"{settings.SITE_URL}{EMAIL_VERIFICATION_PATH}?{urlencode({'token': email_verification_token(user)})}"


def password_reset_url(user: User) -> str:
    query = {"uid": urlsafe_base64_encode(force_bytes(user.pk)), "token": default_token_generator.make_token(user)}
    return f"{settings.SITE_URL}{PASSWORD_RESET_PATH}?{urlencode(query)}"


def _link_invalid() -> LinkInvalid:
    message = _("This link is invalid or has expired. Ask for a new one.")
    return LinkInvalid(message, fields={"token": [message]})


def _password_validate(password: str, user: User, field: str) -> None:
    from django.core.exceptions import ValidationError

    try:
        password_validation.validate_password(password, user=user)
    except ValidationError as error:
        raise DomainError(_("Choose another password."), fields={field: list(error.messages)}) from error


def user_tokens_blacklist(user: User) -> None:
    """Every refresh token the user holds, blacklisted (with the access tokens they gave)."""
    outstanding = OutstandingToken.objects.filter(user=user).exclude(blacklistedtoken__isnull=False)
    BlacklistedToken.objects.bulk_create(
        [BlacklistedToken(token=token) for token in outstanding], ignore_conflicts=True
    )


def _password_set(user: User, password: str) -> None:
    user.set_password(password)
    user.save(update_fields=["password"])
    user_tokens_blacklist(user)


# --- services -----------------------------------------------------------------------------


@transaction.atomic(durable=True)
def user_password_change(*, user: User, old_password: str, new_password: str) -> User:
    """The signed-in user's new password, once the old one is confirmed. Every
    token of the account is refused afterwards; the caller issues a new pair."""
    if not user.check_password(old_password):
        message = _("The current password is not correct.")
        raise DomainError(message, fields={"old_password": [message]})
    _password_validate(new_password, user, "new_password")
    _password_set(user, new_password)
    return user


@transaction.atomic(durable=True)
def user_password_reset_request(*, email: str) -> None:
    """E-mail a reset link if an active account has this address. The answer is
    the same either way: nobody learns from it who has an account."""
    from marketplace import tasks

    user = User.objects.filter(email__iexact=email.strip(), is_active=True).first()
    if user is not None:
        effects.task_enqueue_on_commit(tasks.send_password_reset_email, user.pk)


@transaction.atomic(durable=True)
def user_password_reset_confirm(*, uid: str, token: str, new_password: str) -> User:
    try:
        user = User.objects.get(pk=int(force_str(urlsafe_base64_decode(uid))), is_active=True)
    except (ValueError, TypeError, OverflowError, User.DoesNotExist) as error:
        raise _link_invalid() from error
    if not default_token_generator.check_token(user, token):
        raise _link_invalid()
    _password_validate(new_password, user, "new_password")
    _password_set(user, new_password)
    return user


@transaction.atomic
def user_email_verification_send(*, user: User) -> None:
    """E-mail the link that proves the address is the user's (on commit)."""
    from marketplace import tasks

    if user.email_verified_at is None:
        effects.task_enqueue_on_commit(tasks.send_email_verification, user.pk)


@transaction.atomic(durable=True)
def user_email_verify(*, token: str) -> User:
    try:
        claim = signing.loads(token, salt=EMAIL_VERIFICATION_SALT, max_age=EMAIL_VERIFICATION_DAYS * 86400)
    except signing.BadSignature as error:  # SignatureExpired is one
        raise _link_invalid() from error
    user = User.objects.filter(pk=claim.get("user"), is_active=True).first() if isinstance(claim, dict) else None
    if user is None or user.email.lower() != str(claim.get("email", "")).lower():
        raise _link_invalid()
    if user.email_verified_at is None:
        user.email_verified_at = timezone.now()
        user.save(update_fields=["email_verified_at"])
    return user
