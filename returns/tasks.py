"""E-mails of returns and claims (queued on commit by returns.notifications)."""

from celery import shared_task


def _request(request_id: int):
    from returns.models import ReturnRequest

    return ReturnRequest.objects.select_related(
        "artisan_order__order", "artisan_order__artisan__user", "artisan_order__artisan__cooperative", "order_line"
    ).get(pk=request_id)


@shared_task(autoretry_for=(ConnectionError, TimeoutError), retry_backoff=True, max_retries=5)
def send_return_opened_email(request_id: int) -> list[str]:
    """Tell the parcel's artisan and their cooperative's admins, each in their language."""
    from marketplace.notifications import email_send

    request = _request(request_id)
    artisan = request.artisan_order.artisan
    readers = [artisan.user]
    if artisan.cooperative is not None:
        readers += list(artisan.cooperative.admins.filter(is_active=True).order_by("pk"))
    sent = []
    for user in readers:
        if not user.email or user.email in sent:
            continue
        email_send(
            to=user.email,
            template="returns/emails/return_opened",
            context={
                "request": request,
                "order": request.artisan_order.order,
                "artisan": artisan,
                "line": request.order_line,
                "photos": request.photos.count(),
            },
            language=user.preferred_language,
        )
        sent.append(user.email)
    return sent


@shared_task(autoretry_for=(ConnectionError, TimeoutError), retry_backoff=True, max_retries=5)
def send_return_step_email(request_id: int, event_id: int) -> str:
    """Tell the buyer, in the order's language, what was decided or done."""
    from marketplace.money import format_money
    from marketplace.notifications import email_send
    from returns.models import ReturnEvent

    request = _request(request_id)
    event = ReturnEvent.objects.get(pk=event_id, request=request)
    order = request.artisan_order.order
    refund = request.refund
    email_send(
        to=order.email,
        template="returns/emails/return_step",
        context={
            "request": request,
            "order": order,
            "line": request.order_line,
            "step": event.to_status,
            "refund": format_money(refund.amount, refund.currency, locale=order.language) if refund else "",
        },
        language=order.language,
    )
    return order.email


@shared_task(autoretry_for=(ConnectionError, TimeoutError), retry_backoff=True, max_retries=5)
def send_return_expected_email(request_id: int) -> str:
    """Tell the artisan, in their language, that a piece is coming back, and how."""
    from marketplace.notifications import email_send

    request = _request(request_id)
    user = request.artisan_order.artisan.user
    email_send(
        to=user.email,
        template="returns/emails/return_expected",
        context={"request": request, "order": request.artisan_order.order, "line": request.order_line},
        language=user.preferred_language,
    )
    return user.email
