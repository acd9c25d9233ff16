"""Numbers, units and words of the documents in their own language: weights
no reader can mistake (never "6,500 kg"), dimensions with the locale's
decimal mark, and the SDR called DTS in French."""

from decimal import Decimal

import pytest

from orders.models import ArtisanOrder
from orders.paperwork.data import artisan_order_for_paperwork, paperwork_data
from orders.paperwork.models import DocumentKind
from orders.paperwork.render import document_context, document_render
from tests.paperwork.builders import paperwork_order
from tests.paperwork.conftest import pdf_text, plain

pytestmark = pytest.mark.django_db

# language: (6,500 g, 600 g, 1,234 g, 45 × 30.5 × 20 cm)
EXPECTED = {
    "en": ("6.5 kg", "600 g", "1234 g", "45 × 30.5 × 20 cm"),
    "fr": ("6,5 kg", "600 g", "1234 g", "45 × 30,5 × 20 cm"),
    "es": ("6,5 kg", "600 g", "1234 g", "45 × 30,5 × 20 cm"),
    "ar": ("6,5 kg", "600 g", "1234 g", "45 × 30,5 × 20 cm"),
}


def _data(*, lines, parcel_weight_grams: int) -> dict:
    artisan_order = paperwork_order(lines=lines, parcel_weight_grams=parcel_weight_grams)
    ArtisanOrder.objects.filter(pk=artisan_order.pk).update(
        parcel_length_cm=Decimal("45.0"), parcel_width_cm=Decimal("30.5"), parcel_height_cm=Decimal("20.0")
    )
    return paperwork_data(artisan_order_for_paperwork(artisan_order.pk))


@pytest.mark.parametrize("language", sorted(EXPECTED))
def test_weights_and_dimensions_in_the_documents_locale(language):
    heavy, light, odd, dimensions = EXPECTED[language]
    lines = [
        {"title": "Tagine", "hs_code": "6912.00", "quantity": 1, "unit_price_mad": "450.00", "weight_grams": 600},
        {"title": "Lantern", "hs_code": "9405.50", "quantity": 1, "unit_price_mad": "300.00", "weight_grams": 634},
    ]
    data = _data(lines=lines, parcel_weight_grams=6500)

    context = document_context(DocumentKind.PACKING_LIST, {**data, "language": language}, version=1)

    assert context["gross_weight"] == heavy
    assert [line["net_weight"] for line in context["lines"]] == [light, "634 g"]
    assert context["net_weight"] == odd
    assert context["dimensions"] == dimensions


def test_a_french_packing_list_prints_the_locale_figures_and_never_three_decimals():
    lines = [{"title": "Rug", "hs_code": "5701.10", "quantity": 1, "unit_price_mad": "4500.00", "weight_grams": 6400}]
    data = _data(lines=lines, parcel_weight_grams=6500)

    text = plain(pdf_text(document_render(DocumentKind.PACKING_LIST, {**data, "language": "fr"}, version=1)))

    assert "6,5 kg" in text
    assert "6,4 kg" in text
    assert "45 × 30,5 × 20 cm" in text
    assert "6,500" not in text
    assert "45.0" not in text


def test_the_french_customs_declaration_says_dts_not_sdr():
    data = _data(lines=None, parcel_weight_grams=1500)

    text = plain(pdf_text(document_render(DocumentKind.CUSTOMS_DECLARATION, {**data, "language": "fr"}, version=1)))

    assert "DTS" in text
    assert "SDR" not in text
