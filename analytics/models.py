from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class TradePactThreshold(models.Model):
    """A dated line of the Foreign Trade Pact's export support threshold: from
    `valid_from` on, a business whose annual export turnover reaches
    `amount_mad` is eligible. The line in force on a day is the one with the
    latest `valid_from` not after it (analytics.eligibility)."""

    valid_from = models.DateField(_("valid from"), unique=True)
    amount_mad = models.DecimalField(
        _("annual turnover threshold (MAD)"), max_digits=14, decimal_places=2, validators=[MinValueValidator(0)]
    )
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("Trade Pact threshold")
        verbose_name_plural = _("Trade Pact thresholds")
        ordering = ["-valid_from"]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount_mad__gte=0), name="trade_pact_threshold_not_negative")
        ]

    def __str__(self):
        return f"{self.amount_mad} MAD ({self.valid_from})"


class ExportPlace(models.Model):
    """Where a roll-up row's exports fall: a local day, an artisan, a top
    category and a destination."""

    day = models.DateField(_("day"))
    artisan = models.ForeignKey(
        "artisans.ArtisanProfile", on_delete=models.CASCADE, related_name="+", verbose_name=_("artisan")
    )
    # The top category of the lines' products when the day was refreshed (none: the product is gone). An
    # id, not a foreign key: a category deleted later leaves the figures as they were until the next rebuild.
    top_category_id = models.PositiveIntegerField(_("top category"), null=True)
    country = models.CharField(_("destination country"), max_length=2)

    class Meta:
        abstract = True


class ExportDay(ExportPlace):
    """The paid exports of one local day, one artisan, one top category and
    one destination, summed (analytics.rollup says why and how it is kept)."""

    net_mad = models.DecimalField(_("exports net of refunds (MAD)"), max_digits=16, decimal_places=2)
    # The orders whose every counted line falls in this row; the others are in ExportDaySpan.
    orders = models.PositiveIntegerField(_("orders wholly in this row"))

    class Meta:
        verbose_name = _("export day")
        verbose_name_plural = _("export days")
        indexes = [models.Index(fields=["day"], name="export_day_day")]

    def __str__(self):
        return f"{self.day} {self.artisan_id} {self.top_category_id} {self.country}: {self.net_mad} MAD"


class ExportDaySpan(ExportPlace):
    """An order whose lines fall in several ExportDay rows (several artisans,
    or several top categories): one row for each, so that its order is
    counted once in whatever the dashboard groups them by."""

    # No constraint: an order is never deleted once paid, and the rows follow the lines, not the reverse.
    order = models.ForeignKey(
        "orders.Order", on_delete=models.DO_NOTHING, db_constraint=False, related_name="+", verbose_name=_("order")
    )

    class Meta:
        verbose_name = _("export day span")
        verbose_name_plural = _("export day spans")
        indexes = [models.Index(fields=["day"], name="export_day_span_day")]

    def __str__(self):
        return f"{self.day} {self.order_id} {self.artisan_id} {self.top_category_id} {self.country}"


class ExportRollup(models.Model):
    """The one row saying how far the roll-up goes: every order and artisan
    order last changed at or before `refreshed_through` is in ExportDay and
    ExportDaySpan as it is now. None: never refreshed, every figure is read
    from the lines."""

    refreshed_through = models.DateTimeField(_("refreshed through"), null=True)
    refreshed_at = models.DateTimeField(_("last refresh"), null=True)

    class Meta:
        verbose_name = _("export roll-up")
        verbose_name_plural = _("export roll-up")

    def __str__(self):
        return f"{self.refreshed_through}"
