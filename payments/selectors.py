"""Reads of the ledger and payouts shared by the payout services, the
artisan's API and the admin.

What an artisan order still owes its artisan (its *net*) is read from the
ledger: the negated sum of the entries tagged with it on the artisan's
account (sales, less commission, refunds and payouts already sent).
"""

from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.db.models import DecimalField, Exists, F, OuterRef, Prefetch, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce, Round
from django.utils import timezone

from marketplace.money import quantize
from orders.models import ArtisanOrder, ArtisanOrderStatus
from payments.models import (
    AccountKind,
    Dispute,
    DisputeStatus,
    LedgerEntry,
    Payout,
    PayoutItem,
    PayoutStatus,
)

ZERO = Decimal("0.00")
MONEY = DecimalField(max_digits=14, decimal_places=2)


def _net_subquery():
    """Per artisan order (OuterRef), minus the sum of its entries on its artisan's account."""
    entries = (
        LedgerEntry.objects.filter(
            account__kind=AccountKind.ARTISAN,
            account__artisan_id=OuterRef("artisan_id"),
            artisan_order_id=OuterRef("pk"),
        )
        .order_by()
        .values("artisan_order_id")
        # Rounded: SQLite sums decimals as floats, and 1e-14 is not money owed.
        .annotate(total=Round(Sum("amount_mad"), 2))
        .values("total")
    )
    return Coalesce(Subquery(entries, output_field=MONEY), Value(ZERO, output_field=MONEY))


def artisan_orders_with_net(queryset=None):
    """Artisan orders annotated with `owed_mad`: what the ledger still owes the artisan for each."""
    queryset = ArtisanOrder.objects.all() if queryset is None else queryset
    return queryset.annotate(owed_mad=-_net_subquery())


def _payable_filter(now) -> Q:
    """Delivered, past the hold period, not disputed, not in an active payout."""
    open_dispute = Dispute.objects.filter(order_id=OuterRef("order_id"), status=DisputeStatus.OPEN)
    active_item = PayoutItem.objects.filter(artisan_order_id=OuterRef("pk"), active=True)
    return (
        Q(
            status=ArtisanOrderStatus.DELIVERED,
            delivered_at__lte=now - timedelta(days=settings.PAYOUT_HOLD_DAYS),
            order__disputed_at__isnull=True,
        )
        & ~Q(Exists(open_dispute))
        & ~Q(Exists(active_item))
    )


def _debt_filter() -> Q:
    """Paid out, then refunded or charged back: Souk paid more than it owes
    for it. Only an artisan order in a payout can owe Souk money."""
    in_a_payout = PayoutItem.objects.filter(artisan_order_id=OuterRef("pk"), active=True)
    return Q(Exists(in_a_payout)) & Q(owed_mad__lt=0)


def payable_artisan_orders(*, now=None, artisan=None):
    """What the next payout is made of, by artisan then id (the order payouts
    are built and locked in): the artisan orders payable now (`owed_mad` > 0)
    and the debts netted against them (`owed_mad` < 0, see _debt_filter)."""
    now = now or timezone.now()
    queryset = ArtisanOrder.objects.all()
    if artisan is not None:
        queryset = queryset.filter(artisan=artisan)
    return (
        artisan_orders_with_net(queryset)
        .filter((_payable_filter(now) & Q(owed_mad__gt=0)) | _debt_filter())
        .order_by("artisan_id", "pk")
    )


def mad(value) -> Decimal:
    """An aggregate as money: SQLite sums decimals as floats (0.1 + 0.2 ≠ 0.3)."""
    return quantize(Decimal(value or 0), "MAD")


def _sum(queryset, field: str) -> Decimal:
    return mad(queryset.aggregate(total=Sum(field))["total"])


def artisan_balance(*, artisan, now=None) -> dict:
    """The artisan's money, in MAD:

    - balance: what Souk owes them and has not sent yet (minus their ledger account);
    - available: what the next payout would pay (payable artisan orders less
      debts, see payable_artisan_orders; negative while a debt exceeds them);
    - pending: the rest of the balance, not payable yet (not delivered, in the
      hold period, disputed; an adjustment after a payout, negative, too), so
      balance = available + pending;
    - in_transit: payouts sent to the bank, not yet confirmed paid;
    - paid_out: payouts the bank paid.
    Four queries."""
    now = now or timezone.now()
    balance = -_sum(LedgerEntry.objects.filter(account__artisan=artisan, account__kind=AccountKind.ARTISAN),
                    "amount_mad")  # fmt: skip
    available = _sum(payable_artisan_orders(now=now, artisan=artisan), "owed_mad")
    payouts = Payout.objects.filter(artisan=artisan).aggregate(
        in_transit=Sum("amount_mad", filter=Q(status=PayoutStatus.PENDING)),
        paid_out=Sum("amount_mad", filter=Q(status=PayoutStatus.PAID)),
    )
    return {
        "balance": balance,
        "available": available,
        "pending": balance - available,
        "in_transit": mad(payouts["in_transit"]),
        "paid_out": mad(payouts["paid_out"]),
        "currency": "MAD",
    }


def payouts_of_artisan(artisan):
    """The artisan's payouts, newest first, with their lines and each line's order number."""
    items = PayoutItem.objects.annotate(order_number=F("artisan_order__order__number")).order_by("pk")
    return (
        Payout.objects.filter(artisan=artisan)
        .select_related("batch")
        .prefetch_related(Prefetch("items", queryset=items))
        .order_by("-created_at", "-pk")
    )
