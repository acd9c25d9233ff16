"""Two pages on the admin site, for those who read the export figures
(analytics.permissions: operators, and staff admins of a cooperative, who
see their cooperatives only):

- the export dashboard: the period's summary, a chart and a table per
  figure (analytics.selectors), each table as CSV or XLSX; filtered by
  period and, for operators, by cooperative;
- the Trade Pact eligibility report (analytics.eligibility), as CSV or XLSX
  too, and a PDF dossier per cooperative (analytics.dossier).

Read-only pages: no form here writes anything. Served under /admin/analytics/
(config/urls.py), each wrapped by the admin site's own login check."""

import datetime

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from analytics.dossier import cooperative_dossier_pdf
from analytics.eligibility import Verdict, trade_pact_eligibility
from analytics.exports import (
    ELIGIBILITY_COLUMNS,
    FORMATS,
    KIND_LABELS,
    eligibility_file_rows,
    export_columns,
    table_file,
)
from analytics.permissions import analytics_reader, cooperatives_readable_by
from analytics.selectors import TABLE_TITLES, TABLES, Period, exports_dashboard_visible_to, exports_table_visible_to
from artisans.models import Cooperative
from artisans.permissions import is_operator

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
# The charts each table is drawn as (analytics/static/analytics/dashboard.js).
CHART_KINDS = {
    "month": "line",
    "category": "doughnut",
    "country": "bar",
    "cooperative": "bar",
    "artisan": "bar",
    "region": "bar",
    "women_led": "doughnut",
}
CHART_TOP = 12  # the bars and slices drawn; the table lists every row


class PeriodForm(forms.Form):
    to = forms.DateField(label=gettext_lazy("To"), required=False, widget=DATE_INPUT)
    cooperative = forms.ModelChoiceField(
        label=gettext_lazy("Cooperative"), queryset=Cooperative.objects.none(), required=False
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields = {
            "from": forms.DateField(label=gettext_lazy("From"), required=False, widget=DATE_INPUT),
            **self.fields,
        }
        if is_operator(user):
            self.fields["cooperative"].queryset = cooperatives_readable_by(user)
        else:  # cooperative admins read their own cooperatives: nothing to choose
            del self.fields["cooperative"]

    def clean(self):
        data = super().clean()
        default = Period.default()
        end = data.get("to") or default.end
        start = data.get("from") or Period.default(end).start
        if start > end:
            raise forms.ValidationError(_("The period starts after it ends."))
        if (end - start).days > 366 * 10:
            raise forms.ValidationError(_("The period is at most ten years long."))
        data["period"] = Period(start, end)
        return data


class DayForm(forms.Form):
    on = forms.DateField(label=gettext_lazy("On"), required=False, widget=DATE_INPUT)


def _reader_only(request):
    if not analytics_reader(request.user):
        raise PermissionDenied


def _period_form(request):
    form = PeriodForm(request.GET or None, user=request.user)
    if request.GET and not form.is_valid():
        return form, None, None
    data = form.cleaned_data if request.GET else {}
    period = data.get("period") or Period.default()
    return form, period, data.get("cooperative")


def _chart(table: str, rows: list[dict]) -> dict:
    if table == "month":
        return {
            "kind": "line",
            "labels": [row["label"] for row in rows],
            "current": [str(row["total_mad"]) for row in rows],
            "previous": [str(row["previous_mad"]) for row in rows],
        }
    top = rows[:CHART_TOP]
    return {
        "kind": CHART_KINDS[table],
        "labels": [row["label"] for row in top],
        "current": [str(row["total_mad"]) for row in top],
        "previous": [str(row["previous_mad"]) for row in top],
    }


def dashboard(request):
    _reader_only(request)
    form, period, cooperative = _period_form(request)
    context = {
        **admin.site.each_context(request),
        "title": _("Export dashboard"),
        "form": form,
        "period": period,
        "cooperative": cooperative,
        "query": request.GET.urlencode(),
        "formats": FORMATS,
    }
    if period is None:
        return TemplateResponse(request, "analytics/admin/dashboard.html", context, status=400)
    # Every figure in one query (on PostgreSQL): the summary and each table.
    summary, rows = exports_dashboard_visible_to(request.user, period, cooperative=cooperative)
    tables = [
        {"name": table, "title": TABLE_TITLES[table], "rows": rows[table], "key_header": export_columns(table)[0][1]}
        for table in TABLES
    ]
    context.update(
        summary=summary,
        tables=tables,
        charts={
            "series": {"current": _("This period"), "previous": _("A year before")},
            "tables": {table["name"]: _chart(table["name"], table["rows"]) for table in tables},
        },
    )
    return TemplateResponse(request, "analytics/admin/dashboard.html", context)


def dashboard_file(request, table, file_format):
    _reader_only(request)
    if table not in TABLES or file_format not in FORMATS:
        raise Http404
    _form, period, cooperative = _period_form(request)
    if period is None:
        raise Http404
    rows = exports_table_visible_to(request.user, table, period, cooperative=cooperative)
    return table_file(
        rows=rows,
        columns=export_columns(table),
        file_format=file_format,
        filename=f"exports-{table}-{period.start}-{period.end}",
        title=TABLE_TITLES[table],
    )


def _day(request) -> tuple[DayForm, datetime.date | None, bool]:
    form = DayForm(request.GET or None)
    if request.GET and not form.is_valid():
        return form, None, False
    return form, (form.cleaned_data.get("on") if request.GET else None), True


def eligibility(request):
    _reader_only(request)
    form, day, valid = _day(request)
    context = {
        **admin.site.each_context(request),
        "title": _("Trade Pact eligibility"),
        "form": form,
        "query": request.GET.urlencode(),
        "formats": FORMATS,
        "verdicts": Verdict,
        "kind_labels": KIND_LABELS,
        "may_edit_thresholds": is_operator(request.user),
    }
    if not valid:
        return TemplateResponse(request, "analytics/admin/eligibility.html", context, status=400)
    report = trade_pact_eligibility(request.user, on=day)
    context.update(report=report, rows=eligibility_file_rows(report))
    return TemplateResponse(request, "analytics/admin/eligibility.html", context)


def eligibility_file(request, file_format):
    _reader_only(request)
    _form, day, valid = _day(request)
    if not valid or file_format not in FORMATS:
        raise Http404
    report = trade_pact_eligibility(request.user, on=day)
    return table_file(
        rows=eligibility_file_rows(report),
        columns=ELIGIBILITY_COLUMNS,
        file_format=file_format,
        filename=f"trade-pact-eligibility-{report['on']}",
        title=_("Trade Pact eligibility"),
    )


def eligibility_dossier(request, cooperative_id):
    _reader_only(request)
    _form, day, valid = _day(request)
    pdf = cooperative_dossier_pdf(request.user, cooperative_id=cooperative_id, on=day) if valid else None
    if pdf is None:
        raise Http404
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="trade-pact-dossier-{cooperative_id}.pdf"'
    return response


def urls():
    """The pages, behind the admin site's login (config/urls.py mounts them)."""
    view = admin.site.admin_view
    return [
        path("dashboard/", view(dashboard), name="analytics-dashboard"),
        path("dashboard/<str:table>.<str:file_format>", view(dashboard_file), name="analytics-dashboard-file"),
        path("eligibility/", view(eligibility), name="analytics-eligibility-report"),
        path("eligibility.<str:file_format>", view(eligibility_file), name="analytics-eligibility-file"),
        path(
            "eligibility/cooperatives/<int:cooperative_id>.pdf",
            view(eligibility_dossier),
            name="analytics-eligibility-dossier",
        ),
    ]
