"""The export figures over the staff API, and as CSV and XLSX files."""

import csv
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from tests.analytics.builders import export_world
from tests.factories import UserFactory, admin_of

pytestmark = pytest.mark.django_db
URL = "/api/v1/manage/analytics/exports/"
YEAR_2025 = {"from": "2025-01-01", "to": "2025-12-31"}


@pytest.fixture
def world():
    return export_world()


def test_an_operator_reads_every_table_in_a_bounded_number_of_queries(
    world, client_for, superuser, django_assert_max_num_queries
):
    client = client_for(superuser)
    with django_assert_max_num_queries(12):
        response = client.get(URL, YEAR_2025)

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["summary"]["total_mad"] == "6700.00" and body["summary"]["previous_mad"] == "3600.00"
    assert body["summary"]["growth"] == "0.8611"
    assert set(body["tables"]) == {"month", "category", "country", "cooperative", "artisan", "region", "women_led"}
    assert [(row["key"], row["total_mad"], row["share"]) for row in body["tables"]["country"]] == [
        ("US", "4000.00", "0.5970"),
        ("FR", "1900.00", "0.2836"),
        ("ES", "800.00", "0.1194"),
    ]
    assert len(body["tables"]["month"]) == 12


def test_the_query_count_does_not_grow_with_the_orders(world, client_for, superuser, django_assert_max_num_queries):
    export_world()  # twice the orders, artisans and cooperatives
    with django_assert_max_num_queries(12):
        response = client_for(superuser).get(URL, YEAR_2025)

    assert response.json()["summary"]["total_mad"] == "13400.00"


def test_a_cooperative_admin_reads_their_own_and_cannot_ask_for_another(world, client_for):
    client = client_for(admin_of(world.cooperative_a))

    theirs = client.get(URL, YEAR_2025)
    other = client.get(URL, {**YEAR_2025, "cooperative": world.cooperative_b.pk})

    assert theirs.status_code == 200
    assert theirs.json()["summary"]["total_mad"] == "2900.00"
    assert [row["label"] for row in theirs.json()["tables"]["cooperative"]] == ["Coopérative A"]
    assert other.status_code == 400 and "cooperative" in other.json()["error"]["fields"], other.content


def test_an_operator_narrows_to_one_cooperative(world, client_for, superuser):
    response = client_for(superuser).get(f"{URL}category/", {**YEAR_2025, "cooperative": world.cooperative_b.pk})

    assert response.status_code == 200
    assert [(row["label"], row["total_mad"]) for row in response.json()] == [("Carpets and rugs", "3000.00")]


@pytest.mark.parametrize("role", ["anonymous", "buyer", "artisan", "staff"])
def test_nobody_else_reads_the_figures(world, api_client, client_for, role):
    client = {
        "anonymous": lambda: api_client,
        "buyer": lambda: client_for(UserFactory()),
        "artisan": lambda: client_for(world.a1.user),
        "staff": lambda: client_for(UserFactory(is_staff=True)),
    }[role]()

    response = client.get(URL)

    assert response.status_code in (401, 403)


@pytest.mark.parametrize(
    "query",
    [{"from": "2025-02-01", "to": "2025-01-01"}, {"from": "last year"}, {"from": "2000-01-01", "to": "2025-01-01"},
     {"file": "pdf"}, {"cooperative": "999999"}],
)  # fmt: skip
def test_a_bad_query_is_a_400_saying_what_is_wrong(world, client_for, superuser, query):
    response = client_for(superuser).get(f"{URL}country/", query)

    assert response.status_code == 400
    assert response.json()["error"]["fields"], response.content


def test_an_unknown_table_is_a_json_404(world, client_for, superuser):
    response = client_for(superuser).get(f"{URL}planets/")

    assert response.status_code == 404 and response["Content-Type"].startswith("application/json")


def test_a_table_as_csv(world, client_for, superuser):
    response = client_for(superuser).get(f"{URL}category/", {**YEAR_2025, "file": "csv"})

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="exports-category-2025-01-01-2025-12-31.csv"'
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows == [
        ["Category", "Exports (MAD)", "A year before (MAD)", "Growth", "Share", "Orders"],
        ["Carpets and rugs", "3000.00", "2400.00", "0.2500", "0.4478", "1"],
        ["Pottery and ceramics", "2200.00", "1200.00", "0.8333", "0.3284", "3"],
        ["Traditional clothing", "1500.00", "0.00", "", "0.2239", "1"],
    ]


def test_a_table_as_xlsx_in_the_readers_language(world, client_for, superuser):
    response = client_for(superuser).get(f"{URL}cooperative/", {**YEAR_2025, "file": "xlsx"}, HTTP_ACCEPT_LANGUAGE="fr")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0][:2] == ["Coopérative", "Exports (MAD)"] or values[0][0] == "Coopérative"
    assert [row[:3] for row in values[1:3]] == [["Coopérative B", 3000, 2400], ["Coopérative A", 2900, 1200]]
    assert sum(Decimal(str(row[1])) for row in values[1:]) == Decimal("6700")
    assert sheet["B2"].number_format == "#,##0.00"


def test_a_name_a_spreadsheet_would_run_is_kept_as_text(world, client_for, superuser):
    world.a1.display_name_latin = '=HYPERLINK("http://evil")'
    world.a1.save()

    response = client_for(superuser).get(f"{URL}artisan/", {**YEAR_2025, "file": "csv"})

    assert "'=HYPERLINK" in response.content.decode("utf-8-sig")
