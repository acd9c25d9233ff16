"""Cooperative admins see and act only on their own cooperatives' rows, in the
admin as in the API. Superusers see everything. Every scoped ModelAdmin of
every app uses this one base, so the rule lives in one place: a row is
scoped by its OWN cooperative (`cooperative_lookup`), never by a related
order's, whose other parcels may be another cooperative's.

Operators' e-mails are not shown to cooperative admins: an actor who is
platform staff and not an admin of one of the viewer's cooperatives shows as
"Souk staff" (neutral_actor_*)."""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.db.models import BooleanField, Case, Exists, OuterRef, Q, Value, When
from django.utils.translation import gettext_lazy as _

from artisans.models import Cooperative
from marketplace.admin_security import SecureModelAdmin

PLATFORM_STAFF = _("Souk staff")


def administers_any_cooperative(request) -> bool:
    if not hasattr(request, "_administers_cooperative"):
        user = request.user
        request._administers_cooperative = user.is_active and user.administered_cooperatives.exists()
    return request._administers_cooperative


def actor_is_platform_staff(request, actor_field: str = "actor"):
    """An annotation: True where the row's `actor_field` (a User) is platform
    staff and administers none of the viewer's cooperatives. Always False for
    a superuser viewer, who sees everyone."""
    if request.user.is_superuser:
        return Value(False, output_field=BooleanField())
    shares_a_cooperative = Cooperative.admins.through.objects.filter(
        user_id=OuterRef(f"{actor_field}_id"), cooperative__admins=request.user
    )
    return Case(
        When(Exists(shares_a_cooperative), then=Value(False)),
        When(Q(**{f"{actor_field}__is_staff": True}) | Q(**{f"{actor_field}__is_superuser": True}), then=Value(True)),
        default=Value(False),
        output_field=BooleanField(),
    )


def neutral_actor(actor, is_platform_staff: bool):
    if actor is None:
        return "—"
    return PLATFORM_STAFF if is_platform_staff else actor


class NeutralActorInlineMixin:
    """For event inlines: list `actor_shown` in `fields` instead of `actor`."""

    actor_field = "actor"

    def get_queryset(self, request):
        queryset = super().get_queryset(request).select_related(self.actor_field)
        return queryset.annotate(actor_is_platform=actor_is_platform_staff(request, self.actor_field))

    @admin.display(description=_("by"))
    def actor_shown(self, event):
        return neutral_actor(getattr(event, self.actor_field), getattr(event, "actor_is_platform", False))


class _NeutralUser:
    """What the history page prints for a platform operator."""

    def get_username(self):
        return str(PLATFORM_STAFF)

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

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
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

    def history_view(self, request, object_id, extra_context=None):
        response = super().history_view(request, object_id, extra_context)
        context = getattr(response, "context_data", None)
        if request.user.is_superuser or not context or "action_list" not in context:
            return response
        page = context["action_list"]
        entries = list(page.object_list)
        platform = set(
            get_user_model()
            ._default_manager.filter(pk__in={entry.user_id for entry in entries})
            .filter(Q(is_staff=True) | Q(is_superuser=True))
            .exclude(administered_cooperatives__admins=request.user)
            .values_list("pk", flat=True)
        )
        page.object_list = [
            _LogEntryShown(entry, _NeutralUser()) if entry.user_id in platform else entry for entry in entries
        ]
        return response
