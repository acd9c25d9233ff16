"""Two cooperatives with a parcel each in one paid order, a refund of
cooperative A's parcel only, a payout to A's artisan, and A's admin, B's admin and a
superuser (tests.conftest.admin_client_for signs them in)."""

from dataclasses import dataclass
from decimal import Decimal

import pytest

from artisans.models import ArtisanProfile, Cooperative
from orders.models import ArtisanOrder, Order
from payments import payouts
from payments.models import Payment, Payout, Refund
from tests.factories import ArtisanFactory, CooperativeFactory, UserFactory
from tests.payments.ledger_builders import bank_details, deliver, line_refund, paid_order


@dataclass
class World:
    cooperative_a: Cooperative
    cooperative_b: Cooperative
    admin_a: object
    admin_b: object
    superuser: object
    artisan_a: ArtisanProfile
    artisan_b: ArtisanProfile
    order: Order
    part_a: ArtisanOrder
    part_b: ArtisanOrder
    payment: Payment
    refund_a: Refund  # of A's parcel only
    payout_a: Payout


@pytest.fixture
def world(db, settings):
    settings.COMMISSION_DEFAULT_PERCENT = Decimal("12.00")
    settings.PAYOUT_HOLD_DAYS = 7
    settings.PAYOUT_MINIMUM_MAD = Decimal("100.00")
    admin_a, admin_b = UserFactory(is_staff=True), UserFactory(is_staff=True)
    cooperative_a, cooperative_b = CooperativeFactory(admins=[admin_a]), CooperativeFactory(admins=[admin_b])
    artisan_a = ArtisanFactory(cooperative=cooperative_a, display_name_latin="Atelier Alpha")
    artisan_b = ArtisanFactory(cooperative=cooperative_b, display_name_latin="Atelier Beta")
    paid = paid_order(artisans=[artisan_a, artisan_b])
    part_a, part_b = paid.parts
    Payment.objects.filter(pk=paid.payment.pk).update(client_secret="pi_secret_Zq81TopSecretValue")
    refund_a = line_refund(paid, part_a, 1)
    deliver([part_a])
    bank_details(artisan_a)
    batch = payouts.payout_batch_create()
    part_a.refresh_from_db()
    return World(
        cooperative_a=cooperative_a,
        cooperative_b=cooperative_b,
        admin_a=admin_a,
        admin_b=admin_b,
        superuser=UserFactory(is_staff=True, is_superuser=True, email="operator@souk.example"),
        artisan_a=artisan_a,
        artisan_b=artisan_b,
        order=paid.order,
        part_a=part_a,
        part_b=part_b,
        payment=Payment.objects.get(pk=paid.payment.pk),
        refund_a=refund_a,
        payout_a=batch.payouts.get(artisan=artisan_a),
    )


def listed(response) -> list:
    return list(response.context["cl"].result_list)
