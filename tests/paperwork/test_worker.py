"""Generation through Redis and a real Celery worker: a failure in the middle
is retried by the worker itself, and exactly one ready version remains."""

import pytest
from celery.contrib.testing.worker import start_worker

from config.celery import app as celery_app
from orders import lifecycle
from orders.models import ArtisanOrderStatus
from orders.paperwork.models import DocumentKind, DocumentStatus, ExportDocument
from tests.flows.test_celery_worker import broker_mode, wait_for  # noqa: F401  (broker_mode is a fixture)
from tests.paperwork.builders import paperwork_order, render_failing_once


def all_ready(artisan_order_id) -> bool:
    statuses = list(ExportDocument.objects.filter(artisan_order_id=artisan_order_id).values_list("status", flat=True))
    return len(statuses) == len(DocumentKind) and set(statuses) == {DocumentStatus.READY}


@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_a_worker_retries_a_failure_in_the_middle_and_leaves_one_ready_version(broker_mode, monkeypatch):  # noqa: F811
    artisan_order = paperwork_order(status=ArtisanOrderStatus.TO_PREPARE)
    rendered = render_failing_once(monkeypatch, DocumentKind.CUSTOMS_DECLARATION, OSError("storage went away"))

    lifecycle.artisan_order_advance(
        artisan_order=artisan_order,
        actor=artisan_order.artisan.user,
        to_status="ready_to_ship",
        parcel_weight_grams=1500,
        parcel_length_cm=30,
        parcel_width_cm=30,
        parcel_height_cm=20,
    )
    queued_without_worker = ExportDocument.objects.filter(artisan_order=artisan_order).count()
    with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        done = wait_for(lambda: all_ready(artisan_order.pk), seconds=60)

    documents = list(ExportDocument.objects.filter(artisan_order=artisan_order))
    assert queued_without_worker == 0  # the task waited in Redis: nothing ran in this process
    assert done, [(doc.kind, doc.status, doc.error) for doc in documents]
    assert sorted(doc.kind for doc in documents) == sorted(kind.value for kind in DocumentKind)
    assert {doc.version for doc in documents} == {1}
    customs = next(doc for doc in documents if doc.kind == DocumentKind.CUSTOMS_DECLARATION)
    assert customs.attempts == 2 and customs.error == ""
    assert rendered.count(DocumentKind.COMMERCIAL_INVOICE) == 1  # the retry did not redo what was ready
