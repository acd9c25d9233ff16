"""Orders in the admin: cooperative admins follow their members' orders (read
only) and may confirm a parcel's delivery. Superusers see everything.
Nothing is edited by hand: every change goes through orders.lifecycle, which
records it.

The two admins are defined here and registered by payments.admin, which adds
the actions that move money (cancelling a paid parcel refunds it): one class
per model, registered once, its actions calling one service each."""

from decimal import Decimal

from django import forms
from django.contrib import admin
from django.contrib.admin import helpers
from django.db.models import F, OuterRef, Q, Subquery, Sum
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from artisans.scoping import CooperativeScopedAdmin, NeutralActorInlineMixin
from marketplace.admin_actions import DecisionActionsMixin, PageButtonsMixin
from marketplace.admin_history import AuditHistoryMixin
from marketplace.admin_links import admin_link
from marketplace.admin_readonly import ReadOnlyInline
from marketplace.money import quantize
from orders import (
    admin_landed_cost,  # noqa: F401  (registers shipping zones, services, rates and tax rules)
    lifecycle,
    permissions,
)
from orders.admin_filters import CountriesPresentFilter, OrderCountriesPresentFilter
from orders.models import ArtisanOrder, ArtisanOrderStatus, OrderEvent, OrderLine, SatisfactionAnswer
from orders.paperwork.admin import ExportDocumentInline, print_export_documents
from orders.permissions import artisan_orders_visible_to
from orders.satisfaction import satisfaction_answers_visible_to, satisfaction_by_cooperative


class OrderLineInline(ReadOnlyInline):
    model = OrderLine
    fields = ["title", "sku", "options", "hs_code", "made_to_order", "quantity", "quantity_refunded", "weight_grams",
              "unit_price_mad", "line_total_mad", "amount_refunded_mad", "unit_price", "line_total",
              "amount_refunded"]  # fmt: skip


class EventInline(NeutralActorInlineMixin, ReadOnlyInline):
    model = OrderEvent
    fields = ["created_at", "artisan_order", "actor_shown", "from_status", "to_status", "note"]
    verbose_name_plural = _("History")
    cooperative_path = "artisan_order__artisan__cooperative"
    subject_paths = ("order__buyer_id", "artisan_order__artisan__user_id")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("artisan_order__order")


class OrderEventInline(EventInline):
    fk_name = "order"

    def get_queryset(self, request):
        events = super().get_queryset(request)
        if request.user.is_superuser:
            return events
        # The order's own moves, and those of the parcels the user may see only.
        return events.filter(
            Q(artisan_order__isnull=True) | Q(artisan_order__in=artisan_orders_visible_to(request.user))
        )


class ArtisanOrderEventInline(EventInline):
    fk_name = "artisan_order"
    fields = ["created_at", "actor_shown", "on_behalf_of", "from_status", "to_status", "note"]


class ArtisanOrderInline(ReadOnlyInline):
    model = ArtisanOrder
    fields = ["artisan", "status", "shipping_service", "subtotal_mad", "shipping_mad", "duties_mad", "insured",
              "insurance_premium_mad", "carrier", "tracking_number", "shipped_at", "delivered_at"]  # fmt: skip
    show_change_link = True

    def get_queryset(self, request):
        parts = super().get_queryset(request).select_related("artisan", "shipping_service", "order")
        return parts.filter(pk__in=artisan_orders_visible_to(request.user).values("pk"))


class ReadOnlyScopedAdmin(CooperativeScopedAdmin):
    """Everything shown, nothing editable, for superusers too."""

    cooperative_admin_can_change = False

    def get_readonly_fields(self, request, obj=None):
        return self.model_field_names()

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# An order's own money spans every cooperative with a parcel in it: its
# cooperative admins see their parcels' part instead (cooperative_part_mad).
ORDER_WIDE_MONEY = ["subtotal", "subtotal_mad", "shipping_total", "shipping_total_mad", "duties_total",
                    "duties_total_mad", "duties_collected", "duties_collected_mad", "insurance_total",
                    "insurance_total_mad", "total", "total_mad"]  # fmt: skip


class OrderAdmin(AuditHistoryMixin, ReadOnlyScopedAdmin):
    """An order spans cooperatives. A cooperative admin sees the orders with
    their members' parcels (to ship them: the buyer's address), only their
    own parcels and events inside, and only their parcels' part of the money."""

    cooperative_lookup = "artisan_orders__artisan__cooperative"
    subject_lookups = ("buyer", "artisan_orders__artisan__user")
    list_display = ["number", "status", "placed_at", "shipping_country", "email", "incoterm", "total", "currency",
                    "total_mad"]  # fmt: skip
    list_filter = ["status", CountriesPresentFilter, "placed_at", "incoterm", "currency"]
    search_fields = ["number", "email", "shipping_name"]
    date_hierarchy = "placed_at"
    inlines = [ArtisanOrderInline, OrderEventInline]

    def scoped(self, request, queryset):
        """The orders with a parcel the user may see (orders.permissions), each
        with the sum of those parcels."""
        if request.user.is_superuser:
            return queryset
        parcels = artisan_orders_visible_to(request.user)
        part = (
            parcels.filter(order=OuterRef("pk"))
            .order_by()
            .values("order")
            .annotate(total=Sum(F("subtotal_mad") + F("shipping_mad")))
            .values("total")
        )
        return queryset.filter(pk__in=parcels.values("order_id")).annotate(cooperative_part=Subquery(part))

    @admin.display(description=_("your parcels (MAD, goods and shipping)"), ordering="cooperative_part")
    def cooperative_part_mad(self, order):
        # SQLite sums decimals as floats.
        return quantize(Decimal(str(order.cooperative_part or 0)), "MAD")

    def get_list_display(self, request):
        shown = super().get_list_display(request)
        if request.user.is_superuser:
            return shown
        return [name for name in shown if name not in {*ORDER_WIDE_MONEY, "currency"}] + ["cooperative_part_mad"]

    def get_readonly_fields(self, request, obj=None):
        shown = super().get_readonly_fields(request, obj)
        if request.user.is_superuser:
            return shown
        return [name for name in shown if name not in ORDER_WIDE_MONEY] + ["cooperative_part_mad"]

    def get_exclude(self, request, obj=None):
        excluded = list(super().get_exclude(request, obj) or [])
        return excluded if request.user.is_superuser else excluded + ORDER_WIDE_MONEY


class ReadyToShipForm(forms.Form):
    parcel_weight_grams = forms.IntegerField(label=_("parcel weight (g)"), min_value=1)
    parcel_length_cm = forms.DecimalField(label=_("length (cm)"), min_value=Decimal("0.1"), decimal_places=1)
    parcel_width_cm = forms.DecimalField(label=_("width (cm)"), min_value=Decimal("0.1"), decimal_places=1)
    parcel_height_cm = forms.DecimalField(label=_("height (cm)"), min_value=Decimal("0.1"), decimal_places=1)


class ShippedForm(forms.Form):
    carrier = forms.CharField(label=_("carrier"), max_length=60, required=False,
                              help_text=_("Left blank: the carrier of the service the buyer chose."))  # fmt: skip
    tracking_number = forms.CharField(label=_("tracking number"), max_length=60)


# A parcel's steps a cooperative admin takes for their members, on a form page:
# name -> (form, target status, title).
PARCEL_STEPS = {
    "ready_to_ship": (ReadyToShipForm, ArtisanOrderStatus.READY_TO_SHIP, _("Mark ready to ship")),
    "ship": (ShippedForm, ArtisanOrderStatus.SHIPPED, _("Mark shipped")),
}


def _step_initial(artisan_order, step) -> dict:
    if step == "ship":
        service = artisan_order.shipping_service
        return {"carrier": artisan_order.carrier or (service.carrier if service else ""),
                "tracking_number": artisan_order.tracking_number}  # fmt: skip
    return {name: getattr(artisan_order, name) for name in ReadyToShipForm.base_fields}


class ArtisanOrderAdmin(AuditHistoryMixin, PageButtonsMixin, DecisionActionsMixin, ReadOnlyScopedAdmin):
    cooperative_lookup = "artisan__cooperative"
    subject_lookups = ("artisan__user", "order__buyer")
    visible_to = staticmethod(artisan_orders_visible_to)
    # At 1366 px the columns that matter come first: state, tracking, who.
    list_display = ["__str__", "status", "tracking_number", "artisan", "order_link", "placed_at", "destination",
                    "shipping_service", "subtotal_mad", "shipped_at"]  # fmt: skip
    list_filter = [
        "status",
        OrderCountriesPresentFilter,
        ("order__placed_at", admin.DateFieldListFilter),
        ("artisan", admin.RelatedOnlyFieldListFilter),
        "shipping_service",
    ]
    search_fields = ["order__number", "order__email", "artisan__display_name_latin", "artisan__display_name_arabic",
                     "tracking_number", "lines__sku"]  # fmt: skip
    list_select_related = ["order", "artisan", "shipping_service"]
    inlines = [OrderLineInline, ArtisanOrderEventInline, ExportDocumentInline]
    actions = ["mark_ready_to_ship", "mark_shipped", print_export_documents, "mark_delivered"]
    page_buttons = tuple(PARCEL_STEPS)
    decision_intro = _("These artisan orders will be cancelled and their stock given back; the reason is recorded:")

    @admin.display(description=_("order"), ordering="order__number")
    def order_link(self, artisan_order):
        return admin_link(artisan_order.order, artisan_order.order.number)

    @admin.display(description=_("placed"), ordering="order__placed_at")
    def placed_at(self, artisan_order):
        return artisan_order.order.placed_at

    @admin.display(description=_("destination"), ordering="order__shipping_country")
    def destination(self, artisan_order):
        return artisan_order.order.shipping_country.name

    def decision_done_message(self, count):
        return ngettext("%(count)d artisan order updated.", "%(count)d artisan orders updated.", count) % {
            "count": count
        }

    # --- the seller's steps, taken for members (orders.lifecycle records them on their behalf) ---

    @admin.action(description=_("Mark the selected parcels ready to ship (weight and size)"))
    def mark_ready_to_ship(self, request, queryset):
        return self.parcel_step(request, queryset, "ready_to_ship")

    @admin.action(description=_("Mark the selected parcels shipped (carrier and tracking number)"))
    def mark_shipped(self, request, queryset):
        return self.parcel_step(request, queryset, "ship")

    def parcel_step(self, request, queryset, step):
        """An intermediate page with the step's fields for each selected
        parcel; once confirmed and valid, one lifecycle call per parcel."""
        form_class, target, title = PARCEL_STEPS[step]
        parcels = list(queryset.select_related("order", "artisan", "shipping_service").order_by("pk"))
        confirmed = "confirm" in request.POST
        rows = [
            (parcel, form_class(request.POST if confirmed else None, prefix=f"parcel-{parcel.pk}",
                                initial=_step_initial(parcel, step)))
            for parcel in parcels
        ]  # fmt: skip
        if confirmed and all(form.is_valid() for _parcel, form in rows):
            given = {parcel.pk: form.cleaned_data for parcel, form in rows}

            def decide(artisan_order, reason):
                lifecycle.artisan_order_advance(
                    artisan_order=artisan_order, actor=request.user, to_status=target, **given[artisan_order.pk]
                )

            self.apply_decision(request, parcels, decide)
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": title,
            "rows": rows,
            "opts": self.model._meta,
            "action": request.POST.get("action", ""),
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/orders/artisanorder/parcel_step.html", context)

    def page_button(self, request, parcel, step):
        """A step from the parcel's own page."""
        return self.parcel_step(request, self.get_queryset(request).filter(pk=parcel.pk), step)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and obj.pk:
            buttons = []
            for step, (_form, target, title) in PARCEL_STEPS.items():
                if target in lifecycle.ARTISAN_ORDER_TRANSITIONS[ArtisanOrderStatus(obj.status)] and (
                    permissions.artisan_order_may_be_handled_by(request.user, obj, target)
                ):
                    buttons.append((title, self.page_button_url(obj, step)))
            context["parcel_steps"] = buttons
            context["printable"] = obj.status == ArtisanOrderStatus.READY_TO_SHIP
        return super().render_change_form(request, context, add, change, form_url, obj)

    @admin.action(description=_("Confirm the selected parcels are delivered"))
    def mark_delivered(self, request, queryset):
        def decide(artisan_order, reason):
            lifecycle.artisan_order_advance(
                artisan_order=artisan_order, actor=request.user, to_status=ArtisanOrderStatus.DELIVERED
            )

        self.apply_decision(request, queryset, decide)


@admin.register(SatisfactionAnswer)
class SatisfactionAnswerAdmin(ReadOnlyScopedAdmin):
    """The buyers' answers, read only; the title gives the share of satisfied
    answers the user may see, from the selector the staff API reads."""

    cooperative_lookup = "artisan_order__artisan__cooperative"
    subject_lookups = ("artisan_order__order__buyer", "artisan_order__artisan__user")
    visible_to = staticmethod(satisfaction_answers_visible_to)
    list_display = ["artisan_order", "cooperative", "delivery_rating", "piece_rating", "comment", "answered_at"]
    list_filter = ["delivery_rating", "piece_rating", "answered_at"]
    list_select_related = ["artisan_order__order", "artisan_order__artisan__cooperative"]
    search_fields = ["artisan_order__order__number", "comment"]
    date_hierarchy = "answered_at"

    @admin.display(description=_("cooperative"), ordering="artisan_order__artisan__cooperative__name_latin")
    def cooperative(self, answer):
        return answer.artisan_order.artisan.cooperative or "—"

    def changelist_view(self, request, extra_context=None):
        overall = satisfaction_by_cooperative(self.get_queryset(request))["overall"]
        if overall["answers"]:
            title = _("Satisfaction: %(share)s%% satisfied (%(satisfied)d of %(answers)d answers)") % {
                "share": f"{overall['share'] * 100:.1f}",
                "satisfied": overall["satisfied"],
                "answers": overall["answers"],
            }
        else:
            title = _("Satisfaction: no answers yet")
        return super().changelist_view(request, {"title": title, **(extra_context or {})})
