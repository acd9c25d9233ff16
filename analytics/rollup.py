"""The daily export roll-up: what the dashboard sums instead of the lines.

Why. The dashboard's figures (analytics.selectors) aggregate every paid line
of the period and the year before: at 100,000 orders that is 150,000 lines
joined to their orders, products and categories, and counted distinct by
order eight times, 2 s a view. The same figures come from far fewer rows
once the lines are summed per local day, artisan, top category and
destination (ExportDay): the dashboard then joins those rows to the
artisans and cooperatives, which are small, and groups them.

Where. The roll-up lives here, in analytics, and is refreshed from the
lines; nothing below knows about it. The other way (a table below, written
by the services that pay, cancel and refund) would put a second write in
each of those transactions and a copy of this module's rules (which lines
count, which day, which category) in orders and payments, for figures only
analytics reads. What the lower apps give is a change marker they already
had: `updated_at` of an order and of an artisan order, now indexed, and
bumped on the artisan orders whose lines a refund changes
(orders.lifecycle.order_lines_refund_record, where the lines change with an
UPDATE and nothing else was saved).

Exact figures, fresh or not. ExportRollup.refreshed_through is a time T:
every order and artisan order last changed at or before T is in the roll-up
as it is now. The dashboard reads a day from the roll-up unless an order of
that day, or one of its artisan orders, changed after T; those days (today's
orders, an old order refunded since the last refresh) it reads from the
lines, as before. A day is wholly one or the other, and an order has one
day, so the two add up. The refresh (analytics.services.export_rollup_refresh,
every 5 minutes by beat, and `manage.py export_rollup_refresh [--full]`)
recomputes the days touched since the last T and sets T to its own start
less MARGIN: a transaction that stamped `updated_at` before T but commits
after the refresh read the lines would be missed, so T trails by longer
than any transaction of the orders lasts (they hold no network call). A
refresh that does not run only makes the dashboard read more days live.

What is read at read time, and what is kept. The artisan is kept (its id);
its cooperative, region and women-led flag are joined when the dashboard
reads, so an artisan who changes cooperative moves their past figures, as
the lines did, and the cooperative scoping (export_lines_visible_to: a
cooperative admin reads their cooperatives' artisans) is the same filter on
the same join. The top category is kept as it was when the day was
refreshed: a product moved to another category, or deleted, after its sale
moves its past figures on the lines but not in the roll-up until that day
is refreshed again; the nightly full refresh (beat, 03:40) brings them in
line. This is the one figure that can differ from the lines, for at most a
day, and only after a catalogue edit.

The orders count. The dashboard counts distinct orders in each group
(`COUNT(DISTINCT order)`), and an order may have several artisans (one
artisan order each) or several top categories: summing a per-row count
would count it once per row. So ExportDay.orders counts only the orders
wholly inside its row (one artisan, one top category; one day and one
country always), and an order spread over several rows gets one
ExportDaySpan row per row it touches (no money, only where it is): the
dashboard adds the first and counts the second distinct, the same figures
as the lines in every table, for every scope. Spread orders are few (none
in the demo's history), so the distinct count stays small.
"""

import datetime

from django.db.models import DateTimeField, Q, Subquery, Value
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone

from analytics.models import ExportRollup
from orders.models import ArtisanOrder, Order

PLACED = "artisan_order__order__placed_at"
# How far the roll-up's "refreshed through" trails its refresh: longer than
# any transaction that changes an order lasts, and any clock skew between hosts.
MARGIN = datetime.timedelta(minutes=10)
NEVER = datetime.datetime(1, 1, 1, tzinfo=datetime.UTC)


def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def days_q(days, field: str = PLACED) -> Q:
    """Lines (or orders, with `field`) placed on one of `days`, local days,
    as ranges of `field` that its index can serve (consecutive days merged)."""
    ranges = []
    for day in sorted(set(days)):
        if ranges and ranges[-1][1] == day:
            ranges[-1][1] = day + datetime.timedelta(days=1)
        else:
            ranges.append([day, day + datetime.timedelta(days=1)])
    if not ranges:
        return Q(pk__in=[])
    q = Q()
    for first, after in ranges:
        q |= Q(**{f"{field}__gte": _start_of(first), f"{field}__lt": _start_of(after)})
    return q


def days_changed_since(moment) -> set[datetime.date]:
    """The local days of the orders changed after `moment` (a time, or an
    expression of one), or whose artisan orders did (a status, a refund of
    their lines): one query, two index scans."""
    orders = Order.objects.filter(updated_at__gt=moment).annotate(day=TruncDate("placed_at"))
    parts = ArtisanOrder.objects.filter(updated_at__gt=moment).annotate(day=TruncDate("order__placed_at"))
    return set(orders.values_list("day", flat=True).order_by().union(parts.values_list("day", flat=True).order_by()))


def days_changed_since_refresh() -> set[datetime.date]:
    """The days the roll-up does not hold as they are now: changed since its
    last refresh, or every day with orders when it was never refreshed."""
    refreshed = ExportRollup.objects.filter(pk=1).values("refreshed_through")[:1]
    return days_changed_since(Coalesce(Subquery(refreshed), Value(NEVER, output_field=DateTimeField())))
