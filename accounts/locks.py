"""The row locks of account deletion. The user row comes before anything of
theirs (orders.locks' order follows it): of two deletions of one account at
once, the second waits, then finds it deleted."""

from marketplace.models import User


def user_lock(user_id: int) -> User:
    return User.objects.select_for_update(of=("self",)).get(pk=user_id)
