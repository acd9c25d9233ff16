from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TranslationAdmin

from artisans.permissions import artisans_managed_by
from artisans.scoping import CooperativeScopedAdmin, NeutralActorInlineMixin, ScopedInlineMixin
from catalog import permissions, photos, services
from catalog.admin_history import product_event_changes
from catalog.models import Category, Material, Product, ProductEvent, ProductPhoto, ProductStatus, Variant
from marketplace.admin_actions import DecisionActionsMixin, PageButtonsMixin
from marketplace.admin_history import AuditHistoryMixin, changes_html
from marketplace.admin_security import SuperuserOnlyAdmin
from marketplace.errors import DomainError
from marketplace.images import PhotoUploadField


def _error_text(error) -> str:
    if isinstance(error, DomainError):
        return str(error.message)
    return " ".join(str(message) for message in error.messages)


class VariantInline(ScopedInlineMixin, admin.TabularInline):
    """Prices and stock on the review page; a cooperative admin edits them
    for their members (ProductAdmin.save_formset: catalog.services)."""

    model = Variant
    fields = ["sku", "options", "price_mad", "compare_at_price_mad", "stock", "weight_grams"]
    extra = 0
    editable = True


class PhotoInline(ScopedInlineMixin, admin.TabularInline):
    """The photos, as thumbnails; deleting one goes through catalog.photos."""

    model = ProductPhoto
    fields = ["preview", "position", "width", "height"]
    readonly_fields = fields
    extra = 0
    editable = True

    def has_add_permission(self, request, obj=None):
        return False  # PhotoUploadInline adds them

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("photo"))
    def preview(self, photo):
        path = photo.renditions.get("320", {}).get("webp") or photo.original.name
        # An attribute, not a style: the Content-Security-Policy refuses inline styles.
        return format_html('<img src="{}" alt="" height="80">', default_storage.url(path))


class PhotoUploadForm(forms.ModelForm):
    # Cleaned on the field (the error shows there), as every admin upload is
    # (tests/limits/test_uploads.py); catalog.photos.photo_add cleans the
    # re-encoded file again when it stores it, as it does the API's uploads.
    original = PhotoUploadField(label=_("photo"))

    class Meta:
        model = ProductPhoto
        fields = ["original"]

    def _post_clean(self):
        pass  # the row is written by catalog.photos.photo_add, not by this form


class PhotoUploadInline(ScopedInlineMixin, admin.TabularInline):
    """New photos, cleaned and stored as the API's uploads are."""

    model = ProductPhoto
    form = PhotoUploadForm
    fields = ["original"]
    extra = 1
    editable = True
    can_delete = False
    verbose_name = _("new photo")
    verbose_name_plural = _("Add photos")

    def get_queryset(self, request):
        return super().get_queryset(request).none()


class ProductEventInline(ScopedInlineMixin, NeutralActorInlineMixin, admin.TabularInline):
    model = ProductEvent
    cooperative_path = "product__artisan__cooperative"
    subject_paths = ("product__artisan__user_id",)
    fields = ["created_at", "actor_shown", "on_behalf_of", "from_status", "to_status", "changes_shown", "reason"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    verbose_name_plural = _("History")

    @admin.display(description=_("changes"))
    def changes_shown(self, event):
        changes = product_event_changes(event.changes)
        return changes_html(changes) if changes else "—"


# The buttons of a product's page (ProductAdmin.decisions_for says whose).
DECISIONS = {
    "submit": _("Submit for review"),
    "approve": _("Approve (put on sale)"),
    "reject": _("Reject (with a reason)"),
}


@admin.register(Product)
class ProductAdmin(AuditHistoryMixin, PageButtonsMixin, DecisionActionsMixin, CooperativeScopedAdmin, TranslationAdmin):
    """Cooperative admins review their members' products, and list and edit
    them for members who do not use the app: every write goes through
    catalog.services and catalog.photos, recorded as done on the artisan's
    behalf (ProductEvent.on_behalf_of) and told to the artisan by e-mail."""

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
    exclude = ["thumbnail"]
    inlines = [VariantInline, PhotoInline, PhotoUploadInline, ProductEventInline]
    actions = ["approve", "reject", "grant_handmade_mark", "withdraw_handmade_mark"]
    date_hierarchy = "created_at"
    decision_intro = _("These products will be rejected; the artisans see the reason:")
    page_buttons = tuple(DECISIONS)

    def has_add_permission(self, request):
        return request.user.is_superuser or self._is_cooperative_admin(request)

    def get_readonly_fields(self, request, obj=None):
        shown = super().get_readonly_fields(request, obj)
        return [name for name in shown if name != "artisan"] if obj is None else shown

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "artisan":
            # Only the artisans the user manages: a forged id is "not one of the choices".
            kwargs["queryset"] = artisans_managed_by(request.user).order_by("display_name_latin")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        for language in services.LANGUAGES:  # catalog.services wants a title in one language at least
            if f"title_{language}" in form.base_fields:
                form.base_fields[f"title_{language}"].required = False
        if "hs_code" in form.base_fields:
            form.base_fields["hs_code"].required = False  # the category's own, when left blank
            form.base_fields["hs_code"].help_text = _("Left blank: the category's HS code.")
        return form

    # --- writes: the services, never the forms' save ----------------------------------

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except (DomainError, ValidationError) as error:
            # The service refused: its transaction (and the admin's) rolled back.
            self.message_user(request, _error_text(error), messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())

    def save_model(self, request, obj, form, change):
        fields = {name: value for name, value in form.cleaned_data.items() if name in services.PRODUCT_FIELDS}
        if change:
            changed = {name: value for name, value in fields.items() if name in form.changed_data}
            materials = form.cleaned_data["materials"] if "materials" in form.changed_data else None
            product = services.product_update(product=obj, actor=request.user, materials=materials, **changed)
        else:
            if not fields.get("hs_code"):
                fields.pop("hs_code", None)
            product = services.product_create(
                artisan=form.cleaned_data["artisan"], actor=request.user,
                materials=form.cleaned_data.get("materials") or (), **fields,
            )  # fmt: skip
        # The inlines' rows and the admin's log entry hang on the saved product.
        obj.pk, obj.slug, obj.artisan = product.pk, product.slug, product.artisan

    def save_related(self, request, form, formsets, change):
        for formset in formsets:  # materials went with the product (save_model)
            self.save_formset(request, form, formset, change)

    def save_formset(self, request, form, formset, change):
        """The inlines' rows, each through its service. The lists the admin's
        log entry reads (new, changed, deleted objects) are filled as Django's
        formset.save() would."""
        product, actor = formset.instance, request.user
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        if formset.model is Variant:
            for variant_form in formset.forms:
                instance = variant_form.instance
                if variant_form in formset.deleted_forms:
                    if instance.pk:
                        services.variant_delete(variant=instance, actor=actor)
                        formset.deleted_objects.append(instance)
                    continue
                if not variant_form.has_changed():
                    continue
                fields = {name: variant_form.cleaned_data[name] for name in VariantInline.fields}
                if instance.pk:
                    changed = {name: value for name, value in fields.items() if name in variant_form.changed_data}
                    services.variant_update(variant=instance, actor=actor, **changed)
                    formset.changed_objects.append((instance, list(changed)))
                else:
                    formset.new_objects.append(services.variant_create(product=product, actor=actor, **fields))
        elif formset.model is ProductPhoto and issubclass(formset.form, PhotoUploadForm):
            for photo_form in formset.forms:
                if photo_form.has_changed() and photo_form.cleaned_data.get("original"):
                    image = photo_form.cleaned_data["original"]
                    formset.new_objects.append(photos.photo_add(product=product, image=image, actor=actor))
        elif formset.model is ProductPhoto:
            for photo_form in formset.deleted_forms:
                photos.photo_delete(photo=photo_form.instance, actor=actor)
                formset.deleted_objects.append(photo_form.instance)

    # --- decisions from the product's own page -------------------------------------------

    def decisions_for(self, request, product) -> list[tuple[str, str]]:
        """The buttons `request.user` gets on `product`'s page."""
        shown = []
        status = product.status
        if status in (ProductStatus.DRAFT, ProductStatus.REJECTED) and self.has_change_permission(request, product):
            shown.append("submit")
        if status == ProductStatus.IN_REVIEW and permissions.product_may_be_reviewed_by(request.user, product):
            shown += ["approve", "reject"]
        return [(name, DECISIONS[name]) for name in shown]

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and obj.pk:
            context["product_decisions"] = [
                (name, label, self.page_button_url(obj, name)) for name, label in self.decisions_for(request, obj)
            ]
        return super().render_change_form(request, context, add, change, form_url, obj)

    def page_button(self, request, product, decision):
        """A button of the product's page: GET asks to confirm (reject: with
        a reason), POST calls the decision's service once."""
        if decision == "reject":
            return self.decision_with_reason(
                request, Product.objects.filter(pk=product.pk), self._call(request, services.product_reject),
                _("Reject products"),
            )  # fmt: skip
        if request.method != "POST":
            context = {
                **self.admin_site.each_context(request),
                "title": DECISIONS[decision],
                "opts": self.model._meta,
                "original": product,
                "page": self.change_page_url(product),
            }
            return TemplateResponse(request, "admin/catalog/product/decide_confirm.html", context)
        service = services.product_approve if decision == "approve" else services.product_submit
        try:
            service(product=product, actor=request.user)
        except DomainError as error:
            self.message_user(request, _error_text(error), messages.ERROR)
        else:
            self.message_user(request, self.decision_done_message(1), messages.SUCCESS)
        return None  # back to the product's page

    # --- list actions ------------------------------------------------------------------

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
