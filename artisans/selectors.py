from django.db.models import Count, Q

from artisans import permissions
from artisans.models import ArtisanProfile, Cooperative, VerificationStatus


def public_artisans():
    """Verified artisans only: pending, rejected and suspended ones are invisible."""
    return ArtisanProfile.objects.verified().select_related("cooperative").prefetch_related("crafts")


def public_cooperatives():
    return Cooperative.objects.annotate(
        verified_member_count=Count("members", filter=Q(members__verification_status=VerificationStatus.VERIFIED))
    ).order_by("name_latin", "id")


def artisans_managed_by(user):
    return (
        permissions.artisans_managed_by(user)
        .select_related("cooperative", "user", "payout_details")
        # the cooperative's admins: who may see an actor's e-mail (artisans.permissions.actor_label)
        .prefetch_related("crafts", "verification_events__actor", "cooperative__admins")
    )


def cooperatives_administered_by(user):
    if user.is_superuser:
        return Cooperative.objects.all()
    return Cooperative.objects.filter(admins=user)
