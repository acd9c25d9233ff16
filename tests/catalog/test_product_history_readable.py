"""A product's history on its admin page reads in the page's language:
"Field: old → new", with the fields' verbose names and the choices' labels,
never the changes as stored (JSON keys, region codes)."""

import re

import pytest
from django.utils import translation

from catalog import services
from catalog.admin_history import product_event_changes
from catalog.models import Product, ProductEvent, ProductStatus
from marketplace.admin_history import Change
from marketplace.regions import MoroccanRegion
from tests.factories import ArtisanFactory, ProductFactory, UserFactory

pytestmark = pytest.mark.django_db


def history_cell(html: str) -> str:
    """The History inline's rows of the change page."""
    return html[html.index('id="events-group"') :]


def test_a_cooperative_admin_reads_an_edit_in_arabic(admin_client_for, cooperative, cooperative_admin):
    cooperative_admin.preferred_language = "ar"
    cooperative_admin.save()
    member = ArtisanFactory(cooperative=cooperative, user=UserFactory(preferred_language="ar"))
    product = ProductFactory(artisan=member, region_of_origin=MoroccanRegion.MARRAKECH_SAFI)
    services.product_update(product=product, actor=cooperative_admin, region_of_origin=MoroccanRegion.FES_MEKNES)

    response = admin_client_for(cooperative_admin).get(f"/admin/catalog/product/{product.pk}/change/")

    history = history_cell(response.content.decode())
    with translation.override("ar"):
        label = str(Product._meta.get_field("region_of_origin").verbose_name)
        old, new = str(MoroccanRegion.MARRAKECH_SAFI.label), str(MoroccanRegion.FES_MEKNES.label)
    assert (label, new) == ("جهة المنشأ", "جهة فاس مكناس")  # the lead's translations, as shipped
    shown = rf'<strong>{label}:</strong>\s*<span dir="auto">{old}</span> &rarr; <span dir="auto">{new}</span>'
    assert re.search(shown, history)
    assert "fes-meknes" not in history and "region_of_origin" not in history


def test_every_recorded_shape_reads_as_field_old_new():
    changes = {
        "category": ["tagines-tableware", "knotted-carpets"],
        "made_to_order": [False, True],
        "price_mad:TAG-1": ["450.00", "500.00"],
        "variant:TAG-1": {"stock": [7, 3]},
        "variant_added": "TAG-2",
        "photos": {"added": 3, "original": "products/1/a.jpg"},
    }

    with translation.override("en"):
        shown = product_event_changes(changes)

    assert [(change.field, change.old, change.new) for change in shown][1:] == [
        ("Made to order", "no", "yes"),
        ("Variant TAG-1 — Price (MAD)", "450.00", "500.00"),
        ("Variant TAG-1 — Stock", "7", "3"),
        ("Variant added", "", "TAG-2"),
        ("Photos", "", "photo added"),
    ]
    category = shown[0]
    assert category.field == "Category" and "tagines" not in category.old and category.old != category.new


def test_a_shape_it_does_not_know_is_shown_as_stored():
    assert product_event_changes({"someday": {"a": 1}}) == [Change("someday", "", "{'a': 1}")]


def test_each_history_row_is_titled_with_the_statuses_labels():
    # The inline titles each row with the event itself: no raw status code there either.
    moved = ProductEvent(product_id=7, from_status=ProductStatus.DRAFT, to_status=ProductStatus.IN_REVIEW)

    with translation.override("ar"):
        assert str(moved) == "7: مسودة → قيد المراجعة"
