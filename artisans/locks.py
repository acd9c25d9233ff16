"""Every row lock of artisans, in one place.

Each is held alone: a transaction that takes one locks nothing of a higher
app after it (the marketplace's order is in orders/locks.py)."""

from artisans.models import ArtisanProfile, PayoutDetails


def artisan_lock(artisan_id: int) -> ArtisanProfile:
    return ArtisanProfile.objects.select_for_update().get(pk=artisan_id)


def payout_details_get_or_create_lock(*, artisan: ArtisanProfile, defaults: dict) -> tuple[PayoutDetails, bool]:
    """The artisan's payout details, locked (or created)."""
    return PayoutDetails.objects.select_for_update().get_or_create(artisan=artisan, defaults=defaults)
