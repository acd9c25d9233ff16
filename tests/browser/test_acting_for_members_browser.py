"""Acting for members in a real browser, in Arabic (issue 15): a cooperative
admin lists a product for a member with a photo, sees the photo, variants and
history on its review page, submits and approves it there, then ships a
member's parcel through the step forms. Screenshots go to var/screenshots/
(CI keeps them)."""

import io
import re
from pathlib import Path

import pytest
from django.conf import settings
from PIL import Image

from catalog.models import Category, Product, ProductEvent, ProductStatus
from orders.models import ArtisanOrderStatus as AO
from tests.browser.test_admin_browser import log_in
from tests.factories import ArtisanFactory, CooperativeFactory, UserFactory
from tests.orders.builders import order_build, parts

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"


@pytest.fixture
def world(transactional_db):
    cooperative = CooperativeFactory(name_latin="Coopérative Tamesna", name_arabic="تعاونية تامسنا")
    admin = UserFactory(email="amina@example.com", is_staff=True, preferred_language="ar")
    cooperative.admins.add(admin)
    member = ArtisanFactory(
        cooperative=cooperative, display_name_latin="Fatima Weaver", display_name_arabic="فاطمة النساجة",
        user=UserFactory(email="fatima@example.com", preferred_language="ar"),
    )  # fmt: skip
    return {"admin": admin, "member": member}


def _serve_media(page):
    """The live server serves no media with DEBUG off: the browser gets the
    stored files from the test's media folder instead."""

    def fulfil(route):
        relative = route.request.url.split(settings.MEDIA_URL, 1)[1]
        path = Path(settings.MEDIA_ROOT) / relative
        if path.is_file():
            route.fulfill(status=200, body=path.read_bytes(), content_type="image/jpeg")
        else:
            route.fulfill(status=404, body=b"")

    page.route(re.compile(re.escape(settings.MEDIA_URL)), fulfil)


def _jpeg(tmp_path) -> Path:
    buffer = io.BytesIO()
    Image.new("RGB", (400, 300), (30, 80, 160)).save(buffer, format="JPEG")
    path = tmp_path / "blue-rug.jpg"
    path.write_bytes(buffer.getvalue())
    return path


def test_a_cooperative_admin_lists_approves_and_ships_for_a_member(page, world, tmp_path):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    member, admin = world["member"], world["admin"]
    _serve_media(page)
    log_in(page, admin)

    # List a product for the member, with a variant and a photo.
    page.goto("/admin/catalog/product/add/")
    assert page.locator("html").get_attribute("lang") == "ar"
    page.select_option("#id_artisan", str(member.pk))
    page.select_option("#id_category", str(Category.objects.get(slug="tagines-tableware").pk))
    page.fill("#id_title_ar", "زربية زرقاء")
    page.select_option("#id_region_of_origin", "marrakech-safi")
    page.fill("#id_weight_grams", "1800")
    page.locator("#variants-group .add-row a").click()
    page.fill("#id_variants-0-sku", "RUG-BLUE-1")
    page.fill("#id_variants-0-price_mad", "950.00")
    page.fill("#id_variants-0-stock", "3")
    page.set_input_files("input[type=file][name$='-0-original']", str(_jpeg(tmp_path)))
    page.click("input[name=_save]")
    page.wait_for_url(re.compile(r"/admin/catalog/product/$"))
    product = Product.objects.get(variants__sku="RUG-BLUE-1")
    assert (product.artisan_id, product.status) == (member.pk, ProductStatus.DRAFT)

    # Its page shows the photo (loaded), the variant and the history; submit, then approve there.
    page.goto(f"/admin/catalog/product/{product.pk}/change/")
    photo = page.locator("#photos-group img")
    photo.wait_for()
    assert page.evaluate("(img) => img.complete && img.naturalWidth > 0", photo.element_handle())
    assert page.locator("#id_variants-0-price_mad").input_value() == "950.00"
    page.click("button[data-decision=submit]")
    page.wait_for_url(re.compile(rf"/admin/catalog/product/{product.pk}/change/$"))
    page.screenshot(path=str(SCREENSHOTS / "product-review-ar.png"), full_page=True)
    page.click("button[data-decision=approve]")
    page.wait_for_url(re.compile(rf"/admin/catalog/product/{product.pk}/change/$"))
    assert page.locator("ul.messagelist li.success").is_visible()
    product.refresh_from_db()
    assert product.status == ProductStatus.ACTIVE
    assert ProductEvent.objects.filter(product=product, on_behalf_of=member).exists()

    # Ship one of the member's parcels: ready to ship (weight, size), then shipped (tracking).
    [parcel] = parts(order_build(artisans=[member], statuses=[AO.TO_PREPARE]))
    page.goto(f"/admin/orders/artisanorder/{parcel.pk}/change/")
    page.click(f"a[href$='/{parcel.pk}/ready_to_ship/']")
    for name, value in (("parcel_weight_grams", "2600"), ("parcel_length_cm", "30"), ("parcel_width_cm", "30"),
                        ("parcel_height_cm", "20")):  # fmt: skip
        page.fill(f"#id_parcel-{parcel.pk}-{name}", value)
    page.screenshot(path=str(SCREENSHOTS / "parcel-ready-ar.png"), full_page=True)
    page.click("input[name=confirm]")
    page.wait_for_url(re.compile(rf"/admin/orders/artisanorder/{parcel.pk}/change/$"))
    page.click(f"a[href$='/{parcel.pk}/ship/']")
    page.fill(f"#id_parcel-{parcel.pk}-tracking_number", "RR123456789MA")
    page.click("input[name=confirm]")
    page.wait_for_url(re.compile(rf"/admin/orders/artisanorder/{parcel.pk}/change/$"))
    page.screenshot(path=str(SCREENSHOTS / "parcel-shipped-ar.png"), full_page=True)

    parcel.refresh_from_db()
    assert (parcel.status, parcel.tracking_number) == (AO.SHIPPED, "RR123456789MA")
