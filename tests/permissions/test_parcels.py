"""The seller never declares their own parcel delivered (delivery makes the
sale final and payable), even when the seller administers the cooperative:
another admin of it, or Souk staff, confirms it."""

import pytest

from marketplace.errors import FourEyesRefused
from orders import lifecycle, permissions
from orders.models import ArtisanOrderStatus
from tests.factories import CooperativeFactory, UserFactory
from tests.orders.builders import order_build
from tests.permissions.conftest import admin_action

pytestmark = pytest.mark.django_db
AO = ArtisanOrderStatus


@pytest.fixture
def own_shipped_parcel(selling_admin):
    return order_build(artisans=[selling_admin], statuses=[AO.SHIPPED]).artisan_orders.get()


def test_the_selling_admin_cannot_confirm_their_own_delivery_in_the_admin(
    admin_client_for, cooperative_admin, own_shipped_parcel
):
    shown = admin_action(admin_client_for(cooperative_admin), "/admin/orders/artisanorder/", "mark_delivered",
                         [own_shipped_parcel])  # fmt: skip

    own_shipped_parcel.refresh_from_db()
    assert own_shipped_parcel.status == AO.SHIPPED
    assert any("not by the seller" in message for message in shown), shown


def test_nor_through_the_service(cooperative_admin, own_shipped_parcel):
    with pytest.raises(FourEyesRefused):
        lifecycle.artisan_order_advance(
            artisan_order=own_shipped_parcel, actor=cooperative_admin, to_status=AO.DELIVERED
        )


def test_another_admin_of_the_cooperative_confirms_it(admin_client_for, other_admin, own_shipped_parcel):
    admin_action(admin_client_for(other_admin), "/admin/orders/artisanorder/", "mark_delivered", [own_shipped_parcel])

    own_shipped_parcel.refresh_from_db()
    assert own_shipped_parcel.status == AO.DELIVERED


def test_the_selling_admin_still_ships_their_own_parcel(cooperative_admin, selling_admin):
    parcel = order_build(artisans=[selling_admin], statuses=[AO.READY_TO_SHIP]).artisan_orders.get()

    lifecycle.artisan_order_advance(
        artisan_order=parcel, actor=cooperative_admin, to_status=AO.SHIPPED, tracking_number="RR123456789MA"
    )

    parcel.refresh_from_db()
    assert parcel.status == AO.SHIPPED


def test_a_parcel_is_seen_by_its_artisan_its_cooperatives_admins_and_operators(
    own_shipped_parcel, other_admin, superuser
):
    outsider = UserFactory(is_staff=True)
    CooperativeFactory().admins.add(outsider)

    seen = {
        name: permissions.artisan_order_may_be_seen_by(user, own_shipped_parcel)
        for name, user in [("seller", own_shipped_parcel.artisan.user), ("fellow admin", other_admin),
                           ("operator", superuser), ("other cooperative's admin", outsider)]
    }  # fmt: skip

    assert seen == {"seller": True, "fellow admin": True, "operator": True, "other cooperative's admin": False}
