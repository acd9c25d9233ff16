from celery import shared_task

from analytics import services


@shared_task
def export_rollup_refresh(full: bool = False) -> dict:
    """Bring the export dashboard's daily roll-up up to date (analytics.rollup)."""
    return services.export_rollup_refresh(full=full)
