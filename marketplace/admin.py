from axes.admin import AccessAttemptAdmin as AxesAccessAttemptAdmin
from axes.models import AccessAttempt
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext

from marketplace import (
    admin_money,  # noqa: F401  (registers the exchange rates admin)
    effects,
    services,
)
from marketplace.admin_history import AuditHistoryMixin
from marketplace.admin_security import OtherAppSuperuserOnlyAdmin, SuperuserOnlyAdmin
from marketplace.models import PendingTask, User

admin.site.site_header = _("Souk administration")
admin.site.site_title = _("Souk admin")
admin.site.index_title = _("Marketplace")


@admin.register(User)
class UserAdmin(AuditHistoryMixin, SuperuserOnlyAdmin, DjangoUserAdmin):
    """Accounts: platform operators only. The password hash is never shown,
    not even Django's masked summary: only whether one is set, and the link
    to set a new one."""

    ordering = ["email"]
    list_display = ["email", "full_name", "preferred_language", "is_staff", "is_superuser", "date_joined"]
    list_filter = ["is_staff", "is_superuser", "is_active", "preferred_language"]
    search_fields = ["email", "full_name"]
    readonly_fields = ["password_status", "last_login", "date_joined"]
    fieldsets = [
        (None, {"fields": ["email", "password_status"]}),
        (_("Personal info"), {"fields": ["full_name", "preferred_language"]}),
        (_("Permissions"), {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]}),
        (_("Important dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]})]

    @admin.display(description=_("password"))
    def password_status(self, user):
        if user.pk is None:
            return "—"
        state = pgettext("password", "set") if user.has_usable_password() else pgettext("password", "not set")
        url = reverse("admin:auth_user_password_change", args=[user.pk])
        return format_html('{} · <a href="{}">{}</a>', state, url, _("Set a new password"))

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        # A deactivated user's API tokens stay refused if the account is reactivated later.
        if change and "is_active" in form.changed_data and not obj.is_active:
            services.user_sessions_end(user=obj)


# --- sign-in lockout records (django-axes) ---------------------------------------------------------

admin.site.unregister(AccessAttempt)


@admin.register(AccessAttempt)
class AccessAttemptAdmin(OtherAppSuperuserOnlyAdmin, AxesAccessAttemptAdmin):
    # axes' "clean up expired attempts" reads the attempt time of a sign-in
    # request and fails on an admin page (500). Expired attempts stop counting
    # by themselves; deleting an attempt unlocks its pair at once.
    actions = []


@admin.register(PendingTask)
class PendingTaskAdmin(SuperuserOnlyAdmin):
    """Tasks the broker refused, waiting for the sweep (marketplace.effects).
    Operators see what is stuck and why; deleting a row gives its work up."""

    list_display = ["task", "args", "created_at", "attempts", "last_error"]
    list_filter = ["task"]
    date_hierarchy = "created_at"
    readonly_fields = ["task", "args", "created_at", "attempts", "last_error"]
    actions = ["send_now"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Queue every pending task now"), permissions=["delete"])
    def send_now(self, request, queryset):
        sent = effects.pending_tasks_send()
        self.message_user(request, _("%(count)d queued; the rest wait for the broker.") % {"count": sent})
