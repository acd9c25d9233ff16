from celery import shared_task

from artisans.models import VerificationEvent
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
