"""API tokens that can be revoked before they expire.

simplejwt's access tokens are self-contained: by themselves they keep working
for their whole lifetime (15 minutes) after a logout. Two claims tie each
token to something the server can withdraw:

- `stamp` (refresh and access tokens): User.get_token_stamp() when the pair
  was issued. A password change, "log out everywhere" or a deactivation in
  the admin changes it, and every token of the user is refused (an inactive
  user is refused anyway; the new stamp keeps the old tokens dead if the
  account is reactivated).
- `sid` (access tokens): the jti of the refresh token the access token came
  from. Blacklisting that refresh token (logout, or its rotation on refresh)
  ends its access tokens too, and only those: the user's other devices keep
  their sessions.

Both are checked in the one query that loads the user (an EXISTS on the
blacklist's unique jti index), so authenticating costs no extra query.
"""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Exists
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext_lazy as _
from drf_spectacular.contrib.rest_framework_simplejwt import SimpleJWTScheme
from rest_framework_simplejwt.authentication import JWTAuthentication
from rest_framework_simplejwt.exceptions import AuthenticationFailed, InvalidToken
from rest_framework_simplejwt.serializers import TokenObtainPairSerializer, TokenRefreshSerializer
from rest_framework_simplejwt.settings import api_settings
from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken
from rest_framework_simplejwt.tokens import RefreshToken

from marketplace import locks, services

STAMP_CLAIM = "stamp"
SESSION_CLAIM = "sid"


class SessionRefreshToken(RefreshToken):
    @classmethod
    def for_user(cls, user):
        token = super().for_user(user)
        token[STAMP_CLAIM] = user.get_token_stamp()
        return token

    @property
    def access_token(self):
        access = super().access_token  # copies the user id and the stamp
        access[SESSION_CLAIM] = self[api_settings.JTI_CLAIM]
        return access


def token_pair_for(user) -> dict:
    refresh = SessionRefreshToken.for_user(user)
    return {"access": str(refresh.access_token), "refresh": str(refresh)}


def token_user_check(user, token) -> None:
    """Refuses a token of an inactive user or one issued before the user's
    password changed or their sessions were ended."""
    if not user.is_active:
        raise AuthenticationFailed(_("User is inactive"), code="user_inactive")
    if not constant_time_compare(str(token.get(STAMP_CLAIM, "")), user.get_token_stamp()):
        raise AuthenticationFailed(_("This session has ended. Sign in again."), code="token_revoked")


def token_user(token):
    try:
        return get_user_model().objects.get(pk=token[api_settings.USER_ID_CLAIM])
    except (KeyError, get_user_model().DoesNotExist) as error:
        raise AuthenticationFailed(_("User not found"), code="user_not_found") from error


class SessionJWTAuthentication(JWTAuthentication):
    def get_user(self, validated_token):
        if SESSION_CLAIM not in validated_token or api_settings.USER_ID_CLAIM not in validated_token:
            # Tokens issued before revocation existed, or made by hand: they could not be revoked.
            raise InvalidToken(_("Token is invalid or expired"))
        revoked = BlacklistedToken.objects.filter(token__jti=validated_token[SESSION_CLAIM])
        try:
            user = self.user_model.objects.annotate(session_revoked=Exists(revoked)).get(
                pk=validated_token[api_settings.USER_ID_CLAIM]
            )
        except (self.user_model.DoesNotExist, ValueError) as error:
            raise AuthenticationFailed(_("User not found"), code="user_not_found") from error
        if user.session_revoked:
            raise AuthenticationFailed(_("This session has ended. Sign in again."), code="token_revoked")
        token_user_check(user, validated_token)
        return user


class SessionJWTScheme(SimpleJWTScheme):
    """The same bearer scheme in the OpenAPI schema as simplejwt's own."""

    target_class = SessionJWTAuthentication


class LoginSerializer(TokenObtainPairSerializer):
    token_class = SessionRefreshToken


class SessionRefreshSerializer(TokenRefreshSerializer):
    """simplejwt's refresh, but the user is checked (active, stamp) and the new
    access token is made from the rotated refresh token: the old one is
    blacklisted, and with it every access token it gave."""

    token_class = SessionRefreshToken

    def validate(self, attrs):
        refresh = self.token_class(attrs["refresh"])  # signature, expiry, blacklist
        token_user_check(token_user(refresh), refresh)
        with transaction.atomic():
            # The token's row, locked: of two refreshes of one token at once (a
            # stolen copy replayed), the second waits, then finds it blacklisted.
            locks.outstanding_token_lock(refresh[api_settings.JTI_CLAIM])
            refresh.check_blacklist()
            refresh.blacklist()
        refresh.set_jti()
        refresh.set_exp()
        refresh.set_iat()
        refresh.outstand()
        return {"access": str(refresh.access_token), "refresh": str(refresh)}


@transaction.atomic
def session_logout(*, refresh: "SessionRefreshToken", everywhere: bool) -> None:
    """Revoke this refresh token (and the access tokens it gave); with
    `everywhere`, every token of the account too, in the same transaction."""
    refresh.blacklist()
    if everywhere:
        user = token_user(refresh)
        token_user_check(user, refresh)
        services.user_sessions_end(user=user)
