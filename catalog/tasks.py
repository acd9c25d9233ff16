from celery import shared_task

from catalog.photos import photo_renditions_make, photos_missing_renditions
from marketplace import effects


@shared_task(autoretry_for=(ConnectionError, TimeoutError), retry_backoff=True, max_retries=5)
def photo_make_renditions(photo_id: int) -> dict:
    """Resize a product photo to its WebP and JPEG renditions (idempotent)."""
    return photo_renditions_make(photo_id=photo_id)


@shared_task
def photo_renditions_sweep() -> int:
    """Re-queue photos left without renditions (scheduled by beat)."""
    photo_ids = photos_missing_renditions()
    for photo_id in photo_ids:
        effects.task_enqueue_on_commit(photo_make_renditions, photo_id)
    return len(photo_ids)
