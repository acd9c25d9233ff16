"""Refunds through the emulator: full and partial, by whom, and what the
order, the artisan order and the ledger do about it."""

import pytest
from django.db.models import Sum

from orders.models import ArtisanOrder, ArtisanOrderStatus, Order, OrderStatus
from payments import refunds
from payments.models import LedgerEntry, Refund, RefundStatus
from tests.factories import UserFactory
from tests.payments import stripe_kit as kit
from tests.payments.conftest import checkout_placed


def part(order, index=0) -> ArtisanOrder:
    return order.artisan_orders.select_related("artisan__user").order_by("pk")[index]


def refunded_at_provider(local_stripe, payment) -> int:
    """What the emulator has refunded of the payment, in minor units."""
    import requests

    url = f"{local_stripe.url}/v1/payment_intents/{payment.provider_reference}"
    intent = requests.get(url, params={"expand[]": "latest_charge"}, auth=(kit.SECRET_KEY, ""), timeout=10).json()
    return intent["latest_charge"]["amount_refunded"]


def test_a_partial_refund_of_one_piece_goes_through_the_provider(
    paid, local_stripe, django_capture_on_commit_callbacks
):
    artisan_order = part(paid)
    line = artisan_order.lines.get()

    with django_capture_on_commit_callbacks(execute=True):
        refund = refunds.refund_request(
            artisan_order=artisan_order, actor=artisan_order.artisan.user, lines=[refunds.LineRefund(line.pk, 1)],
            reason="one cracked in the kiln",
        )  # fmt: skip

    refund.refresh_from_db()
    paid.refresh_from_db()
    assert (refund.status, refund.amount, paid.status) == (
        RefundStatus.SUCCEEDED,
        line.unit_price,
        OrderStatus.PARTIALLY_REFUNDED,
    )
    assert refunded_at_provider(local_stripe, refund.payment) == int(line.unit_price * 100)


def test_a_full_refund_by_staff_refunds_the_order_and_cancels_what_has_not_shipped(
    paid, local_stripe, django_capture_on_commit_callbacks
):
    staff = UserFactory(is_superuser=True, is_staff=True)

    with django_capture_on_commit_callbacks(execute=True):
        refund = refunds.refund_order(order=paid, actor=staff, reason="the buyer asked")

    paid.refresh_from_db()
    assert (refund.amount, paid.status) == (paid.total, OrderStatus.REFUNDED)
    assert set(paid.artisan_orders.values_list("status", flat=True)) == {ArtisanOrderStatus.CANCELLED}
    assert refunded_at_provider(local_stripe, refund.payment) == int(paid.total * 100)


def test_a_line_refunded_in_pieces_never_exceeds_it(paid, django_capture_on_commit_callbacks):
    artisan_order = part(paid)
    line = artisan_order.lines.get()
    with django_capture_on_commit_callbacks(execute=True):
        refunds.refund_request(artisan_order=artisan_order, actor=None, lines=[refunds.LineRefund(line.pk, 1)],
                               reason="first")  # fmt: skip
        refunds.refund_request(artisan_order=artisan_order, actor=None, lines=[refunds.LineRefund(line.pk, 1)],
                               reason="second")  # fmt: skip

    with pytest.raises(refunds.DomainError):
        refunds.refund_request(artisan_order=artisan_order, actor=None, lines=[refunds.LineRefund(line.pk, 1)],
                               reason="third")  # fmt: skip
    total = Refund.objects.aggregate(total=Sum("amount"))["total"]
    assert total == line.line_total


def test_refunding_every_line_and_the_shipping_cancels_the_artisan_order(paid, django_capture_on_commit_callbacks):
    artisan_order = part(paid)
    line = artisan_order.lines.get()

    with django_capture_on_commit_callbacks(execute=True):
        refunds.refund_request(
            artisan_order=artisan_order, actor=None, lines=[refunds.LineRefund(line.pk, line.quantity)],
            shipping=True, reason="cannot make it",
        )  # fmt: skip

    artisan_order.refresh_from_db()
    assert artisan_order.status == ArtisanOrderStatus.CANCELLED


def test_the_artisan_may_not_refund_after_shipping(paid):
    artisan_order = part(paid)
    ArtisanOrder.objects.filter(pk=artisan_order.pk).update(status=ArtisanOrderStatus.SHIPPED)
    artisan_order.refresh_from_db()

    with pytest.raises(refunds.NotAllowed):
        refunds.refund_request(artisan_order=artisan_order, actor=artisan_order.artisan.user, shipping=True, lines=[],
                               reason="late")  # fmt: skip


def test_another_artisan_may_not_refund(paid):
    with pytest.raises(refunds.NotAllowed):
        refunds.refund_request(artisan_order=part(paid), actor=part(paid, 1).artisan.user, shipping=True, lines=[],
                               reason="not mine")  # fmt: skip


def test_the_cooperative_admin_refunds_after_shipping(paid, django_capture_on_commit_callbacks):
    artisan_order = part(paid)
    admin = UserFactory()
    artisan_order.artisan.cooperative.admins.add(admin)
    ArtisanOrder.objects.filter(pk=artisan_order.pk).update(status=ArtisanOrderStatus.SHIPPED)
    artisan_order.refresh_from_db()

    with django_capture_on_commit_callbacks(execute=True):
        refund = refunds.refund_request(artisan_order=artisan_order, actor=admin, shipping=True, lines=[],
                                        reason="lost parcel")  # fmt: skip

    refund.refresh_from_db()
    assert (refund.status, refund.amount) == (RefundStatus.SUCCEEDED, artisan_order.shipping)


def test_a_refund_without_a_reason_is_refused_and_writes_nothing(paid):
    with pytest.raises(refunds.DomainError):
        refunds.refund_request(artisan_order=part(paid), actor=None, shipping=True, lines=[], reason="  ")

    assert Refund.objects.count() == 0


def test_an_unpaid_order_has_nothing_to_refund(local_stripe, db):
    _client, body = checkout_placed()
    order = Order.objects.get(number=body["order"]["number"])

    assert refunds.refund_order(order=order, actor=None, reason="cancelled") is None


def test_a_buyer_cancellation_of_a_paid_order_refunds_it_in_full(paid, django_capture_on_commit_callbacks):
    from rest_framework.test import APIClient

    with django_capture_on_commit_callbacks(execute=True):
        response = APIClient().post(f"/api/v1/orders/{paid.number}/cancel/", {"token": paid.access_token},
                                    format="json")  # fmt: skip

    paid.refresh_from_db()
    assert (response.status_code, paid.status) == (200, OrderStatus.REFUNDED)
    assert Refund.objects.get().amount == paid.total


def test_a_failed_refund_gives_the_artisan_balance_back(paid, client, django_capture_on_commit_callbacks):
    artisan_order = part(paid)
    account_entries = LedgerEntry.objects.filter(account__artisan=artisan_order.artisan)
    before = account_entries.aggregate(total=Sum("amount_mad"))["total"]
    # Not sent yet (its on-commit task does not run here); the provider then reports it failed.
    refund = refunds.refund_request(artisan_order=artisan_order, actor=None, shipping=True, lines=[], reason="x")
    remote = kit.refund_object("re_failed_1", payment_reference=refund.payment.provider_reference,
                               amount=int(refund.amount * 100), currency=refund.currency, status="failed",
                               metadata={"souk_refund": str(refund.pk)})  # fmt: skip

    with django_capture_on_commit_callbacks(execute=True):
        kit.deliver(client, kit.event("refund.updated", remote))

    refund.refresh_from_db()
    after = account_entries.aggregate(total=Sum("amount_mad"))["total"]
    assert (refund.status, after) == (RefundStatus.FAILED, before)


def test_the_artisan_refunds_a_line_through_the_api(paid, client_for, django_capture_on_commit_callbacks):
    artisan_order = part(paid)
    line = artisan_order.lines.get()

    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(artisan_order.artisan.user).post(
            f"/api/v1/my/orders/{artisan_order.pk}/refunds/",
            {"lines": [{"line": line.pk, "quantity": 1}], "reason": "chipped"},
            format="json",
        )

    assert (response.status_code, response.json()["amount"]["amount"]) == (201, str(line.unit_price))


@pytest.mark.parametrize(
    "body",
    [{"reason": "nothing chosen"}, {"lines": [{"line": 1, "quantity": 0}], "reason": "x"},
     {"shipping": True}, {"shipping": True, "reason": "x", "amount": "10.00"}],
)  # fmt: skip
def test_a_bad_refund_request_is_a_400_and_writes_nothing(paid, client_for, body):
    artisan_order = part(paid)

    response = client_for(artisan_order.artisan.user).post(
        f"/api/v1/my/orders/{artisan_order.pk}/refunds/", body, format="json"
    )

    assert (response.status_code, "error" in response.json(), Refund.objects.count()) == (400, True, 0)


def test_another_artisans_order_is_a_404_for_refunds(paid, client_for):
    response = client_for(part(paid, 1).artisan.user).post(
        f"/api/v1/my/orders/{part(paid).pk}/refunds/", {"shipping": True, "reason": "x"}, format="json"
    )

    assert response.status_code == 404


def test_refunding_the_whole_parcel_of_a_ddp_order_gives_its_duties_back(
    local_stripe, db, django_capture_on_commit_callbacks
):
    from tests.payments.conftest import order_paid

    order = order_paid(local_stripe, django_capture_on_commit_callbacks, lines=(("300.00", 1),), incoterm="DDP",
                       key="ddp-key-0001")  # fmt: skip
    artisan_order = part(order)
    line = artisan_order.lines.get()
    assert order.duties_collected > 0

    with django_capture_on_commit_callbacks(execute=True):
        refund = refunds.refund_request(
            artisan_order=artisan_order, actor=None, lines=[refunds.LineRefund(line.pk, 1)], shipping=True,
            reason="cannot make it",
        )  # fmt: skip

    order.refresh_from_db()
    assert (refund.amount, order.status) == (order.total, OrderStatus.REFUNDED)
