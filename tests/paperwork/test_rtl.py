"""Arabic documents run right to left: the heading on the right, the table
columns mirrored, and amounts still read left to right ("900,00 MAD").
Positions read back with pdfplumber."""

import io

import pdfplumber
import pytest

from orders.paperwork.data import artisan_order_for_paperwork, paperwork_data
from orders.paperwork.models import DocumentKind
from orders.paperwork.render import document_html, document_render
from tests.paperwork.builders import paperwork_order

pytestmark = pytest.mark.django_db


@pytest.fixture
def data():
    return paperwork_data(artisan_order_for_paperwork(paperwork_order().pk))


def _first_page(data: dict, language: str, kind=DocumentKind.COMMERCIAL_INVOICE):
    pdf = pdfplumber.open(io.BytesIO(document_render(kind, {**data, "language": language}, version=1)))
    return pdf, pdf.pages[0]


def _heading_chars(page) -> list[dict]:
    """The document's title: the largest letters on the page (h1)."""
    size = max(char["size"] for char in page.chars)
    return [char for char in page.chars if char["size"] == size and char["text"].strip()]


def _x_of(page, text: str) -> float:
    [word] = [word for word in page.extract_words() if word["text"] == text][:1]
    return word["x0"]


def test_the_arabic_html_is_marked_right_to_left(data):
    html = document_html(DocumentKind.COMMERCIAL_INVOICE, {**data, "language": "ar"}, version=1)

    assert '<html lang="ar" dir="rtl">' in html
    assert "dir=" not in document_html(DocumentKind.COMMERCIAL_INVOICE, {**data, "language": "fr"}, version=1)[:60]


@pytest.mark.parametrize("kind", [kind.value for kind in DocumentKind])
def test_the_arabic_heading_lies_on_the_right_and_the_english_one_on_the_left(data, kind):
    pdf, arabic = _first_page(data, "ar", kind)
    with pdf:
        heading = _heading_chars(arabic)
        middle = arabic.width / 2
        assert min(char["x0"] for char in heading) > middle

    pdf, english = _first_page(data, "en", kind)
    with pdf:
        assert max(char["x1"] for char in _heading_chars(english)) < english.width / 2


def test_the_arabic_goods_table_is_mirrored_and_its_amounts_read_left_to_right(data):
    pdf, arabic = _first_page(data, "ar")
    with pdf:
        # HS code and the line's MAD total: the code is right of the total in Arabic, left of it in English.
        hs_code = _x_of(arabic, "6912.00")
        total_mad = _x_of(arabic, "900,00")
        text = arabic.extract_text()
    assert hs_code > total_mad
    # pdfplumber reads the page left to right as drawn: the amount before its currency.
    assert "900,00 MAD" in text
    assert "MAD 900,00" not in text and "MAD900,00" not in text

    pdf, english = _first_page(data, "en")
    with pdf:
        assert _x_of(english, "6912.00") < _x_of(english, "900.00")
