from celery import shared_task
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from artisans.models import ArtisanProfile, VerificationEvent
from marketplace.notifications import email_send


@shared_task(autoretry_for=(ConnectionError, TimeoutError), retry_backoff=True, max_retries=5)
def send_verification_email(event_id: int) -> str:
    """Tell the artisan their verification status changed."""
    event = VerificationEvent.objects.select_related("artisan__user").get(pk=event_id)
    user = event.artisan.user
    email_send(
        to=user.email,
        template="artisans/emails/verification",
        context={"event": event, "artisan": event.artisan},
        language=user.preferred_language,
    )
    return user.email


# What a cooperative admin (or staff) did for an artisan, as the e-mail says it.
ACTS = {
    "product_created": _("listed a new product for you"),
    "product_updated": _("edited your product"),
    "product_submitted": _("submitted your product for review"),
    "variant_added": _("added a variant to your product"),
    "variant_updated": _("changed a variant of your product"),
    "variant_removed": _("removed a variant of your product"),
    "photo_added": _("added a photo to your product"),
    "photo_removed": _("removed a photo of your product"),
    "parcel_in_production": _("marked your parcel in production"),
    "parcel_ready": _("marked your parcel ready to ship"),
    "parcel_shipped": _("marked your parcel shipped"),
}


@shared_task(autoretry_for=(ConnectionError, TimeoutError), retry_backoff=True, max_retries=5)
def send_acted_for_email(artisan_id: int, actor_id: int, act: str, subject: str) -> str:
    """Tell the artisan, in their own language, what was done on their behalf and by whom."""
    artisan = ArtisanProfile.objects.select_related("user", "cooperative").get(pk=artisan_id)
    actor = get_user_model().objects.filter(pk=actor_id).first()
    user = artisan.user
    email_send(
        to=user.email,
        template="artisans/emails/acted_for",
        context={"artisan": artisan, "actor": actor, "act": ACTS.get(act, act), "subject": subject},
        language=user.preferred_language,
    )
    return user.email
