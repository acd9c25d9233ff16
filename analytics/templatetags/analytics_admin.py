from decimal import Decimal

from django import template
from django.utils.formats import number_format

from analytics.permissions import analytics_reader

register = template.Library()


@register.inclusion_tag("analytics/admin/links.html", takes_context=True)
def analytics_links(context):
    """The dashboard and eligibility links, for those who may read them."""
    request = context.get("request")
    return {"shown": request is not None and analytics_reader(request.user)}


@register.filter
def percent(ratio):
    """0.4478 → "44.8 %" in the active locale's number format; None → "—"."""
    if ratio is None or ratio == "":
        return "—"
    return f"{number_format(Decimal(ratio) * 100, 1)} %"


@register.filter
def money(amount):
    """1234567.5 → "1,234,567.50" (or the locale's separators); None → "—"."""
    if amount is None or amount == "":
        return "—"
    return number_format(amount, 2, force_grouping=True)
