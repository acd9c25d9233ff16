"""A cooperative admin's day in a real browser, once in Arabic and once in
French (issue 15): list a product for a member with a photo uploaded through
the admin form, review it on its page with the photo loaded, approve it
there; make a member's parcel ready to ship, print its paperwork (a real
PDF), ship it with carrier and tracking; open the export dashboard, see its
charts drawn, and export a table as XLSX. Every step leaves a screenshot in
var/screenshots/<language>/NN-<step>.png, which .ci/run packs as a CI
artifact. One journey per language keeps the browser time small: the
world is built once per journey."""

import io
import re
from pathlib import Path

import pytest
from django.conf import settings
from openpyxl import load_workbook
from PIL import Image
from pypdf import PdfReader

from catalog.models import Category, Product, ProductEvent, ProductStatus
from orders.models import ArtisanOrderStatus as AO
from orders.paperwork.models import DocumentStatus, ExportDocument
from tests.analytics.builders import export_world
from tests.browser.test_admin_browser import log_in
from tests.factories import UserFactory, admin_of
from tests.paperwork.builders import paperwork_order

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"
PAPERWORK_MS = 60_000
DASHBOARD = "/admin/analytics/dashboard/?from=2025-01-01&to=2025-12-31"

# Pixels of a canvas that are not transparent: something was drawn.
PAINTED = """canvas => {
  const pixels = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
  let painted = 0;
  for (let i = 3; i < pixels.length; i += 4) { if (pixels[i] !== 0) painted++; }
  return painted;
}"""


class Steps:
    """Numbered screenshots of one journey, in its language's folder."""

    def __init__(self, page, language):
        self.page, self.number = page, 0
        self.folder = SCREENSHOTS / language
        self.folder.mkdir(parents=True, exist_ok=True)
        for old in self.folder.glob("*.png"):
            old.unlink()

    def shot(self, name, *, full_page=False):
        self.number += 1
        self.page.screenshot(path=str(self.folder / f"{self.number:02d}-{name}.png"), full_page=full_page)


def _serve_media(page):
    """The live server serves no media with DEBUG off: the browser gets the
    stored files from the test's media folder instead."""

    def fulfil(route):
        relative = route.request.url.split(settings.MEDIA_URL, 1)[1]
        path = Path(settings.MEDIA_ROOT) / relative
        if path.is_file():
            content_type = "image/webp" if path.suffix == ".webp" else "image/jpeg"
            route.fulfill(status=200, body=path.read_bytes(), content_type=content_type)
        else:
            route.fulfill(status=404, body=b"")

    page.route(re.compile(re.escape(settings.MEDIA_URL)), fulfil)


def _jpeg(tmp_path) -> Path:
    buffer = io.BytesIO()
    Image.new("RGB", (400, 300), (30, 80, 160)).save(buffer, format="JPEG")
    path = tmp_path / "blue-rug.jpg"
    path.write_bytes(buffer.getvalue())
    return path


def _page_speaks(page, language):
    assert page.locator("html").get_attribute("lang") == language
    assert page.evaluate("document.documentElement.dir") == ("rtl" if language == "ar" else "ltr")


def _product_listed_and_approved(page, steps, language, member, tmp_path) -> Product:
    page.goto("/admin/catalog/product/add/")
    _page_speaks(page, language)
    page.select_option("#id_artisan", str(member.pk))
    page.select_option("#id_category", str(Category.objects.get(slug="tagines-tableware").pk))
    page.fill(f"#id_title_{language}", {"ar": "زربية زرقاء", "fr": "Tapis bleu"}[language])
    page.select_option("#id_region_of_origin", "marrakech-safi")
    page.fill("#id_weight_grams", "1800")
    page.locator("#variants-group .add-row a").click()
    page.fill("#id_variants-0-sku", f"RUG-BLUE-{language}")
    page.fill("#id_variants-0-price_mad", "950.00")
    page.fill("#id_variants-0-stock", "3")
    page.set_input_files("input[type=file][name$='-0-original']", str(_jpeg(tmp_path)))
    steps.shot("product-form")
    page.click("input[name=_save]")
    page.wait_for_url(re.compile(r"/admin/catalog/product/$"))
    product = Product.objects.get(variants__sku=f"RUG-BLUE-{language}")
    assert (product.artisan_id, product.status) == (member.pk, ProductStatus.DRAFT)

    # Its page shows the photo (loaded), the variant and the history; submit, then approve there.
    page.goto(f"/admin/catalog/product/{product.pk}/change/")
    page.click("button[data-decision=submit]")
    page.wait_for_url(re.compile(rf"/admin/catalog/product/{product.pk}/change/$"))
    photo = page.locator("#photos-group img")
    photo.wait_for()
    assert page.evaluate("(img) => img.complete && img.naturalWidth > 0", photo.element_handle())
    assert page.locator("#id_variants-0-price_mad").input_value() == "950.00"
    steps.shot("product-review", full_page=True)
    page.click("button[data-decision=approve]")
    page.wait_for_url(re.compile(rf"/admin/catalog/product/{product.pk}/change/$"))
    assert page.locator("ul.messagelist li.success").is_visible()
    steps.shot("product-approved")
    return product


def _parcel_readied_printed_and_shipped(page, steps, parcel):
    page.goto(f"/admin/orders/artisanorder/{parcel.pk}/change/")
    page.click(f"a[href$='/{parcel.pk}/ready_to_ship/']")
    for name, value in (("parcel_weight_grams", "2600"), ("parcel_length_cm", "30"), ("parcel_width_cm", "30"),
                        ("parcel_height_cm", "20")):  # fmt: skip
        page.fill(f"#id_parcel-{parcel.pk}-{name}", value)
    steps.shot("parcel-ready-form")
    # The paperwork task renders the four documents on commit, inside this
    # request in tests (Celery eager): a few seconds.
    with page.expect_navigation(
        url=re.compile(rf"/admin/orders/artisanorder/{parcel.pk}/change/$"), timeout=PAPERWORK_MS
    ):
        page.click("input[name=confirm]", no_wait_after=True)
    assert ExportDocument.objects.filter(artisan_order=parcel, status=DocumentStatus.READY).count() == 4
    page.reload()  # the page was drawn before the task ran: now it lists the documents
    steps.shot("parcel-ready", full_page=True)

    with page.expect_download() as download:
        page.click("form.decision-form button[type=submit]")
    paperwork = Path(download.value.path()).read_bytes()
    assert paperwork.startswith(b"%PDF")
    pages = PdfReader(io.BytesIO(paperwork)).pages
    assert len(pages) == 4 and parcel.order.number in pages[0].extract_text()
    steps.shot("paperwork-printed")

    page.click(f"a[href$='/{parcel.pk}/ship/']")
    page.fill(f"#id_parcel-{parcel.pk}-carrier", "Amana")
    page.fill(f"#id_parcel-{parcel.pk}-tracking_number", "RR123456789MA")
    steps.shot("parcel-ship-form")
    page.click("input[name=confirm]")
    page.wait_for_url(re.compile(rf"/admin/orders/artisanorder/{parcel.pk}/change/$"))
    steps.shot("parcel-shipped")
    parcel.refresh_from_db()
    assert (parcel.status, parcel.carrier, parcel.tracking_number) == (AO.SHIPPED, "Amana", "RR123456789MA")


def _dashboard_drawn_and_exported(page, steps, language):
    problems = []
    page.on(
        "console",
        lambda message: problems.append(f"{message.text} {message.location}") if message.type == "error" else None,
    )
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("response", lambda response: problems.append(response.url) if response.status >= 400 else None)
    page.goto(DASHBOARD)
    page.wait_for_selector("canvas[data-table='category'][data-drawn]")
    _page_speaks(page, language)
    canvases = page.locator("canvas[data-table]")
    assert canvases.count() == 7
    for index in range(canvases.count()):
        canvas = canvases.nth(index)
        assert canvas.get_attribute("data-drawn") is not None
        assert canvas.evaluate(PAINTED) > 100, canvas.get_attribute("data-table")
    assert page.evaluate(
        "Chart.getChart(document.querySelector(\"canvas[data-table='category']\")).data.datasets[0].data"
    ) == [1500, 1400]
    steps.shot("dashboard", full_page=True)
    # The browser asks for /favicon.ico on its own: the site has none (not this page's doing).
    assert [problem for problem in problems if "favicon.ico" not in problem] == []

    with page.expect_download() as download:
        page.click("#table-category a[href*='category.xlsx']")
    assert download.value.suggested_filename == "exports-category-2025-01-01-2025-12-31.xlsx"
    sheet = load_workbook(io.BytesIO(Path(download.value.path()).read_bytes()), read_only=True).active
    header, *rows = list(sheet.iter_rows(values_only=True))
    assert len(header) > 1 and all(header)
    assert rows and any(value not in (None, "") for value in rows[0])
    page.locator("#table-category").scroll_into_view_if_needed()
    steps.shot("table-exported")


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_a_cooperative_admin_acts_for_members_and_reads_the_exports(page, language, tmp_path):
    world = export_world()  # the dashboard's figures: cooperative A's members' 2025 exports
    admin = admin_of(world.cooperative_a)
    admin.preferred_language = language
    admin.save()
    member = world.a1
    parcel = paperwork_order(artisan=member, status=AO.TO_PREPARE)  # placed today: outside the 2025 figures
    steps = Steps(page, language)
    _serve_media(page)
    log_in(page, admin)

    product = _product_listed_and_approved(page, steps, language, member, tmp_path)
    product.refresh_from_db()
    assert product.status == ProductStatus.ACTIVE
    assert ProductEvent.objects.filter(product=product, on_behalf_of=member).exists()

    _parcel_readied_printed_and_shipped(page, steps, parcel)
    _dashboard_drawn_and_exported(page, steps, language)
    assert sorted(path.name for path in steps.folder.glob("*.png"))[-1] == f"{steps.number:02d}-table-exported.png"


def test_the_operator_filters_the_dashboard_by_cooperative(page):
    world = export_world()
    operator = UserFactory(is_staff=True, is_superuser=True, preferred_language="en")
    log_in(page, operator)

    page.goto(DASHBOARD)
    page.select_option("select[name=cooperative]", str(world.cooperative_b.pk))
    page.click("input[type=submit][value='Show']")
    page.wait_for_selector("canvas[data-table='cooperative'][data-drawn]")

    labels = page.evaluate("Chart.getChart(document.querySelector(\"canvas[data-table='cooperative']\")).data.labels")
    assert labels == ["Coopérative B"]
