"""Paid orders, refunds, deliveries and payout details built straight with
the models and the ledger's own functions, as the payment and refund flows
would leave them (those flows have their own tests)."""

import itertools
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.db.models import Sum
from django.utils import timezone

from artisans.models import PayoutDetails
from artisans.validators import rib_complete
from marketplace.money import convert_from_mad, quantize
from orders.lifecycle import order_mark_paid
from orders.models import ArtisanOrder, ArtisanOrderStatus, Order
from payments import ledger
from payments.models import LedgerEntry, Payment, PaymentStatus, Refund, RefundItem, RefundItemKind, RefundStatus
from tests.orders.builders import order_build

_references = itertools.count(1)

# With payout_settings (tests/payments/conftest.py) and order_build's prices: 450 MAD a
# piece, 120 MAD shipping, 12 % commission on goods. Two pieces: 900 + 120 − 108 = 912
# MAD owed per artisan order.
OWED = Decimal("912.00")


@dataclass
class Paid:
    order: Order
    payment: Payment

    @property
    def parts(self) -> list[ArtisanOrder]:
        return list(self.order.artisan_orders.select_related("artisan").prefetch_related("lines").order_by("pk"))


def paid_order(*, artisans=None, quantity: int = 2, capture: bool = True, provider: str = "test") -> Paid:
    """An order paid by card at `provider`: awaiting payment, a succeeded
    Payment for its total, marked paid (artisan orders to prepare), and its capture posted."""
    count = len(artisans) if artisans is not None else 2
    order = order_build(
        artisans=artisans, statuses=[ArtisanOrderStatus.AWAITING_PAYMENT] * count, quantity=quantity, stock=quantity + 5
    )
    payment = Payment.objects.create(
        order=order,
        provider=provider,
        provider_reference=f"pi_test_{next(_references)}",
        status=PaymentStatus.SUCCEEDED,
        currency=order.currency,
        amount=order.total,
        amount_mad=order.total_mad,
        succeeded_at=timezone.now(),
    )
    order_mark_paid(order=order)
    if capture:
        ledger.capture_post(payment=payment)
    order.refresh_from_db()
    return Paid(order=order, payment=payment)


def _in_currency(amount_mad: Decimal, order: Order) -> Decimal:
    return convert_from_mad(amount_mad, order.currency, order.exchange_rate)


def refund_build(*, payment: Payment, items: list[dict], post: bool = True) -> Refund:
    """A pending refund with `items`: dicts of kind, artisan_order, and
    order_line + quantity (line: the unit price times the pieces) or amount_mad."""
    order = payment.order
    rows = []
    for spec in items:
        kind = spec["kind"]
        line = spec.get("order_line")
        quantity = spec.get("quantity", 0)
        if kind == RefundItemKind.LINE and "amount_mad" not in spec:
            amount_mad, amount = line.unit_price_mad * quantity, line.unit_price * quantity
        else:
            amount_mad = spec["amount_mad"]
            amount = _in_currency(amount_mad, order)
        rows.append(
            RefundItem(
                artisan_order=spec["artisan_order"], kind=kind, order_line=line, quantity=quantity,
                amount=amount, amount_mad=amount_mad,
            )
        )  # fmt: skip
    refund = Refund.objects.create(
        payment=payment,
        order=order,
        status=RefundStatus.PENDING,
        currency=payment.currency,
        amount=sum((row.amount for row in rows), Decimal("0")),
        amount_mad=sum((row.amount_mad for row in rows), Decimal("0")),
        reason="test refund",
    )
    for row in rows:
        row.refund = refund
    RefundItem.objects.bulk_create(rows)
    if post:
        ledger.refund_post(refund=refund)
    return refund


def line_refund(paid: Paid, part: ArtisanOrder, quantity: int, **kwargs) -> Refund:
    line = part.lines.get()
    return refund_build(
        payment=paid.payment,
        items=[{"kind": RefundItemKind.LINE, "artisan_order": part, "order_line": line, "quantity": quantity}],
        **kwargs,
    )


def deliver(order_or_parts, *, days_ago: float | None = None) -> None:
    """Delivered `days_ago` (default: just past the hold period)."""
    days_ago = settings.PAYOUT_HOLD_DAYS + 1 if days_ago is None else days_ago
    parts = order_or_parts.artisan_orders.all() if isinstance(order_or_parts, Order) else order_or_parts
    ids = [part.pk for part in parts]
    ArtisanOrder.objects.filter(pk__in=ids).update(
        status=ArtisanOrderStatus.DELIVERED, delivered_at=timezone.now() - timedelta(days=days_ago)
    )


def bank_details(artisan, *, holder: str = "", iban: str = "") -> PayoutDetails:
    rib = "" if iban else rib_complete(f"{artisan.pk:022d}")
    return PayoutDetails.objects.create(
        artisan=artisan, account_holder=holder or artisan.display_name_latin, rib=rib, iban=iban
    )


def total(queryset, field: str = "amount_mad") -> Decimal:
    """Sum of a money column, as money (SQLite sums decimals as floats)."""
    return quantize(Decimal(queryset.aggregate(total=Sum(field))["total"] or 0), "MAD")


def artisan_balance(artisan) -> Decimal:
    """What the ledger owes the artisan: minus their account's sum."""
    return -total(LedgerEntry.objects.filter(account__artisan=artisan))
