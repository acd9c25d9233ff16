"""Cooperative admins see and act only on their own cooperatives' rows, in the
admin as in the API. Superusers see everything. Every scoped ModelAdmin of
every app uses this one base, so the rule lives in one place: a row is
scoped by its OWN cooperative (`cooperative_lookup`), never by a related
order's, whose other parcels may be another cooperative's. An admin whose
rows the API also serves scopes with the permission module's queryset
instead (`visible_to`), so both answer alike.

Who did something (an event's actor, a history entry's user) is named with
artisans.permissions.actor_label, the API's rule: a cooperative admin never
reads an operator's e-mail."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from artisans import permissions
from artisans.models import Cooperative
from artisans.permissions import actor_label, is_operator
from marketplace.admin_security import SecureModelAdmin


def administers_any_cooperative(request) -> bool:
    """artisans.permissions' answer, asked once a request."""
    if not hasattr(request, "_administers_cooperative"):
        request._administers_cooperative = permissions.administers_any_cooperative(request.user)
    return request._administers_cooperative


def _follow(obj, path: str):
    """obj.a.b for "a__b"; None past a missing link."""
    for name in path.split("__"):
        if obj is None:
            return None
        obj = getattr(obj, name)
    return obj


def _parent(path: str) -> str:
    return path.rpartition("__")[0]


class NeutralActorInlineMixin:
    """For event inlines: list `actor_shown` in `fields` instead of `actor`.
    `cooperative_path` leads from the event to its record's cooperative,
    `subject_paths` to the ids of the record's own users (artisan, buyer)."""

    actor_field = "actor"
    cooperative_path = "artisan__cooperative"
    subject_paths = ("artisan__user_id",)

    def get_queryset(self, request):
        self._viewer = request.user  # an inline instance serves one request
        parents = {_parent(path) for path in self.subject_paths} - {""}
        return (
            super()
            .get_queryset(request)
            .select_related(self.actor_field, self.cooperative_path, *parents)
            .prefetch_related(f"{self.cooperative_path}__admins")
        )

    @admin.display(description=_("by"))
    def actor_shown(self, event):
        label = actor_label(
            getattr(event, self.actor_field),
            viewer=getattr(self, "_viewer", None),  # None: the neutral labels
            cooperatives=[_follow(event, self.cooperative_path)],
            subject_user_ids={_follow(event, path) for path in self.subject_paths},
        )
        return label or "—"


class ScopedInlineMixin:
    """An inline of a CooperativeScopedAdmin: seen by whoever may see the
    parent row, and, when `editable`, added to, changed and deleted by whoever
    may change it (the parent admin's scoped answers). Django's default asks
    for model permissions, which cooperative admins do not hold: the inlines
    would vanish from their pages. The parent admin's save_formset writes
    the rows, through the services."""

    editable = False

    def _parent_admin(self):
        return self.admin_site._registry[self.parent_model]

    def has_view_permission(self, request, obj=None):
        return self._parent_admin().has_view_permission(request, obj)

    def _may_edit(self, request, obj) -> bool:
        return self.editable and self._parent_admin().has_change_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._may_edit(request, obj)

    def has_add_permission(self, request, obj=None):
        return self._may_edit(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._may_edit(request, obj)


class _UserShown:
    """What Django's history page prints for a user, as actor_label names them."""

    def __init__(self, label):
        self.label = label

    def get_username(self):
        return self.label

    def get_full_name(self):
        return ""


class _LogEntryShown:
    def __init__(self, entry, user):
        self._entry = entry
        self.user = user

    def __getattr__(self, name):
        return getattr(self._entry, name)


class CooperativeScopedAdmin(SecureModelAdmin):
    # Path from this admin's model to its Cooperative; "" for Cooperative itself.
    cooperative_lookup = "cooperative"
    # What a cooperative admin may do besides viewing.
    cooperative_admin_can_change = True
    # Paths from this admin's model to the ids of its own users (its artisan,
    # its buyer): their e-mails are shown on its history pages (actor_label).
    subject_lookups = ()
    # user -> the rows they may see, from the permission module, where the API
    # serves these rows too: the admin lists exactly those (a staticmethod).
    visible_to = None

    def get_queryset(self, request):
        return self.scoped(request, super().get_queryset(request))

    def scoped(self, request, queryset):
        """The rows `request.user` reaches: the permission module's queryset
        where there is one (`visible_to`), else by their own cooperative."""
        if self.visible_to is not None:
            return queryset.filter(pk__in=self.visible_to(request.user).values("pk"))
        if request.user.is_superuser:
            return queryset
        prefix = f"{self.cooperative_lookup}__" if self.cooperative_lookup else ""
        return queryset.filter(**{f"{prefix}admins": request.user})

    def _is_cooperative_admin(self, request) -> bool:
        return request.user.is_active and request.user.is_staff and administers_any_cooperative(request)

    def has_module_permission(self, request):
        return request.user.is_superuser or self._is_cooperative_admin(request)

    def has_view_permission(self, request, obj=None):
        if request.user.is_superuser:
            return True
        return self._is_cooperative_admin(request) and (
            obj is None or self.get_queryset(request).filter(pk=obj.pk).exists()
        )

    def has_change_permission(self, request, obj=None):
        if request.user.is_superuser:
            return True
        return self.cooperative_admin_can_change and self.has_view_permission(request, obj)

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser

    def actor_labeler(self, request, obj):
        """user -> how `request.user` sees them on `obj`'s history pages
        (None for the system): actor_label, with the record's cooperatives
        that the viewer administers (the admin is their tool as a
        cooperative admin) and the record's own users."""
        viewer = request.user
        if is_operator(viewer):
            return lambda user: actor_label(user, viewer=viewer)
        row = self.model._default_manager.filter(pk=obj.pk)
        cooperative_ids = row.values(self.cooperative_lookup) if self.cooperative_lookup else [obj.pk]
        cooperatives = list(
            Cooperative.objects.filter(pk__in=cooperative_ids, admins=viewer).prefetch_related("admins")
        )
        subjects = {user_id for path in self.subject_lookups for user_id in row.values_list(path, flat=True)}
        return lambda user: actor_label(user, viewer=viewer, cooperatives=cooperatives, subject_user_ids=subjects)

    def history_view(self, request, object_id, extra_context=None):
        response = super().history_view(request, object_id, extra_context)
        context = getattr(response, "context_data", None)
        if is_operator(request.user) or not context or "action_list" not in context:
            return response
        labels = self.actor_labeler(request, context["object"])
        page = context["action_list"]
        page.object_list = [_LogEntryShown(entry, _UserShown(labels(entry.user))) for entry in page.object_list]
        return response
