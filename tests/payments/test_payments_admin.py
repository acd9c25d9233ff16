"""Money in the admin: staff refund whole orders, cooperative admins refund
or cancel their members' paid parts (and the buyer gets the money back),
and nobody sees what they should not."""

import pytest

from orders.models import ArtisanOrderStatus, OrderStatus
from payments.models import Payment, Refund, RefundStatus, WebhookEvent, WebhookStatus
from tests.factories import UserFactory

ORDERS = "/admin/orders/order/"
ARTISAN_ORDERS = "/admin/orders/artisanorder/"


@pytest.fixture
def staff_client(client, db):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


@pytest.fixture
def cooperative_admin_client(client, paid):
    """The cooperative admin of the first artisan of the paid order."""
    admin = UserFactory(is_staff=True)
    first = paid.artisan_orders.order_by("pk").first()
    first.artisan.cooperative.admins.add(admin)
    client.force_login(admin)
    return client


def run_action(client, url, action, rows, reason="The buyer asked"):
    return client.post(url, {"action": action, "_selected_action": [row.pk for row in rows], "confirm": "1",
                             "reason": reason})  # fmt: skip


def test_staff_refund_a_whole_order_from_the_admin(staff_client, paid, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = run_action(staff_client, ORDERS, "refund_in_full", [paid])

    paid.refresh_from_db()
    assert (response.status_code, paid.status, Refund.objects.get().status) == (
        302,
        OrderStatus.REFUNDED,
        RefundStatus.SUCCEEDED,
    )


def test_the_refund_action_asks_for_a_reason_first(staff_client, paid):
    response = staff_client.post(ORDERS, {"action": "refund_in_full", "_selected_action": [paid.pk]})

    assert (response.status_code, 'name="reason"' in response.content.decode(), Refund.objects.count()) == (
        200,
        True,
        0,
    )


def test_a_cooperative_admin_cannot_refund_whole_orders(cooperative_admin_client, paid):
    page = cooperative_admin_client.get(ORDERS)

    assert page.status_code == 200
    assert "refund_in_full" not in page.content.decode()


def test_cancelling_a_paid_part_in_the_admin_refunds_it(
    cooperative_admin_client, paid, django_capture_on_commit_callbacks
):
    mine = paid.artisan_orders.order_by("pk").first()

    with django_capture_on_commit_callbacks(execute=True):
        run_action(cooperative_admin_client, ARTISAN_ORDERS, "cancel", [mine], reason="The kiln broke")

    mine.refresh_from_db()
    refund = Refund.objects.get()
    assert (mine.status, refund.amount, refund.status) == (
        ArtisanOrderStatus.CANCELLED,
        mine.subtotal + mine.shipping,
        RefundStatus.SUCCEEDED,
    )


def test_a_cooperative_admin_refunds_a_members_part_in_full(
    cooperative_admin_client, paid, django_capture_on_commit_callbacks
):
    mine = paid.artisan_orders.order_by("pk").first()

    with django_capture_on_commit_callbacks(execute=True):
        run_action(cooperative_admin_client, ARTISAN_ORDERS, "refund_in_full", [mine])

    paid.refresh_from_db()
    assert (paid.status, Refund.objects.get().amount) == (OrderStatus.PARTIALLY_REFUNDED, mine.subtotal + mine.shipping)


def test_another_cooperatives_part_is_not_refunded(cooperative_admin_client, paid):
    theirs = paid.artisan_orders.order_by("pk").last()

    run_action(cooperative_admin_client, ARTISAN_ORDERS, "refund_in_full", [theirs])

    assert Refund.objects.count() == 0


def test_the_payment_page_never_shows_the_client_secret(staff_client, paid):
    payment = Payment.objects.get()

    page = staff_client.get(f"/admin/payments/payment/{payment.pk}/change/")

    assert page.status_code == 200
    assert payment.client_secret not in page.content.decode()


def test_payments_are_for_operators_only_even_for_the_orders_own_cooperative_admin(cooperative_admin_client, paid):
    """A payment is the whole order's, across its cooperatives (issue 11):
    cooperative admins follow their parcels on the artisan orders instead."""
    page = cooperative_admin_client.get("/admin/payments/payment/")

    assert page.status_code == 403
    assert paid.number not in page.content.decode()


def test_a_failed_webhook_event_can_be_queued_again(staff_client, db, django_capture_on_commit_callbacks):
    event = WebhookEvent.objects.create(provider="stripe", event_id="evt_x", type="customer.created",
                                        payload={"id": "evt_x", "type": "customer.created", "data": {"object": {}}},
                                        status=WebhookStatus.FAILED, attempts=8)  # fmt: skip

    with django_capture_on_commit_callbacks(execute=True):  # queued once its PENDING status is committed
        staff_client.post("/admin/payments/webhookevent/", {"action": "apply_again", "_selected_action": [event.pk]})

    event.refresh_from_db()
    assert (event.status, event.outcome) == (WebhookStatus.IGNORED, "ignored: customer.created")
