"""Writes of export paperwork: queue a generation, generate a set of documents.

Idempotency: a document row is keyed by (artisan order, kind, data hash).
Generating again with the same data finds the rows it made and renders only
those that are not ready yet (a retry after a crash in the middle finishes
the set, it does not start a new one). Changed data make version n + 1 of
every kind; older versions stay, as they were handed out, marked superseded
by the new one (so does any other change to what the parcel holds or weighs:
orders.lifecycle refuses to ship a parcel whose documents print older data).

Rendering takes tens of milliseconds and happens outside any transaction; the
row is marked ready (file, SHA-256) in a short one at the end, and only if no
other worker marked it ready first."""

import hashlib
import json
import logging
import secrets
from datetime import timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F, Max, Q
from django.urls import reverse
from django.utils import timezone

from marketplace import effects, metrics
from orders import locks
from orders.models import ArtisanOrder, ArtisanOrderStatus
from orders.paperwork import data as paperwork_data
from orders.paperwork.models import DocumentKind, DocumentStatus, ExportDocument

logger = logging.getLogger(__name__)

# Documents are made once the parcel is packed, and kept up to date until it is delivered.
PAPERWORK_STATUSES = (ArtisanOrderStatus.READY_TO_SHIP, ArtisanOrderStatus.SHIPPED, ArtisanOrderStatus.DELIVERED)
ERROR_MAX_CHARS = 2000


def _tasks():
    # Imported when used: the task module imports this one.
    from orders.paperwork import tasks

    return tasks


def export_documents_request(artisan_order: ArtisanOrder) -> None:
    """Queue the generation of the artisan order's documents once the
    transaction commits. Safe to call again: same data, same documents. A
    failure to queue or (without a broker) to render is logged, never raised
    into the caller's already committed request (marketplace.effects)."""
    effects.task_enqueue_on_commit(_tasks().export_documents_generate, artisan_order.pk)


def verification_url(document: ExportDocument) -> str:
    path = reverse("paperwork-verify", kwargs={"token": document.verification_token})
    return f"{settings.SITE_URL.rstrip('/')}{path}"


def _as_stored(payload: dict) -> dict:
    """The data as the JSON column gives it back, so hashes compare equal."""
    return json.loads(json.dumps(payload, default=str))


@transaction.atomic
def _document_for(artisan_order_id: int, kind: str, payload: dict, digest: str) -> ExportDocument:
    """The row for this kind and data: the existing one, or the next version.
    The artisan order's row lock makes two workers agree on the number."""
    locks.artisan_order_lock(artisan_order_id)
    rows = ExportDocument.objects.filter(artisan_order_id=artisan_order_id, kind=kind)
    document = rows.filter(data_hash=digest).first()
    if document is None:
        latest = rows.aggregate(latest=Max("version"))["latest"] or 0
        document = ExportDocument.objects.create(
            artisan_order_id=artisan_order_id, kind=kind, version=latest + 1, data=payload, data_hash=digest
        )
    _supersede_others(rows, document)
    return document


def _supersede_others(rows, document: ExportDocument) -> None:
    """`document` is the one that matches the parcel now: every other row of
    its kind still standing is superseded by it (kept, as handed out). When
    the data came back to an older version's (a failed refund gives the
    pieces back), that version stands again."""
    if document.superseded_at is not None:
        ExportDocument.objects.filter(pk=document.pk).update(superseded_at=None, superseded_by=None)
        document.superseded_at, document.superseded_by = None, None
    rows.exclude(pk=document.pk).filter(superseded_at__isnull=True).update(
        superseded_at=timezone.now(), superseded_by=document
    )


def _storage():
    return ExportDocument._meta.get_field("file").storage


def _storage_name(document: ExportDocument) -> str:
    # A fresh random part per attempt: two workers never write the same file.
    return f"paperwork/{document.artisan_order_id}/{document.kind}-v{document.version}-{secrets.token_hex(8)}.pdf"


def _render(document: ExportDocument) -> bytes:
    from orders.paperwork import render  # WeasyPrint loads only where documents are made

    url = verification_url(document) if document.kind == DocumentKind.COMMERCIAL_INVOICE else ""
    return render.document_render(document.kind, document.data, version=document.version, verification_url=url)


def _mark_failed(document: ExportDocument, exc: Exception) -> None:
    error = f"{type(exc).__name__}: {exc}"[:ERROR_MAX_CHARS]
    ExportDocument.objects.filter(pk=document.pk).exclude(status=DocumentStatus.READY).update(
        status=DocumentStatus.FAILED, error=error
    )
    document.status, document.error = DocumentStatus.FAILED, error


def document_render_into(document: ExportDocument) -> ExportDocument:
    """Render one document, store its file and mark it ready. On failure the
    row says failed (with the error) and the exception goes on to the task,
    which retries."""
    ExportDocument.objects.filter(pk=document.pk).update(attempts=F("attempts") + 1)
    name = ""
    try:
        pdf = _render(document)
        name = _storage().save(_storage_name(document), ContentFile(pdf))
        with transaction.atomic():
            marked = (
                ExportDocument.objects.filter(pk=document.pk)
                .exclude(status=DocumentStatus.READY)
                .update(
                    status=DocumentStatus.READY,
                    file=name,
                    sha256=hashlib.sha256(pdf).hexdigest(),
                    size=len(pdf),
                    generated_at=timezone.now(),
                    error="",
                )
            )
    except Exception as exc:
        if name:
            _storage().delete(name)
        _mark_failed(document, exc)
        raise
    if not marked:
        _storage().delete(name)  # another worker finished this row first: its file stands
    else:
        metrics.count_on_commit(metrics.DOCUMENTS_GENERATED.labels(kind=document.kind))
    document.refresh_from_db()
    return document


def export_documents_generate(*, artisan_order_id: int) -> list[ExportDocument]:
    """Make (or finish) the current set of documents of an artisan order:
    commercial invoice, packing list, customs declaration, origin statement.
    Returns them, ready. Nothing to do before the parcel is ready or after a
    cancellation."""
    artisan_order = paperwork_data.artisan_order_for_paperwork(artisan_order_id)
    if artisan_order.status not in PAPERWORK_STATUSES:
        return []
    payload = _as_stored(paperwork_data.paperwork_data(artisan_order))
    digest = paperwork_data.data_hash(payload)
    documents = []
    for kind in DocumentKind:
        document = _document_for(artisan_order_id, kind.value, payload, digest)
        if document.status != DocumentStatus.READY:
            document = document_render_into(document)
        documents.append(document)
    return documents


def current_data_hash(artisan_order: ArtisanOrder) -> str:
    """The hash of what the documents of `artisan_order` would print now, as
    it stands in memory (a change not saved yet counts). It needs the order,
    the artisan with their cooperative and the shipping service loaded."""
    return paperwork_data.data_hash(_as_stored(paperwork_data.paperwork_data(artisan_order)))


def export_documents_outdated_kinds(artisan_order: ArtisanOrder) -> list[str]:
    """The kinds of document made for `artisan_order` of which no ready
    version prints the parcel as it is now (contents, value, weight, size,
    address): it may not leave with them. Empty when every kind made has a
    ready version for the current data, or when none was ever made (the
    documents are then requested at shipping, as before)."""
    made = ExportDocument.objects.filter(artisan_order_id=artisan_order.pk).values_list("kind", "data_hash", "status")
    made = list(made)
    if not made:
        return []
    digest = current_data_hash(artisan_order)
    current = {kind for kind, data_hash, status in made if data_hash == digest and status == DocumentStatus.READY}
    return sorted({kind for kind, _hash, _status in made} - current)


def artisan_orders_needing_paperwork(*, older_than_minutes: int = 10) -> list[int]:
    """Ready-to-ship artisan orders with no documents yet, or with a document
    not ready for a while (the broker was down, the retries ran out)."""
    settled = timezone.now() - timedelta(minutes=older_than_minutes)
    stuck = ExportDocument.objects.filter(~Q(status=DocumentStatus.READY), created_at__lt=settled).values(
        "artisan_order_id"
    )
    return list(
        ArtisanOrder.objects.filter(status=ArtisanOrderStatus.READY_TO_SHIP, updated_at__lt=settled)
        .filter(Q(export_documents__isnull=True) | Q(pk__in=stuck))
        .values_list("pk", flat=True)
        .distinct()
        .order_by("pk")
    )
