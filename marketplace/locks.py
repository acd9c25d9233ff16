"""Every row lock of the shared kernel, in one place.

Each is held alone: a transaction that takes one locks nothing else (the
marketplace's order of the apps' locks is in orders/locks.py)."""

from rest_framework_simplejwt.token_blacklist.models import OutstandingToken


def outstanding_token_lock(jti: str) -> None:
    """A refresh token's row: of two refreshes of one token at once (a stolen
    copy replayed), the second waits for the first to commit."""
    OutstandingToken.objects.filter(jti=jti).select_for_update().order_by("pk").first()
