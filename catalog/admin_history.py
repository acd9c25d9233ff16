"""A product's history (ProductEvent.changes, as catalog.services and
catalog.photos record it) read in the page's language: "Field: old → new",
with the fields' verbose names and the choices' labels, never the stored
JSON. The shapes recorded:

    {"<product field>": [old, new]}             an edit (category by slug)
    {"price_mad:<sku>": [old, new]}             a variant's new price
    {"variant:<sku>": {"<field>": [old, new]}}  a variant's other edits
    {"variant_added": sku}, {"variant_removed": sku}
    {"photos": {"added" | "removed": id, "original": path}}
"""

from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext as _

from catalog.models import Category, Product, Variant
from marketplace.admin_history import Change, field_change


def _category_name(slug) -> str:
    category = Category.objects.filter(slug=slug).first() if slug else None
    return str(category) if category else (slug or "")


def _variant_label(sku: str) -> str:
    return _("Variant %(sku)s") % {"sku": sku}


def _product_change(name, value) -> Change:
    old, new = value if isinstance(value, list) and len(value) == 2 else ("", value)
    if name == "category":
        old, new = _category_name(old), _category_name(new)
    return field_change(Product, name, old, new)


def _one(key: str, value) -> list[Change]:
    if key == "variant_added":
        return [Change(_("Variant added"), "", value)]
    if key == "variant_removed":
        return [Change(_("Variant removed"), "", value)]
    if key == "photos":
        done = _("photo added") if "added" in value else _("photo removed")
        return [Change(_("Photos"), "", done)]
    if key.startswith("price_mad:"):
        return [field_change(Variant, "price_mad", *value, label=_variant_label(key.split(":", 1)[1]))]
    if key.startswith("variant:"):
        label = _variant_label(key.split(":", 1)[1])
        return [field_change(Variant, name, old, new, label=label) for name, (old, new) in value.items()]
    return [_product_change(key, value)]


def product_event_changes(changes: dict) -> list[Change]:
    shown = []
    for key, value in changes.items():
        try:
            shown += _one(key, value)
        except (FieldDoesNotExist, TypeError, ValueError):
            shown.append(Change(key, "", str(value)))  # a shape this reader does not know: as it was stored
    return shown
