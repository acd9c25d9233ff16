from rest_framework import permissions

from artisans.permissions import administers_any_cooperative, artisan_may_be_managed_by, is_operator


class IsCooperativeAdmin(permissions.BasePermission):
    """Superusers, and users who administer at least one cooperative. Which
    rows they reach is decided by the view's scoped queryset, what they may
    do to a row by artisans.permissions (called by the services)."""

    def has_permission(self, request, view):
        return is_operator(request.user) or administers_any_cooperative(request.user)


class MayManageArtisan(IsCooperativeAdmin):
    """The row itself: the same rule the admin and the services apply."""

    def has_object_permission(self, request, view, obj):
        return artisan_may_be_managed_by(request.user, obj)


class IsSuperuser(permissions.BasePermission):
    def has_permission(self, request, view):
        return is_operator(request.user)
