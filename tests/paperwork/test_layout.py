"""Nothing printed outside the page: every document kind in the four
languages, with the longest names of the demo data (Latin and Arabic), a
long address and long lines, rendered and read back character by character
with pdfplumber."""

import io

import pdfplumber
import pytest

from demo.management.commands.seed_demo import ARTISANS, COOPERATIVES
from orders.paperwork import render
from orders.paperwork.data import artisan_order_for_paperwork, paperwork_data
from orders.paperwork.models import DocumentKind
from tests.factories import ArtisanFactory, CooperativeFactory
from tests.paperwork.builders import CATALOGUE, paperwork_order

pytestmark = pytest.mark.django_db

LANGUAGES = ["en", "fr", "es", "ar"]
# A parcel's origin regime changes the origin statement's wording and columns.
DESTINATIONS = ["FR", "US"]


def _longest(values, index: int) -> str:
    return max((value[index] for value in values), key=len)


def _long_order(country: str):
    cooperative = CooperativeFactory(
        name_latin=_longest(COOPERATIVES.values(), 0),
        name_arabic=_longest(COOPERATIVES.values(), 1),
        city="Sidi Bennour-Oulad Amrane",
    )
    artisan = ArtisanFactory(
        cooperative=cooperative,
        display_name_latin=_longest(ARTISANS.values(), 0) + " Ait Ouaziz El Idrissi",
        display_name_arabic=_longest(ARTISANS.values(), 1),
    )
    lines = [
        {"title": f"{title}, hand-finished in the workshop", "hs_code": hs_code, "quantity": 3,
         "unit_price_mad": "12500.00", "weight_grams": 6500,
         "options": {"Colour": "Saffron yellow and indigo", "Size": "240 × 170 cm"}}
        for title, hs_code in CATALOGUE[:4]
    ]  # fmt: skip
    artisan_order = paperwork_order(artisan=artisan, country=country, lines=lines, parcel_weight_grams=80000)
    order = artisan_order.order
    order.shipping_name = "Marie-Christine Delacroix-Vandenberghe de Montmorency"
    order.shipping_line1 = "Résidence Les Jardins de l'Observatoire, bâtiment C, escalier 4"
    order.save()
    return artisan_order_for_paperwork(artisan_order.pk)


def _outside(pdf_bytes: bytes) -> list[str]:
    """The characters, and the rules and boxes drawn, whose box is not inside
    their page's media box (a signature line past the edge is cut off too)."""
    found = []
    with pdfplumber.open(io.BytesIO(pdf_bytes)) as pdf:
        for page in pdf.pages:
            x0, top, x1, bottom = page.mediabox[0], 0, page.mediabox[2], page.height
            for char in page.chars:
                if char["x0"] < x0 or char["x1"] > x1 or char["top"] < top or char["bottom"] > bottom:
                    found.append(f"p{page.page_number} {char['text']!r} x={char['x0']:.0f}..{char['x1']:.0f}")
            for edge in page.edges:
                if edge["x0"] < x0 - 0.5 or edge["x1"] > x1 + 0.5 or edge["top"] < top or edge["bottom"] > bottom:
                    found.append(f"p{page.page_number} rule x={edge['x0']:.0f}..{edge['x1']:.0f}")
    return found


@pytest.mark.parametrize("country", DESTINATIONS)
def test_no_text_outside_the_page_in_any_document_or_language(country):
    data = paperwork_data(_long_order(country))
    problems = {}
    for language in LANGUAGES:
        for kind in DocumentKind:
            pdf_bytes = render.document_render(
                kind, {**data, "language": language}, version=2, verification_url="https://souk.example/v/" + "x" * 40
            )
            outside = _outside(pdf_bytes)
            if outside:
                problems[f"{kind} {language}"] = outside[:5]
    assert problems == {}
