"""The export dashboard in a real browser: the vendored Chart.js loads from
our static files under the admin's Content-Security-Policy and draws every
chart with data, in Arabic right to left; a table downloads as XLSX."""

import pytest

from tests.analytics.builders import export_world
from tests.browser.test_admin_browser import log_in
from tests.factories import UserFactory, admin_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
DASHBOARD = "/admin/analytics/dashboard/?from=2025-01-01&to=2025-12-31"

# Pixels of a canvas that are not transparent: something was drawn.
PAINTED = """canvas => {
  const pixels = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
  let painted = 0;
  for (let i = 3; i < pixels.length; i += 4) { if (pixels[i] !== 0) painted++; }
  return painted;
}"""


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_a_cooperative_admin_sees_the_charts_drawn(page, language):
    world = export_world()
    admin = admin_of(world.cooperative_a)
    admin.preferred_language = language
    admin.save()
    problems = []
    page.on(
        "console",
        lambda message: problems.append(f"{message.text} {message.location}") if message.type == "error" else None,
    )
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("response", lambda response: problems.append(response.url) if response.status >= 400 else None)
    log_in(page, admin)

    page.goto(DASHBOARD)
    page.wait_for_selector("canvas[data-table='category'][data-drawn]")

    assert page.evaluate("document.documentElement.dir") == ("rtl" if language == "ar" else "ltr")
    canvases = page.locator("canvas[data-table]")
    assert canvases.count() == 7
    for index in range(canvases.count()):
        canvas = canvases.nth(index)
        assert canvas.get_attribute("data-drawn") is not None
        assert canvas.evaluate(PAINTED) > 100, canvas.get_attribute("data-table")
    assert page.evaluate(
        "Chart.getChart(document.querySelector(\"canvas[data-table='category']\")).data.datasets[0].data"
    ) == [1500, 1400]
    # The browser asks for /favicon.ico on its own: the site has none (not this page's doing).
    assert [problem for problem in problems if "favicon.ico" not in problem] == []

    with page.expect_download() as download:
        page.click("#table-category a[href*='category.xlsx']")
    assert download.value.suggested_filename == "exports-category-2025-01-01-2025-12-31.xlsx"


def test_the_operator_filters_by_cooperative(page):
    world = export_world()
    operator = UserFactory(is_staff=True, is_superuser=True, preferred_language="en")
    log_in(page, operator)

    page.goto(DASHBOARD)
    page.select_option("select[name=cooperative]", str(world.cooperative_b.pk))
    page.click("input[type=submit][value='Show']")
    page.wait_for_selector("canvas[data-table='cooperative'][data-drawn]")

    labels = page.evaluate("Chart.getChart(document.querySelector(\"canvas[data-table='cooperative']\")).data.labels")
    assert labels == ["Coopérative B"]
