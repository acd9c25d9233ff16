from rest_framework import permissions


class IsCooperativeAdmin(permissions.BasePermission):
    """Superusers, and users who administer at least one cooperative. Which
    rows they reach is decided by the view's scoped queryset."""

    def has_permission(self, request, view):
        user = request.user
        if not (user and user.is_authenticated):
            return False
        return user.is_superuser or user.administered_cooperatives.exists()


class IsSuperuser(permissions.BasePermission):
    def has_permission(self, request, view):
        return bool(request.user and request.user.is_authenticated and request.user.is_superuser)
