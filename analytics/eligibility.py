"""Trade Pact eligibility: who reaches the Foreign Trade Pact's export
support, per cooperative and per independent artisan (a selector: reads only).

For a day D (default today):
- the threshold in force on D: the TradePactThreshold with the latest
  `valid_from` not after D (none: no verdict);
- the platform's paid exports (analytics.selectors: goods in MAD less
  refunds) over the trailing twelve months (D a year before excluded, D
  included) and over the last complete calendar year (D's year - 1);
- the declared annual turnover off the platform (`declared_annual_turnover_mad`
  of the cooperative, or of the artisan outside any cooperative);
- the turnover weighed: the larger of the two platform figures, plus the
  declared one; the verdict: above (at or over the threshold), within 20%
  (at or over 80% of it), below.

A member of a cooperative counts in their cooperative's figures only.
Operators read everyone; a cooperative admin their cooperatives (no
independent artisans). Two grouped queries (one by cooperative, one by
independent artisan) and one for the rows without platform sales."""

import datetime
from decimal import Decimal

from django.db import models
from django.db.models import Q, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from analytics.models import TradePactThreshold
from analytics.permissions import cooperatives_readable_by
from analytics.selectors import NET_MAD, ZERO, Period, paid_export_lines, year_before_day
from artisans.models import ArtisanProfile
from artisans.permissions import is_operator

WITHIN_SHARE = Decimal("0.80")


class Verdict(models.TextChoices):
    ABOVE = "above", _("Above the threshold")
    WITHIN = "within_20", _("Within 20% below")
    BELOW = "below", _("Below")


def threshold_on(day: datetime.date) -> TradePactThreshold | None:
    return TradePactThreshold.objects.filter(valid_from__lte=day).order_by("-valid_from").first()


def verdict(turnover: Decimal, threshold: Decimal | None) -> str | None:
    if threshold is None:
        return None
    if turnover >= threshold:
        return Verdict.ABOVE
    if turnover >= threshold * WITHIN_SHARE:
        return Verdict.WITHIN
    return Verdict.BELOW


def _sums(lines, key: str, trailing: Period, calendar: Period) -> dict:
    return {
        row["key"]: row
        for row in lines.filter(trailing.q() | calendar.q())
        .values(key=models.F(key))
        .annotate(
            trailing_mad=Coalesce(Sum(NET_MAD, filter=trailing.q()), ZERO),
            calendar_mad=Coalesce(Sum(NET_MAD, filter=calendar.q()), ZERO),
        )
        .order_by()
    }


def _row(kind, subject, name, declared, sums, threshold_mad) -> dict:
    trailing_mad = sums.get("trailing_mad", Decimal("0.00"))
    calendar_mad = sums.get("calendar_mad", Decimal("0.00"))
    turnover = max(trailing_mad, calendar_mad) + declared
    return {
        "kind": kind,
        "id": subject.pk,
        "name": name,
        "region": subject.region,
        "trailing_12_months_mad": trailing_mad,
        "calendar_year_mad": calendar_mad,
        "declared_off_platform_mad": declared,
        "turnover_mad": turnover,
        "threshold_mad": threshold_mad,
        "share_of_threshold": (turnover / threshold_mad).quantize(Decimal("0.0001")) if threshold_mad else None,
        "verdict": verdict(turnover, threshold_mad),
    }


def trade_pact_eligibility(user, *, on: datetime.date | None = None) -> dict:
    """The report as of `on`: the threshold and its periods, and a row per
    cooperative (and, for operators, per independent artisan with sales or a
    declared turnover), highest turnover first."""
    day = on or timezone.localdate()
    threshold = threshold_on(day)
    threshold_mad = threshold.amount_mad if threshold else None
    trailing = Period(year_before_day(day) + datetime.timedelta(days=1), day)
    calendar = Period(datetime.date(day.year - 1, 1, 1), datetime.date(day.year - 1, 12, 31))
    cooperatives = cooperatives_readable_by(user)
    lines = paid_export_lines()

    by_cooperative = _sums(
        lines.filter(artisan_order__artisan__cooperative__in=cooperatives),
        "artisan_order__artisan__cooperative_id",
        trailing,
        calendar,
    )
    rows = [
        _row("cooperative", cooperative, cooperative.name_latin, cooperative.declared_annual_turnover_mad,
             by_cooperative.get(cooperative.pk, {}), threshold_mad)
        for cooperative in cooperatives.order_by("pk")
    ]  # fmt: skip
    if is_operator(user):
        by_artisan = _sums(
            lines.filter(artisan_order__artisan__cooperative__isnull=True),
            "artisan_order__artisan_id",
            trailing,
            calendar,
        )
        independents = ArtisanProfile.objects.filter(cooperative__isnull=True).filter(
            Q(pk__in=list(by_artisan)) | Q(declared_annual_turnover_mad__gt=0)
        )
        rows += [
            _row("artisan", artisan, artisan.display_name_latin, artisan.declared_annual_turnover_mad,
                 by_artisan.get(artisan.pk, {}), threshold_mad)
            for artisan in independents.order_by("pk")
        ]  # fmt: skip
    rows.sort(key=lambda row: (-row["turnover_mad"], row["name"]))
    return {
        "on": day,
        "threshold_mad": threshold_mad,
        "threshold_valid_from": threshold.valid_from if threshold else None,
        "trailing_start": trailing.start,
        "trailing_end": trailing.end,
        "calendar_year": calendar.start.year,
        "rows": rows,
    }
