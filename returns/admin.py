"""Returns and claims in the admin: cooperative admins see and decide those
of their cooperative's parcels (returns.selectors, as the API), staff all.
Nothing is edited by hand: each action calls one service per row (through
returns.services.return_decide, the API's own dispatch), which records the step."""

from django import forms
from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from artisans.scoping import NeutralActorInlineMixin
from marketplace.admin_actions import DecisionActionsMixin
from marketplace.admin_readonly import ReadOnlyInline
from orders.admin import ReadOnlyScopedAdmin
from returns.models import ReturnEvent, ReturnRequest
from returns.selectors import returns_visible_to
from returns.services import return_decide


class ReturnEventInline(NeutralActorInlineMixin, ReadOnlyInline):
    model = ReturnEvent
    fields = ["created_at", "actor_shown", "from_status", "to_status", "note"]
    verbose_name_plural = _("History")
    cooperative_path = "request__artisan_order__artisan__cooperative"
    subject_paths = ("request__buyer_id", "request__artisan_order__artisan__user_id")


class AcceptForm(forms.Form):
    carrier = forms.CharField(label=_("Return carrier"), max_length=80)
    tracking_number = forms.CharField(label=_("Return tracking number"), max_length=60, required=False)
    address = forms.CharField(label=_("Address to send it back to"), max_length=500, widget=forms.Textarea)


@admin.register(ReturnRequest)
class ReturnRequestAdmin(DecisionActionsMixin, ReadOnlyScopedAdmin):
    cooperative_lookup = "artisan_order__artisan__cooperative"
    subject_lookups = ("buyer", "artisan_order__artisan__user")
    visible_to = staticmethod(returns_visible_to)
    list_display = ["__str__", "order_number", "line_title", "kind", "quantity", "status", "loss_bearer",
                    "created_at"]  # fmt: skip
    list_filter = ["status", "kind", "loss_bearer", "created_at"]
    list_select_related = ["artisan_order__order", "order_line"]
    search_fields = ["artisan_order__order__number", "order_line__sku", "reason"]
    date_hierarchy = "created_at"
    inlines = [ReturnEventInline]
    actions = ["accept", "refuse", "refund_without_return", "receive", "restock", "write_off"]
    decision_intro = _("The selected returns and claims:")

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), "photo_links"]

    @admin.display(description=_("order"), ordering="artisan_order__order__number")
    def order_number(self, row):
        return row.artisan_order.order.number

    @admin.display(description=_("piece"))
    def line_title(self, row):
        return row.order_line.title

    @admin.display(description=_("photos"))
    def photo_links(self, row):
        links = [
            (reverse("return-photo", kwargs={"pk": row.pk, "photo_id": photo.pk}), photo.pk)
            for photo in row.photos.all()
        ]
        return format_html_join(" ", '<a href="{}">#{}</a>', links) or "—"

    def decision_done_message(self, count):
        return ngettext("%(count)d return updated.", "%(count)d returns updated.", count) % {"count": count}

    def _each(self, request, queryset, action, data=None):
        self.apply_decision(
            request, queryset, lambda row, reason: return_decide(row, actor=request.user, action=action,
                                                          data={**(data or {}), "reason": reason, "note": reason})
        )  # fmt: skip

    @admin.action(description=_("Accept: the buyer sends the piece back"))
    def accept(self, request, queryset):
        return self.decision_with_form(
            request, queryset, AcceptForm, lambda data: self._each(request, queryset, "accept", data),
            _("Accept the return"),
        )  # fmt: skip

    @admin.action(description=_("Refuse, with a reason"))
    def refuse(self, request, queryset):
        return self.decision_with_reason(
            request, queryset, lambda row, reason: return_decide(row, actor=request.user, action="refuse",
                                                          data={"reason": reason}),
            _("Refuse the return or claim"),
        )  # fmt: skip

    @admin.action(description=_("Refund without return (low value or broken piece)"))
    def refund_without_return(self, request, queryset):
        self._each(request, queryset, "refund_without_return")

    @admin.action(description=_("The parcel came back"))
    def receive(self, request, queryset):
        self._each(request, queryset, "receive")

    @admin.action(description=_("Restock the piece received and refund"))
    def restock(self, request, queryset):
        self._each(request, queryset, "restock")

    @admin.action(description=_("Write off the piece received and refund"))
    def write_off(self, request, queryset):
        self._each(request, queryset, "write_off")
