"""Reads of export paperwork shared by the API and the admin: who may see
which documents of an artisan order, and the documents themselves.

| who                                   | kinds                  |
|---------------------------------------|------------------------|
| the artisan who fulfils the order     | all                    |
| an admin of the artisan's cooperative | all                    |
| staff (superuser)                     | all                    |
| the order's signed-in buyer           | commercial invoice     |
| anybody else, signed in or not        | none: the order is 404 |
"""

import re
from dataclasses import dataclass

from django.db.models import Exists, OuterRef

from artisans.models import Cooperative
from orders.models import ArtisanOrder
from orders.paperwork.models import DocumentKind, DocumentStatus, ExportDocument

ALL_KINDS = tuple(kind.value for kind in DocumentKind)
BUYER_KINDS = (DocumentKind.COMMERCIAL_INVOICE.value,)
# What secrets.token_urlsafe makes; anything else is not looked up at all (PostgreSQL
# refuses a NUL byte in a text parameter, which would be a 500).
TOKEN_SHAPE = re.compile(r"[A-Za-z0-9_-]{16,64}")


@dataclass(frozen=True)
class PaperworkAccess:
    artisan_order: ArtisanOrder
    kinds: tuple[str, ...]


def paperwork_access(user, artisan_order_id: int) -> PaperworkAccess | None:
    """The artisan order and the kinds `user` may read, in one query; None
    when they may read none (callers answer 404, not 403: nothing leaks)."""
    if not (user and user.is_authenticated):
        return None
    is_cooperative_admin = Cooperative.admins.through.objects.filter(
        cooperative_id=OuterRef("artisan__cooperative_id"), user_id=user.pk
    )
    artisan_order = (
        ArtisanOrder.objects.select_related("order", "artisan")
        .annotate(read_by_cooperative_admin=Exists(is_cooperative_admin))
        .filter(pk=artisan_order_id)
        .first()
    )
    if artisan_order is None:
        return None
    if user.is_superuser or artisan_order.artisan.user_id == user.pk or artisan_order.read_by_cooperative_admin:
        return PaperworkAccess(artisan_order, ALL_KINDS)
    if artisan_order.order.buyer_id == user.pk:
        return PaperworkAccess(artisan_order, BUYER_KINDS)
    return None


def documents_for(access: PaperworkAccess, kind: str | None = None):
    """The documents `access` opens, newest version first within each kind."""
    kinds = [kind] if kind else list(access.kinds)
    return (
        ExportDocument.objects.filter(artisan_order=access.artisan_order, kind__in=kinds)
        .select_related("superseded_by")
        .order_by("kind", "-version")
    )


def current_documents(artisan_order_ids) -> list[ExportDocument]:
    """The newest ready version of each kind for each artisan order, not
    superseded (a parcel whose contents changed has none until its new
    version is made), in the order a printed set goes: by artisan order, then
    invoice, packing list, customs declaration, origin statement."""
    rows = ExportDocument.objects.filter(
        artisan_order_id__in=list(artisan_order_ids), status=DocumentStatus.READY, superseded_at__isnull=True
    ).order_by("artisan_order_id", "kind", "-version")
    newest = {}
    for document in rows:
        newest.setdefault((document.artisan_order_id, document.kind), document)
    return sorted(newest.values(), key=lambda doc: (doc.artisan_order_id, ALL_KINDS.index(doc.kind)))


def document_by_token(token: str) -> ExportDocument | None:
    """A ready document by its verification token (the invoice's QR code)."""
    if not TOKEN_SHAPE.fullmatch(token):
        return None
    return ExportDocument.objects.filter(verification_token=token, status=DocumentStatus.READY).first()
