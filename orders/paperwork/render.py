"""HTML templates to PDF with WeasyPrint. A document is a pure function of its
data (orders.paperwork.data), its version and its verification URL: the
template gets numbers already formatted for the document's language.

The fonts come from fonts/ through @font-face, never from the host. Loading
them costs more than rendering a page, so the font configuration and the
style sheet are built once per process and reused by every render."""

import atexit
import base64
import functools
import io
from decimal import Decimal
from pathlib import Path

from babel.numbers import format_decimal
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.dateparse import parse_date
from django.utils.formats import date_format
from django_countries import countries

from orders.paperwork import descriptions, texts
from orders.paperwork.models import DocumentKind

FONTS = Path(__file__).resolve().parent / "fonts"
# Language → Babel locale for amounts and weights (1 234,50 in French, 1,234.50 in English).
LOCALES = {"fr": "fr_FR", "en": "en_GB", "es": "es_ES", "ar": "ar_MA"}
TEMPLATES = {
    DocumentKind.COMMERCIAL_INVOICE: "orders/paperwork/commercial_invoice.html",
    DocumentKind.PACKING_LIST: "orders/paperwork/packing_list.html",
    DocumentKind.CUSTOMS_DECLARATION: "orders/paperwork/customs_declaration.html",
    DocumentKind.ORIGIN_STATEMENT: "orders/paperwork/origin_statement.html",
}

FONT_FACES = [
    ("Souk Sans", "normal", "NotoSans-Regular.ttf"),
    ("Souk Sans", "bold", "NotoSans-Bold.ttf"),
    ("Souk Naskh", "normal", "NotoNaskhArabic-Regular.ttf"),
    ("Souk Naskh", "bold", "NotoNaskhArabic-Bold.ttf"),
]


def _font_face_css() -> str:
    return "\n".join(
        f"@font-face {{ font-family: '{family}'; font-weight: {weight}; src: url('{(FONTS / name).as_uri()}'); }}"
        for family, weight, name in FONT_FACES
    )


@functools.cache
def _weasyprint():
    """WeasyPrint's HTML class with our user-agent sheet, the font
    configuration and the style sheet, once per process (imported here:
    loading the orders app must not load WeasyPrint)."""
    import weasyprint
    from weasyprint.text.fonts import FontConfiguration

    here = Path(__file__).resolve().parent
    user_agent = weasyprint.CSS(string=(here / "user_agent.css").read_text())

    class PaperworkHTML(weasyprint.HTML):
        # WeasyPrint (pinned) reads its user-agent sheets through this method:
        # ours holds only the rules our templates need (see user_agent.css).
        def _ua_stylesheets(self, forms=False):
            return [user_agent]

    font_config = FontConfiguration()
    # Dropped before interpreter shutdown: its __del__ needs modules that are gone by then.
    atexit.register(_weasyprint.cache_clear)
    css = _font_face_css() + (here / "paperwork.css").read_text()
    stylesheet = weasyprint.CSS(string=css, font_config=font_config)
    return PaperworkHTML, font_config, stylesheet


def _number(value, language: str, digits: int = 2) -> str:
    pattern = "#,##0." + "0" * digits if digits else "#,##0"
    return format_decimal(Decimal(str(value)), format=pattern, locale=LOCALES.get(language, "en_GB"))


def _weight(grams: int, language: str) -> str:
    """A weight no reader can take for another: kilograms with one or two
    decimals when that is exact ("6.5 kg", "6,5 kg"), else whole grams
    without grouping ("600 g", "1234 g"). Three decimals after a comma
    ("6,500 kg") read as six thousand five hundred where the comma groups."""
    locale = LOCALES.get(language, "en_GB")
    if grams >= 1000 and grams % 10 == 0:
        return format_decimal(Decimal(grams) / 1000, format="0.0#", locale=locale) + " kg"
    return f"{grams} g"


def _dimensions(parcel: dict, language: str) -> str:
    """Length × width × height in centimetres in the document's locale ("45 × 30,5 × 20 cm"), or ""."""
    sides = [parcel[name] for name in ("length_cm", "width_cm", "height_cm")]
    if not all(sides):
        return ""
    locale = LOCALES.get(language, "en_GB")
    return " × ".join(format_decimal(Decimal(side), format="0.#", locale=locale) for side in sides) + " cm"


def qr_data_uri(url: str) -> str:
    """The QR code as a small PNG: WeasyPrint draws an SVG path of a few
    hundred modules in Python (about 100 ms), a bitmap it just embeds."""
    import segno

    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="png", scale=4, border=2)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()


def _formatted_lines(data: dict, language: str) -> list[dict]:
    return [
        {
            **line,
            "origin_name": countries.name(line["origin"]),
            # Material and use in the document's language, then the shop's title in brackets.
            "goods": descriptions.line_description(
                hs_code=line["hs_code"], title=line["description"], options=line["options"]
            ),
            "goods_short": descriptions.line_description(hs_code=line["hs_code"], title=line["description"]),
            "unit_price_display": _number(line["unit_price"], language),
            "total_display": _number(line["total"], language),
            "unit_price_mad_display": _number(line["unit_price_mad"], language),
            "total_mad_display": _number(line["total_mad"], language),
            "unit_weight": _weight(line["unit_weight_grams"], language),
            "net_weight": _weight(line["net_weight_grams"], language),
        }
        for line in data["lines"]
    ]


def _legal(wordings: dict, language: str) -> str:
    """A legal wording in the document's language, else in English: the
    agreements prescribe their own language versions (texts.py)."""
    return wordings.get(language, wordings["en"])


def _origin_texts(data: dict, language: str) -> dict:
    origin = data["origin"]
    if origin["regime"] == "eu":
        if not origin["may_declare"]:
            limit = _number(origin["limit_eur"], language, digits=0)
            return {"eur1_needed": _legal(texts.EU_EUR1_NEEDED, language).format(limit=limit)}
        number = origin.get("approved_exporter_number", "")
        authorisation = _legal(texts.EU_AUTHORISATION, language).format(number=number) if number else ""
        return {"declaration": _legal(texts.EU_ORIGIN_DECLARATION, language).format(authorisation=authorisation)}
    if origin["regime"] == "us":
        return {
            "declaration": texts.US_CERTIFICATION,
            "translation": texts.US_CERTIFICATION_TRANSLATIONS.get(language, ""),
        }
    return {"declaration": _legal(texts.PLAIN_ORIGIN, language)}


def document_context(kind: str, data: dict, *, version: int, verification_url: str = "") -> dict:
    language = data["language"]
    totals = {name: _number(value, language) for name, value in data["totals"].items()}
    parcel = data["parcel"]
    units_per_mad = Decimal(data["units_per_mad"])
    marketplace_country = data["marketplace"].get("country", "")
    return {
        "kind": kind,
        "data": data,
        "language": language,
        # Arabic documents run right to left (base.html, paperwork.css).
        "rtl": translation.get_language_info(language)["bidi"],
        "version": version,
        "number": data["numbers"][kind],
        "invoice_number": data["numbers"][DocumentKind.COMMERCIAL_INVOICE],
        "issue_date": date_format(parse_date(data["issue_date"]), "DATE_FORMAT"),
        "order_date": date_format(parse_date(data["order_date"]), "DATE_FORMAT"),
        "lines": _formatted_lines(data, language),
        "totals": totals,
        "ddp": data["incoterm"] == "DDP",
        "has_duties": Decimal(data["totals"]["duties"]) > 0,
        "has_insurance": Decimal(data["totals"]["insurance"]) > 0,
        "mad_per_unit": _number(1 / units_per_mad, language, digits=4) if units_per_mad else "",
        "units_per_mad": _number(units_per_mad, language, digits=6),
        "net_weight": _weight(parcel["net_weight_grams"], language),
        "gross_weight": _weight(parcel["gross_weight_grams"], language),
        "dimensions": _dimensions(parcel, language),
        "consignee_country": countries.name(data["consignee"]["country"]),
        "exporter_country": countries.name(data["exporter"]["country"]),
        "marketplace_country": countries.name(marketplace_country) if marketplace_country else "",
        "ioss": data.get("ioss", {}),
        "value_sdr": _number(data["customs"]["value_sdr"], language),
        "value_eur": _number(data["origin"]["value_eur"], language) if "value_eur" in data["origin"] else "",
        "limit_eur": _number(data["origin"]["limit_eur"], language, digits=0) if "limit_eur" in data["origin"] else "",
        "origin_texts": _origin_texts(data, language) if kind == DocumentKind.ORIGIN_STATEMENT else {},
        "invoice_origin_texts": _origin_texts(data, language) if data["origin"]["regime"] == "eu" else {},
        "verification_url": verification_url,
        "qr": qr_data_uri(verification_url) if verification_url else "",
    }


def document_html(kind: str, data: dict, *, version: int, verification_url: str = "") -> str:
    with translation.override(data["language"]):
        context = document_context(kind, data, version=version, verification_url=verification_url)
        return render_to_string(TEMPLATES[DocumentKind(kind)], context)


def document_render(kind: str, data: dict, *, version: int, verification_url: str = "") -> bytes:
    """The PDF of one document."""
    html_class, font_config, stylesheet = _weasyprint()
    html = document_html(kind, data, version=version, verification_url=verification_url)
    return html_class(string=html, base_url=str(FONTS)).write_pdf(stylesheets=[stylesheet], font_config=font_config)


def html_render_pdf(html: str) -> bytes:
    """A PDF of any page written for the paperwork's fonts and style sheet
    (the analytics app's Trade Pact dossier uses it)."""
    html_class, font_config, stylesheet = _weasyprint()
    return html_class(string=html, base_url=str(FONTS)).write_pdf(stylesheets=[stylesheet], font_config=font_config)
