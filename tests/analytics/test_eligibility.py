"""Trade Pact eligibility on the fixed set of tests/analytics/builders.py,
against the seeded dated thresholds (2,000,000 MAD, then 1,000,000 MAD from
2025-01-01)."""

import datetime
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from analytics.eligibility import trade_pact_eligibility
from analytics.models import TradePactThreshold
from tests.analytics.builders import export_world
from tests.factories import ArtisanFactory, admin_of

pytestmark = pytest.mark.django_db
D = Decimal
URL = "/api/v1/manage/analytics/eligibility/"
END_2025 = datetime.date(2025, 12, 31)


@pytest.fixture
def world():
    world = export_world()
    # Declared off the platform: A crosses the line with its platform sales, B comes within 20%.
    world.cooperative_a.declared_annual_turnover_mad = D("997500.00")
    world.cooperative_a.save()
    world.cooperative_b.declared_annual_turnover_mad = D("800000.00")
    world.cooperative_b.save()
    return world


def verdicts(report) -> dict:
    return {(row["kind"], row["name"]): row["verdict"] for row in report["rows"]}


def test_the_seeded_thresholds_are_dated():
    assert list(TradePactThreshold.objects.order_by("valid_from").values_list("valid_from", "amount_mad")) == [
        (datetime.date(2000, 1, 1), D("2000000.00")),
        (datetime.date(2025, 1, 1), D("1000000.00")),
    ]


def test_turnover_is_the_larger_platform_figure_plus_the_declared_one(world, superuser):
    report = trade_pact_eligibility(superuser, on=END_2025)

    assert (report["threshold_mad"], report["calendar_year"]) == (D("1000000.00"), 2024)
    assert (report["trailing_start"], report["trailing_end"]) == (datetime.date(2025, 1, 1), END_2025)
    rows = {row["name"]: row for row in report["rows"]}
    a = rows["Coopérative A"]
    # Trailing 12 months 2900 (1000 + 400 + 2000 - 500); 2024: 1200; declared 997,500.
    assert (a["trailing_12_months_mad"], a["calendar_year_mad"], a["turnover_mad"]) == (
        D("2900.00"), D("1200.00"), D("1000400.00"),
    )  # fmt: skip
    assert (a["share_of_threshold"], a["verdict"]) == (D("1.0004"), "above")
    b = rows["Coopérative B"]
    assert (b["trailing_12_months_mad"], b["calendar_year_mad"], b["turnover_mad"]) == (
        D("3000.00"), D("2400.00"), D("803000.00"),
    )  # fmt: skip
    assert b["verdict"] == "within_20"
    itto = rows["Itto"]
    assert (itto["kind"], itto["turnover_mad"], itto["verdict"]) == ("artisan", D("800.00"), "below")
    assert [row["name"] for row in report["rows"]] == ["Coopérative A", "Coopérative B", "Itto"]


def test_the_trailing_window_is_the_year_up_to_the_day(world, superuser):
    rows = {row["name"]: row for row in trade_pact_eligibility(superuser, on=datetime.date(2025, 6, 30))["rows"]}

    # 2024-07-01 (B's 2400) is the window's first day; 2024-03-15 (A's 1200) is before it.
    assert rows["Coopérative B"]["trailing_12_months_mad"] == D("5400.00")
    assert rows["Coopérative A"]["trailing_12_months_mad"] == D("2900.00")


def test_moving_the_thresholds_date_changes_the_verdict(world, superuser):
    assert verdicts(trade_pact_eligibility(superuser, on=END_2025))[("cooperative", "Coopérative A")] == "above"

    TradePactThreshold.objects.filter(valid_from=datetime.date(2025, 1, 1)).update(valid_from=datetime.date(2026, 1, 1))

    report = trade_pact_eligibility(superuser, on=END_2025)
    assert (report["threshold_mad"], report["threshold_valid_from"]) == (D("2000000.00"), datetime.date(2000, 1, 1))
    assert verdicts(report) == {
        ("cooperative", "Coopérative A"): "below",
        ("cooperative", "Coopérative B"): "below",
        ("artisan", "Itto"): "below",
    }
    # On the new date, the 1,000,000 MAD line is in force again.
    assert (
        verdicts(trade_pact_eligibility(superuser, on=datetime.date(2026, 1, 1)))[("cooperative", "Coopérative B")]
        == "within_20"
    )


def test_no_threshold_in_force_gives_no_verdict(world, superuser):
    report = trade_pact_eligibility(superuser, on=datetime.date(1999, 12, 31))

    assert report["threshold_mad"] is None
    assert {row["verdict"] for row in report["rows"]} == {None}


def test_an_independent_with_only_a_declared_turnover_is_listed_and_members_are_not(world, superuser):
    ArtisanFactory(display_name_latin="Zineb", cooperative=None, declared_annual_turnover_mad=D("1500000.00"))
    ArtisanFactory(display_name_latin="Member", cooperative=world.cooperative_a, declared_annual_turnover_mad=D("9"))

    names = verdicts(trade_pact_eligibility(superuser, on=END_2025))

    assert names[("artisan", "Zineb")] == "above"
    assert ("artisan", "Member") not in names


def test_a_cooperative_admin_reads_their_cooperative_only(world):
    report = trade_pact_eligibility(admin_of(world.cooperative_b), on=END_2025)

    assert verdicts(report) == {("cooperative", "Coopérative B"): "within_20"}


def test_the_api_answers_the_report_in_few_queries(world, client_for, superuser, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        response = client_for(superuser).get(URL, {"on": "2025-12-31"})

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["threshold_mad"] == "1000000.00"
    assert [(row["name"], row["turnover_mad"], row["verdict"]) for row in body["rows"]] == [
        ("Coopérative A", "1000400.00", "above"),
        ("Coopérative B", "803000.00", "within_20"),
        ("Itto", "800.00", "below"),
    ]


def test_the_api_refuses_a_bad_day_and_other_users(world, client_for, superuser):
    assert client_for(superuser).get(URL, {"on": "31/12/2025"}).status_code == 400
    assert client_for(world.a1.user).get(URL).status_code == 403


def test_the_report_as_xlsx(world, client_for, superuser):
    response = client_for(superuser).get(URL, {"on": "2025-12-31", "file": "xlsx"})

    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0][1] == "Name" and values[0][-1] == "Verdict"
    assert [(row[1], row[-1]) for row in values[1:]] == [
        ("Coopérative A", "Above the threshold"),
        ("Coopérative B", "Within 20% below"),
        ("Itto", "Below"),
    ]
