"""Every export table against figures computed by hand from the fixed set
of tests/analytics/builders.py (several currencies, a partial refund, a
cancelled parcel, an unpaid and a cancelled order left out)."""

import datetime
from decimal import Decimal

import pytest

from analytics.selectors import TABLES, Period, export_lines_visible_to, exports_by, exports_dashboard, exports_summary
from tests.analytics.builders import export_world
from tests.factories import UserFactory, admin_of

pytestmark = pytest.mark.django_db
D = Decimal
YEAR_2025 = Period(datetime.date(2025, 1, 1), datetime.date(2025, 12, 31))


@pytest.fixture
def world():
    return export_world()


@pytest.fixture
def operator():
    return UserFactory(is_staff=True, is_superuser=True)


def figures(rows):
    """(key, total, previous, growth, share, orders) of each row, in order."""
    return [(r["key"], r["total_mad"], r["previous_mad"], r["growth"], r["share"], r["orders"]) for r in rows]


def test_the_summary_counts_paid_goods_less_refunds_in_mad(world, operator):
    summary = exports_summary(export_lines_visible_to(operator), YEAR_2025)

    # 1000 + 3000 + 400 + (2000 - 500) + 800; the year before 1200 + 2400.
    assert (summary["total_mad"], summary["previous_mad"], summary["orders"]) == (D("6700.00"), D("3600.00"), 4)
    assert summary["growth"] == D("0.8611")  # 3100 / 3600


def test_by_category_groups_by_top_category(world, operator, django_assert_max_num_queries):
    lines = export_lines_visible_to(operator)
    with django_assert_max_num_queries(2):
        rows = exports_by("category", lines, YEAR_2025)

    assert [row["label"] for row in rows] == ["Carpets and rugs", "Pottery and ceramics", "Traditional clothing"]
    assert [row[1:] for row in figures(rows)] == [
        (D("3000.00"), D("2400.00"), D("0.2500"), D("0.4478"), 1),
        (D("2200.00"), D("1200.00"), D("0.8333"), D("0.3284"), 3),
        (D("1500.00"), D("0.00"), None, D("0.2239"), 1),
    ]


def test_by_destination_country(world, operator):
    rows = exports_by("country", export_lines_visible_to(operator), YEAR_2025)

    assert figures(rows) == [
        ("US", D("4000.00"), D("3600.00"), D("0.1111"), D("0.5970"), 1),
        ("FR", D("1900.00"), D("0.00"), None, D("0.2836"), 2),
        ("ES", D("800.00"), D("0.00"), None, D("0.1194"), 1),
    ]
    assert rows[0]["label"] == "United States of America"


def test_by_cooperative_with_the_independents_apart(world, operator):
    rows = exports_by("cooperative", export_lines_visible_to(operator), YEAR_2025)

    assert figures(rows) == [
        (world.cooperative_b.pk, D("3000.00"), D("2400.00"), D("0.2500"), D("0.4478"), 1),
        (world.cooperative_a.pk, D("2900.00"), D("1200.00"), D("1.4167"), D("0.4328"), 3),
        (None, D("800.00"), D("0.00"), None, D("0.1194"), 1),
    ]
    assert [row["label"] for row in rows] == ["Coopérative B", "Coopérative A", "Independent artisans"]


def test_by_artisan(world, operator):
    rows = exports_by("artisan", export_lines_visible_to(operator), YEAR_2025)

    assert [(row["label"], row["total_mad"], row["previous_mad"]) for row in rows] == [
        ("Brahim", D("3000.00"), D("2400.00")),
        ("Aicha", D("2900.00"), D("1200.00")),
        ("Itto", D("800.00"), D("0.00")),
    ]


def test_by_region(world, operator):
    rows = exports_by("region", export_lines_visible_to(operator), YEAR_2025)

    assert [(row["key"], row["label"], row["total_mad"]) for row in rows] == [
        ("fes-meknes", "Fès-Meknès", D("3000.00")),
        ("marrakech-safi", "Marrakech-Safi", D("2900.00")),
        ("souss-massa", "Souss-Massa", D("800.00")),
    ]


def test_women_led_counts_the_cooperative_or_the_independent_workshop(world, operator):
    rows = exports_by("women_led", export_lines_visible_to(operator), YEAR_2025)

    # Cooperative A (women-led) 2900 + Itto's own women-led workshop 800; cooperative B 3000.
    assert figures(rows) == [
        (True, D("3700.00"), D("1200.00"), D("2.0833"), D("0.5522"), 4),
        (False, D("3000.00"), D("2400.00"), D("0.2500"), D("0.4478"), 1),
    ]


def test_by_month_lists_every_month_with_the_year_before(world, operator, django_assert_max_num_queries):
    lines = export_lines_visible_to(operator)
    with django_assert_max_num_queries(1):
        rows = exports_by("month", lines, YEAR_2025)

    assert [row["key"] for row in rows] == [f"2025-{month:02d}" for month in range(1, 13)]
    by_key = {row["key"]: row for row in rows}
    assert (by_key["2025-03"]["total_mad"], by_key["2025-03"]["previous_mad"]) == (D("5900.00"), D("1200.00"))
    assert (by_key["2025-07"]["total_mad"], by_key["2025-07"]["previous_mad"]) == (D("800.00"), D("2400.00"))
    assert by_key["2025-07"]["growth"] == D("-0.6667")
    assert by_key["2025-08"]["total_mad"] == D("0.00")  # the cancelled order
    assert sum(row["total_mad"] for row in rows) == D("6700.00")


def test_a_period_boundary_is_a_day_in_casablanca(world, operator):
    lines = export_lines_visible_to(operator)

    march_10 = exports_summary(lines, Period(datetime.date(2025, 3, 10), datetime.date(2025, 3, 10)))
    to_march_11 = exports_summary(lines, Period(datetime.date(2025, 3, 1), datetime.date(2025, 3, 11)))

    assert march_10["total_mad"] == D("4000.00")
    assert to_march_11["total_mad"] == D("4000.00")  # O9 (12 March) and O2 (20 March) after it


def test_a_cooperative_admin_reads_their_cooperative_only(world):
    lines = export_lines_visible_to(admin_of(world.cooperative_a))

    assert exports_summary(lines, YEAR_2025)["total_mad"] == D("2900.00")
    assert [row["key"] for row in exports_by("cooperative", lines, YEAR_2025)] == [world.cooperative_a.pk]
    # Asking for another cooperative's figures narrows to nothing, never widens.
    other = export_lines_visible_to(admin_of(world.cooperative_a), cooperative=world.cooperative_b)
    assert exports_summary(other, YEAR_2025)["total_mad"] == D("0.00")


def test_an_operator_narrows_to_one_cooperative_and_others_read_nothing(world, operator):
    narrowed = export_lines_visible_to(operator, cooperative=world.cooperative_b)

    assert exports_summary(narrowed, YEAR_2025)["total_mad"] == D("3000.00")
    assert exports_summary(export_lines_visible_to(world.a1.user), YEAR_2025)["total_mad"] == D("0.00")


@pytest.mark.postgres
def test_the_dashboards_one_query_gives_every_table_as_the_selectors_do(world, operator, django_assert_max_num_queries):
    lines = export_lines_visible_to(operator)
    with django_assert_max_num_queries(1 + 3):  # GROUPING SETS, then the labels of categories, cooperatives, artisans
        summary, tables = exports_dashboard(lines, YEAR_2025)

    assert summary == exports_summary(lines, YEAR_2025)
    assert tables == {table: exports_by(table, lines, YEAR_2025) for table in TABLES}
    assert summary["total_mad"] == D("6700.00") and len(tables["month"]) == 12


def test_the_dashboards_tables_for_a_cooperative_admin_are_the_selectors_ones(world):
    lines = export_lines_visible_to(admin_of(world.cooperative_a))

    summary, tables = exports_dashboard(lines, YEAR_2025)

    assert tables == {table: exports_by(table, lines, YEAR_2025) for table in TABLES}
    assert summary == exports_summary(lines, YEAR_2025)
    assert [row["key"] for row in tables["cooperative"]] == [world.cooperative_a.pk]
