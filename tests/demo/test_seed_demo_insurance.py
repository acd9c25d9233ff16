"""The demo's shipping insurance table: there after seeding, put back when an
operator removed a row, never duplicated, and read by the checkout's quote."""

from decimal import Decimal

import pytest
from django.utils import timezone

from demo.insurance import PREMIUMS, insurance_premiums_seed
from orders.models import InsurancePremium, ShippingService, ShippingZone
from orders.shipping import insurance_premium_mad, landed_cost_tables_invalidate

pytestmark = pytest.mark.django_db


def test_a_removed_row_is_put_back_once_and_priced_again(django_capture_on_commit_callbacks):
    InsurancePremium.objects.filter(service__code="ems", zone__code="NA").delete()
    landed_cost_tables_invalidate()

    with django_capture_on_commit_callbacks(execute=True):
        added = insurance_premiums_seed()
    again = insurance_premiums_seed()

    assert (added, again) == (1, 0)
    assert InsurancePremium.objects.count() == len(PREMIUMS)
    zone, ems = ShippingZone.objects.get(code="NA"), ShippingService.objects.get(code="ems")
    premium = insurance_premium_mad(zone=zone, service=ems, goods_mad=Decimal("5000"), on=timezone.localdate())
    assert premium == Decimal("60.00")
