"""Links between related rows in the admin (an order, its artisan orders,
their refunds and payments): to the row's change page, which checks who asks."""

from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html, format_html_join


def change_url(obj) -> str | None:
    opts = obj._meta
    try:
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
    except NoReverseMatch:
        return None


def admin_link(obj, label=None):
    """A link to `obj`'s change page, or its label alone if it has none; "—" for None."""
    if obj is None:
        return "—"
    url = change_url(obj)
    shown = obj if label is None else label
    return format_html('<a href="{}">{}</a>', url, shown) if url else str(shown)


def admin_links(objects, label=str):
    rows = [(change_url(obj), label(obj)) for obj in objects]
    return format_html_join(", ", '<a href="{}">{}</a>', rows) or "—"


class ViewerBoundMixin:
    """A ModelAdmin serves every request: display methods that depend on who
    looks (what they may see) read `self._viewer` on a copy bound to the request."""

    def _bound(self, request):
        import copy

        bound = copy.copy(self)
        bound._viewer = request.user
        return bound

    def changelist_view(self, request, extra_context=None):
        return super(ViewerBoundMixin, self._bound(request)).changelist_view(request, extra_context)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        bound = self._bound(request)
        return super(ViewerBoundMixin, bound).changeform_view(request, object_id, form_url, extra_context)
