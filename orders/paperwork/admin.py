"""Export paperwork in the admin, on the artisan orders page (orders/admin.py
adds these): the documents of an artisan order, read only, and an action
that prints the documents of the selected ready-to-ship orders as one PDF.
The artisan orders admin is scoped by cooperative, so is everything here."""

import io

from django.contrib import admin, messages
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from marketplace.admin_readonly import ReadOnlyInline
from orders.models import ArtisanOrderStatus
from orders.paperwork import selectors
from orders.paperwork.models import DocumentStatus, ExportDocument


class ExportDocumentInline(ReadOnlyInline):
    """Shown inside an artisan order the parent admin already let this user see."""

    model = ExportDocument
    # Narrow enough for the page: the digest and the error shortened, whole on hover.
    fields = [
        "kind",
        "version",
        "status",
        "superseded",
        "download",
        "digest",
        "generated_at",
        "attempts",
        "error_shown",
    ]
    verbose_name_plural = _("Export documents")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("superseded_by")

    @admin.display(description=_("superseded"))
    def superseded(self, document):
        """Older contents than the parcel's: kept as handed out, not to travel with it."""
        if document.superseded_at is None:
            return _("current")
        return _("superseded by version %(version)s on %(when)s") % {
            "version": document.superseded_by.version if document.superseded_by else "?",
            "when": date_format(timezone.localtime(document.superseded_at), "SHORT_DATETIME_FORMAT"),
        }

    @admin.display(description=_("SHA-256"))
    def digest(self, document):
        if not document.sha256:
            return "—"
        return format_html('<span title="{}">{}…</span>', document.sha256, document.sha256[:12])

    @admin.display(description=_("error"))
    def error_shown(self, document):
        if not document.error:
            return "—"
        if len(document.error) <= 60:
            return document.error
        return format_html('<span title="{}">{}…</span>', document.error, document.error[:60])

    @admin.display(description=_("file"))
    def download(self, document):
        """Through the API's download, which checks who asks: the file itself
        has no URL (private storage)."""
        if document.status != DocumentStatus.READY:
            return "-"
        url = reverse(
            "paperwork-document-download", kwargs={"pk": document.artisan_order_id, "document_id": document.pk}
        )
        label = _("Download (PDF, superseded)") if document.is_superseded else _("Download (PDF)")
        return format_html('<a href="{}">{}</a>', url, label)


def documents_merge(documents) -> bytes:
    """One PDF with every page of `documents`, in their order."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    for document in documents:
        with document.file.open("rb") as source:
            writer.append(io.BytesIO(source.read()))
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


@admin.action(description=_("Print the export documents of the selected ready-to-ship orders (one PDF)"))
def print_export_documents(modeladmin, request, queryset):
    ready = list(queryset.filter(status=ArtisanOrderStatus.READY_TO_SHIP).select_related("order"))
    skipped = queryset.count() - len(ready)
    if skipped:
        modeladmin.message_user(
            request,
            ngettext(
                "%(count)d selected order is not ready to ship: left out.",
                "%(count)d selected orders are not ready to ship: left out.",
                skipped,
            )
            % {"count": skipped},
            messages.WARNING,
        )
    documents = selectors.current_documents(artisan_order.pk for artisan_order in ready)
    with_documents = {document.artisan_order_id for document in documents}
    missing = [str(artisan_order) for artisan_order in ready if artisan_order.pk not in with_documents]
    if missing:
        modeladmin.message_user(
            request,
            _("No documents yet (being generated) for: %(orders)s.") % {"orders": ", ".join(missing)},
            messages.WARNING,
        )
    if not documents:
        modeladmin.message_user(request, _("Nothing to print."), messages.ERROR)
        return None
    response = HttpResponse(documents_merge(documents), content_type="application/pdf")
    filename = f"export-documents-{timezone.localdate().isoformat()}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
