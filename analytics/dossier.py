"""A cooperative's Trade Pact dossier: one PDF (the paperwork's renderer,
orders.paperwork.render) with its eligibility figures, the threshold in
force and where each figure comes from, and its paid exports by month and
by destination over the trailing twelve months. A selector's output, drawn:
nothing is written."""

import datetime

from django.template.loader import render_to_string
from django.utils import timezone

from analytics.eligibility import trade_pact_eligibility
from analytics.exports import eligibility_file_rows
from analytics.selectors import Period, export_lines_visible_to, exports_by
from artisans.models import Cooperative
from orders.paperwork.render import html_render_pdf


def cooperative_dossier_pdf(user, *, cooperative_id: int, on: datetime.date | None = None) -> bytes | None:
    """The dossier, or None when `user` does not read this cooperative's figures."""
    report = trade_pact_eligibility(user, on=on)
    rows = [
        row for row in eligibility_file_rows(report) if row["kind"] == "cooperative" and row["id"] == cooperative_id
    ]
    if not rows:
        return None
    cooperative = Cooperative.objects.get(pk=cooperative_id)
    period = Period(report["trailing_start"], report["trailing_end"])
    lines = export_lines_visible_to(user, cooperative=cooperative)
    html = render_to_string(
        "analytics/dossier.html",
        {
            "cooperative": cooperative,
            "report": report,
            "row": rows[0],
            "months": exports_by("month", lines, period),
            "countries": exports_by("country", lines, period),
            "made_at": timezone.localtime(),
        },
    )
    return html_render_pdf(html)
