"""What the documents say in their own language: the goods described by
material and use (not the shop's English title), the legal texts of the
origin statement in Spanish and Arabic, and the marketplace's country by
its name in the document's language. Read back from rendered PDFs."""

import pytest
from django.test import override_settings
from django.utils import translation

from catalog.models import Category
from orders.paperwork import descriptions
from orders.paperwork.data import artisan_order_for_paperwork, paperwork_data
from orders.paperwork.models import DocumentKind
from orders.paperwork.render import document_render
from tests.paperwork.builders import paperwork_order
from tests.paperwork.conftest import pdf_text, plain

pytestmark = pytest.mark.django_db

LINES = [
    {"title": "Glazed tagine, Safi blue", "hs_code": "6912.00", "quantity": 1, "unit_price_mad": "450.00",
     "weight_grams": 600},
    {"title": "Beni Ourain rug", "hs_code": "5701.10", "quantity": 1, "unit_price_mad": "300.00",
     "weight_grams": 900},
]  # fmt: skip

# language: the tagine's and the rug's descriptions, each as (material, use): Arabic
# table cells that wrap come out of the PDF a line at a time, so each part is checked.
GOODS = {
    "en": (("Glazed earthenware tableware", "(cooking and serving dishes), handmade"),
           ("Hand-knotted wool carpet", "(floor covering), handmade")),
    "fr": (("Vaisselle en terre cuite émaillée", "(plats de cuisson et de service), faite main"),
           ("Tapis en laine noué à la main", "(revêtement de sol), fait main")),
    "es": (("Vajilla de barro esmaltado", "(fuentes para cocinar y servir), hecha a mano"),
           ("Alfombra de lana anudada a mano", "(revestimiento de suelo), hecha a mano")),
    "ar": (("أواني مائدة من الفخار المزجج", "أطباق للطهي"),
           ("زربية من الصوف معقودة يدويا", "لتغطية")),
}  # fmt: skip


def _data(country: str = "FR", lines=LINES, **kwargs) -> dict:
    artisan_order = paperwork_order(country=country, lines=lines, parcel_weight_grams=1800, **kwargs)
    return paperwork_data(artisan_order_for_paperwork(artisan_order.pk))


def _text(kind, data: dict, language: str) -> str:
    """The document's text as customs software extracts it, without the invisible bidi isolates."""
    text = plain(pdf_text(document_render(kind, {**data, "language": language}, version=1)))
    return text.replace("\u2068", "").replace("\u2069", "").replace("\u2066", "")


@pytest.mark.parametrize("language", sorted(GOODS))
def test_the_invoice_describes_the_goods_by_material_and_use_in_its_language(language):
    data = _data()

    text = _text(DocumentKind.COMMERCIAL_INVOICE, data, language)

    for material, use in GOODS[language]:
        assert material in text
        assert use in text
    # The shop's title follows in brackets, as the buyer knows the piece.
    assert "Glazed tagine," in text
    if language != "en":
        assert "earthenware" not in text and "carpet" not in text


@pytest.mark.parametrize("kind", [kind.value for kind in DocumentKind])
def test_every_document_describes_the_goods_in_french_for_a_french_artisan(kind):
    data = _data()

    text = _text(kind, data, "fr")

    assert " ".join(GOODS["fr"][0]) in text
    assert "Glazed earthenware" not in text


def test_a_line_whose_hs_code_is_unknown_keeps_its_title_alone():
    lines = [{"title": "Carved gypsum panel", "hs_code": "6809.90", "quantity": 1, "unit_price_mad": "800.00",
              "weight_grams": 1200}]  # fmt: skip
    data = _data(lines=lines)

    text = _text(DocumentKind.PACKING_LIST, data, "fr")

    assert "Carved gypsum panel" in text
    assert "[Carved gypsum panel]" not in text


def test_every_seeded_category_and_demo_code_has_a_translated_description():
    demo_overrides = ["5705.00", "4202.31", "4205.00", "7419.80", "7418.10", "9504.90", "4419.90", "9403.89",
                      "6914.90", "6301.20", "6302.51", "3401.20", "2008.19", "9405.19"]  # fmt: skip
    codes = sorted({category.default_hs_code for category in Category.objects.all()} | set(demo_overrides))
    assert len(codes) > 20

    described = {}
    for language in ["en", "fr", "es", "ar"]:
        with translation.override(language):
            described[language] = {code: descriptions.customs_description(code) for code in codes}

    assert [code for code, text in described["en"].items() if not text] == []
    for language in ["fr", "es", "ar"]:
        untranslated = [code for code in codes if described[language][code] == described["en"][code]]
        assert untranslated == [], language


# (destination, language): a phrase of the agreement's or our wording in that language
LEGAL = {
    ("FR", "es"): "declara que, salvo indicación en sentido contrario, estos productos gozan de un origen "
    "preferencial marroquí",
    ("FR", "ar"): "ما لم يُذكر خلاف ذلك بوضوح، ذات منشأ تفضيلي مغربي",
    ("GB", "es"): "El exportador declara que las mercancías descritas en el presente documento son de origen marroquí",
    ("GB", "ar"): "يصرح المصدر بأن البضائع الموصوفة في هذه الوثيقة ذات منشأ مغربي",
    ("US", "es"): "Certifico que las mercancías descritas en el presente documento son mercancías originarias",
    ("US", "ar"): "أشهد بأن البضائع الموصوفة في هذه الوثيقة بضائع ذات منشأ",
}
ENGLISH = {
    "FR": "these products are of Moroccan preferential origin",
    "GB": "The exporter declares that the goods described in this document are of Moroccan origin",
    "US": "I certify that the goods described in this document qualify as originating goods",
}


@pytest.mark.parametrize(("country", "language"), sorted(LEGAL))
def test_the_origin_statement_is_worded_in_spanish_and_arabic(country, language):
    data = _data(country=country)

    text = _text(DocumentKind.ORIGIN_STATEMENT, data, language)

    assert LEGAL[(country, language)] in text
    if country == "US":
        # US customs read the certification in English: it stays, the translation follows it.
        assert ENGLISH["US"] in text
    else:
        assert ENGLISH[country] not in text


@pytest.mark.parametrize(
    ("language", "country_name"), [("en", "Morocco"), ("fr", "Maroc"), ("es", "Marruecos"), ("ar", "المغرب")]
)
@override_settings(PAPERWORK_MARKETPLACE_ADDRESS="Twin Center, Casablanca", PAPERWORK_MARKETPLACE_COUNTRY="MA")
def test_the_marketplace_address_names_its_country_in_the_documents_language(language, country_name):
    data = _data()

    text = _text(DocumentKind.COMMERCIAL_INVOICE, data, language)

    assert data["marketplace"]["country"] == "MA"
    assert f"Twin Center, Casablanca {country_name}" in text
