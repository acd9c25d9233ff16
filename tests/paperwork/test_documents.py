"""The documents read back from their PDFs: numbers, codes, amounts, weights,
terms, the Arabic names, and the forms the rules choose."""

from decimal import Decimal

import pytest
from pypdf import PdfReader

from orders.models import ArtisanOrderStatus
from orders.paperwork import services
from orders.paperwork.models import DocumentKind, DocumentStatus, ExportDocument
from tests.paperwork.builders import ARTISAN_ARABIC, COOPERATIVE_ARABIC, exporter, paperwork_order, twelve_lines

pytestmark = pytest.mark.django_db

KINDS = [kind.value for kind in DocumentKind]


def generate(artisan_order) -> dict[str, ExportDocument]:
    documents = services.export_documents_generate(artisan_order_id=artisan_order.pk)
    return {document.kind: document for document in documents}


def test_a_ready_parcel_gets_its_four_documents_ready_with_checksums():
    artisan_order = paperwork_order()

    documents = generate(artisan_order)

    assert sorted(documents) == sorted(KINDS)
    for document in documents.values():
        assert document.status == DocumentStatus.READY
        assert document.version == 1
        with document.file.open("rb") as handle:
            content = handle.read()
        assert content.startswith(b"%PDF-")
        import hashlib

        assert document.sha256 == hashlib.sha256(content).hexdigest()
        assert document.size == len(content)


def test_the_invoice_shows_number_codes_totals_weights_and_incoterm(read_document):
    artisan_order = paperwork_order(lines=twelve_lines(), parcel_weight_grams=9800, incoterm="DAP")

    invoice = generate(artisan_order)[DocumentKind.COMMERCIAL_INVOICE]
    text = read_document(invoice)

    assert invoice.number == f"INV-{artisan_order.order.number}-1"
    assert invoice.number in text
    for line in artisan_order.lines.all():
        assert line.hs_code in text
    totals = invoice.data["totals"]
    assert f"{Decimal(totals['total']):,.2f} EUR" in text
    assert f"{Decimal(totals['total_mad']):,.2f} MAD" in text
    assert f"{Decimal(totals['goods']):,.2f} EUR" in text
    # 12 lines of 150 g + 20 g a line, 1 to 3 pieces each: 6,400 g of goods, in a 9,800 g parcel.
    assert sum(line.weight_grams * line.quantity for line in artisan_order.lines.all()) == 6400
    assert "6.4 kg / 9.8 kg" in text
    assert "DAP" in text
    assert "Morocco" in text
    assert "Made in Morocco" in text


def test_the_arabic_names_extract_as_written(read_document):
    documents = generate(paperwork_order())

    invoice_text = read_document(documents[DocumentKind.COMMERCIAL_INVOICE])

    assert COOPERATIVE_ARABIC in invoice_text
    assert ARTISAN_ARABIC in invoice_text


def test_the_fonts_are_the_projects_own_embedded_subsets():
    documents = generate(paperwork_order())

    for document in documents.values():
        with document.file.open("rb") as handle:
            reader = PdfReader(handle)
            fonts = {
                str(font.get_object()["/BaseFont"]).split("+", 1)[-1]
                for page in reader.pages
                for font in page["/Resources"]["/Font"].values()
            }
        assert fonts and all(name.startswith(("Souk-Sans", "Souk-Naskh")) for name in fonts), fonts


# --- the forms the rules choose -----------------------------------------------------------------


def one_line(unit_price_mad: str, weight_grams: int = 500, quantity: int = 1) -> list[dict]:
    return [{"title": "Brass candle lantern", "hs_code": "9405.50", "quantity": quantity,
             "unit_price_mad": unit_price_mad, "weight_grams": weight_grams}]  # fmt: skip


@pytest.mark.parametrize(
    ("goods_mad", "gross_grams", "form"),
    [
        ("3888.00", 2000, "CN22"),  # exactly 300 SDR at 12.96 MAD, exactly 2 kg
        ("3888.20", 2000, "CN23"),  # just above 300 SDR
        ("3888.00", 2001, "CN23"),  # just above 2 kg
        ("1000.00", 800, "CN22"),
    ],
)
def test_cn22_within_both_limits_cn23_above_either(settings, read_document, goods_mad, gross_grams, form):
    settings.PAPERWORK_SDR_IN_MAD = "12.96"
    artisan_order = paperwork_order(lines=one_line(goods_mad, weight_grams=400), parcel_weight_grams=gross_grams)

    declaration = generate(artisan_order)[DocumentKind.CUSTOMS_DECLARATION]
    text = read_document(declaration)

    assert declaration.data["customs"]["form"] == form
    assert f"{form} Customs declaration" in text
    assert ("CN23" if form == "CN22" else "CN22") not in text
    assert "Sale of goods" in text
    assert declaration.data["numbers"][DocumentKind.COMMERCIAL_INVOICE] in text
    assert "9405.50" in text


@pytest.mark.parametrize(("gross_grams", "form"), [(1300, "CN22"), (2001, "CN23")])
def test_the_customs_form_is_chosen_on_the_parcel_weight_the_artisan_declared(client_for, gross_grams, form):
    # 2 × 600 g of goods (1,200 g, within the CN22 2 kg) worth 900 MAD (about 69 SDR):
    # only the packed parcel's weight can take it over the limit.
    artisan_order = paperwork_order(status=ArtisanOrderStatus.TO_PREPARE)
    body = {"to_status": "ready_to_ship", "parcel_weight_grams": gross_grams,
            "parcel_length_cm": "30", "parcel_width_cm": "25", "parcel_height_cm": "20"}  # fmt: skip

    response = client_for(artisan_order.artisan.user).post(f"/api/v1/my/orders/{artisan_order.pk}/advance/", body)
    declaration = generate(artisan_order)[DocumentKind.CUSTOMS_DECLARATION]

    assert response.status_code == 200, response.json()
    assert declaration.data["parcel"]["net_weight_grams"] == 1200
    assert declaration.data["parcel"]["gross_weight_grams"] == gross_grams
    assert declaration.data["customs"]["form"] == form


def test_eu_origin_declaration_by_any_exporter_up_to_eur_6000(read_document):
    # 64,516.00 MAD at 0.093 EUR per MAD: EUR 5,999.99
    artisan_order = paperwork_order(country="ES", lines=one_line("64516.00"))

    statement = generate(artisan_order)[DocumentKind.ORIGIN_STATEMENT]
    text = read_document(statement)

    assert statement.data["origin"]["value_eur"] == "5999.99"
    assert "declares that, except where otherwise clearly indicated, these products are of Moroccan" in text
    assert "authorisation No" not in text
    assert "EUR.1" not in text


def test_eu_origin_above_eur_6000_by_an_approved_exporter_carries_its_number(read_document):
    artisan = exporter(approved_exporter_number="MA/AE/0042")
    artisan_order = paperwork_order(artisan=artisan, lines=one_line("64517.00"))

    documents = generate(artisan_order)
    text = read_document(documents[DocumentKind.ORIGIN_STATEMENT])

    assert documents[DocumentKind.ORIGIN_STATEMENT].data["origin"]["value_eur"] == "6000.08"
    assert "(customs or competent governmental authorisation No MA/AE/0042)" in text
    assert "EUR.1" not in text
    # The declaration is made on the invoice too.
    assert "MA/AE/0042" in read_document(documents[DocumentKind.COMMERCIAL_INVOICE])


def test_eu_origin_above_eur_6000_without_approval_says_an_eur1_is_needed(read_document):
    artisan_order = paperwork_order(lines=one_line("64517.00"))

    documents = generate(artisan_order)
    text = read_document(documents[DocumentKind.ORIGIN_STATEMENT])

    assert "EUR.1" in text
    assert "6,000 EUR" in text
    assert "these products are of Moroccan" not in text
    assert "these products are of Moroccan" not in read_document(documents[DocumentKind.COMMERCIAL_INVOICE])


def test_the_eu_limit_is_in_euros_whatever_the_order_currency():
    # USD order to France: the goods' MAD value at the EUR rate in force (0.093), not the USD amount.
    artisan_order = paperwork_order(currency="USD", units_per_mad=Decimal("0.108"), lines=one_line("64517.00"))

    statement = generate(artisan_order)[DocumentKind.ORIGIN_STATEMENT]

    assert statement.data["origin"]["value_eur"] == "6000.08"
    assert statement.data["origin"]["needs_eur1"] is True


def test_a_us_address_gets_the_us_morocco_fta_certification(read_document):
    artisan_order = paperwork_order(country="US", currency="USD", units_per_mad=Decimal("0.108"))

    statement = generate(artisan_order)[DocumentKind.ORIGIN_STATEMENT]
    text = read_document(statement)

    assert "Certification of origin" in text
    assert "United States-Morocco Free Trade Agreement" in text
    assert "I certify that the goods described in this document qualify as originating goods" in text
    assert "Jordan Lee" in text  # the importer
    assert "6912.00" in text
    assert "EUR.1" not in text and "Moroccan preferential origin" not in text


def test_elsewhere_a_plain_statement_of_moroccan_origin(read_document):
    artisan_order = paperwork_order(country="GB", currency="GBP", units_per_mad=Decimal("0.081"))

    text = read_document(generate(artisan_order)[DocumentKind.ORIGIN_STATEMENT])

    assert "are of Moroccan origin (Made in Morocco)" in text
    assert "Free Trade Agreement" not in text and "preferential" not in text


def test_ddp_invoices_show_the_duties_collected(read_document):
    artisan_order = paperwork_order(incoterm="DDP")
    artisan_order.duties, artisan_order.duties_mad = Decimal("9.30"), Decimal("100.00")
    artisan_order.duties_breakdown = [
        {"name": "VAT", "kind": "vat", "collectable": True, "amount": "9.30", "amount_mad": "100.00"}
    ]
    artisan_order.save()

    invoice = generate(artisan_order)[DocumentKind.COMMERCIAL_INVOICE]
    text = read_document(invoice)

    assert "DDP" in text
    assert "Duties and taxes (DDP) 9.30 EUR 100.00 MAD" in text
    assert invoice.data["totals"]["total_mad"] == "1120.00"  # goods 900 + freight 120 + duties 100


def test_documents_are_in_the_artisans_language(read_document):
    artisan_order = paperwork_order(artisan=exporter(language="fr"), lines=one_line("12345.00"))

    documents = generate(artisan_order)
    invoice = read_document(documents[DocumentKind.COMMERCIAL_INVOICE])
    statement = read_document(documents[DocumentKind.ORIGIN_STATEMENT])

    assert "Facture commerciale" in invoice
    assert "Commercial invoice" not in invoice
    assert "Code SH" in invoice and "Poids brut" in invoice and "Fabriqué au Maroc" in invoice
    assert "12 345,00 MAD" in invoice  # French grouping and decimal comma
    assert "Liste de colisage" in read_document(documents[DocumentKind.PACKING_LIST])
    assert "Vente de marchandises" in read_document(documents[DocumentKind.CUSTOMS_DECLARATION])
    # The agreement's own French wording of the origin declaration.
    assert "déclare que, sauf indication claire du contraire, ces produits ont l'origine préférentielle marocaine" in (
        statement
    )
    assert COOPERATIVE_ARABIC in invoice
