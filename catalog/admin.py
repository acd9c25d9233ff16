from django.contrib import admin
from django.core.files.storage import default_storage
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TranslationAdmin

from artisans.scoping import CooperativeScopedAdmin, NeutralActorInlineMixin
from catalog import permissions, services
from catalog.models import Category, Material, Product, ProductEvent, ProductPhoto, Variant
from marketplace.admin_actions import DecisionActionsMixin
from marketplace.admin_history import AuditHistoryMixin
from marketplace.admin_security import SuperuserOnlyAdmin


class VariantInline(admin.TabularInline):
    model = Variant
    fields = ["sku", "options", "price_mad", "compare_at_price_mad", "stock", "weight_grams"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class PhotoInline(admin.TabularInline):
    model = ProductPhoto
    fields = ["preview", "position", "width", "height"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description=_("photo"))
    def preview(self, photo):
        path = photo.renditions.get("320", {}).get("webp") or photo.original.name
        # An attribute, not a style: the Content-Security-Policy refuses inline styles.
        return format_html('<img src="{}" alt="" height="80">', default_storage.url(path))


class ProductEventInline(NeutralActorInlineMixin, admin.TabularInline):
    model = ProductEvent
    cooperative_path = "product__artisan__cooperative"
    subject_paths = ("product__artisan__user_id",)
    fields = ["created_at", "actor_shown", "from_status", "to_status", "changes", "reason"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    verbose_name_plural = _("History")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Product)
class ProductAdmin(AuditHistoryMixin, DecisionActionsMixin, CooperativeScopedAdmin, TranslationAdmin):
    """Cooperative admins review their members' products; edits are the artisans'."""

    cooperative_lookup = "artisan__cooperative"
    subject_lookups = ("artisan__user",)
    visible_to = staticmethod(permissions.products_managed_by)
    list_display = ["title", "artisan", "category", "status", "min_price_mad", "total_stock", "handmade_in_morocco",
                    "created_at"]  # fmt: skip
    list_filter = ["status", "handmade_in_morocco", "made_to_order", "category", "region_of_origin"]
    search_fields = ["title_en", "title_fr", "title_ar", "title_es", "slug", "artisan__display_name_latin",
                     "variants__sku"]  # fmt: skip
    list_select_related = ["artisan", "category"]
    readonly_fields = ["artisan", "slug", "status", "handmade_in_morocco", "min_price_mad", "total_stock",
                       "rating_average", "rating_count", "published_at", "created_at", "updated_at"]  # fmt: skip
    inlines = [VariantInline, PhotoInline, ProductEventInline]
    actions = ["approve", "reject", "grant_handmade_mark", "withdraw_handmade_mark"]
    date_hierarchy = "created_at"
    decision_intro = _("These products will be rejected; the artisans see the reason:")
    cooperative_admin_can_change = False

    def has_add_permission(self, request):
        return False  # artisans list products through the app

    def decision_done_message(self, count):
        return ngettext("%(count)d product updated.", "%(count)d products updated.", count) % {"count": count}

    def _call(self, request, service, **extra):
        def decide(product, reason):
            if reason:
                extra["reason"] = reason
            service(product=product, actor=request.user, **extra)

        return decide

    @admin.action(description=_("Approve the selected products (put them on sale)"))
    def approve(self, request, queryset):
        self.apply_decision(request, queryset, self._call(request, services.product_approve))

    @admin.action(description=_("Reject the selected products (with a reason)"))
    def reject(self, request, queryset):
        return self.decision_with_reason(
            request, queryset, self._call(request, services.product_reject), _("Reject products")
        )

    @admin.action(description=_("Grant the “handmade in Morocco” mark"))
    def grant_handmade_mark(self, request, queryset):
        self.apply_decision(request, queryset, self._call(request, services.product_set_handmade_mark, granted=True))

    @admin.action(description=_("Withdraw the “handmade in Morocco” mark"))
    def withdraw_handmade_mark(self, request, queryset):
        self.apply_decision(request, queryset, self._call(request, services.product_set_handmade_mark, granted=False))


@admin.register(Category)
class CategoryAdmin(SuperuserOnlyAdmin, TranslationAdmin):
    list_display = ["name", "slug", "parent", "default_hs_code", "position"]
    list_filter = ["parent"]
    search_fields = ["slug", "name_en", "name_fr", "name_ar", "name_es"]


@admin.register(Material)
class MaterialAdmin(SuperuserOnlyAdmin, TranslationAdmin):
    list_display = ["name", "slug"]
    search_fields = ["slug", "name_en", "name_fr"]
