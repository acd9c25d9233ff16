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
