"""Generation is idempotent, versioned by data, retried after a failure in
the middle, and queued on commit when a parcel is ready."""

import pytest
from celery.exceptions import Retry

from orders import lifecycle
from orders.models import ArtisanOrderStatus
from orders.paperwork import render, services, tasks
from orders.paperwork.models import DocumentKind, DocumentStatus, ExportDocument
from tests.paperwork.builders import paperwork_order, render_failing_once

pytestmark = pytest.mark.django_db


def rows(artisan_order):
    return list(ExportDocument.objects.filter(artisan_order=artisan_order).order_by("kind", "version"))


def test_generating_twice_with_the_same_data_changes_nothing():
    artisan_order = paperwork_order()
    first = services.export_documents_generate(artisan_order_id=artisan_order.pk)

    again = services.export_documents_generate(artisan_order_id=artisan_order.pk)

    assert [doc.pk for doc in again] == [doc.pk for doc in first]
    assert [(doc.version, doc.sha256) for doc in again] == [(doc.version, doc.sha256) for doc in first]
    assert len(rows(artisan_order)) == 4


def test_a_new_address_makes_version_two_and_keeps_version_one():
    artisan_order = paperwork_order()
    services.export_documents_generate(artisan_order_id=artisan_order.pk)
    order = artisan_order.order
    order.shipping_line1 = "7 quai Saint-Vincent"
    order.save()

    documents = services.export_documents_generate(artisan_order_id=artisan_order.pk)

    assert {doc.version for doc in documents} == {2}
    assert all(doc.data["consignee"]["line1"] == "7 quai Saint-Vincent" for doc in documents)
    assert sorted((doc.kind, doc.version) for doc in rows(artisan_order)) == sorted(
        (kind.value, version) for kind in DocumentKind for version in (1, 2)
    )


def test_a_failure_in_the_middle_then_a_retry_leaves_exactly_one_ready_version(monkeypatch):
    artisan_order = paperwork_order()
    calls = render_failing_once(monkeypatch, DocumentKind.PACKING_LIST, OSError("disk full"))

    with pytest.raises(OSError):
        services.export_documents_generate(artisan_order_id=artisan_order.pk)
    failed = {doc.kind: doc for doc in rows(artisan_order)}
    assert failed[DocumentKind.COMMERCIAL_INVOICE].status == DocumentStatus.READY
    assert failed[DocumentKind.PACKING_LIST].status == DocumentStatus.FAILED
    assert "disk full" in failed[DocumentKind.PACKING_LIST].error

    services.export_documents_generate(artisan_order_id=artisan_order.pk)

    final = rows(artisan_order)
    assert len(final) == 4
    assert all(doc.status == DocumentStatus.READY and doc.version == 1 for doc in final)
    assert calls.count(DocumentKind.COMMERCIAL_INVOICE) == 1  # finished once, never rendered again


def test_the_task_asks_celery_to_retry_a_failure(monkeypatch):
    # Eager Celery surfaces the retry as an exception; a worker would run it after the back-off
    # (test_worker.py). The next run finishes the same rows.
    artisan_order = paperwork_order()
    real_render = render.document_render
    failures = iter([ConnectionError("storage unreachable")])

    def flaky(kind, data, **kwargs):
        error = next(failures, None)
        if error is not None:
            raise error
        return real_render(kind, data, **kwargs)

    monkeypatch.setattr(render, "document_render", flaky)

    with pytest.raises(Retry):
        tasks.export_documents_generate.delay(artisan_order.pk)
    assert {doc.status for doc in rows(artisan_order)} == {DocumentStatus.FAILED}
    tasks.export_documents_generate.delay(artisan_order.pk)

    final = rows(artisan_order)
    assert [doc.status for doc in final] == [DocumentStatus.READY] * 4
    assert max(doc.attempts for doc in final) == 2


def test_nothing_is_made_before_the_parcel_is_ready():
    artisan_order = paperwork_order(status=ArtisanOrderStatus.TO_PREPARE)

    assert services.export_documents_generate(artisan_order_id=artisan_order.pk) == []
    assert rows(artisan_order) == []


def test_marking_ready_to_ship_queues_the_documents_on_commit(django_capture_on_commit_callbacks):
    artisan_order = paperwork_order(status=ArtisanOrderStatus.TO_PREPARE)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        lifecycle.artisan_order_advance(
            artisan_order=artisan_order,
            actor=artisan_order.artisan.user,
            to_status="ready_to_ship",
            parcel_weight_grams=1400,
            parcel_length_cm=30,
            parcel_width_cm=25,
            parcel_height_cm=20,
        )
        assert rows(artisan_order) == []  # nothing before the commit
    for callback in callbacks:
        callback()

    documents = rows(artisan_order)
    assert [doc.status for doc in documents] == [DocumentStatus.READY] * 4
    assert documents[0].data["parcel"]["gross_weight_grams"] == 1400


def test_the_sweep_queues_what_was_left_unfinished(monkeypatch, django_capture_on_commit_callbacks):
    artisan_order = paperwork_order()
    monkeypatch.setattr(services, "artisan_orders_needing_paperwork", lambda **kwargs: [artisan_order.pk])

    with django_capture_on_commit_callbacks(execute=True):  # the sweep queues on commit, like any effect
        assert tasks.export_documents_sweep.delay().get() == 1
    assert len(rows(artisan_order)) == 4
