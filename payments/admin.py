"""Payments in the admin.

- Payments (a whole order's, across cooperatives), disputes and webhook
  events: superusers, read only (a failed event can be queued again).
- Refunds: superusers see all; a cooperative admin sees the refunds of their
  own parcels (by the refund's items), their items and share only.
- Orders and artisan orders get their money actions here, so orders/ knows
  nothing of payments (DESIGN.md: a lower app never imports a higher one):
  cancelling a paid artisan order refunds it; "refund in full" for an artisan
  order (its cooperative admin or staff) or a whole order (staff).
"""

import json
from decimal import Decimal

from django.contrib import admin, messages
from django.db import transaction
from django.db.models import Q, Sum
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from artisans.scoping import actor_is_platform_staff, neutral_actor
from marketplace.admin_actions import DecisionActionsMixin
from marketplace.admin_history import AuditHistoryMixin
from marketplace.admin_readonly import ReadOnlyInline
from marketplace.admin_security import redact_secrets
from marketplace.money import quantize
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
from payments.selectors import mad


@admin.register(Payment)
class PaymentAdmin(ReadOnlySuperuserAdmin):
    """A payment is the whole order's, across its cooperatives: platform
    operators only (cooperative admins follow their parcels' money on the
    artisan orders, refunds and payouts)."""

    list_display = ["order", "attempt", "provider_reference", "status", "amount", "currency", "amount_mad",
                    "amount_refunded", "created_at"]  # fmt: skip
    list_filter = ["status", "provider", "currency", "created_at"]
    search_fields = ["order__number", "provider_reference", "order__email"]
    list_select_related = ["order"]


class RefundItemInline(ReadOnlyInline):
    """A cooperative admin sees their own parcels' items only."""

    model = RefundItem
    fields = ["artisan_order", "kind", "order_line", "quantity", "amount", "amount_mad"]

    def get_queryset(self, request):
        items = super().get_queryset(request).select_related("artisan_order__order", "order_line")
        if request.user.is_superuser:
            return items
        return items.filter(artisan_order__artisan__cooperative__admins=request.user)


@admin.register(Refund)
class RefundAdmin(AuditHistoryMixin, OrdersReadOnlyScopedAdmin):
    """A refund belongs to the cooperatives of its own items' parcels, not to
    every cooperative of its order: a cooperative admin sees a refund only if
    it touches their parcels, and then only their items and their share."""

    cooperative_lookup = "items__artisan_order__artisan__cooperative"
    list_display = ["pk", "order", "status", "amount", "currency", "amount_mad", "reason", "requested_by_shown",
                    "created_at", "settled_at"]  # fmt: skip
    list_filter = ["status", "currency", "created_at"]
    search_fields = ["order__number", "provider_reference", "reason"]
    list_select_related = ["order", "requested_by"]
    inlines = [RefundItemInline]

    def get_queryset(self, request):
        scoped = super().get_queryset(request)
        if not request.user.is_superuser:
            # A refund with two of the cooperative's parcels would be listed twice.
            own = Q(items__artisan_order__artisan__cooperative__admins=request.user)
            scoped = self.model._default_manager.filter(pk__in=scoped.values("pk")).annotate(
                cooperative_amount=Sum("items__amount", filter=own),
                cooperative_amount_mad=Sum("items__amount_mad", filter=own),
            )
        return scoped.annotate(requested_by_is_platform=actor_is_platform_staff(request, "requested_by"))

    def get_list_display(self, request):
        return self._shares_for_cooperative_admins(request, super().get_list_display(request))

    def get_exclude(self, request, obj=None):
        # Shown through requested_by_shown and, to cooperative admins, their share.
        return [*(super().get_exclude(request, obj) or []), "requested_by", "amount", "amount_mad"]

    def get_readonly_fields(self, request, obj=None):
        fields = ["requested_by_shown" if name == "requested_by" else name
                  for name in super().get_readonly_fields(request, obj)]  # fmt: skip
        return self._shares_for_cooperative_admins(request, fields)

    def _shares_for_cooperative_admins(self, request, names):
        if request.user.is_superuser:
            return names
        shares = {"amount": "cooperative_amount_shown", "amount_mad": "cooperative_amount_mad_shown"}
        return [shares.get(name, name) for name in names]

    @admin.display(description=_("amount (your parcels)"), ordering="cooperative_amount")
    def cooperative_amount_shown(self, refund):
        return quantize(Decimal(str(refund.cooperative_amount or 0)), refund.currency)

    @admin.display(description=_("amount (MAD, your parcels)"), ordering="cooperative_amount_mad")
    def cooperative_amount_mad_shown(self, refund):
        return mad(refund.cooperative_amount_mad)

    @admin.display(description=_("requested by"))
    def requested_by_shown(self, refund):
        return neutral_actor(refund.requested_by, refund.requested_by_is_platform)

    def has_change_permission(self, request, obj=None):
        return False  # written by the refund services only


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
    exclude = ["payload"]  # shown as payload_shown

    def get_readonly_fields(self, request, obj=None):
        return ["payload_shown" if name == "payload" else name for name in super().get_readonly_fields(request, obj)]

    @admin.display(description=_("payload"))
    def payload_shown(self, event):
        # A PaymentIntent event carries the intent's client secret: never shown.
        return json.dumps(redact_secrets(event.payload), indent=2, sort_keys=True)

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
