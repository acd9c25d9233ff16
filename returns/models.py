"""A buyer's return request or damage claim on one order line, its photos
and its history. The rules (who decides, the window, the loss bearer) are
returns.services and returns.rules; the lock order is returns.locks'.
LossBearer is payments' own: a refund carries it to the ledger."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from marketplace.storage import private_storage
from orders.models import ArtisanOrder, OrderLine
from payments.models import LossBearer, Refund


class ReturnKind(models.TextChoices):
    RETURN = "return", _("Return (the buyer sends the piece back)")
    DAMAGE = "damage", _("Damage claim (broken or damaged in transit)")


class ReturnStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    ACCEPTED = "accepted", _("Accepted: parcel expected back")
    RECEIVED = "received", _("Parcel received back")
    RESTOCKED = "restocked", _("Restocked")
    WRITTEN_OFF = "written_off", _("Written off")
    REFUNDED = "refunded", _("Refunded")
    REFUNDED_WITHOUT_RETURN = "refunded_without_return", _("Refunded without return")
    REFUSED = "refused", _("Refused")


# Still waiting for a decision or for the parcel: one such request a line.
OPEN_STATUSES = (ReturnStatus.REQUESTED, ReturnStatus.ACCEPTED, ReturnStatus.RECEIVED)


class Disposition(models.TextChoices):
    RESTOCKED = "restocked", _("Restocked")
    WRITTEN_OFF = "written_off", _("Written off")


class ReturnRequest(models.Model):
    artisan_order = models.ForeignKey(
        ArtisanOrder, on_delete=models.PROTECT, related_name="return_requests", verbose_name=_("parcel")
    )
    order_line = models.ForeignKey(
        OrderLine, on_delete=models.PROTECT, related_name="return_requests", verbose_name=_("order line")
    )
    buyer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="return_requests", verbose_name=_("buyer")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=ReturnKind.choices)
    quantity = models.PositiveSmallIntegerField(_("quantity"), validators=[MinValueValidator(1)])
    reason = models.CharField(_("reason"), max_length=2000)
    status = models.CharField(
        _("status"), max_length=24, choices=ReturnStatus.choices, default=ReturnStatus.REQUESTED, db_index=True
    )
    refusal_reason = models.CharField(_("refusal reason"), max_length=2000, blank=True)
    # Where and how the buyer sends the parcel back, once accepted.
    return_carrier = models.CharField(_("return carrier"), max_length=80, blank=True)
    return_tracking_number = models.CharField(_("return tracking number"), max_length=60, blank=True)
    return_address = models.CharField(_("return address"), max_length=500, blank=True)
    disposition = models.CharField(_("disposition"), max_length=12, choices=Disposition.choices, blank=True)
    loss_bearer = models.CharField(_("loss borne by"), max_length=10, choices=LossBearer.choices, blank=True)
    refund = models.ForeignKey(
        Refund, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("refund")
    )
    created_at = models.DateTimeField(_("opened"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("return or claim")
        verbose_name_plural = _("returns and claims")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["order_line"],
                condition=models.Q(status__in=[status.value for status in OPEN_STATUSES]),
                name="return_request_open_once_per_line",
            ),
            models.CheckConstraint(condition=models.Q(quantity__gte=1), name="return_request_quantity_positive"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.pk}"


def _photo_path(instance, filename):
    return f"returns/{instance.request_id}/{filename}"


class ReturnPhoto(models.Model):
    """A photo the buyer sent, cleaned as product photos are (marketplace.images),
    kept in the private storage: only the request's readers get it."""

    request = models.ForeignKey(
        ReturnRequest, on_delete=models.CASCADE, related_name="photos", verbose_name=_("request")
    )
    image = models.FileField(_("image"), storage=private_storage, upload_to=_photo_path, max_length=200)
    width = models.PositiveIntegerField(_("width"))
    height = models.PositiveIntegerField(_("height"))
    created_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        verbose_name = _("return photo")
        verbose_name_plural = _("return photos")
        ordering = ["id"]

    def __str__(self):
        return f"photo {self.pk}"


class ReturnEvent(models.Model):
    """Every step of a request: who, when, from, to, and why."""

    request = models.ForeignKey(
        ReturnRequest, on_delete=models.CASCADE, related_name="events", verbose_name=_("request")
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("actor")
    )
    from_status = models.CharField(_("from"), max_length=24, blank=True, choices=ReturnStatus.choices)
    to_status = models.CharField(_("to"), max_length=24, choices=ReturnStatus.choices)
    note = models.CharField(_("note"), max_length=2000, blank=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        verbose_name = _("return event")
        verbose_name_plural = _("return events")
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"{self.request_id}: {self.get_from_status_display() or '-'} → {self.get_to_status_display()}"
