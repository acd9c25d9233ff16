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
