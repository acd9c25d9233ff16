"""Replacing a person's data with neutral values, row by row and column by
column, where the rows must stay (orders, the ledger's memos, the customs
data of export documents, reviews, returns, refunds, the audit history).

What an anonymised order keeps: its number, amounts, lines, statuses and the
destination as far as customs and VAT records need it (country, region,
city, postal code: the place of supply). What goes: the names, e-mail
addresses, phone numbers and street lines, wherever they were copied."""

from django.db.models import F, Q, Value
from django.db.models.functions import Replace

from catalog.models import Review
from orders.models import ArtisanOrder, Order, OrderEvent, SatisfactionAnswer
from orders.paperwork.models import ExportDocument
from payments.models import LedgerTransaction, Payment, Refund, StateChange, WebhookEvent
from returns.models import ReturnEvent, ReturnRequest

NEUTRAL_NAME = "Deleted account"
NEUTRAL_TEXT = "[deleted]"
MIN_VALUE_LENGTH = 3  # shorter values ("Al", "") would blank innocent text


def neutral_email(user_id: int) -> str:
    return f"deleted-{user_id}@deleted.invalid"


def person_values(*values) -> list[str]:
    """The strings to hunt down: non-empty, long enough, longest first (so a
    full name goes before the first name it contains), each in the case it
    was written and in lower case."""
    found = set()
    for value in values:
        value = str(value or "").strip()
        if len(value) >= MIN_VALUE_LENGTH:
            found.update({value, value.lower()})
    return sorted(found, key=lambda value: (-len(value), value))


def text_scrub(text: str, values: list[str]) -> str:
    for value in values:
        text = text.replace(value, NEUTRAL_TEXT)
    return text


def json_scrub(data, values: list[str]):
    if isinstance(data, str):
        return text_scrub(data, values)
    if isinstance(data, list):
        return [json_scrub(item, values) for item in data]
    if isinstance(data, dict):
        return {key: json_scrub(item, values) for key, item in data.items()}
    return data


def columns_scrub(queryset, fields: list[str], values: list[str]) -> None:
    """In the database, one UPDATE: every value replaced in every field of the rows."""
    if not values:
        return
    changes = {}
    for field in fields:
        expression = F(field)
        for value in values:
            expression = Replace(expression, Value(value), Value(NEUTRAL_TEXT))
        changes[field] = expression
    matching = Q()
    for field in fields:
        for value in values:
            matching |= Q(**{f"{field}__contains": value})
    queryset.filter(matching).update(**changes)


ORDER_PERSON_FIELDS = {
    "shipping_name": NEUTRAL_NAME,
    "shipping_line1": NEUTRAL_TEXT,
    "shipping_line2": "",
    "shipping_phone": "",
}


def order_values(order_ids) -> list[str]:
    rows = Order.objects.filter(pk__in=order_ids).values_list("email", *ORDER_PERSON_FIELDS)
    return [value for row in rows for value in row]


def orders_anonymise(*, order_ids: list[int], email: str, values: list[str]) -> None:
    """The orders `order_ids` and every row that copied their person data.
    `values`: the person's strings to hunt in free text (person_values)."""
    if not order_ids:
        return
    person = {**ORDER_PERSON_FIELDS, "email": email}
    Order.objects.filter(pk__in=order_ids).update(**person)
    Order.history.filter(id__in=order_ids).update(**person)
    artisan_orders = ArtisanOrder.objects.filter(order_id__in=order_ids)
    for document in ExportDocument.objects.filter(artisan_order__in=artisan_orders):
        # The data the PDFs were made from; the PDFs themselves are the customs records kept.
        ExportDocument.objects.filter(pk=document.pk).update(data=json_scrub(document.data, values))
    columns_scrub(OrderEvent.objects.filter(order_id__in=order_ids), ["note"], values)
    columns_scrub(SatisfactionAnswer.objects.filter(artisan_order__in=artisan_orders), ["comment"], values)
    columns_scrub(Refund.objects.filter(order_id__in=order_ids), ["reason", "failure_message"], values)
    columns_scrub(Refund.history.filter(order_id__in=order_ids), ["reason", "failure_message"], values)
    columns_scrub(Payment.objects.filter(order_id__in=order_ids), ["failure_message"], values)
    columns_scrub(LedgerTransaction.objects.filter(order_id__in=order_ids), ["memo"], values)
    payments = dict(Payment.objects.filter(order_id__in=order_ids).values_list("pk", "provider_reference"))
    refund_ids = list(Refund.objects.filter(order_id__in=order_ids).values_list("pk", flat=True))
    state_changes = StateChange.objects.filter(
        Q(subject="payment", subject_id__in=list(payments)) | Q(subject="refund", subject_id__in=refund_ids)
    )
    columns_scrub(state_changes, ["note"], values)
    returns = ReturnRequest.objects.filter(artisan_order__in=artisan_orders)
    columns_scrub(returns, ["reason", "refusal_reason", "return_address"], values)
    columns_scrub(ReturnEvent.objects.filter(request__in=returns), ["note"], values)
    references = [reference for reference in payments.values() if reference]
    webhook_events_scrub(references=references, values=values)


def webhook_events_scrub(*, references: list[str], values: list[str]) -> None:
    """The provider's payloads about the person's payments (a card holder's name, a receipt e-mail)."""
    matching = Q()
    for text in [*references, *values]:
        if text:
            matching |= Q(payload__icontains=text)
    if not matching:
        return
    for event in WebhookEvent.objects.filter(matching).only("pk", "payload"):
        WebhookEvent.objects.filter(pk=event.pk).update(payload=json_scrub(event.payload, values))


def reviews_anonymise(*, user, values: list[str]) -> None:
    columns_scrub(Review.objects.filter(author=user), ["text"], values)
