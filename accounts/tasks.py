from celery import shared_task


@shared_task
def accounts_anonymise_finished() -> int:
    """Beat: the orders of deleted accounts that have since been delivered or cancelled."""
    from accounts import services

    return services.accounts_anonymise_finished()
