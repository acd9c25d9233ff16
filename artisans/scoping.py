"""Cooperative admins see and act only on their own cooperatives' rows, in the
admin as in the API. Superusers see everything. Every scoped ModelAdmin of
every app uses this one mixin, so the rule lives in one place."""

from django.contrib import admin


def administers_any_cooperative(request) -> bool:
    if not hasattr(request, "_administers_cooperative"):
        user = request.user
        request._administers_cooperative = user.is_active and user.administered_cooperatives.exists()
    return request._administers_cooperative


class CooperativeScopedAdmin(admin.ModelAdmin):
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
        return request.user.is_staff and administers_any_cooperative(request)

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
