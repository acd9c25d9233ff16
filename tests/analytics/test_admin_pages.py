"""The export dashboard and the Trade Pact eligibility report on the admin
site: who opens them, what they show (charts' data and tables), the files,
and the index's links."""

import io
import json

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from tests.analytics.builders import export_world
from tests.factories import UserFactory, admin_of

pytestmark = pytest.mark.django_db
DASHBOARD = "/admin/analytics/dashboard/"
ELIGIBILITY = "/admin/analytics/eligibility/"
YEAR_2025 = "from=2025-01-01&to=2025-12-31"


@pytest.fixture
def world():
    return export_world()


def charts(response) -> dict:
    html = response.content.decode()
    start = html.index('<script id="analytics-charts" type="application/json">') + len(
        '<script id="analytics-charts" type="application/json">'
    )
    return json.loads(html[start : html.index("</script>", start)])


@pytest.mark.parametrize(
    "page", [DASHBOARD, ELIGIBILITY, DASHBOARD + "category.xlsx", "/admin/analytics/eligibility.csv"]
)
def test_only_readers_open_the_pages(world, admin_client_for, client, page):
    assert client.get(page).status_code == 302  # anonymous: the admin's login page
    assert admin_client_for(UserFactory()).get(page).status_code == 302  # not staff: the same
    assert admin_client_for(UserFactory(is_staff=True)).get(page).status_code == 403  # staff of no cooperative
    assert admin_client_for(world.a1.user).get(page).status_code == 302  # an artisan
    assert admin_client_for(admin_of(world.cooperative_a)).get(page).status_code == 200
    assert admin_client_for(UserFactory(is_staff=True, is_superuser=True)).get(page).status_code == 200


def test_the_dashboard_draws_every_table_with_its_data(world, admin_client_for, superuser):
    response = admin_client_for(superuser).get(f"{DASHBOARD}?{YEAR_2025}")

    assert response.status_code == 200
    html = response.content.decode()
    assert "chart-4.6.2.umd.min.js" in html and "analytics/dashboard.js" in html
    assert html.count("<canvas data-table=") == 7
    data = charts(response)
    assert data["tables"]["category"] == {
        "kind": "doughnut",
        "labels": ["Carpets and rugs", "Pottery and ceramics", "Traditional clothing"],
        "current": ["3000.00", "2200.00", "1500.00"],
        "previous": ["2400.00", "1200.00", "0.00"],
    }
    assert data["tables"]["month"]["kind"] == "line" and len(data["tables"]["month"]["labels"]) == 12
    assert "6,700.00" in html  # the summary
    assert 'name="cooperative"' in html  # operators narrow to a cooperative


def test_an_operator_narrows_the_dashboard_to_one_cooperative(world, admin_client_for, superuser):
    response = admin_client_for(superuser).get(f"{DASHBOARD}?{YEAR_2025}&cooperative={world.cooperative_b.pk}")

    assert charts(response)["tables"]["cooperative"]["labels"] == ["Coopérative B"]
    assert "3,000.00" in response.content.decode()


def test_a_cooperative_admin_sees_their_cooperative_and_no_choice(world, admin_client_for):
    client = admin_client_for(admin_of(world.cooperative_a))

    response = client.get(f"{DASHBOARD}?{YEAR_2025}&cooperative={world.cooperative_b.pk}")

    assert response.status_code == 200
    assert charts(response)["tables"]["cooperative"]["labels"] == ["Coopérative A"]
    assert 'name="cooperative"' not in response.content.decode()
    assert "Coopérative B" not in response.content.decode()


def test_a_bad_period_is_said_not_crashed(world, admin_client_for, superuser):
    response = admin_client_for(superuser).get(f"{DASHBOARD}?from=2025-12-31&to=2025-01-01")

    assert response.status_code == 400
    assert "The period starts after it ends." in response.content.decode()


def test_the_dashboard_in_arabic_is_right_to_left(world, admin_client_for, superuser):
    client = admin_client_for(superuser)
    client.cookies["django_language"] = "ar"

    response = client.get(f"{DASHBOARD}?{YEAR_2025}", HTTP_ACCEPT_LANGUAGE="ar")

    assert response.status_code == 200
    assert 'dir="rtl"' in response.content.decode()


def test_a_table_downloads_as_xlsx(world, admin_client_for, superuser):
    response = admin_client_for(superuser).get(f"{DASHBOARD}country.xlsx?{YEAR_2025}")

    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [[cell.value for cell in row][:2] for row in sheet.iter_rows(min_row=2)] == [
        ["United States of America", 4000],
        ["France", 1900],
        ["Spain", 800],
    ]
    assert admin_client_for(superuser).get(f"{DASHBOARD}planets.xlsx").status_code == 404


def test_the_eligibility_report_lists_verdicts(world, admin_client_for, superuser):
    world.cooperative_b.declared_annual_turnover_mad = 800000
    world.cooperative_b.save()

    response = admin_client_for(superuser).get(f"{ELIGIBILITY}?on=2025-12-31")

    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="verdict-within_20"' in html and "Within 20% below" in html
    assert "1,000,000.00" in html  # the threshold in force
    assert "/admin/analytics/tradepactthreshold/" in html  # operators edit the thresholds
    assert admin_client_for(superuser).get(f"{ELIGIBILITY}?on=yesterday").status_code == 400


def test_the_index_links_the_pages_for_readers_only(world, admin_client_for, superuser):
    assert DASHBOARD in admin_client_for(superuser).get("/admin/").content.decode()
    assert DASHBOARD in admin_client_for(admin_of(world.cooperative_a)).get("/admin/").content.decode()
    assert DASHBOARD not in admin_client_for(UserFactory(is_staff=True)).get("/admin/").content.decode()


def test_the_dashboards_queries_do_not_grow_with_the_orders(
    world, admin_client_for, superuser, django_assert_max_num_queries
):
    client = admin_client_for(superuser)
    client.get(f"{DASHBOARD}?{YEAR_2025}")  # the session's first read out of the way
    export_world()  # twice the orders, artisans and cooperatives

    with django_assert_max_num_queries(16):
        response = client.get(f"{DASHBOARD}?{YEAR_2025}")

    assert charts(response)["tables"]["cooperative"]["current"] == [
        "3000.00",
        "3000.00",
        "2900.00",
        "2900.00",
        "1600.00",
    ]


def test_a_cooperatives_dossier_is_a_pdf_with_its_figures_and_sources(world, admin_client_for):
    world.cooperative_a.declared_annual_turnover_mad = 997500
    world.cooperative_a.save()
    url = f"/admin/analytics/eligibility/cooperatives/{world.cooperative_a.pk}.pdf?on=2025-12-31"

    response = admin_client_for(admin_of(world.cooperative_a)).get(url)

    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Coopérative A" in text
    assert "1,000,400.00" in text and "Above the threshold" in text  # 2,900 + 997,500 against 1,000,000
    assert "SOURCES" in text.upper() and "2025-03" in text and "United States of America" in text
    # Another cooperative's admin reads no such dossier.
    assert admin_client_for(admin_of(world.cooperative_b)).get(url).status_code == 404
    assert (
        f"cooperatives/{world.cooperative_a.pk}.pdf"
        in admin_client_for(admin_of(world.cooperative_a)).get(f"{ELIGIBILITY}?on=2025-12-31").content.decode()
    )
