"""An insured parcel's premium on its commercial invoice and its customs
declaration, read back from the PDFs; an uninsured one prints 0 on the
invoice and no insurance line on the declaration."""

from decimal import Decimal

import pytest

from orders.paperwork import services
from orders.paperwork.models import DocumentKind
from tests.paperwork.builders import EUR_PER_MAD, paperwork_order

pytestmark = pytest.mark.django_db

# DEFAULT_LINE: 2 × 450 MAD; order_build: 120 MAD freight.


def insured(artisan_order, premium_mad: Decimal):
    artisan_order.insured = True
    artisan_order.insurance_premium_mad = premium_mad
    artisan_order.insurance_premium = (premium_mad * EUR_PER_MAD).quantize(Decimal("0.01"))
    artisan_order.save()
    return artisan_order


def generate(artisan_order) -> dict:
    documents = services.export_documents_generate(artisan_order_id=artisan_order.pk)
    return {document.kind: document for document in documents}


def test_the_invoice_prints_the_premium_in_both_currencies_and_in_the_total(read_document):
    artisan_order = insured(paperwork_order(), Decimal("36.00"))  # 3.35 EUR at 0.093

    invoice = generate(artisan_order)[DocumentKind.COMMERCIAL_INVOICE]
    text = read_document(invoice)

    assert "Insurance 3.35 EUR 36.00 MAD" in text
    assert invoice.data["totals"]["total_mad"] == "1056.00"  # goods 900 + freight 120 + insurance 36
    assert "1,056.00 MAD" in text


def test_the_cn23_prints_the_premium(settings, read_document):
    settings.PAPERWORK_SDR_IN_MAD = "12.96"
    artisan_order = insured(paperwork_order(parcel_weight_grams=2500), Decimal("57.35"))  # 5.33 EUR

    declaration = generate(artisan_order)[DocumentKind.CUSTOMS_DECLARATION]
    text = read_document(declaration)

    assert declaration.data["customs"]["form"] == "CN23"
    assert "Insurance 5.33 EUR" in text


def test_an_uninsured_parcel_prints_zero_on_the_invoice_and_nothing_on_the_declaration(read_document):
    artisan_order = paperwork_order()

    documents = generate(artisan_order)

    assert "Insurance 0.00 EUR 0.00 MAD" in read_document(documents[DocumentKind.COMMERCIAL_INVOICE])
    assert "Insurance" not in read_document(documents[DocumentKind.CUSTOMS_DECLARATION])
