"""The admin's History page shows the audit trail (marketplace/history.py):
who changed what and when, field by field, for an object and for its
audited children that have no admin page of their own (a product's variants,
an artisan's payout details).

Put `AuditHistoryMixin` first in a ModelAdmin's bases. The page obeys the
admin's own rules: the object must be in the admin's (scoped) queryset and
viewable by the user, as for the change page. Users are named by the
ModelAdmin's `actor_labeler(request, obj)` (the kernel's default, in
admin_security, serves operators only; artisans.scoping gives every admin a
cooperative admin reaches the API's rule, artisans.permissions.actor_label):
cooperative admins never read an operator's e-mail. The historical models themselves are
not registered in the admin, and no old version can be restored from it:
every change goes through a service.
"""

from dataclasses import dataclass, field

from django.contrib.admin.utils import unquote
from django.contrib.admin.views.main import PAGE_VAR
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import models
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from simple_history.utils import get_m2m_reverse_field_name

HISTORY_MANAGER = "history"


def has_audit_history(model) -> bool:
    return getattr(model._meta, "simple_history_manager_attribute", None) == HISTORY_MANAGER


@dataclass
class Change:
    field: str
    old: str
    new: str


@dataclass
class Entry:
    record: models.Model
    subject: str  # "" for the object itself, e.g. "Variant TAJ-1" for a child
    actor: str
    changes: list[Change] = field(default_factory=list)

    @property
    def date(self):
        return self.record.history_date

    @property
    def kind(self):
        return self.record.get_history_type_display()

    @property
    def reason(self):
        return self.record.history_change_reason or ""


def _trails(obj, admin_site):
    """(history queryset, subject label or None) for the object and for its
    audited children without an admin page of their own."""
    model = type(obj)
    yield model.history.filter(**{model._meta.pk.attname: obj.pk}), None
    for relation in model._meta.related_objects:
        child = relation.related_model
        if relation.many_to_many or not has_audit_history(child) or admin_site.is_registered(child):
            continue
        yield child.history.filter(**{relation.field.attname: obj.pk}), capfirst(child._meta.verbose_name)


def _named(labels, user) -> str:
    return labels(user) or _("System")


def _display(model_field, value, labels) -> str:
    if isinstance(model_field, models.ManyToManyField):
        reverse_name = get_m2m_reverse_field_name(model_field)
        return ", ".join(sorted(str(row[reverse_name]) for row in value)) or "—"
    if value is None or value == "":
        return "—"
    if isinstance(model_field, models.ForeignKey) and model_field.related_model is get_user_model():
        return _named(labels, value) if isinstance(value, models.Model) else str(value)  # str: a deleted user
    if model_field.flatchoices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return str(value)


def field_change(model, name: str, old, new, *, label: str = "") -> Change:
    """A recorded change of `model`'s field `name`, as the History page shows
    it: the field's verbose name (after `label`, e.g. a variant's SKU), and
    the values as the user reads them (choice labels, yes/no, "—")."""
    model_field = model._meta.get_field(name)
    title = str(capfirst(model_field.verbose_name))  # in the language active now, not when shown
    return Change(
        f"{label} — {title}" if label else title,
        _display(model_field, old, _no_users),
        _display(model_field, new, _no_users),
    )


def _no_users(user) -> str:
    return ""  # recorded changes name no user


def changes_html(changes: list[Change]) -> str:
    """The changes as the History page lists them, for an inline's cell."""
    return render_to_string("admin/changes_list.html", {"changes": changes})


def _changes(record, previous, labels) -> list[Change]:
    model = record.instance_type
    changes = []
    if previous is not None:
        delta = record.diff_against(previous, foreign_keys_are_objs=True)
        for change in delta.changes:
            model_field = model._meta.get_field(change.field)
            changes.append(
                Change(
                    capfirst(model_field.verbose_name),
                    _display(model_field, change.old, labels),
                    _display(model_field, change.new, labels),
                )
            )
    shown = {change.field for change in changes}
    for name in filter(None, record.changed_secrets.split(",")):
        label = capfirst(model._meta.get_field(name).verbose_name)
        if label not in shown:  # a masked number whose visible digits changed says it already
            changes.append(Change(label, "", _("changed (not kept)")))
    return changes


def audit_entries(obj, *, admin_site, labels) -> list[Entry]:
    """The trail of `obj` and its children, newest first."""
    entries = []
    for trail, subject in _trails(obj, admin_site):
        records = trail.select_related("history_user")._select_related_history_tracked_objs()
        previous_by_object = {}
        for record in records.order_by("history_date", "history_id"):
            object_id = getattr(record, record.instance_type._meta.pk.attname)
            previous = previous_by_object.get(object_id)
            changes = _changes(record, previous, labels)
            previous_by_object[object_id] = record
            if record.history_type == "~" and previous is not None and not changes and not record.history_change_reason:
                continue  # a save of nothing the trail keeps (a stock count, a timestamp)
            label = f"{subject} {record.history_object}" if subject else ""
            entries.append(Entry(record, label, _named(labels, record.history_user), changes))
    entries.sort(key=lambda entry: (entry.date, entry.record.history_id), reverse=True)
    return entries


class AuditHistoryMixin:
    """A ModelAdmin's History page showing the audit trail instead of the
    admin's own log of the edits made in it."""

    audit_history_template = "admin/audit_history.html"
    audit_history_per_page = 100

    def history_view(self, request, object_id, extra_context=None):
        if not has_audit_history(self.model):
            return super().history_view(request, object_id, extra_context)
        # As Django's own history view: only an object this admin lets the user see.
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            return self._get_obj_does_not_exist_redirect(request, self.model._meta, object_id)
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied

        entries = audit_entries(obj, admin_site=self.admin_site, labels=self.actor_labeler(request, obj))
        paginator = Paginator(entries, self.audit_history_per_page)
        page = paginator.get_page(request.GET.get(PAGE_VAR))
        opts = self.model._meta
        context = {
            **self.admin_site.each_context(request),
            "title": _("Change history: %s") % obj,
            "subtitle": None,
            "object": obj,
            "opts": opts,
            "module_name": capfirst(opts.verbose_name_plural),
            "page_obj": page,
            "page_range": paginator.get_elided_page_range(page.number),
            "pagination_required": paginator.num_pages > 1,
            "page_var": PAGE_VAR,
            "preserved_filters": self.get_preserved_filters(request),
            **(extra_context or {}),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, self.audit_history_template, context)
