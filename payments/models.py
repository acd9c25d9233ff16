"""Money after checkout: payments at the provider, refunds, disputes, the
webhook inbox, the double-entry ledger, commissions and payouts.

Amounts named `amount` are in the payment's (the order's) currency; `*_mad`
are the same amounts in Moroccan dirhams at the order's exchange rate. The
ledger's own unit is the dirham; every entry keeps the original currency too.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from artisans.models import ArtisanProfile, Cooperative
from artisans.validators import mask_account_number
from catalog.models import Category
from marketplace.history import AuditHistory
from orders.models import ArtisanOrder, Order, OrderLine


def money_field(verbose_name, **kwargs):
    return models.DecimalField(verbose_name, max_digits=12, decimal_places=2, **kwargs)


# --- payments ------------------------------------------------------------------------------


class PaymentStatus(models.TextChoices):
    REQUIRES_PAYMENT_METHOD = "requires_payment_method", _("Waiting for the card")
    REQUIRES_ACTION = "requires_action", _("Waiting for 3-D Secure")
    PROCESSING = "processing", _("Processing")
    SUCCEEDED = "succeeded", _("Succeeded")
    FAILED = "failed", _("Failed")
    CANCELED = "canceled", _("Canceled")


class Payment(models.Model):
    """One attempt to take an order's money at a provider (a Stripe
    PaymentIntent). A buyer whose card was declined may try again on the same
    attempt; a new attempt is opened only when the provider closed the old one."""

    order = models.ForeignKey(Order, on_delete=models.PROTECT, related_name="payments", verbose_name=_("order"))
    attempt = models.PositiveSmallIntegerField(_("attempt"), default=1)
    provider = models.CharField(_("provider"), max_length=20)
    provider_reference = models.CharField(_("provider reference"), max_length=100)
    client_secret = models.CharField(max_length=200, blank=True, verbose_name=_("client secret"))
    status = models.CharField(
        _("status"), max_length=24, choices=PaymentStatus.choices, default=PaymentStatus.REQUIRES_PAYMENT_METHOD
    )
    currency = models.CharField(_("currency"), max_length=3)
    amount = money_field(_("amount"))
    amount_mad = money_field(_("amount (MAD)"))
    amount_refunded = money_field(_("refunded"), default=0)
    amount_refunded_mad = money_field(_("refunded (MAD)"), default=0)
    failure_code = models.CharField(_("failure code"), max_length=60, blank=True)
    failure_message = models.CharField(_("failure message"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    succeeded_at = models.DateTimeField(_("succeeded"), null=True, blank=True)

    class Meta:
        # Named apart from the artisans' payouts: in Arabic and French the two words read alike.
        verbose_name = _("buyer payment")
        verbose_name_plural = _("buyer payments")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["provider", "provider_reference"], name="payment_once_per_provider_id"),
            models.UniqueConstraint(fields=["order", "attempt"], name="payment_attempt_once"),
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="payment_amount_positive"),
        ]

    def __str__(self):
        return f"{self.order_id} #{self.attempt} {self.provider_reference}"


class RefundStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    SUCCEEDED = "succeeded", _("Succeeded")
    FAILED = "failed", _("Failed")


class LossBearer(models.TextChoices):
    """Who pays for what a refund gives back of a parcel's goods and shipping
    (payments.ledger.refund_post)."""

    ARTISAN = "artisan", _("The artisan")
    PLATFORM = "platform", _("The platform")
    INSURER = "insurer", _("The shipping insurance")


class Refund(models.Model):
    """Money given back to the buyer for some lines, some shipping, or all of
    an order. Its items say what was refunded, and so whose balance pays."""

    payment = models.ForeignKey(Payment, on_delete=models.PROTECT, related_name="refunds", verbose_name=_("payment"))
    order = models.ForeignKey(Order, on_delete=models.PROTECT, related_name="refunds", verbose_name=_("order"))
    status = models.CharField(_("status"), max_length=10, choices=RefundStatus.choices, default=RefundStatus.PENDING)
    currency = models.CharField(_("currency"), max_length=3)
    amount = money_field(_("amount"))
    amount_mad = money_field(_("amount (MAD)"))
    reason = models.CharField(_("reason"), max_length=300)
    loss_bearer = models.CharField(
        _("loss borne by"), max_length=10, choices=LossBearer.choices, default=LossBearer.ARTISAN
    )
    provider_reference = models.CharField(_("provider reference"), max_length=100, null=True, blank=True)
    failure_message = models.CharField(_("failure message"), max_length=300, blank=True)
    # The provider takes no refund through its API for us (CMI without an API
    # user): a staff member makes it in the provider's merchant back office.
    by_staff = models.BooleanField(_("made by staff in the provider's back office"), default=False)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    created_at = models.DateTimeField(_("requested"), auto_now_add=True)
    settled_at = models.DateTimeField(_("settled"), null=True, blank=True)

    history = AuditHistory()

    class Meta:
        verbose_name = _("refund")
        verbose_name_plural = _("refunds")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["provider_reference"],
                condition=models.Q(provider_reference__isnull=False),
                name="refund_once_per_provider_id",
            ),
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="refund_amount_positive"),
        ]

    def __str__(self):
        # No amount: the admin prints this in titles to cooperative admins who see only their share.
        return _("refund %(refund)s of order %(order)s") % {"refund": self.pk, "order": self.order_id}


class StaffRefund(Refund):
    """A refund waiting for a staff member to make it in the provider's
    merchant back office (CMI's), then to confirm it here: the ledger moves then."""

    class Meta:
        proxy = True
        verbose_name = _("refund to make in the CMI back office")
        verbose_name_plural = _("refunds to make in the CMI back office")


class RefundItemKind(models.TextChoices):
    LINE = "line", _("Order line")
    SHIPPING = "shipping", _("Shipping")
    DUTIES = "duties", _("Duties and taxes collected")
    INSURANCE = "insurance", _("Shipping insurance premium")


class RefundItem(models.Model):
    refund = models.ForeignKey(Refund, on_delete=models.CASCADE, related_name="items", verbose_name=_("refund"))
    artisan_order = models.ForeignKey(
        ArtisanOrder, on_delete=models.PROTECT, related_name="refund_items", verbose_name=_("artisan order")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=RefundItemKind.choices)
    order_line = models.ForeignKey(
        OrderLine, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("order line")
    )
    quantity = models.PositiveSmallIntegerField(_("quantity"), default=0)
    amount = money_field(_("amount"))
    amount_mad = money_field(_("amount (MAD)"))

    class Meta:
        verbose_name = _("refund item")
        verbose_name_plural = _("refund items")
        ordering = ["id"]

    def __str__(self):
        return f"{self.kind} {self.amount}"


class DisputeStatus(models.TextChoices):
    OPEN = "open", _("Open")
    WON = "won", _("Won")
    LOST = "lost", _("Lost")


class Dispute(models.Model):
    """A chargeback the buyer's bank opened. While it is open, the artisans'
    payouts for the order are held."""

    payment = models.ForeignKey(Payment, on_delete=models.PROTECT, related_name="disputes", verbose_name=_("payment"))
    order = models.ForeignKey(Order, on_delete=models.PROTECT, related_name="disputes", verbose_name=_("order"))
    provider_reference = models.CharField(_("provider reference"), max_length=100, unique=True)
    status = models.CharField(_("status"), max_length=10, choices=DisputeStatus.choices, default=DisputeStatus.OPEN)
    reason = models.CharField(_("reason"), max_length=60, blank=True)
    currency = models.CharField(_("currency"), max_length=3)
    amount = money_field(_("amount"))
    created_at = models.DateTimeField(_("opened"), auto_now_add=True)

    class Meta:
        verbose_name = _("dispute")
        verbose_name_plural = _("disputes")
        ordering = ["-created_at"]

    def __str__(self):
        return self.provider_reference


STATE_CHANGE_SUBJECTS = [
    ("payment", _("buyer payment")),
    ("refund", _("refund")),
    ("dispute", _("dispute")),
    ("payout", _("artisan payout")),
    ("payout_batch", _("payout batch")),
]


def state_change_statuses():
    """The statuses of every subject, with their labels (shown instead of the codes)."""
    enums = (PaymentStatus, RefundStatus, DisputeStatus, PayoutStatus, PayoutBatchStatus)
    return list({value: label for enum in enums for value, label in enum.choices}.items())


class StateChange(models.Model):
    """Who moved a payment, refund, payout or payout batch, when, from what to what."""

    subject = models.CharField(_("subject"), max_length=20, choices=STATE_CHANGE_SUBJECTS)
    subject_id = models.PositiveBigIntegerField(verbose_name=_("record id"))
    from_status = models.CharField(_("from"), max_length=24, blank=True, choices=state_change_statuses)
    to_status = models.CharField(_("to"), max_length=24, choices=state_change_statuses)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("actor")
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        verbose_name = _("state change")
        verbose_name_plural = _("state changes")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["subject", "subject_id"])]

    def __str__(self):
        return (
            f"{self.get_subject_display()} {self.subject_id}: "
            f"{self.get_from_status_display() or '-'} → {self.get_to_status_display()}"
        )


# --- webhook inbox ------------------------------------------------------------------------


class WebhookStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to be applied")
    APPLIED = "applied", _("Applied")
    IGNORED = "ignored", _("Stored, nothing to do")
    FAILED = "failed", _("Failed after every retry")


class WebhookEvent(models.Model):
    """A provider's event as it arrived, before and after we applied it. The
    provider's event id is unique: a second delivery finds the row and stops."""

    provider = models.CharField(_("provider"), max_length=20)
    event_id = models.CharField(_("event id"), max_length=100)
    type = models.CharField(_("type"), max_length=60)
    payload = models.JSONField(_("payload"))
    status = models.CharField(_("status"), max_length=10, choices=WebhookStatus.choices, default=WebhookStatus.PENDING)
    outcome = models.CharField(_("outcome"), max_length=300, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    received_at = models.DateTimeField(_("received"), auto_now_add=True)
    applied_at = models.DateTimeField(_("applied"), null=True, blank=True)

    class Meta:
        verbose_name = _("webhook event")
        verbose_name_plural = _("webhook events")
        ordering = ["-received_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["provider", "event_id"], name="webhook_event_once")]
        indexes = [models.Index(fields=["status", "received_at"], name="webhook_event_due")]

    def __str__(self):
        return f"{self.provider} {self.event_id} {self.type}"


# --- commissions ------------------------------------------------------------------------------


class CommissionRule(models.Model):
    """The marketplace's share of a sale. One rule with no target is the
    default; a rule for a category (and its descendants), a cooperative or an
    artisan overrides it, the most specific winning: artisan, cooperative,
    category (nearest first), default."""

    rate_percent = models.DecimalField(
        _("rate (%)"), max_digits=5, decimal_places=2, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    category = models.OneToOneField(
        Category,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="commission_rule",
        verbose_name=_("category"),
    )
    cooperative = models.OneToOneField(
        Cooperative,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="commission_rule",
        verbose_name=_("cooperative"),
    )
    artisan = models.OneToOneField(
        ArtisanProfile,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="commission_rule",
        verbose_name=_("artisan"),
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("commission rule")
        verbose_name_plural = _("commission rules")
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(category__isnull=True, cooperative__isnull=True)
                    | models.Q(category__isnull=True, artisan__isnull=True)
                    | models.Q(cooperative__isnull=True, artisan__isnull=True)
                ),
                name="commission_rule_one_target",
            ),
            models.UniqueConstraint(
                fields=["rate_percent"],
                condition=models.Q(category__isnull=True, cooperative__isnull=True, artisan__isnull=True),
                name="commission_rule_one_default",
            ),
            models.CheckConstraint(
                condition=models.Q(rate_percent__gte=0, rate_percent__lte=100), name="commission_rate_range"
            ),
        ]

    def __str__(self):
        target = self.artisan or self.cooperative or self.category or _("default")
        return f"{target}: {self.rate_percent}%"


class LineCommission(models.Model):
    """The commission taken on one order line, fixed when the payment was captured."""

    order_line = models.OneToOneField(
        OrderLine, on_delete=models.PROTECT, related_name="commission", verbose_name=_("order line")
    )
    artisan_order = models.ForeignKey(
        ArtisanOrder, on_delete=models.PROTECT, related_name="line_commissions", verbose_name=_("artisan order")
    )
    rule = models.ForeignKey(
        CommissionRule, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("rule")
    )
    rate_percent = models.DecimalField(_("rate (%)"), max_digits=5, decimal_places=2)
    base_mad = money_field(_("line total (MAD)"))
    amount_mad = money_field(_("commission (MAD)"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))

    class Meta:
        verbose_name = _("line commission")
        verbose_name_plural = _("line commissions")

    def __str__(self):
        return f"{self.order_line_id}: {self.amount_mad} MAD"


# --- ledger ---------------------------------------------------------------------------------------


class AccountKind(models.TextChoices):
    CLEARING = "clearing", _("Provider clearing balance")
    COMMISSION = "commission", _("Commission revenue")
    DUTIES = "duties", _("Duties and taxes collected for customs")
    REFUNDS = "refunds", _("Refunds owed to buyers")
    INSURANCE = "insurance", _("Insurance premiums and claims")
    PLATFORM = "platform", _("Losses borne by the platform")
    FEES = "fees", _("Payment provider fees")
    ARTISAN = "artisan", _("Artisan payable balance")


class LedgerAccount(models.Model):
    code = models.CharField(_("code"), max_length=40, unique=True)
    kind = models.CharField(_("kind"), max_length=12, choices=AccountKind.choices)
    artisan = models.OneToOneField(
        ArtisanProfile,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="ledger_account",
        verbose_name=_("artisan"),
    )

    class Meta:
        verbose_name = _("ledger account")
        verbose_name_plural = _("ledger accounts")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind="artisan", artisan__isnull=False) | ~models.Q(kind="artisan"),
                name="ledger_account_artisan_has_artisan",
            )
        ]

    def __str__(self):
        """ "Artisan: Fatima Zahra (Safi)", or the system account's kind (load the artisan with it)."""
        if self.kind == AccountKind.ARTISAN and self.artisan_id:
            return _("Artisan: %(name)s (%(city)s)") % {
                "name": self.artisan.display_name_latin,
                "city": self.artisan.city,
            }
        return str(self.get_kind_display())


class LedgerTransactionKind(models.TextChoices):
    CAPTURE = "capture", _("Payment captured")
    COMMISSION = "commission", _("Commission")
    PROVIDER_FEE = "provider_fee", _("Payment provider fee")
    REFUND = "refund", _("Refund requested")
    REFUND_SETTLED = "refund_settled", _("Refund paid to the buyer")
    REFUND_REVERSED = "refund_reversed", _("Refund failed, reversed")
    PAYOUT = "payout", _("Payout")
    PAYOUT_REVERSED = "payout_reversed", _("Payout failed, reversed")


class LedgerTransaction(models.Model):
    """One business event. Its entries sum to zero. `reference` is unique, so
    posting the same event twice writes nothing the second time."""

    kind = models.CharField(_("kind"), max_length=16, choices=LedgerTransactionKind.choices)
    reference = models.CharField(_("reference"), max_length=80, unique=True)
    order = models.ForeignKey(
        Order, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("order")
    )
    memo = models.CharField(_("memo"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("posted"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("ledger transaction")
        verbose_name_plural = _("ledger transactions")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return self.reference


class LedgerEntry(models.Model):
    """A signed amount on one account: positive is a debit, negative a credit.
    An artisan's payable balance is the negative of their account's sum."""

    transaction = models.ForeignKey(
        LedgerTransaction, on_delete=models.PROTECT, related_name="entries", verbose_name=_("transaction")
    )
    account = models.ForeignKey(
        LedgerAccount, on_delete=models.PROTECT, related_name="entries", verbose_name=_("account")
    )
    amount_mad = money_field(_("amount (MAD)"))
    amount = money_field(_("amount (original currency)"))
    currency = models.CharField(_("original currency"), max_length=3)
    artisan_order = models.ForeignKey(
        ArtisanOrder,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="ledger_entries",
        verbose_name=_("artisan order"),
    )
    order_line = models.ForeignKey(
        OrderLine, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("order line")
    )

    class Meta:
        verbose_name = _("ledger entry")
        verbose_name_plural = _("ledger entries")
        ordering = ["id"]
        indexes = [models.Index(fields=["account", "artisan_order"], name="ledger_entry_account_part")]

    def __str__(self):
        return f"{self.account_id} {self.amount_mad}"


# --- payouts ------------------------------------------------------------------------------------------


class PayoutBatchStatus(models.TextChoices):
    OPEN = "open", _("Ready to export")
    EXPORTED = "exported", _("Sent to the bank")
    CLOSED = "closed", _("Settled")


class PayoutBatch(models.Model):
    """The weekly bank-transfer run: one Payout per artisan."""

    status = models.CharField(_("status"), max_length=10, choices=PayoutBatchStatus.choices, default="open")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    exported_at = models.DateTimeField(_("exported"), null=True, blank=True)
    closed_at = models.DateTimeField(_("settled"), null=True, blank=True)

    history = AuditHistory()

    class Meta:
        verbose_name = _("payout batch")
        verbose_name_plural = _("payout batches")
        ordering = ["-created_at"]

    def __str__(self):
        return f"PB-{self.pk:05d}"


class PayoutStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    PAID = "paid", _("Paid")
    FAILED = "failed", _("Failed")


class Payout(models.Model):
    batch = models.ForeignKey(
        PayoutBatch, on_delete=models.PROTECT, related_name="payouts", verbose_name=_("payout batch")
    )
    artisan = models.ForeignKey(
        ArtisanProfile, on_delete=models.PROTECT, related_name="payouts", verbose_name=_("artisan")
    )
    status = models.CharField(_("status"), max_length=10, choices=PayoutStatus.choices, default="pending")
    amount_mad = money_field(_("amount (MAD)"))
    reference = models.CharField(_("transfer reference"), max_length=40, unique=True)
    account_holder = models.CharField(_("account holder"), max_length=150)
    rib = models.CharField(_("RIB"), max_length=24, blank=True)
    iban = models.CharField(_("IBAN"), max_length=34, blank=True)
    failure_reason = models.CharField(_("failure reason"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    settled_at = models.DateTimeField(_("settled"), null=True, blank=True)

    history = AuditHistory(masked_fields={"rib": mask_account_number, "iban": mask_account_number})

    class Meta:
        verbose_name = _("artisan payout")
        verbose_name_plural = _("artisan payouts")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["batch", "artisan"], name="payout_once_per_artisan_per_batch"),
            models.CheckConstraint(condition=models.Q(amount_mad__gt=0), name="payout_amount_positive"),
        ]

    def __str__(self):
        return self.reference


class PayoutItem(models.Model):
    """One artisan order paid in a payout. While the payout is pending or
    paid the item is `active`, and an artisan order has one active positive
    item at most: the database refuses to pay the same sale twice. A
    negative item takes back a debt (the order was refunded or charged back
    after it was paid out) from the artisan's next payout."""

    payout = models.ForeignKey(Payout, on_delete=models.PROTECT, related_name="items", verbose_name=_("payout"))
    artisan_order = models.ForeignKey(
        ArtisanOrder, on_delete=models.PROTECT, related_name="payout_items", verbose_name=_("artisan order")
    )
    amount_mad = money_field(_("amount (MAD)"))
    active = models.BooleanField(default=True, verbose_name=_("counted in the payout"))

    class Meta:
        verbose_name = _("payout line")
        verbose_name_plural = _("payout lines")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["artisan_order"],
                condition=models.Q(active=True, amount_mad__gt=0),
                name="artisan_order_paid_out_once",
            )
        ]

    def __str__(self):
        return f"{self.payout_id}: {self.artisan_order_id}"
