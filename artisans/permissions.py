"""Who may act on a cooperative or an artisan profile: one answer for the API
views, the admin and the services.

Cooperative scoping is by the object's own cooperative: an artisan is managed
by the admins of the cooperative the profile belongs to, and by platform
operators (superusers). Nobody decides on themself (the four-eyes rule): a
cooperative admin who is also an artisan of their cooperative is verified,
rejected, suspended or reinstated by another admin of it, or by an operator.

The higher apps write their rules on top of these (catalog.permissions for
products, orders.permissions for artisan orders, payments.permissions for
refunds and payouts).
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from artisans.models import ArtisanProfile, Cooperative
from marketplace.errors import FourEyesRefused, NotAllowed

STAFF_LABEL = gettext_lazy("Souk staff")
OTHER_LABEL = gettext_lazy("Another user")


def is_active_user(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def is_operator(user) -> bool:
    """Platform operators: active superusers."""
    return is_active_user(user) and user.is_superuser


def cooperatives_administered_by(user):
    """The cooperatives `user` is an admin of (a subquery for the querysets of
    the apps above: `__in` keeps each row once where a join would repeat it)."""
    if not is_active_user(user):
        return Cooperative.objects.none()
    return Cooperative.objects.filter(admins=user)


def administers_any_cooperative(user) -> bool:
    return cooperatives_administered_by(user).exists()


def cooperative_may_be_administered_by(user, cooperative) -> bool:
    if is_operator(user):
        return True
    return cooperative is not None and cooperatives_administered_by(user).filter(pk=cooperative.pk).exists()


def artisans_managed_by(user):
    """The artisans `user` sees as a reviewer does (e-mail, history, masked
    bank details) and, unless it is their own profile, decides on: all for
    an operator; otherwise those whose own cooperative they administer. The
    API's managed-artisan views and the admin list these."""
    if is_operator(user):
        return ArtisanProfile.objects.all()
    return ArtisanProfile.objects.filter(cooperative__in=cooperatives_administered_by(user))


def artisan_may_be_managed_by(user, artisan) -> bool:
    if is_operator(user):
        return True  # every row of artisans_managed_by, without a query
    return artisans_managed_by(user).filter(pk=artisan.pk).exists()


def artisan_may_be_edited_by(user, artisan) -> bool:
    """The profile's own text, photo and bank details: the artisan only."""
    return is_active_user(user) and artisan.user_id == user.pk


def is_artisan_user(user, artisan) -> bool:
    return user is not None and artisan.user_id == user.pk


def artisan_may_be_decided_by(user, artisan) -> bool:
    """Verify, reject, suspend, reinstate: a manager who is not the artisan."""
    return artisan_may_be_managed_by(user, artisan) and not is_artisan_user(user, artisan)


def artisan_decider_require(user, artisan) -> None:
    """artisan_may_be_decided_by, or the DomainError saying why not."""
    if not artisan_may_be_managed_by(user, artisan):
        raise NotAllowed(_("You do not administer this artisan's cooperative."))
    if is_artisan_user(user, artisan):
        raise FourEyesRefused(
            _("Nobody decides on their own artisan profile: another admin of the cooperative or Souk staff does.")
        )


def is_platform_staff(user) -> bool:
    """Staff or superuser: someone whose address a member of the public or of
    another cooperative does not learn."""
    return user.is_staff or user.is_superuser


def actor_label(actor, *, viewer, cooperatives=(), subject_user_ids=()) -> str | None:
    """Who did something, as a record's reader may see it: the one rule for
    the API, the admin's inlines and its history pages. None for the system.

    The actor's e-mail is shown when the reader is a platform operator or the
    actor themself, or the actor is an admin of one of the record's
    `cooperatives` (those the reader reaches it through: for an order or a
    refund spanning cooperatives, a cooperative admin's own), or the actor is
    one of the record's `subject_user_ids` (its artisan, its buyer) and not
    platform staff. Otherwise a neutral label: a cooperative admin never
    learns an operator's address.

    The cooperatives' admins are read with `cooperative.admins.all()`:
    prefetch them for a list."""
    if actor is None:
        return None
    if is_operator(viewer) or actor.pk == getattr(viewer, "pk", None):
        return actor.email
    if any(admin.pk == actor.pk for cooperative in cooperatives if cooperative is not None
           for admin in cooperative.admins.all()):  # fmt: skip
        return actor.email
    if actor.pk in subject_user_ids and not is_platform_staff(actor):
        return actor.email
    return str(STAFF_LABEL if is_platform_staff(actor) else OTHER_LABEL)


def artisan_acting_for_require(user, artisan) -> None:
    """Someone other than the artisan does an artisan's act (lists a product,
    ships a parcel) for them: a cooperative admin of the artisan's own
    cooperative, or an operator. The act is then recorded as done on the
    artisan's behalf, and the artisan told (artisans.notifications)."""
    if not artisan_may_be_managed_by(user, artisan):
        raise NotAllowed(_("You do not administer this artisan's cooperative."))


def acts_for(user, artisan) -> bool:
    """Whether `user` acting on `artisan`'s things acts on their behalf (is not them)."""
    return user is not None and artisan.user_id != user.pk
