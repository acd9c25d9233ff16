"""Who reads the export figures: platform operators all of them, the staff
admins of a cooperative their cooperatives' (analytics.selectors scopes the
rows), nobody else. One answer for the API, the admin pages and the exports."""

from artisans.models import Cooperative
from artisans.permissions import (
    administers_any_cooperative,
    cooperatives_administered_by,
    is_active_user,
    is_operator,
)


def analytics_reader(user) -> bool:
    return is_operator(user) or (is_active_user(user) and user.is_staff and administers_any_cooperative(user))


def cooperatives_readable_by(user):
    """The cooperatives whose figures `user` may narrow to."""
    if is_operator(user):
        return Cooperative.objects.all()
    return cooperatives_administered_by(user)
