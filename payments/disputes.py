"""Chargebacks: the buyer's bank disputes a charge, then closes the dispute.

Opened: the order is flagged and its artisans' payouts are held. Won (or
closed with a warning only): the money stays, the hold is lifted once no
other dispute of the order is open. Lost: the bank has taken the disputed
amount back, so it is booked as a refund already paid of everything left of
the order (nothing is sent to the provider): the artisans' balances, the
commission and the order's state follow exactly as for a refund, and parts
not shipped yet are cancelled. A lost dispute for another amount than what is
left (a partial chargeback) cannot say whose lines it takes: it is marked
lost, the order stays flagged and held, and staff book it by hand.

The closing event may come before the opening one (webhooks have no order):
either creates the dispute, and each outcome is applied once."""

from django.db import transaction

from marketplace.money import from_minor_units
from orders import lifecycle
from payments import locks, refunds
from payments.models import Dispute, DisputeStatus, Payment
from payments.services import Outcome, record_change


def _dispute_get_or_create(payment: Payment, *, reference: str, reason: str, amount_minor: int, currency: str):
    currency = currency.upper() or payment.currency
    dispute, created = locks.dispute_get_or_create_lock(
        reference=reference,
        defaults={
            "payment": payment, "order": payment.order, "reason": reason, "currency": currency,
            "amount": from_minor_units(amount_minor, currency),
        },
    )  # fmt: skip
    if created:
        record_change("dispute", dispute.pk, "", dispute.status, note=reason)
    return dispute, created


@transaction.atomic
def dispute_open_apply(
    *, provider_name: str, payment_reference: str, dispute_reference: str, reason: str, amount_minor: int,
    currency: str,
) -> Outcome:  # fmt: skip
    """The buyer's bank disputes the charge: the order is flagged and its
    artisans' payouts are held while the dispute is open."""
    payment = locks.payment_by_reference_lock(provider_name, payment_reference)
    if payment is None:
        return Outcome(False, f"unknown payment {payment_reference}")
    dispute, created = _dispute_get_or_create(
        payment, reference=dispute_reference, reason=reason, amount_minor=amount_minor, currency=currency
    )
    if not created:
        return Outcome(False, f"dispute already recorded ({dispute.status})")
    lifecycle.order_flag_disputed(order=payment.order, note=reason or dispute_reference)
    return Outcome(True, "order flagged, payouts held")


@transaction.atomic
def dispute_close_apply(
    *, provider_name: str, payment_reference: str, dispute_reference: str, outcome: str, reason: str,
    amount_minor: int, currency: str,
) -> Outcome:  # fmt: skip
    """The bank closed the dispute, won or lost (see the module's docstring)."""
    if outcome not in (DisputeStatus.WON, DisputeStatus.LOST):
        return Outcome(False, "dispute not closed")
    payment = locks.payment_by_reference_lock(provider_name, payment_reference)
    if payment is None:
        return Outcome(False, f"unknown payment {payment_reference}")
    dispute, _created = _dispute_get_or_create(
        payment, reference=dispute_reference, reason=reason, amount_minor=amount_minor, currency=currency
    )
    if dispute.status != DisputeStatus.OPEN:
        return Outcome(False, f"dispute already {dispute.status}")
    record_change("dispute", dispute.pk, dispute.status, outcome, note=reason)
    dispute.status = outcome
    dispute.save(update_fields=["status"])
    if outcome == DisputeStatus.WON:
        return _won(dispute)
    return _lost(dispute)


def _won(dispute: Dispute) -> Outcome:
    if Dispute.objects.filter(order_id=dispute.order_id, status=DisputeStatus.OPEN).exists():
        return Outcome(True, "dispute won; another dispute of the order is still open")
    lifecycle.order_clear_disputed(order=dispute.order, note=f"dispute {dispute.provider_reference} won")
    return Outcome(True, "dispute won, payouts released")


def _lost(dispute: Dispute) -> Outcome:
    refund = refunds.refund_for_lost_dispute(dispute=dispute)
    if refund is None:
        return Outcome(True, "dispute lost for another amount than what is left: the order stays held for staff")
    return Outcome(True, f"dispute lost, booked as refund {refund.pk}")
