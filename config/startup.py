import logging

from config.celery import broker_configured

logger = logging.getLogger("souk")
_announced = False


def announce_task_mode() -> None:
    """Say once per server process where Celery tasks will run."""
    global _announced
    if _announced:
        return
    _announced = True
    if broker_configured():
        logger.info("Celery tasks go to the broker configured by REDIS_URL.")
    else:
        logger.warning("No REDIS_URL set: Celery tasks run in process, synchronously.")
