"""Paid exports in MAD, from the orders' MAD snapshots, aggregated in SQL.

Source: the order lines, not the ledger. An export is the goods that left
Morocco: each paid order line's `line_total_mad` (its MAD value at the
order's own exchange-rate snapshot) less what refunds took back of it
(`amount_refunded_mad`, written by orders.lifecycle when payments refunds).
Shipping, duties and insurance are services, not exported goods, and stay
out. The ledger would give the same captures less refunds, but it holds no
category, destination or region: every figure here needs the line's joins,
so the lines are the one source, and the ledger's own tests keep it equal
to them.

Which lines count: those of orders that were paid (orders.lifecycle
PAID_OR_LATER: paid, shipped, completed, partly or wholly refunded; a wholly
refunded line nets to zero), outside a parcel that was cancelled. Orders
awaiting payment and cancelled orders never count. A line is dated by its
order's `placed_at` in the platform's time zone (Africa/Casablanca), and a
later refund nets against that same month: the figures of a past month go
down when a refund of one of its orders arrives.

Who sees what (`export_lines_visible_to`): operators every line, a
cooperative admin their cooperatives' artisans' lines, anybody else none.

Every table is one `values().annotate()` query (the period and the same
period a year before as two filtered sums of the same grouping), plus at
most one query naming the keys; Python only divides the aggregated rows
(shares, growth) and fills the months without sales."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, DecimalField, ExpressionWrapper, F, Q, Sum, Value
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from artisans.models import ArtisanProfile, Cooperative
from artisans.permissions import cooperatives_administered_by, is_active_user, is_operator
from catalog.models import Category
from marketplace.regions import MoroccanRegion
from orders.lifecycle import PAID_OR_LATER
from orders.models import ArtisanOrderStatus, OrderLine

MONEY = DecimalField(max_digits=16, decimal_places=2)
ZERO = Value(Decimal("0.00"), output_field=MONEY)
NET_MAD = ExpressionWrapper(F("line_total_mad") - F("amount_refunded_mad"), output_field=MONEY)
PLACED = "artisan_order__order__placed_at"
RATIO_PLACES = Decimal("0.0001")

# The tables, and the SQL expression each groups the lines by.
DIMENSIONS = {
    # The top category (the seeded tree has two levels): tagines count as pottery.
    "category": Coalesce(F("product__category__parent_id"), F("product__category_id")),
    "country": F("artisan_order__order__shipping_country"),
    "cooperative": F("artisan_order__artisan__cooperative_id"),
    "artisan": F("artisan_order__artisan_id"),
    "region": F("artisan_order__artisan__region"),
    # A member's cooperative says; an artisan outside any, their own workshop.
    "women_led": Coalesce(F("artisan_order__artisan__cooperative__women_led"), F("artisan_order__artisan__women_led")),
}
TABLES = ("month", *DIMENSIONS)
TABLE_TITLES = {
    "month": _("Exports by month"),
    "category": _("Exports by category"),
    "country": _("Exports by destination country"),
    "cooperative": _("Exports by cooperative"),
    "artisan": _("Exports by artisan"),
    "region": _("Exports by region"),
    "women_led": _("Exports of women-led businesses"),
}


def year_before_day(day: datetime.date) -> datetime.date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


@dataclass(frozen=True)
class Period:
    """From `start` to `end`, both days included, in the platform's time zone."""

    start: datetime.date
    end: datetime.date

    @classmethod
    def default(cls, today: datetime.date | None = None) -> "Period":
        """The last twelve months: from the first day of the month eleven months ago to today."""
        today = today or timezone.localdate()
        month = today.month - 11
        year = today.year + (month - 1) // 12
        return cls(datetime.date(year, (month - 1) % 12 + 1, 1), today)

    def year_before(self) -> "Period":
        return Period(year_before_day(self.start), year_before_day(self.end))

    def q(self) -> Q:
        return Q(
            **{
                f"{PLACED}__gte": _start_of(self.start),
                f"{PLACED}__lt": _start_of(self.end + datetime.timedelta(days=1)),
            }
        )

    def months(self) -> list[datetime.date]:
        first, months = self.start.replace(day=1), []
        while first <= self.end:
            months.append(first)
            first = (first + datetime.timedelta(days=32)).replace(day=1)
        return months


def paid_export_lines():
    """Every order line that counts as an export (see the module's docstring)."""
    return OrderLine.objects.filter(artisan_order__order__status__in=PAID_OR_LATER).exclude(
        artisan_order__status__in=[ArtisanOrderStatus.AWAITING_PAYMENT, ArtisanOrderStatus.CANCELLED]
    )


def export_lines_visible_to(user, *, cooperative=None):
    """The export lines `user` reads: operators all (or one `cooperative`'s,
    when given), cooperative admins their cooperatives' (narrowed to
    `cooperative` if it is one of theirs), anybody else none."""
    lines = paid_export_lines()
    if not is_active_user(user):
        return lines.none()
    if not is_operator(user):
        lines = lines.filter(artisan_order__artisan__cooperative__in=cooperatives_administered_by(user))
    if cooperative is not None:
        lines = lines.filter(artisan_order__artisan__cooperative=cooperative)
    return lines


def _ratio(part: Decimal, whole: Decimal) -> Decimal | None:
    return (part / whole).quantize(RATIO_PLACES) if whole else None


def _growth(total: Decimal, previous: Decimal) -> Decimal | None:
    return _ratio(total - previous, previous)


def _row(key, label, total, previous, orders, grand_total) -> dict:
    return {
        "key": key,
        "label": str(label),
        "total_mad": total,
        "previous_mad": previous,
        "growth": _growth(total, previous),
        "share": _ratio(total, grand_total),
        "orders": orders,
    }


def _labels(table: str, keys) -> dict:
    """What each key of a table is called, in one query at most."""
    keys = [key for key in keys if key is not None]
    if table == "category":
        return {category.pk: str(category) for category in Category.objects.filter(pk__in=keys)}
    if table == "cooperative":
        return dict(Cooperative.objects.filter(pk__in=keys).values_list("pk", "name_latin"))
    if table == "artisan":
        return dict(ArtisanProfile.objects.filter(pk__in=keys).values_list("pk", "display_name_latin"))
    if table == "country":
        return {code: countries.name(code) or code for code in keys}
    if table == "region":
        return {key: MoroccanRegion(key).label for key in keys if key in MoroccanRegion.values}
    if table == "women_led":
        return {True: _("Women-led"), False: _("Not women-led")}
    return {}


NO_KEY_LABELS = {
    "category": _("No category (product deleted)"),
    "cooperative": _("Independent artisans"),
}


def exports_by(table: str, lines, period: Period) -> list[dict]:
    """The paid exports of `lines` in `period` grouped by `table` (a key of
    DIMENSIONS), largest first, each with the same period a year before,
    the growth ((now - then) / then, None without a year before) and the
    share of the period's total."""
    if table == "month":
        return exports_by_month(lines, period)
    now, before = period.q(), period.year_before().q()
    rows = list(
        lines.filter(now | before)
        .annotate(key=DIMENSIONS[table])
        .values("key")
        .annotate(
            total_mad=Coalesce(Sum(NET_MAD, filter=now), ZERO),
            previous_mad=Coalesce(Sum(NET_MAD, filter=before), ZERO),
            orders=Count("artisan_order__order", filter=now, distinct=True),
        )
        .order_by("-total_mad", "-previous_mad", "key")
    )
    grand_total = sum((row["total_mad"] for row in rows), Decimal("0.00"))
    labels = _labels(table, [row["key"] for row in rows])
    return [
        _row(
            row["key"],
            labels.get(row["key"], NO_KEY_LABELS.get(table, row["key"])),
            row["total_mad"],
            row["previous_mad"],
            row["orders"],
            grand_total,
        )
        for row in rows
    ]


def exports_by_month(lines, period: Period) -> list[dict]:
    """Every month of `period` (those without sales at zero), in order, each
    with the same month a year before. The first and last months count only
    the days inside the period."""
    now, before = period.q(), period.year_before().q()
    sums = {
        timezone.localtime(row["month"]).date() if isinstance(row["month"], datetime.datetime) else row["month"]: row
        for row in lines.filter(now | before)
        .annotate(month=TruncMonth(PLACED))
        .values("month")
        .annotate(total_mad=Coalesce(Sum(NET_MAD), ZERO), orders=Count("artisan_order__order", distinct=True))
        .order_by("month")
    }
    months = period.months()
    totals = [sums[month]["total_mad"] if month in sums else Decimal("0.00") for month in months]
    grand_total = sum(totals, Decimal("0.00"))
    rows = []
    for month, total in zip(months, totals, strict=True):
        previous = sums.get(year_before_day(month), {}).get("total_mad", Decimal("0.00"))
        orders = sums[month]["orders"] if month in sums else 0
        rows.append(_row(month.strftime("%Y-%m"), month.strftime("%Y-%m"), total, previous, orders, grand_total))
    return rows


def exports_summary(lines, period: Period) -> dict:
    """The period's total, the same period a year before, and the growth: one query."""
    now, before = period.q(), period.year_before().q()
    sums = lines.filter(now | before).aggregate(
        total_mad=Coalesce(Sum(NET_MAD, filter=now), ZERO),
        previous_mad=Coalesce(Sum(NET_MAD, filter=before), ZERO),
        orders=Count("artisan_order__order", filter=now, distinct=True),
    )
    return {
        "start": period.start,
        "end": period.end,
        "total_mad": sums["total_mad"],
        "previous_mad": sums["previous_mad"],
        "growth": _growth(sums["total_mad"], sums["previous_mad"]),
        "orders": sums["orders"],
    }
