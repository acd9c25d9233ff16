"""The writes of analytics: the export roll-up's refresh (analytics.rollup
says what the roll-up is and why)."""

from django.db import connection, transaction
from django.db.models import F, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone

from analytics import locks
from analytics.models import ExportDay, ExportDaySpan
from analytics.rollup import MARGIN, PLACED, days_changed_since, days_q
from analytics.selectors import DIMENSIONS, NET_MAD, paid_export_lines


def export_rollup_refresh(*, full: bool = False) -> dict:
    """Recompute the roll-up's days touched since the last refresh (every
    day when `full`, or the first time), and move its "refreshed through"
    to now less the margin. Running it twice changes nothing the second
    time but the time. Answers how many days it rewrote (None: all)."""
    with transaction.atomic(durable=True):
        rollup = locks.export_rollup_lock()
        through = timezone.now() - MARGIN
        if full or rollup.refreshed_through is None:
            days = None
            ExportDay.objects.all().delete()
            ExportDaySpan.objects.all().delete()
            _days_write(paid_export_lines())
        else:
            days = days_changed_since(rollup.refreshed_through)
            if days:
                ExportDay.objects.filter(day__in=days).delete()
                ExportDaySpan.objects.filter(day__in=days).delete()
                _days_write(paid_export_lines().filter(days_q(days)))
        rollup.refreshed_through, rollup.refreshed_at = through, timezone.now()
        rollup.save()
    return {"days": None if days is None else len(days), "refreshed_through": through.isoformat()}


def _cells(lines) -> tuple[str, list]:
    """The counted lines summed per order and roll-up row ("cells"), with how
    many cells their order has: an order with one is wholly inside its row."""
    per_cell = (
        lines.annotate(
            c_day=TruncDate(PLACED),
            c_artisan=F("artisan_order__artisan_id"),
            c_category=DIMENSIONS["category"],
            c_country=F("artisan_order__order__shipping_country"),
            c_order=F("artisan_order__order_id"),
        )
        .values("c_day", "c_artisan", "c_category", "c_country", "c_order")
        .annotate(c_net=Sum(NET_MAD))
        .order_by()
    )
    inner, params = per_cell.query.sql_with_params()
    return f"SELECT cell.*, COUNT(*) OVER (PARTITION BY c_order) AS cells FROM ({inner}) AS cell", list(params)


def _days_write(lines) -> None:
    """The roll-up rows of `lines`: every counted line of the days being
    rewritten, whose old rows are gone."""
    cells, params = _cells(lines)
    day, span = ExportDay._meta.db_table, ExportDaySpan._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {day} (day, artisan_id, top_category_id, country, net_mad, orders) "
            "SELECT c_day, c_artisan, c_category, c_country, SUM(c_net), SUM(CASE WHEN cells = 1 THEN 1 ELSE 0 END) "
            f"FROM ({cells}) AS counted GROUP BY c_day, c_artisan, c_category, c_country",
            params,
        )
        cursor.execute(
            f"INSERT INTO {span} (day, order_id, artisan_id, top_category_id, country) "
            f"SELECT c_day, c_order, c_artisan, c_category, c_country FROM ({cells}) AS counted WHERE cells > 1",
            params,
        )
