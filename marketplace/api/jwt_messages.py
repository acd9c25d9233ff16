"""simplejwt's messages a client can read that simplejwt ships untranslated
(fuzzy or missing in its ar, fr and es catalogs, version 5.5.1), marked here
so that our `makemessages` copies them into our own catalogs
(LOCALE_PATHS, which come before every app's). Never imported: simplejwt
translates them at run time; only the extractor reads this file.

Both reach a client through POST /auth/refresh/ (simplejwt's
TokenRefreshView answers a TokenError's text): a refresh token that is not
one, and one past its lifetime. simplejwt's other untranslated msgids are
unreachable here: "No active account found for the given token." (our
SessionRefreshSerializer.validate does not call simplejwt's), "The user's
password has been changed." (CHECK_REVOKE_TOKEN is off, and
SessionJWTAuthentication.get_user is ours), and the token_blacklist
models' names (their admin is unregistered: marketplace.admin_security)."""

from django.utils.translation import gettext_noop

SIMPLEJWT_MESSAGES = (
    gettext_noop("Token is invalid"),  # rest_framework_simplejwt/tokens.py, backends.py
    gettext_noop("Token is expired"),  # rest_framework_simplejwt/tokens.py, backends.py
)
