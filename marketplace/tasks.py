import logging

from celery import shared_task
from django.conf import settings

from marketplace.effects import pending_tasks_send
from marketplace.exchange_rates import ExchangeRatesFetchError, exchange_rates_load

logger = logging.getLogger(__name__)


@shared_task(autoretry_for=(ExchangeRatesFetchError,), retry_backoff=60, max_retries=5)
def exchange_rates_refresh(source: str | None = None) -> int:
    """Load the exchange-rate feed (default: the EXCHANGE_RATES_SOURCE setting).
    Scheduled by beat; retried when the feed's server fails, not when the feed is invalid."""
    source = source or getattr(settings, "EXCHANGE_RATES_SOURCE", "")
    if not source:
        logger.warning("exchange_rates_refresh: EXCHANGE_RATES_SOURCE is not set; nothing loaded.")
        return 0
    return exchange_rates_load(source=source)


@shared_task
def pending_tasks_sweep() -> int:
    """Queue the tasks the broker could not take when their transaction
    committed (marketplace.effects). Scheduled by beat."""
    return pending_tasks_send()


@shared_task
def send_password_reset_email(user_id: int) -> str:
    """The link that sets a new password, in the user's language. The token is
    made now, from the account as it is: a link already used is dead."""
    from marketplace.accounts import password_reset_url
    from marketplace.models import User
    from marketplace.notifications import email_send

    user = User.objects.get(pk=user_id)
    email_send(
        to=user.email,
        template="marketplace/emails/password_reset",
        context={"user": user, "reset_url": password_reset_url(user)},
        language=user.preferred_language,
    )
    return user.email


@shared_task
def send_email_verification(user_id: int) -> str:
    """The link that proves the address is the user's, in their language."""
    from marketplace.accounts import EMAIL_VERIFICATION_DAYS, email_verification_url
    from marketplace.models import User
    from marketplace.notifications import email_send

    user = User.objects.get(pk=user_id)
    if user.email_verified_at is not None or not user.is_active:
        return ""
    email_send(
        to=user.email,
        template="marketplace/emails/email_verification",
        context={"user": user, "verify_url": email_verification_url(user), "days": EMAIL_VERIFICATION_DAYS},
        language=user.preferred_language,
    )
    return user.email
