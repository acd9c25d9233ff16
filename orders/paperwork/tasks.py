"""Celery tasks of export paperwork: thin wrappers that load ids and call
orders.paperwork.services. Registered with the worker through orders.tasks."""

from celery import shared_task
from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist

from marketplace import effects
from orders.paperwork import services


@shared_task(
    autoretry_for=(Exception,),
    dont_autoretry_for=(ObjectDoesNotExist,),
    retry_backoff=2,
    retry_backoff_max=600,
    max_retries=settings.PAPERWORK_MAX_RETRIES,
)
def export_documents_generate(artisan_order_id: int) -> list[int]:
    """Render the artisan order's documents; a failure (storage, renderer) is
    retried, and the retry finishes the same versions rather than adding any."""
    return [document.pk for document in services.export_documents_generate(artisan_order_id=artisan_order_id)]


@shared_task
def export_documents_sweep() -> int:
    """Queue again what a lost message or spent retries left unfinished."""
    due = services.artisan_orders_needing_paperwork()
    for artisan_order_id in due:
        effects.task_enqueue_on_commit(export_documents_generate, artisan_order_id)
    return len(due)
