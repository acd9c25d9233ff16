"""Payments in the admin.

- Payments, refunds: superusers see all; cooperative admins see those of
  orders with their members, read only. Disputes and webhook events:
  superusers, read only (a failed event can be queued again).
- Orders and artisan orders get their money actions here, so orders/ knows
  nothing of payments (DESIGN.md: a lower app never imports a higher one):
  cancelling a paid artisan order refunds it; "refund in full" for an artisan
  order (its cooperative admin or staff) or a whole order (staff).
"""

from django.contrib import admin, messages
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from marketplace.admin_actions import DecisionActionsMixin
from marketplace.admin_history import AuditHistoryMixin
from marketplace.admin_readonly import ReadOnlyInline
from orders import lifecycle
from orders.admin import ArtisanOrderAdmin, OrderAdmin
from orders.admin import ReadOnlyScopedAdmin as OrdersReadOnlyScopedAdmin
from orders.models import ArtisanOrder, Order
from payments import (
    admin_ledger,  # noqa: F401  (registers commissions, payouts and the ledger)
    refunds,
    webhooks,
)
from payments.admin_ledger import ReadOnlySuperuserAdmin
from payments.models import Dispute, Payment, Refund, RefundItem, StateChange, WebhookEvent, WebhookStatus


class ReadOnlyScopedAdmin(OrdersReadOnlyScopedAdmin):
    """Cooperative admins see the rows of their members' orders; nobody edits them by hand."""

    cooperative_lookup = "order__artisan_orders__artisan__cooperative"

    def get_queryset(self, request):
        scoped = super().get_queryset(request)
        if request.user.is_superuser:
            return scoped
        # One order with two members of the cooperative would list its rows twice.
        return self.model._default_manager.filter(pk__in=scoped.values("pk"))

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Payment)
class PaymentAdmin(ReadOnlyScopedAdmin):
    list_display = ["order", "attempt", "provider_reference", "status", "amount", "currency", "amount_mad",
                    "amount_refunded", "created_at"]  # fmt: skip
    list_filter = ["status", "provider", "currency", "created_at"]
    search_fields = ["order__number", "provider_reference", "order__email"]
    list_select_related = ["order"]
    exclude = ["client_secret"]  # it lets anyone confirm the payment: never shown

    def get_readonly_fields(self, request, obj=None):
        return [name for name in super().get_readonly_fields(request, obj) if name != "client_secret"]


class RefundItemInline(ReadOnlyInline):
    model = RefundItem
    fields = ["artisan_order", "kind", "order_line", "quantity", "amount", "amount_mad"]


@admin.register(Refund)
class RefundAdmin(AuditHistoryMixin, ReadOnlyScopedAdmin):
    list_display = ["pk", "order", "status", "amount", "currency", "amount_mad", "reason", "requested_by",
                    "created_at", "settled_at"]  # fmt: skip
    list_filter = ["status", "currency", "created_at"]
    search_fields = ["order__number", "provider_reference", "reason"]
    list_select_related = ["order", "requested_by"]
    inlines = [RefundItemInline]


@admin.register(Dispute)
class DisputeAdmin(ReadOnlySuperuserAdmin):
    list_display = ["provider_reference", "order", "status", "reason", "amount", "currency", "created_at"]
    list_filter = ["status", "reason"]
    search_fields = ["provider_reference", "order__number"]


@admin.register(StateChange)
class StateChangeAdmin(ReadOnlySuperuserAdmin):
    list_display = ["created_at", "subject", "subject_id", "from_status", "to_status", "actor", "note"]
    list_filter = ["subject", "to_status"]
    search_fields = ["note"]


@admin.register(WebhookEvent)
class WebhookEventAdmin(ReadOnlySuperuserAdmin):
    list_display = ["event_id", "type", "status", "attempts", "received_at", "applied_at", "outcome"]
    list_filter = ["status", "provider", "type"]
    search_fields = ["event_id", "outcome", "last_error"]
    date_hierarchy = "received_at"
    actions = ["apply_again"]

    @admin.action(description=_("Queue the selected failed events again"))
    def apply_again(self, request, queryset):
        event_ids = list(queryset.filter(status=WebhookStatus.FAILED).values_list("pk", flat=True))
        WebhookEvent.objects.filter(pk__in=event_ids).update(status=WebhookStatus.PENDING, attempts=0)
        for event_id in event_ids:
            webhooks._apply_later(event_id)
        self.message_user(request, ngettext("%(count)d event queued.", "%(count)d events queued.", len(event_ids))
                          % {"count": len(event_ids)}, messages.SUCCESS)  # fmt: skip


# --- money actions on orders ---------------------------------------------------------------------------


admin.site.unregister(ArtisanOrder)
admin.site.unregister(Order)


@admin.register(ArtisanOrder)
class ArtisanOrderWithMoneyAdmin(ArtisanOrderAdmin):
    actions = [*ArtisanOrderAdmin.actions, "refund_in_full"]

    @admin.action(description=_("Cancel the selected artisan orders (with a reason)"))
    def cancel(self, request, queryset):
        def decide(artisan_order, reason):
            with transaction.atomic():
                lifecycle.artisan_order_cancel(artisan_order=artisan_order, actor=request.user, reason=reason)
                # Paid already: the buyer gets this part back.
                refunds.refund_artisan_order(artisan_order=artisan_order, actor=request.user, reason=reason)

        return self.decision_with_reason(request, queryset, decide, _("Cancel artisan orders"))

    @admin.action(description=_("Refund the selected artisan orders in full (with a reason)"))
    def refund_in_full(self, request, queryset):
        def decide(artisan_order, reason):
            if refunds.refund_artisan_order(artisan_order=artisan_order, actor=request.user, reason=reason) is None:
                raise refunds.NothingToRefund(_("Nothing to refund: not paid, or refunded already."))

        return self.decision_with_reason(request, queryset, decide, _("Refund artisan orders"))


@admin.register(Order)
class OrderWithMoneyAdmin(DecisionActionsMixin, OrderAdmin):
    list_display = [*OrderAdmin.list_display, "disputed_at"]
    list_filter = [*OrderAdmin.list_filter, ("disputed_at", admin.EmptyFieldListFilter)]
    actions = ["refund_in_full"]
    decision_intro = _("Everything not yet refunded of these orders goes back to the buyer; the reason is recorded:")

    def decision_done_message(self, count):
        return ngettext("%(count)d order refunded.", "%(count)d orders refunded.", count) % {"count": count}

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not request.user.is_superuser:
            actions.pop("refund_in_full", None)  # whole orders span cooperatives: staff only
        return actions

    @admin.action(description=_("Refund the selected orders in full (with a reason)"))
    def refund_in_full(self, request, queryset):
        def decide(order, reason):
            if refunds.refund_order(order=order, actor=request.user, reason=reason) is None:
                raise refunds.NothingToRefund(_("Nothing to refund: not paid, or refunded already."))

        return self.decision_with_reason(request, queryset, decide, _("Refund orders"))
