"""Any figures table as a CSV or an XLSX file: the same rows the API and the
dashboard show, one header row, money in MAD as numbers (never floats), the
shares and growth as fractions (the spreadsheet formats them as percents)."""

import csv
import io

from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from openpyxl import Workbook
from openpyxl.styles import Font

from analytics.eligibility import Verdict
from marketplace.regions import MoroccanRegion

FORMATS = ("csv", "xlsx")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
# A cell a spreadsheet would run as a formula (CSV injection): kept as text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _text(value) -> str:
    value = str(value)
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def _cell(value, kind: str):
    if value is None:
        return ""
    if kind == "text":
        return _text(value)
    return value


def table_file(*, rows: list[dict], columns: list[tuple], file_format: str, filename: str, title: str):
    """`columns`: (row key, header, kind) with kind text, money, ratio or count."""
    headers = [str(header) for _key, header, _kind in columns]
    body = [[_cell(row[key], kind) for key, _header, kind in columns] for row in rows]
    if file_format == "csv":
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(headers)
        writer.writerows(body)
        # A byte-order mark: spreadsheets then read the Arabic and the accents as UTF-8.
        content = ("\ufeff" + out.getvalue()).encode("utf-8")
    else:
        workbook = Workbook()
        sheet = workbook.active
        sheet.title = _text(title)[:31] or _("Figures")
        sheet.append(headers)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for line in body:
            sheet.append([None if value == "" else value for value in line])
        for index, (_key, _header, kind) in enumerate(columns, start=1):
            number_format = {"money": "#,##0.00", "ratio": "0.0%", "count": "0"}.get(kind)
            if number_format:
                for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                    cell.number_format = number_format
        sheet.column_dimensions["A"].width = 36
        out = io.BytesIO()
        workbook.save(out)
        content = out.getvalue()
    response = HttpResponse(content, content_type=CONTENT_TYPES[file_format])
    response["Content-Disposition"] = f'attachment; filename="{filename}.{file_format}"'
    return response


KEY_HEADERS = {
    "month": _lazy("Month"),
    "category": _lazy("Category"),
    "country": _lazy("Destination country"),
    "cooperative": _lazy("Cooperative"),
    "artisan": _lazy("Artisan"),
    "region": _lazy("Region"),
    "women_led": _lazy("Women-led"),
}


def export_columns(table: str) -> list[tuple]:
    """The columns of an exports table (analytics.selectors.exports_by)."""
    return [
        ("label", KEY_HEADERS[table], "text"),
        ("total_mad", _lazy("Exports (MAD)"), "money"),
        ("previous_mad", _lazy("A year before (MAD)"), "money"),
        ("growth", _lazy("Growth"), "ratio"),
        ("share", _lazy("Share"), "ratio"),
        ("orders", _lazy("Orders"), "count"),
    ]


ELIGIBILITY_COLUMNS = [
    ("kind_label", _lazy("Kind"), "text"),
    ("name", _lazy("Name"), "text"),
    ("region_label", _lazy("Region"), "text"),
    ("trailing_12_months_mad", _lazy("Exports, trailing 12 months (MAD)"), "money"),
    ("calendar_year_mad", _lazy("Exports, last calendar year (MAD)"), "money"),
    ("declared_off_platform_mad", _lazy("Declared turnover off the platform (MAD)"), "money"),
    ("turnover_mad", _lazy("Turnover weighed (MAD)"), "money"),
    ("threshold_mad", _lazy("Threshold (MAD)"), "money"),
    ("share_of_threshold", _lazy("Share of the threshold"), "ratio"),
    ("verdict_label", _lazy("Verdict"), "text"),
]
KIND_LABELS = {"cooperative": _lazy("Cooperative"), "artisan": _lazy("Independent artisan")}


def eligibility_file_rows(report: dict) -> list[dict]:
    """The report's rows with their labels in the reader's language."""
    return [
        {
            **row,
            "kind_label": str(KIND_LABELS[row["kind"]]),
            "region_label": str(MoroccanRegion(row["region"]).label) if row["region"] in MoroccanRegion.values else "",
            "verdict_label": str(Verdict(row["verdict"]).label) if row["verdict"] else "",
        }
        for row in report["rows"]
    ]
