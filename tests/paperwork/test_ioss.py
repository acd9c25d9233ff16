"""The marketplace's IOSS number on the documents of a parcel whose VAT was
collected at checkout under IOSS (EU destination, DDP, a VAT line collected),
and nowhere else; what an empty or mistyped setting does."""

import logging
from decimal import Decimal

import pytest
from django.core import checks
from django.test import override_settings

from orders.paperwork import rules, services
from orders.paperwork.checks import check_ioss_number
from orders.paperwork.models import DocumentKind
from tests.paperwork.builders import paperwork_order

pytestmark = pytest.mark.django_db

IOSS_NUMBER = "IM2500001234"
FRENCH_VAT = {"rule": 1, "name": "FR VAT at checkout (IOSS, up to EUR 150)", "kind": "vat", "collectable": True,
              "amount": "20.74", "amount_mad": "223.00"}  # fmt: skip
EU_FLAT_DUTY = {"rule": 2, "name": "EU flat customs duty per tariff line (up to EUR 150)",
                "kind": "flat_per_tariff_line", "collectable": True,
                "amount": "3.00", "amount_mad": "32.26"}  # fmt: skip
US_POSTAL_DUTY = {"rule": 3, "name": "US postal duty (equal to the 10% surcharge)", "kind": "duty",
                  "collectable": True, "amount": "9.00", "amount_mad": "90.00"}  # fmt: skip


def _parcel(*, country="FR", currency="EUR", units_per_mad=Decimal("0.093"), incoterm="DDP", breakdown=()):
    artisan_order = paperwork_order(country=country, currency=currency, units_per_mad=units_per_mad, incoterm=incoterm)
    artisan_order.duties_breakdown = list(breakdown)
    artisan_order.save()
    return artisan_order


def _texts(artisan_order, read_document) -> dict:
    documents = services.export_documents_generate(artisan_order_id=artisan_order.pk)
    return {document.kind: (document, read_document(document)) for document in documents}


@pytest.mark.parametrize(
    ("incoterm", "country", "breakdown", "expected"),
    [
        ("DDP", "FR", [EU_FLAT_DUTY, FRENCH_VAT], True),
        ("DDP", "ES", [FRENCH_VAT | {"name": "ES VAT at checkout (IOSS, up to EUR 150)"}], True),
        ("DAP", "FR", [FRENCH_VAT], False),  # the buyer pays the VAT on delivery
        ("DDP", "FR", [FRENCH_VAT | {"collectable": False}], False),  # above EUR 150: import VAT at the door
        ("DDP", "FR", [EU_FLAT_DUTY], False),  # no VAT collected
        ("DDP", "US", [US_POSTAL_DUTY], False),
        ("DDP", "GB", [FRENCH_VAT | {"name": "GB VAT at checkout (up to GBP 135)"}], False),  # UK, not the EU
    ],
)
def test_which_parcels_had_their_vat_collected_under_ioss(incoterm, country, breakdown, expected):
    assert (
        rules.vat_collected_under_ioss(incoterm=incoterm, country_code=country, duties_breakdown=breakdown) is expected
    )


@override_settings(MARKETPLACE_IOSS_NUMBER=IOSS_NUMBER)
def test_an_ioss_parcel_prints_the_number_on_its_invoice_and_cn22(read_document):
    artisan_order = _parcel(breakdown=[EU_FLAT_DUTY, FRENCH_VAT])

    texts = _texts(artisan_order, read_document)

    invoice, invoice_text = texts[DocumentKind.COMMERCIAL_INVOICE]
    declaration, declaration_text = texts[DocumentKind.CUSTOMS_DECLARATION]
    assert invoice.data["ioss"] == {"applies": True, "number": IOSS_NUMBER}
    assert declaration.data["customs"]["form"] == "CN22"
    assert f"VAT (IOSS) collected at checkout; IOSS number {IOSS_NUMBER}" in invoice_text
    # The CN22's importer's reference box carries it, as the UPU asks for IOSS items.
    assert f"Importer's reference (tax code, VAT number) IOSS {IOSS_NUMBER}" in declaration_text
    assert IOSS_NUMBER not in texts[DocumentKind.PACKING_LIST][1]


@override_settings(MARKETPLACE_IOSS_NUMBER=IOSS_NUMBER)
def test_a_french_cn23_says_tva_ioss_in_french(read_document):
    artisan_order = _parcel(breakdown=[FRENCH_VAT])
    artisan_order.parcel_weight_grams = 2500  # above the CN22's 2 kg
    artisan_order.save()
    artisan = artisan_order.artisan
    artisan.paperwork_language = "fr"
    artisan.save()

    declaration, text = _texts(artisan_order, read_document)[DocumentKind.CUSTOMS_DECLARATION]

    assert declaration.data["customs"]["form"] == "CN23"
    assert f"TVA (IOSS) perçue lors du paiement ; numéro IOSS {IOSS_NUMBER}" in text


@override_settings(MARKETPLACE_IOSS_NUMBER=IOSS_NUMBER)
@pytest.mark.parametrize(
    ("country", "currency", "rate", "incoterm", "breakdown"),
    [
        ("US", "USD", Decimal("0.1"), "DDP", [US_POSTAL_DUTY]),  # duties collected, but no EU VAT
        ("FR", "EUR", Decimal("0.093"), "DAP", [FRENCH_VAT]),  # VAT left to the door
    ],
)
def test_no_ioss_number_on_a_parcel_whose_vat_was_not_collected_under_ioss(
    read_document, country, currency, rate, incoterm, breakdown
):
    artisan_order = _parcel(
        country=country, currency=currency, units_per_mad=rate, incoterm=incoterm, breakdown=breakdown
    )

    texts = _texts(artisan_order, read_document)

    assert texts[DocumentKind.COMMERCIAL_INVOICE][0].data["ioss"] == {"applies": False, "number": ""}
    for kind in (DocumentKind.COMMERCIAL_INVOICE, DocumentKind.CUSTOMS_DECLARATION):
        assert IOSS_NUMBER not in texts[kind][1]
        assert "IOSS" not in texts[kind][1]


@override_settings(MARKETPLACE_IOSS_NUMBER="")
def test_without_a_number_an_ioss_parcel_says_none_is_registered_and_logs_it(read_document, caplog):
    artisan_order = _parcel(breakdown=[FRENCH_VAT])

    with caplog.at_level(logging.WARNING, logger="orders.paperwork.data"):
        texts = _texts(artisan_order, read_document)

    assert "VAT (IOSS) collected at checkout; no IOSS number registered" in texts[DocumentKind.COMMERCIAL_INVOICE][1]
    assert "no IOSS number registered" in texts[DocumentKind.CUSTOMS_DECLARATION][1]
    assert any(
        "MARKETPLACE_IOSS_NUMBER is empty" in record.getMessage() and str(artisan_order.pk) in record.getMessage()
        for record in caplog.records
    )


def test_a_new_ioss_number_makes_new_versions_of_the_documents():
    artisan_order = _parcel(breakdown=[FRENCH_VAT])
    with override_settings(MARKETPLACE_IOSS_NUMBER=""):
        services.export_documents_generate(artisan_order_id=artisan_order.pk)

    with override_settings(MARKETPLACE_IOSS_NUMBER=IOSS_NUMBER):
        documents = services.export_documents_generate(artisan_order_id=artisan_order.pk)

    assert {document.version for document in documents} == {2}
    assert all(document.data["ioss"]["number"] == IOSS_NUMBER for document in documents)


@pytest.mark.parametrize(
    ("number", "problem"),
    [("", False), (IOSS_NUMBER, False), ("IM504000000", True), ("FR5040000000", True), ("im5040000000", True)],
)
def test_a_mistyped_ioss_number_fails_the_system_check(number, problem):
    with override_settings(MARKETPLACE_IOSS_NUMBER=number):
        messages = check_ioss_number()

    if problem:
        [error] = messages
        assert (error.id, error.level) == ("paperwork.E002", checks.ERROR)
        assert number in error.msg
    else:
        assert messages == []
