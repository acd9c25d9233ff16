"""Payments in the admin.

- Payments (a whole order's, across cooperatives), disputes and webhook
  events: superusers, read only (a failed event can be queued again).
- Refunds: superusers see all; a cooperative admin sees the refunds of their
  own parcels (by the refund's items), their items and share only.
- Orders and artisan orders are registered here, on orders.admin's classes
  with the actions that move money, so orders/ knows nothing of payments
  (DESIGN.md: a lower app never imports a higher one): cancelling an artisan
  order refunds it if paid (payments.cancellations); "refund in full" for an
  artisan order (its cooperative admin or staff) or a whole order (staff).
"""

import copy
import json
from decimal import Decimal

from django.contrib import admin, messages
from django.db.models import OuterRef, Prefetch, Subquery, Sum
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from artisans.permissions import actor_label, is_operator
from marketplace.admin_actions import DecisionActionsMixin
from marketplace.admin_history import AuditHistoryMixin
from marketplace.admin_links import ViewerBoundMixin, admin_link, admin_links
from marketplace.admin_readonly import ReadOnlyInline
from marketplace.admin_security import redact_secrets
from marketplace.money import quantize
from orders.admin import ArtisanOrderAdmin, OrderAdmin
from orders.admin import ReadOnlyScopedAdmin as OrdersReadOnlyScopedAdmin
from orders.models import ArtisanOrder, Order
from payments import (
    admin_ledger,  # noqa: F401  (registers commissions, payouts and the ledger)
    cancellations,
    refunds,
    webhooks,
)
from payments.admin_ledger import ReadOnlySuperuserAdmin
from payments.models import (
    Dispute,
    Payment,
    Refund,
    RefundItem,
    RefundStatus,
    StaffRefund,
    StateChange,
    WebhookEvent,
    WebhookStatus,
)
from payments.permissions import refund_items_visible_to, refunds_visible_to
from payments.selectors import mad


@admin.register(Payment)
class PaymentAdmin(ReadOnlySuperuserAdmin):
    """A payment is the whole order's, across its cooperatives: platform
    operators only (cooperative admins follow their parcels' money on the
    artisan orders, refunds and payouts)."""

    list_display = ["order", "attempt", "provider", "provider_reference", "status", "amount", "currency", "amount_mad",
                    "amount_refunded", "created_at"]  # fmt: skip
    list_filter = ["status", "provider", "currency", "created_at"]
    search_fields = ["order__number", "provider_reference", "order__email"]
    list_select_related = ["order"]


class RefundItemInline(ReadOnlyInline):
    """A cooperative admin sees their own parcels' items only."""

    model = RefundItem
    fields = ["artisan_order_link", "kind", "order_line", "quantity", "amount", "amount_mad"]

    @admin.display(description=_("artisan order"))
    def artisan_order_link(self, item):
        return admin_link(item.artisan_order)

    def get_queryset(self, request):
        items = super().get_queryset(request).select_related("artisan_order__order", "order_line")
        return items.filter(pk__in=refund_items_visible_to(request.user).values("pk"))


@admin.register(Refund)
class RefundAdmin(AuditHistoryMixin, OrdersReadOnlyScopedAdmin):
    """A refund belongs to the cooperatives of its own items' parcels, not to
    every cooperative of its order: a cooperative admin sees a refund only if
    it touches their parcels, and then only their items and their share."""

    cooperative_lookup = "items__artisan_order__artisan__cooperative"
    subject_lookups = ("order__buyer", "items__artisan_order__artisan__user")
    visible_to = staticmethod(refunds_visible_to)
    # No id column: a refund is found by its date, order and artisans.
    list_display = ["created_at", "status", "order_link", "artisans_shown", "requested_by_shown", "amount", "currency",
                    "amount_mad", "loss_bearer", "settled_at", "reason"]  # fmt: skip
    list_filter = ["status", "loss_bearer", "currency", "created_at"]
    search_fields = ["order__number", "provider_reference", "reason"]
    list_select_related = ["order", "requested_by"]
    inlines = [RefundItemInline]

    def scoped(self, request, queryset):
        """payments.permissions decides, as for the API: the refunds with an
        item the user may see, with their share (those items' sum) and those
        items prefetched (who requested it is named by them: actor_label)."""
        user = request.user
        queryset = super().scoped(request, queryset)
        if not is_operator(user):
            queryset = queryset.annotate(
                cooperative_amount=self._share(user, "amount"), cooperative_amount_mad=self._share(user, "amount_mad")
            )
        visible = refund_items_visible_to(user).select_related("artisan_order__artisan__cooperative")
        return queryset.prefetch_related(
            Prefetch("items", queryset=visible, to_attr="visible_items"),
            "visible_items__artisan_order__artisan__cooperative__admins",
        )

    # The registered ModelAdmin serves every request: requested_by_shown needs
    # the viewer, so each page is built by a copy bound to its request.
    def _bound(self, request):
        bound = copy.copy(self)
        bound._viewer = request.user
        return bound

    def changelist_view(self, request, extra_context=None):
        return super(RefundAdmin, self._bound(request)).changelist_view(request, extra_context)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        return super(RefundAdmin, self._bound(request)).changeform_view(request, object_id, form_url, extra_context)

    @staticmethod
    def _share(user, field):
        items = refund_items_visible_to(user, OuterRef("pk")).order_by().values("refund")
        return Subquery(items.annotate(total=Sum(field)).values("total"))

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

    @admin.display(description=_("order"), ordering="order__number")
    def order_link(self, refund):
        return admin_link(refund.order, refund.order.number)

    @admin.display(description=_("artisans"))
    def artisans_shown(self, refund):
        """The artisans of the items the viewer sees (prefetched by scoped)."""
        artisans = {item.artisan_order.artisan.pk: item.artisan_order.artisan for item in refund.visible_items}
        return ", ".join(str(artisan) for artisan in artisans.values()) or "—"

    @admin.display(description=_("requested by"))
    def requested_by_shown(self, refund):
        viewer = getattr(self, "_viewer", None)  # None: the neutral labels
        parcels = [item.artisan_order.artisan for item in refund.visible_items]
        label = actor_label(
            refund.requested_by,
            viewer=viewer,
            # as on the history pages: the cooperatives the viewer administers
            cooperatives=[
                parcel.cooperative
                for parcel in parcels
                if parcel.cooperative is not None and any(admin == viewer for admin in parcel.cooperative.admins.all())
            ],
            subject_user_ids={refund.order.buyer_id, *(parcel.user_id for parcel in parcels)},
        )
        return label or "—"

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
            webhooks.webhook_event_queue(event_pk=event_id)
        self.message_user(request, ngettext("%(count)d event queued.", "%(count)d events queued.", len(event_ids))
                          % {"count": len(event_ids)}, messages.SUCCESS)  # fmt: skip


@admin.register(StaffRefund)
class StaffRefundAdmin(ReadOnlySuperuserAdmin):
    """Refunds CMI takes no API call for: what a staff member needs to make
    each in CMI's merchant back office (the order id CMI knows, the amount),
    and the action that confirms it was made (the ledger moves then)."""

    list_display = ["created_at", "order", "cmi_order_id", "amount", "currency", "reason", "status", "settled_at"]
    list_filter = ["status"]
    search_fields = ["order__number", "payment__provider_reference"]
    list_select_related = ["order", "payment"]
    actions = ["confirm_made"]

    def get_queryset(self, request):
        return super().get_queryset(request).filter(by_staff=True)

    @admin.display(description=_("order id at CMI (oid)"))
    def cmi_order_id(self, refund):
        return refund.payment.provider_reference

    @admin.action(description=_("Confirm: refunded in the CMI back office"))
    def confirm_made(self, request, queryset):
        done = 0
        for refund_id in queryset.filter(status=RefundStatus.PENDING).values_list("pk", flat=True):
            refunds.refund_staff_confirm(refund_id=refund_id, actor=request.user)
            done += 1
        self.message_user(request, ngettext("%(count)d refund confirmed.", "%(count)d refunds confirmed.", done)
                          % {"count": done}, messages.SUCCESS)  # fmt: skip


# --- money actions on orders ---------------------------------------------------------------------------


@admin.register(ArtisanOrder)
class ArtisanOrderWithMoneyAdmin(ViewerBoundMixin, ArtisanOrderAdmin):
    actions = ["cancel", *ArtisanOrderAdmin.actions, "refund_in_full"]

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), "refund_links"]

    @admin.display(description=_("refunds"))
    def refund_links(self, artisan_order):
        refunds_seen = refunds_visible_to(self._viewer).filter(items__artisan_order=artisan_order).distinct()
        return admin_links(refunds_seen.order_by("created_at"))

    @admin.action(description=_("Cancel the selected artisan orders (with a reason)"))
    def cancel(self, request, queryset):
        def decide(artisan_order, reason):
            cancellations.artisan_order_cancel_and_refund(
                artisan_order=artisan_order, actor=request.user, reason=reason
            )

        return self.decision_with_reason(request, queryset, decide, _("Cancel artisan orders"))

    @admin.action(description=_("Refund the selected artisan orders in full (with a reason)"))
    def refund_in_full(self, request, queryset):
        def decide(artisan_order, reason):
            if refunds.refund_artisan_order(artisan_order=artisan_order, actor=request.user, reason=reason) is None:
                raise refunds.NothingToRefund(_("Nothing to refund: not paid, or refunded already."))

        return self.decision_with_reason(request, queryset, decide, _("Refund artisan orders"))


@admin.register(Order)
class OrderWithMoneyAdmin(ViewerBoundMixin, DecisionActionsMixin, OrderAdmin):
    list_display = [*OrderAdmin.list_display, "disputed_at"]
    list_filter = [*OrderAdmin.list_filter, ("disputed_at", admin.EmptyFieldListFilter)]
    actions = ["refund_in_full"]
    decision_intro = _("Everything not yet refunded of these orders goes back to the buyer; the reason is recorded:")

    def decision_done_message(self, count):
        return ngettext("%(count)d order refunded.", "%(count)d orders refunded.", count) % {"count": count}

    def get_readonly_fields(self, request, obj=None):
        shown = [*super().get_readonly_fields(request, obj), "refund_links"]
        return [*shown, "payment_links"] if request.user.is_superuser else shown

    @admin.display(description=_("refunds"))
    def refund_links(self, order):
        return admin_links(refunds_visible_to(self._viewer).filter(order=order).order_by("created_at"))

    @admin.display(description=_("buyer payments"))
    def payment_links(self, order):
        return admin_links(order.payments.order_by("attempt"))  # superusers only (get_readonly_fields)

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
