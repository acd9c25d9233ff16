from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TranslationAdmin

from artisans import permissions, services
from artisans.admin_forms import ArtisanProfileAdminForm
from artisans.models import ArtisanProfile, Cooperative, Craft, PayoutDetails, VerificationEvent, VerificationStatus
from artisans.scoping import CooperativeScopedAdmin, NeutralActorInlineMixin
from marketplace.admin_actions import DecisionActionsMixin
from marketplace.admin_history import AuditHistoryMixin
from marketplace.admin_security import SuperuserOnlyAdmin


class VerificationEventInline(NeutralActorInlineMixin, admin.TabularInline):
    model = VerificationEvent
    fields = ["created_at", "from_status", "to_status", "actor_shown", "reason"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    verbose_name_plural = _("Verification history")

    def has_view_permission(self, request, obj=None):
        return True  # inside an artisan the parent admin already let this user see

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class PayoutDetailsInline(admin.StackedInline):
    """Masked only: nobody reads a whole account number in the admin."""

    model = PayoutDetails
    fields = ["account_holder", "account_type", "account_number", "updated_at"]
    readonly_fields = fields
    can_delete = False

    @admin.display(description=_("account type"))
    def account_type(self, details):
        return _("RIB") if details.account_kind == "rib" else _("IBAN")

    @admin.display(description=_("account number (masked)"))
    def account_number(self, details):
        return details.masked_account

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ArtisanProfile)
class ArtisanProfileAdmin(AuditHistoryMixin, DecisionActionsMixin, CooperativeScopedAdmin, TranslationAdmin):
    form = ArtisanProfileAdminForm
    subject_lookups = ("user",)
    visible_to = staticmethod(permissions.artisans_managed_by)
    list_display = [
        "display_name_latin",
        "verification_status",
        "cooperative",
        "city",
        "display_name_arabic",
        "region",
        "created_at",
    ]
    list_filter = [
        "verification_status",
        "region",
        ("cooperative", admin.RelatedOnlyFieldListFilter),
        ("crafts", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = ["display_name_latin", "display_name_arabic", "user__email", "city"]
    list_select_related = ["cooperative"]
    readonly_fields = ["user", "slug", "verification_status", "created_at", "updated_at"]
    fields = [
        "user",
        "slug",
        "display_name_latin",
        "display_name_arabic",
        "crafts",
        "bio",
        "photo",
        "region",
        "city",
        "cooperative",
        "paperwork_language",
        "ice",
        "approved_exporter_number",
        "women_led",
        "declared_annual_turnover_mad",
        "verification_status",
        "created_at",
        "updated_at",
    ]
    filter_horizontal = ["crafts"]
    inlines = [PayoutDetailsInline, VerificationEventInline]
    actions = ["verify", "reject", "suspend", "reinstate"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        # Artisans apply through the app, which records the application.
        return False

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.verification_status != VerificationStatus.PENDING:
            readonly.append("cooperative")  # moving needs a new review, as in services.artisan_update
        return readonly

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "cooperative" and not request.user.is_superuser:
            kwargs["queryset"] = Cooperative.objects.filter(admins=request.user)
            kwargs["required"] = True  # a cooperative admin cannot detach an artisan from every cooperative
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    decision_intro = _("These artisans will be told the reason by e-mail:")

    def decision_done_message(self, count):
        return ngettext("%(count)d artisan updated.", "%(count)d artisans updated.", count) % {"count": count}

    def _decide(self, request, service):
        def decide(artisan, reason):
            service(artisan=artisan, actor=request.user, reason=reason)

        return decide

    @admin.action(description=_("Verify the selected artisans"))
    def verify(self, request, queryset):
        self.apply_decision(
            request, queryset.select_related("cooperative"), self._decide(request, services.artisan_verify)
        )

    @admin.action(description=_("Reject the selected applications (with a reason)"))
    def reject(self, request, queryset):
        decide = self._decide(request, services.artisan_reject)
        return self.decision_with_reason(request, queryset, decide, _("Reject applications"))

    @admin.action(description=_("Suspend the selected artisans (with a reason)"))
    def suspend(self, request, queryset):
        decide = self._decide(request, services.artisan_suspend)
        return self.decision_with_reason(request, queryset, decide, _("Suspend artisans"))

    @admin.action(description=_("Reinstate the selected suspended artisans"))
    def reinstate(self, request, queryset):
        self.apply_decision(
            request, queryset.select_related("cooperative"), self._decide(request, services.artisan_reinstate)
        )


@admin.register(Cooperative)
class CooperativeAdmin(CooperativeScopedAdmin):
    cooperative_lookup = ""
    ordering = ["name_latin"]
    list_display = ["name_latin", "name_arabic", "legal_form", "region", "city", "women_led", "member_count"]
    list_filter = ["region", "legal_form", "women_led"]
    search_fields = ["name_latin", "name_arabic", "ice", "city"]
    prepopulated_fields = {"slug": ["name_latin"]}
    filter_horizontal = ["admins"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(member_total=Count("members"))

    @admin.display(description=_("members"), ordering="member_total")
    def member_count(self, cooperative):
        return cooperative.member_total

    def get_readonly_fields(self, request, obj=None):
        if request.user.is_superuser:
            return []
        # A cooperative admin keeps the contact details current; identity is the platform's.
        return ["name_latin", "name_arabic", "slug", "legal_form", "ice", "approved_exporter_number", "admins",
                "declared_annual_turnover_mad"]  # fmt: skip

    def get_prepopulated_fields(self, request, obj=None):
        return self.prepopulated_fields if request.user.is_superuser else {}


@admin.register(Craft)
class CraftAdmin(SuperuserOnlyAdmin, TranslationAdmin):
    list_display = ["slug", "name"]
    search_fields = ["slug", "name"]
