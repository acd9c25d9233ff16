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
(shares, growth) and fills the months without sales. The dashboard and the
staff API ask for every table at once (`exports_dashboard`): on PostgreSQL
one GROUPING SETS query for them all, the same figures."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db import connection
from django.db.models import BigIntegerField, Count, DecimalField, ExpressionWrapper, F, IntegerField, Q, Sum, Value
from django.db.models.functions import Cast, Coalesce, TruncDate, TruncMonth
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from analytics.models import ExportDay, ExportDaySpan
from analytics.rollup import days_changed_since_refresh, days_q
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
    return _visible_to(paid_export_lines(), user, cooperative=cooperative, artisan="artisan_order__artisan")


def _visible_to(rows, user, *, cooperative, artisan: str):
    """`rows` (lines, or roll-up rows) narrowed as export_lines_visible_to
    says, by the cooperative of their artisan (the path `artisan`)."""
    if not is_active_user(user):
        return rows.none()
    if not is_operator(user):
        rows = rows.filter(**{f"{artisan}__cooperative__in": cooperatives_administered_by(user)})
    if cooperative is not None:
        rows = rows.filter(**{f"{artisan}__cooperative": cooperative})
    return rows


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
    sums = (
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
    return _dimension_rows(table, sums)


def _dimension_rows(table: str, sums) -> list[dict]:
    """A table's rows from its sums ({key, total_mad, previous_mad, orders}), largest first."""
    rows = sorted(sums, key=lambda row: (-row["total_mad"], -row["previous_mad"], _sortable(row["key"])))
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


def _sortable(key):
    """Keys in SQL's order (ORDER BY key: NULLS LAST), whatever their type."""
    return (key is None, key if key is not None else 0)


def exports_by_month(lines, period: Period) -> list[dict]:
    """Every month of `period` (those without sales at zero), in order, each
    with the same month a year before. The first and last months count only
    the days inside the period."""
    now, before = period.q(), period.year_before().q()
    sums = (
        lines.filter(now | before)
        .annotate(month=TruncMonth(PLACED))
        .values("month")
        .annotate(total_mad=Coalesce(Sum(NET_MAD), ZERO), orders=Count("artisan_order__order", distinct=True))
        .order_by("month")
    )
    return _month_rows(sums, period)


def _month_rows(sums, period: Period) -> list[dict]:
    """The month table from each month's sums ({month, total_mad, orders}, both periods' months)."""
    sums = {_date_of(row["month"]): row for row in sums}
    months = period.months()
    totals = [sums[month]["total_mad"] if month in sums else Decimal("0.00") for month in months]
    grand_total = sum(totals, Decimal("0.00"))
    rows = []
    for month, total in zip(months, totals, strict=True):
        previous = sums.get(year_before_day(month), {}).get("total_mad", Decimal("0.00"))
        orders = sums[month]["orders"] if month in sums else 0
        rows.append(_row(month.strftime("%Y-%m"), month.strftime("%Y-%m"), total, previous, orders, grand_total))
    return rows


def _date_of(month) -> datetime.date:
    """A month as the database gives it: a date, an aware datetime (the ORM's), a naive one in local time (SQL's)."""
    if not isinstance(month, datetime.datetime):
        return month
    return (timezone.localtime(month) if timezone.is_aware(month) else month).date()


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


def exports_dashboard(lines, period: Period) -> tuple[dict, dict[str, list[dict]]]:
    """The summary and every table (TABLES) at once, as exports_summary and
    exports_by give them: what the dashboard shows. On PostgreSQL in one
    query, GROUPING SETS reading the lines once for every grouping (eight
    queries each joining every line of two years took 4 s at 100,000 orders,
    bench/dashboard_bench.py); elsewhere one query a table."""
    if connection.vendor != "postgresql":
        return exports_summary(lines, period), {table: exports_by(table, lines, period) for table in TABLES}
    now, before = period.q(), period.year_before().q()
    keys = {f"key_{table}": DIMENSIONS[table] for table in DIMENSIONS}
    keys["key_month"] = TruncMonth(PLACED)
    per_line = (
        lines.filter(now | before)
        .annotate(**keys, net=NET_MAD, order_ref=F("artisan_order__order_id"), placed=F(PLACED))
        .values(*keys, "net", "order_ref", "placed")
        .order_by()
    )
    inner, params = per_line.query.sql_with_params()
    names = list(keys)
    in_now = '"placed" >= %s AND "placed" < %s'
    bounds = [_start_of(period.start), _start_of(period.end + datetime.timedelta(days=1))]
    year_before = period.year_before()
    before_bounds = [_start_of(year_before.start), _start_of(year_before.end + datetime.timedelta(days=1))]
    sets = ", ".join(f'("{name}")' for name in names)
    sql = (
        f"SELECT GROUPING({', '.join(names)}), {', '.join(names)}, "
        f"COALESCE(SUM(net) FILTER (WHERE {in_now}), 0), COALESCE(SUM(net) FILTER (WHERE {in_now}), 0), "
        f"COALESCE(SUM(net), 0), COUNT(DISTINCT order_ref) FILTER (WHERE {in_now}), COUNT(DISTINCT order_ref) "
        f"FROM ({inner}) AS line GROUP BY GROUPING SETS ({sets}, ())"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*bounds, *before_bounds, *bounds, *params])
        results = cursor.fetchall()
    return _dashboard_from(results, names, period)


def _dashboard_from(results, names: list[str], period: Period) -> tuple[dict, dict[str, list[dict]]]:
    """The summary and tables from the GROUPING SETS rows: (grouping, one
    value a key of `names`, the period's total, the year before's, both,
    the period's orders, both's orders)."""
    # GROUPING(...) has a bit a key, the first key's the highest, set when the row is not grouped by it.
    everything = (1 << len(names)) - 1
    grouped_by = {everything & ~(1 << (len(names) - 1 - index)): name for index, name in enumerate(names)}
    sums = {name: [] for name in names}
    summary = {"total_mad": Decimal("0.00"), "previous_mad": Decimal("0.00"), "orders": 0}
    for grouping, *values in results:
        key_values, (total, previous, both, orders, both_orders) = values[: len(names)], values[len(names) :]
        money = {"total_mad": _money(total), "previous_mad": _money(previous), "orders": orders}
        if grouping == everything:
            summary = money
            continue
        name = grouped_by[grouping]
        key = key_values[names.index(name)]
        if name == "key_month":
            sums[name].append({"month": key, "total_mad": _money(both), "orders": both_orders})
        else:
            sums[name].append({"key": key, **money})
    tables = {
        table: _month_rows(sums["key_month"], period)
        if table == "month"
        else _dimension_rows(table, sums[f"key_{table}"])
        for table in TABLES
    }
    return {
        "start": period.start,
        "end": period.end,
        "total_mad": summary["total_mad"],
        "previous_mad": summary["previous_mad"],
        "growth": _growth(summary["total_mad"], summary["previous_mad"]),
        "orders": summary["orders"],
    }, tables


def _money(amount) -> Decimal:
    return Decimal(amount).quantize(Decimal("0.01"))


# --- the same figures from the daily roll-up (analytics.rollup) -----------------------------------

ROLLUP_KEYS = {
    "category": F("top_category_id"),
    "country": F("country"),
    "cooperative": F("artisan__cooperative_id"),
    "artisan": F("artisan_id"),
    "region": F("artisan__region"),
    "women_led": Coalesce(F("artisan__cooperative__women_led"), F("artisan__women_led")),
}
# What every source of the roll-up query gives, in this order: the keys, the local day, the net MAD,
# the orders counted already (wholly inside a roll-up row) and an order to count distinct.
SOURCE_COLUMNS = [*(f"key_{table}" for table in DIMENSIONS), "r_day", "r_net", "r_counted", "r_order"]


def exports_dashboard_visible_to(user, period: Period, *, cooperative=None) -> tuple[dict, dict[str, list[dict]]]:
    """What exports_dashboard gives for export_lines_visible_to(user,
    cooperative=...), the same figures, summed from the daily roll-up for
    the days it holds as they are, and from the lines for the days changed
    since its last refresh (analytics.rollup): every day before its first
    refresh. Off PostgreSQL, exports_dashboard of the lines."""
    if connection.vendor != "postgresql":
        return exports_dashboard(export_lines_visible_to(user, cooperative=cooperative), period)
    selects, params = [], []
    for source in _rollup_sources(user, period, cooperative=cooperative):
        if source.query.is_empty():
            continue
        inner, inner_params = source.values(*SOURCE_COLUMNS).order_by().query.sql_with_params()
        selects.append(f"SELECT {', '.join(SOURCE_COLUMNS)} FROM ({inner}) AS part")
        params.extend(inner_params)
    names = [f"key_{table}" for table in DIMENSIONS] + ["key_month"]
    if not selects:
        return _dashboard_from([], names, period)
    year_before = period.year_before()
    now, before = [period.start, period.end], [year_before.start, year_before.end]
    in_range = "WHERE r_day BETWEEN %s AND %s"
    sql = (
        f"SELECT GROUPING({', '.join(names)}), {', '.join(names)}, "
        f"COALESCE(SUM(r_net) FILTER ({in_range}), 0), COALESCE(SUM(r_net) FILTER ({in_range}), 0), "
        "COALESCE(SUM(r_net), 0), "
        f"COALESCE(SUM(r_counted) FILTER ({in_range}), 0) + COUNT(DISTINCT r_order) FILTER ({in_range}), "
        "COALESCE(SUM(r_counted), 0) + COUNT(DISTINCT r_order) "
        "FROM (SELECT source.*, CAST(date_trunc('month', r_day) AS date) AS key_month "
        f"FROM ({' UNION ALL '.join(selects)}) AS source) AS source "
        f"GROUP BY GROUPING SETS ({', '.join(f'({name})' for name in names)}, ())"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*now, *before, *now, *now, *params])
        results = cursor.fetchall()
    return _dashboard_from(results, names, period)


def _rollup_sources(user, period: Period, *, cooperative) -> list:
    """The rows the roll-up query sums (SOURCE_COLUMNS), for both periods and
    as `user` reads them: the roll-up's days and spans but for the days
    changed since its refresh, and the lines of those days."""
    year_before = period.year_before()
    in_periods = Q(day__gte=period.start, day__lte=period.end) | Q(day__gte=year_before.start, day__lte=year_before.end)
    changed = [day for day in days_changed_since_refresh() if _in_periods(day, period)]
    days = ExportDay.objects.filter(in_periods).exclude(day__in=changed)
    spans = ExportDaySpan.objects.filter(in_periods).exclude(day__in=changed)
    rollup_keys = {f"key_{table}": key for table, key in ROLLUP_KEYS.items()}
    sources = [
        _visible_to(days, user, cooperative=cooperative, artisan="artisan").annotate(
            **rollup_keys,
            r_day=F("day"),
            r_net=F("net_mad"),
            r_counted=F("orders"),
            r_order=Cast(Value(None), BigIntegerField()),
        ),
        _visible_to(spans, user, cooperative=cooperative, artisan="artisan").annotate(
            **rollup_keys,
            r_day=F("day"),
            r_net=Cast(Value(0), MONEY),
            r_counted=Cast(Value(0), IntegerField()),
            r_order=F("order_id"),
        ),
    ]
    if changed:
        lines = export_lines_visible_to(user, cooperative=cooperative)
        sources.append(
            lines.filter(period.q() | year_before.q())
            .filter(days_q(changed))
            .annotate(
                **{f"key_{table}": key for table, key in DIMENSIONS.items()},
                r_day=TruncDate(PLACED),
                r_net=NET_MAD,
                r_counted=Cast(Value(0), IntegerField()),
                r_order=F("artisan_order__order_id"),
            )
        )
    return sources


def _in_periods(day: datetime.date, period: Period) -> bool:
    year_before = period.year_before()
    return period.start <= day <= period.end or year_before.start <= day <= year_before.end


def exports_table_visible_to(user, table: str, period: Period, *, cooperative=None) -> list[dict]:
    """One table of exports_dashboard_visible_to, as exports_by gives it."""
    if connection.vendor != "postgresql":
        return exports_by(table, export_lines_visible_to(user, cooperative=cooperative), period)
    return exports_dashboard_visible_to(user, period, cooperative=cooperative)[1][table]
