"""Commissions, payouts and the ledger in the admin. Imported by payments/admin.py.

- Commission rules: platform operators (superusers) only.
- Payout batches: superusers; download the bank-transfer CSV, mark paid.
- Payouts: superusers mark one failed (with a reason); cooperative admins
  follow their members' payouts, read only. Bank details only ever masked.
- Ledger transactions and accounts: superusers, read only. Nothing in the
  ledger is added, changed or deleted by hand (PostgreSQL refuses it anyway).
"""

from django.contrib import admin, messages
from django.db.models import Count, Q, Sum
from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from artisans.scoping import CooperativeScopedAdmin
from artisans.validators import mask_account_number
from marketplace.admin_actions import DecisionActionsMixin
from marketplace.admin_history import AuditHistoryMixin
from marketplace.admin_readonly import ReadOnlyInline
from marketplace.admin_security import SuperuserOnlyAdmin
from marketplace.errors import DomainError
from payments import payouts
from payments.models import (
    CommissionRule,
    LedgerAccount,
    LedgerEntry,
    LedgerTransaction,
    Payout,
    PayoutBatch,
    PayoutItem,
    PayoutStatus,
)
from payments.selectors import mad


class ReadOnlySuperuserAdmin(SuperuserOnlyAdmin):
    """Seen by superusers, written by services only."""

    def get_readonly_fields(self, request, obj=None):
        return self.model_field_names()

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# --- commission rules ------------------------------------------------------------------------------


@admin.register(CommissionRule)
class CommissionRuleAdmin(SuperuserOnlyAdmin):
    list_display = ["__str__", "rate_percent", "target_kind", "note", "updated_at"]
    list_select_related = ["artisan", "cooperative", "category"]
    search_fields = ["artisan__display_name_latin", "cooperative__name_latin", "category__slug", "note"]
    raw_id_fields = ["artisan", "cooperative"]
    fields = ["rate_percent", "category", "cooperative", "artisan", "note"]

    @admin.display(description=_("applies to"))
    def target_kind(self, rule):
        if rule.artisan_id:
            return _("artisan")
        if rule.cooperative_id:
            return _("cooperative")
        if rule.category_id:
            return _("category and its subcategories")
        return _("everything else (default)")


# --- payout batches ---------------------------------------------------------------------------------


class BatchPayoutInline(ReadOnlyInline):
    model = Payout
    fields = ["reference", "artisan", "status", "amount_mad", "account_holder", "settled_at", "failure_reason"]
    show_change_link = True

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("artisan")


@admin.register(PayoutBatch)
class PayoutBatchAdmin(AuditHistoryMixin, ReadOnlySuperuserAdmin):
    list_display = ["__str__", "status", "created_at", "payout_count", "total_mad", "failed_mad", "exported_at",
                    "closed_at"]  # fmt: skip
    list_filter = ["status", "created_at"]
    date_hierarchy = "created_at"
    inlines = [BatchPayoutInline]
    actions = ["export_csv", "mark_paid"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                payout_count=Count("payouts"),
                total_mad=Sum("payouts__amount_mad", filter=~Q(payouts__status=PayoutStatus.FAILED)),
                failed_mad=Sum("payouts__amount_mad", filter=Q(payouts__status=PayoutStatus.FAILED)),
            )
        )

    @admin.display(description=_("payouts"), ordering="payout_count")
    def payout_count(self, batch):
        return batch.payout_count

    @admin.display(description=_("to pay (MAD)"), ordering="total_mad")
    def total_mad(self, batch):
        return mad(batch.total_mad)

    @admin.display(description=_("failed (MAD)"), ordering="failed_mad")
    def failed_mad(self, batch):
        return mad(batch.failed_mad)

    def has_export_csv_permission(self, request):
        return self._superuser(request)

    def has_mark_paid_permission(self, request):
        return self._superuser(request)

    @admin.action(description=_("Download the bank-transfer file (CSV) of one batch"), permissions=["export_csv"])
    def export_csv(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(request, _("Choose exactly one batch: each has its own file."), messages.ERROR)
            return None
        batch = queryset.get()
        try:
            content = payouts.payout_batch_export_csv(batch=batch, actor=request.user)
        except DomainError as error:
            self.message_user(request, f"{batch}: {error.message}", messages.ERROR)
            return None
        response = HttpResponse(content, content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="souk-payouts-{batch}.csv"'
        return response

    @admin.action(description=_("Mark the selected batches paid by the bank"), permissions=["mark_paid"])
    def mark_paid(self, request, queryset):
        done = 0
        for batch in queryset:
            try:
                payouts.payout_batch_mark_paid(batch=batch, actor=request.user)
            except DomainError as error:
                self.message_user(request, f"{batch}: {error.message}", messages.ERROR)
            else:
                done += 1
        if done:
            message = ngettext("%(count)d batch marked paid.", "%(count)d batches marked paid.", done)
            self.message_user(request, message % {"count": done}, messages.SUCCESS)


# --- payouts -------------------------------------------------------------------------------------------


class PayoutItemInline(ReadOnlyInline):
    model = PayoutItem
    fields = ["artisan_order", "amount_mad", "active"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("artisan_order__order")


@admin.register(Payout)
class PayoutAdmin(AuditHistoryMixin, DecisionActionsMixin, CooperativeScopedAdmin):
    cooperative_lookup = "artisan__cooperative"
    subject_lookups = ("artisan__user",)
    cooperative_admin_can_change = False
    list_display = ["reference", "artisan", "batch", "status", "amount_mad", "created_at", "settled_at"]
    list_filter = ["status", ("batch", admin.RelatedOnlyFieldListFilter), "created_at"]
    search_fields = ["reference", "artisan__display_name_latin", "artisan__display_name_arabic", "account_holder"]
    list_select_related = ["artisan", "batch"]
    fields = ["reference", "batch", "artisan", "status", "amount_mad", "account_holder", "rib_masked",
              "iban_masked", "failure_reason", "created_at", "settled_at"]  # fmt: skip
    readonly_fields = fields
    inlines = [PayoutItemInline]
    actions = ["mark_failed"]
    decision_intro = _("These payouts will be marked failed and their money returned to the artisans' balances:")

    @admin.display(description=_("RIB"))
    def rib_masked(self, payout):
        return mask_account_number(payout.rib)

    @admin.display(description=_("IBAN"))
    def iban_masked(self, payout):
        return mask_account_number(payout.iban)

    def has_change_permission(self, request, obj=None):
        return False  # every field is the service's to write

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_mark_failed_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def decision_done_message(self, count):
        return ngettext("%(count)d payout marked failed.", "%(count)d payouts marked failed.", count) % {"count": count}

    @admin.action(description=_("Mark the selected payouts failed (with a reason)"), permissions=["mark_failed"])
    def mark_failed(self, request, queryset):
        def decide(payout, reason):
            payouts.payout_mark_failed(payout=payout, actor=request.user, reason=reason)

        return self.decision_with_reason(request, queryset, decide, _("Mark payouts failed"))


# --- the ledger ---------------------------------------------------------------------------------------------


class LedgerEntryInline(ReadOnlyInline):
    model = LedgerEntry
    fields = ["account", "amount_mad", "amount", "currency", "artisan_order", "order_line"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("account__artisan", "artisan_order__order", "order_line")


@admin.register(LedgerTransaction)
class LedgerTransactionAdmin(ReadOnlySuperuserAdmin):
    """The memo is stored in English for the books; the list describes each
    transaction in the reader's language from its kind and order."""

    list_display = ["created_at", "kind", "description", "amount_mad", "order", "reference"]
    list_filter = ["kind", "created_at"]
    search_fields = ["reference", "order__number", "memo"]
    date_hierarchy = "created_at"
    list_select_related = ["order"]
    inlines = [LedgerEntryInline]

    def get_queryset(self, request):
        # What moved: the sum of the debits (the credits sum to the same, negated).
        return (
            super()
            .get_queryset(request)
            .annotate(moved=Sum("entries__amount_mad", filter=Q(entries__amount_mad__gt=0)))
        )

    @admin.display(description=_("amount (MAD)"), ordering="moved")
    def amount_mad(self, transaction):
        return mad(transaction.moved)

    @admin.display(description=_("description"))
    def description(self, transaction):
        if transaction.order_id:
            return _("%(kind)s, order %(order)s") % {
                "kind": transaction.get_kind_display(),
                "order": transaction.order.number,
            }
        return transaction.get_kind_display()


@admin.register(LedgerAccount)
class LedgerAccountAdmin(ReadOnlySuperuserAdmin):
    list_display = ["__str__", "kind", "balance_mad", "code"]
    list_filter = ["kind"]
    search_fields = ["code", "artisan__display_name_latin"]
    list_select_related = ["artisan"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(balance=Sum("entries__amount_mad"))

    @admin.display(description=_("balance (MAD, debit +, credit −)"), ordering="balance")
    def balance_mad(self, account):
        return mad(account.balance)
