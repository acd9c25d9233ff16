"""/metrics counts each export document rendered, once."""

import pytest
from django.test import Client

from orders.paperwork import services
from tests.marketplace.test_observability import scrape
from tests.paperwork.builders import paperwork_order

pytestmark = pytest.mark.django_db


def documents_generated() -> dict[str, float]:
    return {
        dict(labels)["kind"]: value
        for (name, labels), value in scrape(Client()).items()
        if name == "souk_export_documents_generated_total"
    }


def test_each_document_rendered_is_counted_and_a_regeneration_of_the_same_data_is_not(
    django_capture_on_commit_callbacks,
):
    artisan_order = paperwork_order()
    before = documents_generated()

    with django_capture_on_commit_callbacks(execute=True):
        documents = services.export_documents_generate(artisan_order_id=artisan_order.pk)
        services.export_documents_generate(artisan_order_id=artisan_order.pk)

    after = documents_generated()
    assert len(documents) == 4
    assert {kind: after[kind] - before.get(kind, 0) for kind in after} == {doc.kind: 1 for doc in documents}
