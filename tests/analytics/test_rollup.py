"""The daily export roll-up (analytics.rollup): the dashboard's figures read
through it are the lines' figures, for every scope and period, before and
after a refresh, after a refund of an old order and after an artisan
changes cooperative; the refresh is idempotent."""

import datetime
from decimal import Decimal

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db.models import F

from analytics.models import ExportDay, ExportDaySpan, ExportRollup
from analytics.rollup import days_changed_since_refresh
from analytics.selectors import (
    Period,
    export_lines_visible_to,
    exports_dashboard,
    exports_dashboard_visible_to,
    exports_table_visible_to,
)
from analytics.services import export_rollup_refresh
from orders.lifecycle import RefundedLine, order_lines_refund_record
from orders.models import ArtisanOrder, Order, OrderLine
from tests.analytics.builders import export_world
from tests.factories import ProductFactory, UserFactory, _category, admin_of

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]
D = Decimal
YEAR_2025 = Period(datetime.date(2025, 1, 1), datetime.date(2025, 12, 31))
PERIODS = {
    "2025": YEAR_2025,
    "across two years": Period(datetime.date(2024, 7, 1), datetime.date(2026, 1, 31)),
    "one day": Period(datetime.date(2025, 3, 10), datetime.date(2025, 3, 10)),
    "default": Period.default(),
}


@pytest.fixture
def world():
    world = export_world()
    # One order of one artisan in two top categories (pottery and clothing): counted once, not twice.
    parcel = ArtisanOrder.objects.get(artisan=world.i1)
    product = ProductFactory(artisan=world.i1, category=_category("caftans"))
    OrderLine.objects.create(
        artisan_order=parcel,
        variant=product.variants.get(),
        product=product,
        title=product.title_en,
        sku=f"{product.variants.get().sku}-2",
        hs_code=product.hs_code,
        weight_grams=product.weight_grams,
        quantity=1,
        unit_price_mad=D("300.00"),
        unit_price=D("300.00"),
        line_total_mad=D("300.00"),
        line_total=D("300.00"),
    )
    return world


@pytest.fixture
def operator():
    return UserFactory(is_staff=True, is_superuser=True)


def rolled_up() -> dict:
    """The roll-up refreshed an hour after now: every time so far moved an hour back, then a refresh."""
    an_hour = datetime.timedelta(hours=1)
    Order.objects.update(updated_at=F("updated_at") - an_hour)
    ArtisanOrder.objects.update(updated_at=F("updated_at") - an_hour)
    ExportRollup.objects.update(refreshed_through=F("refreshed_through") - an_hour)
    return export_rollup_refresh()


def scopes(world, operator) -> dict:
    """(user, cooperative) of every way the figures are scoped."""
    return {
        "operator": (operator, None),
        "operator, cooperative A": (operator, world.cooperative_a),
        "operator, cooperative B": (operator, world.cooperative_b),
        "admin of A": (admin_of(world.cooperative_a), None),
        "admin of A asking for B": (admin_of(world.cooperative_a), world.cooperative_b),
        "not a reader": (world.a1.user, None),
    }


def differences(world, operator) -> list[str]:
    """Every scope and period whose figures through the roll-up are not the lines' figures."""
    found = []
    for scope, (user, cooperative) in scopes(world, operator).items():
        for name, period in PERIODS.items():
            lines = exports_dashboard(export_lines_visible_to(user, cooperative=cooperative), period)
            if exports_dashboard_visible_to(user, period, cooperative=cooperative) != lines:
                found.append(f"{scope}, {name}")
    return found


def test_the_rollup_holds_every_day_once_refreshed(world):
    rolled_up()

    assert days_changed_since_refresh() == set()
    assert ExportDay.objects.exists()


def test_through_the_rollup_every_scope_and_period_has_the_lines_figures(world, operator):
    rolled_up()

    assert differences(world, operator) == []


def test_the_hand_computed_figures_through_the_rollup(world, operator):
    rolled_up()

    summary, tables = exports_dashboard_visible_to(operator, YEAR_2025)

    # tests/analytics/test_selectors.py's figures, and the 300.00 MAD caftan added to O3 (still one order).
    assert (summary["total_mad"], summary["previous_mad"], summary["orders"]) == (D("7000.00"), D("3600.00"), 4)
    assert [(row["label"], row["total_mad"], row["orders"]) for row in tables["category"]] == [
        ("Carpets and rugs", D("3000.00"), 1),
        ("Pottery and ceramics", D("2200.00"), 3),
        ("Traditional clothing", D("1800.00"), 2),
    ]


def test_an_order_of_several_artisans_or_categories_is_counted_once_in_each_group(world, operator):
    rolled_up()

    _summary, tables = exports_dashboard_visible_to(operator, YEAR_2025)

    # O1 (Aicha and Brahim) and O3 (Itto's pottery and caftan) each lie in two roll-up rows.
    assert ExportDaySpan.objects.values("order_id").distinct().count() == 2
    assert [(row["key"], row["orders"]) for row in tables["women_led"]] == [(True, 4), (False, 1)]


def test_before_any_refresh_the_figures_are_the_lines(world, operator):
    assert differences(world, operator) == []


def test_a_refund_of_an_old_order_is_in_the_figures_before_the_next_refresh(world, operator):
    rolled_up()
    tagine = OrderLine.objects.get(artisan_order__artisan=world.a1, line_total_mad=D("1000.00"))

    order_lines_refund_record(
        lines=[RefundedLine(order_line_id=tagine.pk, quantity=1, amount=D("20.00"), amount_mad=D("200.00"))]
    )

    assert exports_dashboard_visible_to(operator, YEAR_2025)[0]["total_mad"] == D("6800.00")
    assert differences(world, operator) == []


def test_the_next_refresh_rewrites_the_refunded_orders_day_only(world, operator):
    rolled_up()
    tagine = OrderLine.objects.get(artisan_order__artisan=world.a1, line_total_mad=D("1000.00"))
    order_lines_refund_record(
        lines=[RefundedLine(order_line_id=tagine.pk, quantity=1, amount=D("20.00"), amount_mad=D("200.00"))]
    )

    refreshed = rolled_up()

    assert refreshed["days"] == 1
    assert ExportDay.objects.get(day=datetime.date(2025, 3, 10), artisan=world.a1).net_mad == D("800.00")
    assert differences(world, operator) == []


def test_an_artisan_who_changes_cooperative_takes_their_figures_along(world, operator):
    rolled_up()
    world.a1.cooperative = world.cooperative_b
    world.a1.save()

    by_cooperative = exports_table_visible_to(operator, "cooperative", YEAR_2025)

    assert [(row["key"], row["total_mad"]) for row in by_cooperative] == [
        (world.cooperative_b.pk, D("5900.00")),
        (None, D("1100.00")),
    ]
    assert differences(world, operator) == []


def rows() -> list[tuple]:
    days = ExportDay.objects.values_list("day", "artisan_id", "top_category_id", "country", "net_mad", "orders")
    spans = ExportDaySpan.objects.values_list("day", "order_id", "artisan_id", "top_category_id", "country")
    return sorted(days, key=str) + sorted(spans, key=str)


def test_the_refresh_is_idempotent(world):
    rolled_up()
    once = rows()

    rolled_up()
    export_rollup_refresh()

    assert rows() == once


def test_an_incremental_refresh_writes_what_a_full_one_does(world):
    rolled_up()
    tagine = OrderLine.objects.get(artisan_order__artisan=world.a1, line_total_mad=D("1000.00"))
    order_lines_refund_record(
        lines=[RefundedLine(order_line_id=tagine.pk, quantity=1, amount=D("20.00"), amount_mad=D("200.00"))]
    )
    rolled_up()
    incremental = rows()

    export_rollup_refresh(full=True)

    assert rows() == incremental


def test_the_command_refreshes_every_day_with_full(world, capsys):
    call_command("export_rollup_refresh", "--full")

    assert "every day rewritten" in capsys.readouterr().out and ExportDay.objects.exists()


def test_beat_refreshes_the_rollup_and_rebuilds_it_at_night():
    tasks = {spec["task"]: spec.get("kwargs", {}) for spec in settings.CELERY_BEAT_SCHEDULE.values()}

    assert tasks.get("analytics.tasks.export_rollup_refresh") is not None
    assert {"full": True} in [
        spec.get("kwargs") for spec in settings.CELERY_BEAT_SCHEDULE.values() if "export_rollup" in spec["task"]
    ]


def test_the_api_reads_the_rollup_in_a_bounded_number_of_queries(
    world, client_for, superuser, django_assert_max_num_queries
):
    rolled_up()
    with django_assert_max_num_queries(12):
        response = client_for(superuser).get(
            "/api/v1/manage/analytics/exports/", {"from": "2025-01-01", "to": "2025-12-31"}
        )

    assert response.json()["summary"]["total_mad"] == "7000.00"
