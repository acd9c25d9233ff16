"""The four-eyes rule for refunds (payments.permissions): above
REFUND_FOUR_EYES_ABOVE_MAD, a refund is never made by the order's buyer, nor
by the artisan of a refunded parcel using cooperative-admin or staff rights;
at or below it, those rights apply as they are. The artisan's own right to
refund an unshipped parcel (their own money) and the buyer's cancellation
(the system refunds it) are not administrative acts and stay open.

Here the limit is 500 MAD: a piece is 450 MAD, a parcel of two 900 MAD."""

from decimal import Decimal

import pytest

from marketplace.errors import FourEyesRefused
from orders.models import ArtisanOrder, ArtisanOrderStatus, Order, OrderStatus
from payments import permissions, refunds
from payments.models import Refund
from tests.factories import UserFactory
from tests.payments.ledger_builders import paid_order
from tests.permissions.conftest import admin_action

pytestmark = pytest.mark.django_db
AO = ArtisanOrderStatus


@pytest.fixture(autouse=True)
def limit(settings):
    settings.REFUND_FOUR_EYES_ABOVE_MAD = Decimal("500.00")


def shipped(parcel):
    ArtisanOrder.objects.filter(pk=parcel.pk).update(status=AO.SHIPPED)
    parcel.refresh_from_db()
    return parcel


def pieces(parcel, actor, quantity):
    return refunds.refund_request(
        artisan_order=parcel, actor=actor, lines=[refunds.LineRefund(parcel.lines.get().pk, quantity)], reason="broken"
    )


@pytest.fixture
def own_parcel(selling_admin):
    """A paid, shipped parcel of two pieces sold by the cooperative admin."""
    return shipped(paid_order(artisans=[selling_admin]).parts[0])


def test_the_selling_admin_cannot_refund_their_own_parcel_above_the_limit(cooperative_admin, own_parcel):
    with pytest.raises(FourEyesRefused):
        pieces(own_parcel, cooperative_admin, 2)

    assert not Refund.objects.exists()


def test_the_selling_admin_refunds_their_own_parcel_below_the_limit(cooperative_admin, own_parcel):
    refund = pieces(own_parcel, cooperative_admin, 1)

    assert (refund.amount_mad, refund.requested_by) == (Decimal("450.00"), cooperative_admin)


def test_another_admin_of_the_cooperative_refunds_it_above_the_limit(other_admin, own_parcel):
    assert pieces(own_parcel, other_admin, 2).amount_mad == Decimal("900.00")


def test_the_admin_action_shows_the_refusal_and_refunds_nothing(admin_client_for, cooperative_admin, own_parcel):
    shown = admin_action(admin_client_for(cooperative_admin), "/admin/orders/artisanorder/", "refund_in_full",
                         [own_parcel], reason="lost", confirm="1")  # fmt: skip

    assert not Refund.objects.exists()
    assert any("above 500.00 MAD" in message for message in shown), shown


def test_an_operator_refunds_the_selling_admins_parcel_in_the_admin(admin_client_for, superuser, own_parcel):
    admin_action(admin_client_for(superuser), "/admin/orders/artisanorder/", "refund_in_full", [own_parcel],
                 reason="lost", confirm="1")  # fmt: skip

    assert Refund.objects.get().amount_mad == Decimal("1020.00")  # two pieces and the shipping


@pytest.fixture
def operators_purchase(superuser):
    """An operator bought from an ordinary artisan; the parcel shipped."""
    paid = paid_order(quantity=2)
    Order.objects.filter(pk=paid.order.pk).update(buyer=superuser)
    return shipped(paid.parts[0])


def test_an_operator_cannot_refund_their_own_purchase_above_the_limit(superuser, operators_purchase):
    with pytest.raises(FourEyesRefused):
        pieces(operators_purchase, superuser, 2)
    with pytest.raises(FourEyesRefused):
        refunds.refund_order(order=operators_purchase.order, actor=superuser, reason="I changed my mind")

    assert not Refund.objects.exists()


def test_an_operator_refunds_their_own_purchase_below_the_limit(superuser, operators_purchase):
    assert pieces(operators_purchase, superuser, 1).requested_by == superuser


def test_another_operator_refunds_the_operators_purchase(operators_purchase):
    other = UserFactory(is_staff=True, is_superuser=True)

    assert pieces(operators_purchase, other, 2).requested_by == other


def test_an_artisan_refunds_their_own_unshipped_parcel_above_the_limit_through_the_api(client_for):
    parcel = paid_order(quantity=2).parts[0]
    line = parcel.lines.get()

    response = client_for(parcel.artisan.user).post(
        f"/api/v1/my/orders/{parcel.pk}/refunds/",
        {"lines": [{"line": line.pk, "quantity": 2}], "reason": "kiln"},
        format="json",
    )

    assert response.status_code == 201, response.json()
    assert Refund.objects.get().amount_mad == Decimal("900.00")


def test_the_selling_admin_refused_through_the_api_gets_a_403_in_the_error_shape(client_for, own_parcel):
    # Shipped: the seller's own right is gone, and the admin right does not apply to their own parcel above the limit.
    line = own_parcel.lines.get()

    response = client_for(own_parcel.artisan.user).post(
        f"/api/v1/my/orders/{own_parcel.pk}/refunds/",
        {"lines": [{"line": line.pk, "quantity": 2}], "reason": "x"},
        format="json",
    )

    assert (response.status_code, response.json()["error"]["code"]) == (403, "four_eyes")


def test_a_buyer_with_admin_rights_still_cancels_their_own_paid_order(client_for, cooperative_admin, selling_admin):
    """Cancelling one's own order through the buyer flow is no administrative act: the system refunds it."""
    paid = paid_order(quantity=2)
    Order.objects.filter(pk=paid.order.pk).update(buyer=cooperative_admin)

    response = client_for(cooperative_admin).post(f"/api/v1/orders/{paid.order.number}/cancel/", {}, format="json")

    refund = Refund.objects.get()
    assert response.status_code == 200, response.json()
    assert (response.json()["status"], refund.amount_mad, refund.requested_by) == (
        OrderStatus.CANCELLED,
        Decimal("2040.00"),
        None,
    )


def test_a_refund_is_seen_by_the_cooperatives_of_its_own_parcels_only(superuser):
    """Scoped by the refund's items, not its order: one order spans two cooperatives here."""
    paid = paid_order(quantity=2)
    mine, theirs = paid.parts
    admin = UserFactory(is_staff=True)
    mine.artisan.cooperative.admins.add(admin)
    their_refund = pieces(theirs, superuser, 1)
    whole = refunds.refund_order(order=paid.order, actor=superuser, reason="fraud suspected")

    assert list(permissions.refunds_visible_to(admin)) == [whole]
    assert not permissions.refund_may_be_seen_by(admin, their_refund)
    assert {item.artisan_order_id for item in permissions.refund_items_visible_to(admin, whole)} == {mine.pk}
    assert permissions.refund_may_be_seen_by(theirs.artisan.user, their_refund)
