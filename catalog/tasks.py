from celery import shared_task

from catalog.photos import photo_renditions_make


@shared_task(autoretry_for=(ConnectionError, TimeoutError), retry_backoff=True, max_retries=5)
def photo_make_renditions(photo_id: int) -> dict:
    """Resize a product photo to its WebP and JPEG renditions (idempotent)."""
    return photo_renditions_make(photo_id=photo_id)
