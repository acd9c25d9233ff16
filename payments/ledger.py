"""The double-entry ledger: every business event that moves money is one
LedgerTransaction whose entries sum to zero, in MAD and in the original
currency. Rows are only ever inserted (PostgreSQL refuses the rest, see
migration 0002).

Signs: a positive amount is a debit, a negative one a credit. The accounts:

| account    | debit (+)                                  | credit (−)                               |
|------------|--------------------------------------------|------------------------------------------|
| clearing   | money captured at the provider             | refunds paid out, payouts sent           |
| artisan    | commission, refunds it bears, payouts      | their goods and shipping sold            |
| commission | commission given back on a refund          | commission earned                        |
| duties     | duties refunded                            | duties collected for customs (DDP)       |
| refunds    | refund paid to the buyer                   | refund owed to the buyer                 |
| insurance  | premiums given back, claims it bears       | shipping insurance premiums collected    |
| platform   | refunds the platform bears                 | (nothing yet)                            |
| fees       | what the provider kept of a capture        | (nothing yet)                            |

Who bears a refund's goods and shipping is the refund's `loss_bearer`: the
artisan (less the commission share the platform gives back), the insurer
(insured parcels only) or the platform; the artisan then keeps the sale and
the commission stays earned. Duties always come back from the duties account,
a premium from the insurance account. No commission is taken on a premium.

An artisan's payable balance is the negative of their account's sum; the
entries of one artisan order on it sum (negated) to what that sale still owes
the artisan, which is what payouts read.

Idempotency: `reference` is unique. Each posting claims its reference with
get_or_create (inside a savepoint, so it is safe within an outer
transaction.atomic); a second call, or a concurrent one that waits on the
unique index, finds the row and writes nothing.
"""

import logging
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from marketplace.errors import Conflict
from marketplace.money import BASE_CURRENCY, convert_from_mad, quantize
from orders.models import Order
from payments import locks
from payments.commission import commission_rate_for, commission_rules_load
from payments.models import (
    AccountKind,
    LedgerAccount,
    LedgerEntry,
    LedgerTransaction,
    LedgerTransactionKind,
    LineCommission,
    LossBearer,
    RefundItem,
    RefundItemKind,
)

logger = logging.getLogger(__name__)

ZERO = Decimal("0.00")
HUNDRED = Decimal(100)


class LedgerImbalance(Exception):
    """A posting whose entries do not sum to zero: a bug upstream (amounts
    that do not add up), never written."""


class OrderAlreadyCaptured(Conflict):
    """A second successful payment for an order already captured: crediting
    the artisans again would pay them twice. The caller refunds that payment."""

    code = "order_already_captured"


@dataclass(frozen=True)
class Line:
    """One entry before it is written."""

    account: LedgerAccount
    amount_mad: Decimal
    amount: Decimal
    currency: str
    artisan_order_id: int | None = None
    order_line_id: int | None = None


# --- accounts ---------------------------------------------------------------------------------


def artisan_account_code(artisan_id: int) -> str:
    return f"artisan:{artisan_id}"


def system_account(kind) -> LedgerAccount:
    """The one account of a system kind (clearing, commission, duties, refunds, insurance, platform)."""
    kind = AccountKind(kind)
    if kind == AccountKind.ARTISAN:
        raise ValueError("Artisan accounts belong to an artisan: use account_for_artisan().")
    account, _created = LedgerAccount.objects.get_or_create(code=kind.value, defaults={"kind": kind})
    return account


def account_for_artisan(artisan) -> LedgerAccount:
    account, _created = LedgerAccount.objects.get_or_create(
        code=artisan_account_code(artisan.pk), defaults={"kind": AccountKind.ARTISAN, "artisan": artisan}
    )
    return account


def _artisan_accounts(artisans) -> dict[int, LedgerAccount]:
    """Accounts of several artisans by artisan id: one query when they exist."""
    artisans = {artisan.pk: artisan for artisan in artisans}
    found = {account.artisan_id: account for account in LedgerAccount.objects.filter(artisan_id__in=artisans)}
    for artisan_id, artisan in artisans.items():
        if artisan_id not in found:
            found[artisan_id] = account_for_artisan(artisan)
    return found


# --- posting ---------------------------------------------------------------------------------------


def _check_balanced(reference: str, lines: list[Line]) -> None:
    """Zero in MAD, and zero in each original currency."""
    total_mad = sum((line.amount_mad for line in lines), ZERO)
    if total_mad != 0:
        raise LedgerImbalance(f"{reference}: entries sum to {total_mad} MAD, not zero")
    by_currency = defaultdict(lambda: ZERO)
    for line in lines:
        by_currency[line.currency] += line.amount
    if len(by_currency) == 1 and next(iter(by_currency.values())) != 0:
        # With several currencies (a MAD leg beside a EUR one) only MAD must balance.
        currency, total = next(iter(by_currency.items()))
        raise LedgerImbalance(f"{reference}: entries sum to {total} {currency}, not zero")


def _post(*, kind, reference: str, order_id: int | None, lines: list[Line], memo: str = "", before_entries=None):
    """Write the transaction and its entries once. Returns the transaction,
    or None when `reference` was already posted (nothing written)."""
    _check_balanced(reference, lines)
    try:
        # The unique reference is the guard: a second post fails on its INSERT
        # and the savepoint drops it (no SELECT first, as get_or_create would).
        with transaction.atomic():
            ledger_transaction = LedgerTransaction.objects.create(
                reference=reference, kind=kind, order_id=order_id, memo=memo[:200]
            )
            if before_entries is not None:
                before_entries()
            LedgerEntry.objects.bulk_create(
                LedgerEntry(
                    transaction=ledger_transaction,
                    account=line.account,
                    amount_mad=line.amount_mad,
                    amount=line.amount,
                    currency=line.currency,
                    artisan_order_id=line.artisan_order_id,
                    order_line_id=line.order_line_id,
                )
                for line in lines
                if line.amount_mad != 0 or line.amount != 0
            )
    except IntegrityError:
        if _posted(reference):
            return None
        raise  # another constraint: a defect, not a repeat
    return ledger_transaction


def _posted(reference: str) -> bool:
    return LedgerTransaction.objects.filter(reference=reference).exists()


def _in_order_currency(amount_mad: Decimal, order: Order) -> Decimal:
    """A MAD amount the order has no own figure for (a commission), in the
    order's currency at the order's rate, rounded like every price."""
    if order.currency == BASE_CURRENCY:
        return quantize(amount_mad, BASE_CURRENCY)
    return convert_from_mad(amount_mad, order.currency, order.exchange_rate)


# --- capture and commission -------------------------------------------------------------------------


def capture_post(*, payment) -> None:
    """A payment succeeded: the money is at the provider (clearing), owed to
    each artisan for their goods and shipping, to customs for the duties
    collected (DDP), and to the insurance account for the premiums of insured
    parcels. Then the commission on each line is taken from the
    artisan's side. Two transactions, each idempotent: calling this again (a
    webhook delivered twice) writes nothing."""
    with transaction.atomic():
        order = (
            Order.objects.filter(pk=payment.order_id)
            .prefetch_related("artisan_orders__artisan", "artisan_orders__lines__product")
            .get()
        )
        artisan_orders = sorted(order.artisan_orders.all(), key=lambda row: row.pk)
        accounts = None
        if not _posted(f"capture:{payment.pk}"):
            _refuse_second_capture(payment)
            accounts = _artisan_accounts(row.artisan for row in artisan_orders)
            _capture_transaction_post(payment, order, artisan_orders, accounts)
        elif _captured_unallocated(payment):
            logger.warning("ledger: payment %s was captured as owed to the buyer; no commission", payment.pk)
            return
        if not _posted(f"commission:{payment.pk}"):
            accounts = accounts or _artisan_accounts(row.artisan for row in artisan_orders)
            _commission_transaction_post(payment, order, artisan_orders, accounts)
        provider_fee_post(payment=payment)


def provider_fee_rate(provider: str) -> Decimal:
    """The percent a provider keeps of a capture (its merchant contract): settings, 0 when unknown."""
    from django.conf import settings

    return Decimal(getattr(settings, f"{provider.upper()}_FEE_PERCENT", 0) or 0)


def provider_fee_post(*, payment) -> None:
    """What the provider keeps of the capture leaves the clearing balance for
    the provider fees account, one transaction per capture, naming the
    provider (its rate fixed now, from the settings). Nothing when the rate is 0."""
    rate = provider_fee_rate(payment.provider)
    fee = quantize(payment.amount * rate / HUNDRED, payment.currency)
    fee_mad = quantize(payment.amount_mad * rate / HUNDRED, BASE_CURRENCY)
    if not fee_mad and not fee:
        return
    lines = [
        Line(system_account(AccountKind.FEES), fee_mad, fee, payment.currency),
        Line(system_account(AccountKind.CLEARING), -fee_mad, -fee, payment.currency),
    ]
    _post(
        kind=LedgerTransactionKind.PROVIDER_FEE,
        reference=f"provider-fee:{payment.pk}",
        order_id=payment.order_id,
        lines=lines,
        memo=f"{payment.provider} fee {rate}% on {payment.provider_reference}",
    )


def _captured_unallocated(payment) -> bool:
    """Booked by unallocated_capture_post: the money is the buyer's, nobody earns commission on it."""
    return LedgerEntry.objects.filter(
        transaction__reference=f"capture:{payment.pk}", account__kind=AccountKind.REFUNDS
    ).exists()


def _refuse_second_capture(payment) -> None:
    other = (
        LedgerTransaction.objects.filter(kind=LedgerTransactionKind.CAPTURE, order_id=payment.order_id)
        .exclude(reference=f"capture:{payment.pk}")
        .values_list("reference", flat=True)
        .first()
    )
    if other is not None:
        raise OrderAlreadyCaptured(
            _("This order's payment was already recorded (%(reference)s).") % {"reference": other}
        )


def _capture_transaction_post(payment, order, artisan_orders, accounts) -> None:
    """Checkout (orders.pricing) rounds every part first and sums after, so
    total = Σ artisan orders' (subtotal + shipping + insurance premium) + duties collected holds to
    the cent in both currencies, and the payment charged exactly the total.
    Any residue means the amounts were tampered with or built elsewhere: it is
    refused (LedgerImbalance), never spread silently over an account."""
    currency = order.currency
    lines = [Line(system_account(AccountKind.CLEARING), payment.amount_mad, payment.amount, payment.currency)]
    for artisan_order in artisan_orders:
        lines.append(
            Line(
                accounts[artisan_order.artisan_id],
                -(artisan_order.subtotal_mad + artisan_order.shipping_mad),
                -(artisan_order.subtotal + artisan_order.shipping),
                currency,
                artisan_order_id=artisan_order.pk,
            )
        )
        if artisan_order.insurance_premium_mad or artisan_order.insurance_premium:
            lines.append(
                Line(
                    system_account(AccountKind.INSURANCE),
                    -artisan_order.insurance_premium_mad,
                    -artisan_order.insurance_premium,
                    currency,
                    artisan_order_id=artisan_order.pk,
                )
            )
    if order.duties_collected_mad or order.duties_collected:
        lines.append(
            Line(system_account(AccountKind.DUTIES), -order.duties_collected_mad, -order.duties_collected, currency)
        )
    _post(
        kind=LedgerTransactionKind.CAPTURE,
        reference=f"capture:{payment.pk}",
        order_id=order.pk,
        lines=lines,
        memo=f"{order.number} captured ({payment.provider} {payment.provider_reference})",
    )


def _commission_transaction_post(payment, order, artisan_orders, accounts) -> None:
    """Commission is taken on goods only (each line's total in MAD), never on
    shipping (a carrier's price passed through) nor on duties (customs' money).
    The rate and amount are fixed here, per line, in a LineCommission row."""
    rules = commission_rules_load(artisans=[row.artisan for row in artisan_orders])
    commission_account = system_account(AccountKind.COMMISSION)
    line_commissions, lines = [], []
    for artisan_order in artisan_orders:
        for order_line in sorted(artisan_order.lines.all(), key=lambda row: row.pk):
            category_id = order_line.product.category_id if order_line.product else None
            rate, rule = commission_rate_for(artisan=artisan_order.artisan, category=category_id, rules=rules)
            amount_mad = quantize(order_line.line_total_mad * rate / HUNDRED, BASE_CURRENCY)
            line_commissions.append(
                LineCommission(
                    order_line=order_line,
                    artisan_order=artisan_order,
                    rule=rule,
                    rate_percent=rate,
                    base_mad=order_line.line_total_mad,
                    amount_mad=amount_mad,
                )
            )
            amount = _in_order_currency(amount_mad, order)
            tags = {"artisan_order_id": artisan_order.pk, "order_line_id": order_line.pk}
            lines.append(Line(accounts[artisan_order.artisan_id], amount_mad, amount, order.currency, **tags))
            lines.append(Line(commission_account, -amount_mad, -amount, order.currency, **tags))
    _post(
        kind=LedgerTransactionKind.COMMISSION,
        reference=f"commission:{payment.pk}",
        order_id=order.pk,
        lines=lines,
        memo=f"{order.number} commission",
        # Written only by the call that claimed the reference: one row per line, ever.
        before_entries=lambda: LineCommission.objects.bulk_create(line_commissions),
    )


def unallocated_capture_post(*, payment) -> None:
    """A payment that should not have happened (the order was cancelled
    first, or another attempt paid it): the money at the provider is owed
    back to the buyer, not to the artisans, and no commission is taken. It
    uses the capture's reference, so one payment is captured one way only;
    its refund (with no items) is then settled by refund_settled_post."""
    lines = [
        Line(system_account(AccountKind.CLEARING), payment.amount_mad, payment.amount, payment.currency),
        Line(system_account(AccountKind.REFUNDS), -payment.amount_mad, -payment.amount, payment.currency),
    ]
    _post(
        kind=LedgerTransactionKind.CAPTURE,
        reference=f"capture:{payment.pk}",
        order_id=payment.order_id,
        lines=lines,
        memo=f"payment {payment.provider_reference} captured, owed back to the buyer",
    )


# --- refunds ------------------------------------------------------------------------------------


def refund_post(*, refund) -> None:
    """A refund was requested: what it gives back is owed to the buyer
    (refunds account), taken from whoever had it. A line's goods come from the
    artisan, less the commission share, which the platform gives back; the
    shipping from the artisan; duties from the duties account; a premium from
    the insurance account. When the refund's `loss_bearer` is the insurer or
    the platform, its goods and shipping come from that account instead, whole
    (the artisan keeps the sale, the commission stays earned)."""
    reference = f"refund:{refund.pk}"
    if _posted(reference) or _posted(f"refund-reversed:{refund.pk}"):
        return  # posted already, or reversed already (a late duplicate must not re-open it)
    with transaction.atomic():
        order = refund.order
        items = list(
            RefundItem.objects.filter(refund=refund)
            .select_related("artisan_order__artisan", "order_line")
            .order_by("pk")
        )
        accounts = _artisan_accounts(item.artisan_order.artisan for item in items)
        for kind in (AccountKind.COMMISSION, AccountKind.DUTIES, AccountKind.REFUNDS, AccountKind.INSURANCE):
            accounts[kind] = system_account(kind)
        bearer = _bearer_account(refund)
        artisan_lines = [item for item in items if item.kind == RefundItemKind.LINE and bearer is None]
        shares = _commission_shares(refund, artisan_lines)
        lines = []
        for item in items:
            lines.extend(_refund_item_lines(item, order, accounts, shares.get(item.pk, ZERO), bearer=bearer))
        lines.append(Line(accounts[AccountKind.REFUNDS], -refund.amount_mad, -refund.amount, refund.currency))
        _post(
            kind=LedgerTransactionKind.REFUND,
            reference=reference,
            order_id=refund.order_id,
            lines=lines,
            memo=f"{order.number} refund {refund.pk}",
        )


def _bearer_account(refund) -> LedgerAccount | None:
    """The account that bears the refund's goods and shipping instead of the
    artisan (insurer, platform), or None: the artisan bears them."""
    bearer = LossBearer(refund.loss_bearer or LossBearer.ARTISAN)
    if bearer == LossBearer.INSURER:
        return system_account(AccountKind.INSURANCE)
    if bearer == LossBearer.PLATFORM:
        return system_account(AccountKind.PLATFORM)
    return None


def _refund_item_lines(item, order, accounts, share_mad: Decimal, *, bearer=None) -> list[Line]:
    """`accounts`: artisan id → account, and the system accounts by kind;
    `bearer`: the account bearing goods and shipping, None for the artisan."""
    currency = order.currency
    tags = {"artisan_order_id": item.artisan_order_id}
    artisan_account = accounts[item.artisan_order.artisan_id]
    if item.kind == RefundItemKind.INSURANCE:
        return [Line(accounts[AccountKind.INSURANCE], item.amount_mad, item.amount, currency, **tags)]
    if item.kind == RefundItemKind.DUTIES:
        return [Line(accounts[AccountKind.DUTIES], item.amount_mad, item.amount, currency, **tags)]
    if bearer is not None:
        if item.kind == RefundItemKind.LINE:
            tags["order_line_id"] = item.order_line_id
        return [Line(bearer, item.amount_mad, item.amount, currency, **tags)]
    if item.kind == RefundItemKind.LINE:
        tags["order_line_id"] = item.order_line_id
        share = _in_order_currency(share_mad, order)
        return [
            Line(artisan_account, item.amount_mad - share_mad, item.amount - share, currency, **tags),
            Line(accounts[AccountKind.COMMISSION], share_mad, share, currency, **tags),
        ]
    return [Line(artisan_account, item.amount_mad, item.amount, currency, **tags)]  # shipping


def _commission_shares(refund, line_items) -> dict[int, Decimal]:
    """RefundItem id → the commission (MAD) it gives back.

    Proportional to the pieces refunded out of the pieces not yet refunded,
    taken from the commission not yet given back (read from the ledger); the
    refund that takes a line's last pieces gives back exactly what is left.
    So a line refunded in pieces, in any order, with failed refunds between,
    gives back exactly its commission, never a cent more or less. An item
    with no quantity (an amount-only refund on a line) gives back the
    commission's share of that amount, bounded by what is left."""
    if not line_items:
        return {}
    line_ids = {item.order_line_id for item in line_items}
    # Locking the lines' commissions serialises two refunds of the same line:
    # the second reads what the first gave back once it has committed.
    locked = locks.line_commissions_lock(line_ids)
    commissions = {row.order_line_id: row for row in locked}
    given_back = _commission_given_back(line_ids)
    refunded = _quantities_refunded(line_ids, exclude_refund_id=refund.pk)
    shares = {}
    for item in line_items:
        commission = commissions.get(item.order_line_id)
        if commission is None:  # captured before commissions existed, or never captured
            shares[item.pk] = ZERO
            continue
        left = commission.amount_mad - given_back[item.order_line_id]
        pieces_left = item.order_line.quantity - refunded[item.order_line_id]
        share = _share(left, pieces_left, item, commission)
        shares[item.pk] = share
        given_back[item.order_line_id] += share
        refunded[item.order_line_id] += item.quantity
    return shares


def _share(left: Decimal, pieces_left: int, item, commission) -> Decimal:
    if left <= 0:
        return ZERO
    if item.quantity:
        if item.quantity >= pieces_left:
            return left
        return min(left, quantize(left * item.quantity / pieces_left, BASE_CURRENCY))
    if not commission.base_mad:
        return ZERO
    return min(left, quantize(commission.amount_mad * item.amount_mad / commission.base_mad, BASE_CURRENCY))


def _commission_given_back(line_ids) -> dict[int, Decimal]:
    """Per order line, commission given back so far by refunds still standing
    (a reversed refund's reversal cancels its share)."""
    rows = (
        LedgerEntry.objects.filter(
            account__kind=AccountKind.COMMISSION,
            order_line_id__in=line_ids,
            transaction__kind__in=[LedgerTransactionKind.REFUND, LedgerTransactionKind.REFUND_REVERSED],
        )
        .values("order_line_id")
        .annotate(total=Sum("amount_mad"))
    )
    given_back = defaultdict(lambda: ZERO)
    for row in rows:
        # quantize: SQLite sums decimals as floats.
        given_back[row["order_line_id"]] = quantize(Decimal(row["total"]), BASE_CURRENCY)
    return given_back


def _quantities_refunded(line_ids, *, exclude_refund_id) -> dict[int, int]:
    """Per order line, pieces refunded by refunds the artisan bore, posted and
    not reversed (pieces another bearer paid for keep their commission)."""
    items = list(
        RefundItem.objects.filter(
            kind=RefundItemKind.LINE, order_line_id__in=line_ids, refund__loss_bearer=LossBearer.ARTISAN
        )
        .exclude(refund_id=exclude_refund_id)
        .values_list("refund_id", "order_line_id", "quantity")
    )
    refund_ids = {refund_id for refund_id, _line, _quantity in items}
    references = {f"refund:{pk}" for pk in refund_ids} | {f"refund-reversed:{pk}" for pk in refund_ids}
    posted = set(LedgerTransaction.objects.filter(reference__in=references).values_list("reference", flat=True))
    refunded = defaultdict(int)
    for refund_id, order_line_id, quantity in items:
        if f"refund:{refund_id}" in posted and f"refund-reversed:{refund_id}" not in posted:
            refunded[order_line_id] += quantity
    return refunded


def refund_settled_post(*, refund) -> None:
    """The provider paid the buyer: the debt to them is settled from the clearing balance."""
    order_number = refund.order.number
    lines = [
        Line(system_account(AccountKind.REFUNDS), refund.amount_mad, refund.amount, refund.currency),
        Line(system_account(AccountKind.CLEARING), -refund.amount_mad, -refund.amount, refund.currency),
    ]
    _post(
        kind=LedgerTransactionKind.REFUND_SETTLED,
        reference=f"refund-settled:{refund.pk}",
        order_id=refund.order_id,
        lines=lines,
        memo=f"{order_number} refund {refund.pk} paid",
    )


def refund_reversed_post(*, refund) -> None:
    """The refund failed: exactly the opposite of its posting, so the
    artisans, the commission and the duties get back what it took. Nothing
    happens when the refund was never posted."""
    _reverse(
        original_reference=f"refund:{refund.pk}",
        kind=LedgerTransactionKind.REFUND_REVERSED,
        reference=f"refund-reversed:{refund.pk}",
    )


def _reverse(*, original_reference: str, kind, reference: str) -> LedgerTransaction | None:
    with transaction.atomic():
        original = LedgerTransaction.objects.filter(reference=original_reference).first()
        if original is None:
            logger.warning("ledger: %s not posted, nothing to reverse for %s", original_reference, reference)
            return None
        lines = [
            Line(
                entry.account,
                -entry.amount_mad,
                -entry.amount,
                entry.currency,
                artisan_order_id=entry.artisan_order_id,
                order_line_id=entry.order_line_id,
            )
            for entry in original.entries.select_related("account").order_by("pk")
        ]
        return _post(
            kind=kind,
            reference=reference,
            order_id=original.order_id,
            lines=lines,
            memo=f"reverses {original_reference}",
        )


# --- payouts ------------------------------------------------------------------------------------------


def payout_post(*, payout, items) -> None:
    """A payout is sent: each artisan order's share leaves the artisan's
    account (tagged, so that sale owes nothing more), the total leaves clearing."""
    account = account_for_artisan(payout.artisan)
    lines = [
        Line(account, item.amount_mad, item.amount_mad, BASE_CURRENCY, artisan_order_id=item.artisan_order_id)
        for item in items
    ]
    lines.append(Line(system_account(AccountKind.CLEARING), -payout.amount_mad, -payout.amount_mad, BASE_CURRENCY))
    _post(
        kind=LedgerTransactionKind.PAYOUT,
        reference=f"payout:{payout.pk}",
        order_id=None,
        lines=lines,
        memo=f"payout {payout.reference}",
    )


def payout_reversed_post(*, payout) -> None:
    """The bank refused or returned the transfer: the money is the artisan's again."""
    _reverse(
        original_reference=f"payout:{payout.pk}",
        kind=LedgerTransactionKind.PAYOUT_REVERSED,
        reference=f"payout-reversed:{payout.pk}",
    )
