"""A rendered export document: one kind, one version, one file. Registered by
the orders app (orders/models.py imports this module)."""

import secrets

from django.db import models
from django.utils.translation import gettext_lazy as _

from marketplace.storage import private_storage
from orders.models import ArtisanOrder


class DocumentKind(models.TextChoices):
    COMMERCIAL_INVOICE = "commercial_invoice", _("Commercial invoice")
    PACKING_LIST = "packing_list", _("Packing list")
    CUSTOMS_DECLARATION = "customs_declaration", _("Customs declaration (CN22/CN23)")
    ORIGIN_STATEMENT = "origin_statement", _("Origin statement")


class DocumentStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Failed")


def new_verification_token() -> str:
    return secrets.token_urlsafe(24)


class ExportDocument(models.Model):
    """One version of one kind of document for an artisan order's parcel.

    `data` is everything the PDF shows, and `data_hash` its SHA-256: the same
    data always land on the same row (unique per artisan order and kind), so a
    retried task re-renders that row instead of adding a version. Changed data
    (a new address, a re-weighed parcel) make the next version."""

    artisan_order = models.ForeignKey(
        ArtisanOrder, on_delete=models.CASCADE, related_name="export_documents", verbose_name=_("artisan order")
    )
    kind = models.CharField(_("kind"), max_length=24, choices=DocumentKind.choices)
    version = models.PositiveSmallIntegerField(_("version"))
    status = models.CharField(
        _("status"), max_length=10, choices=DocumentStatus.choices, default=DocumentStatus.PENDING, db_index=True
    )
    error = models.TextField(_("error"), blank=True)
    data = models.JSONField(_("source data"))
    data_hash = models.CharField(_("source data SHA-256"), max_length=64)
    # The private storage (marketplace/storage.py): no public URL, locally or
    # in the private bucket; handed out only by the permission-checked download.
    file = models.FileField(_("file"), max_length=255, blank=True, storage=private_storage)
    sha256 = models.CharField(_("file SHA-256"), max_length=64, blank=True)
    size = models.PositiveIntegerField(_("size (bytes)"), null=True, blank=True)
    # What the QR code on the invoice links to: unguessable, and it opens only
    # the public confirmation of number, date, totals and checksum.
    verification_token = models.CharField(
        max_length=64, unique=True, default=new_verification_token, editable=False, verbose_name=_("verification token")
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    generated_at = models.DateTimeField(_("generated"), null=True, blank=True)
    # Set when the parcel's data changed (a refunded piece, a re-weighed parcel) and a newer row
    # of the same kind took this one's place; cleared if the data come back to this version's.
    # A superseded document stays downloadable (it was handed out), marked as such.
    superseded_at = models.DateTimeField(_("superseded"), null=True, blank=True)
    superseded_by = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("superseded by")
    )

    class Meta:
        verbose_name = _("export document")
        verbose_name_plural = _("export documents")
        ordering = ["artisan_order_id", "kind", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["artisan_order", "kind", "version"], name="export_document_version_once"),
            models.UniqueConstraint(fields=["artisan_order", "kind", "data_hash"], name="export_document_data_once"),
            models.CheckConstraint(condition=models.Q(version__gte=1), name="export_document_version_positive"),
            models.CheckConstraint(
                condition=~models.Q(status="ready") | (~models.Q(file="") & ~models.Q(sha256="")),
                name="export_document_ready_has_file",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} v{self.version} ({self.artisan_order_id})"

    @property
    def is_superseded(self) -> bool:
        return self.superseded_at is not None

    @property
    def number(self) -> str:
        """The document's own number, as printed on it."""
        return self.data.get("numbers", {}).get(self.kind, "")
