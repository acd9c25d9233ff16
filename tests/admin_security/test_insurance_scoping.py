"""The shipping insurance in the admin: an order's whole insurance is
order-wide money a cooperative admin does not see (their parcels' part only),
and the premium table is written by superusers, its changes read at once."""

from datetime import date
from decimal import Decimal

import pytest
from django.utils import timezone

from orders.models import InsurancePremium, ShippingService, ShippingZone
from orders.shipping import insurance_premium_mad

pytestmark = pytest.mark.django_db


def test_a_cooperative_admin_does_not_see_the_orders_whole_insurance(world, admin_client_for):
    world.order.insurance_total_mad = Decimal("77.77")
    world.order.insurance_total = Decimal("7.71")
    world.order.save()

    as_a = admin_client_for(world.admin_a).get(f"/admin/orders/order/{world.order.pk}/change/")
    as_superuser = admin_client_for(world.superuser).get(f"/admin/orders/order/{world.order.pk}/change/")

    assert as_a.status_code == 200
    assert "77.77" not in as_a.content.decode() and "7.71" not in as_a.content.decode()
    assert "77.77" in as_superuser.content.decode()


def test_a_premium_added_by_a_superuser_prices_the_next_quote(
    world, admin_client_for, django_capture_on_commit_callbacks
):
    zone, service = ShippingZone.objects.get(code="NA"), ShippingService.objects.get(code="ems")
    today = timezone.localdate()
    assert insurance_premium_mad(zone=zone, service=service, goods_mad=Decimal("1000"), on=today) == Decimal("20.00")

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client_for(world.superuser).post(
            "/admin/orders/insurancepremium/add/",
            {"zone": zone.pk, "service": service.pk, "rate_percent": "3", "minimum_mad": "25",
             "valid_from": today.isoformat()},
        )  # fmt: skip

    assert response.status_code == 302, response.content.decode()[:2000]
    assert insurance_premium_mad(zone=zone, service=service, goods_mad=Decimal("1000"), on=today) == Decimal("30.00")
    assert InsurancePremium.objects.filter(zone=zone, service=service, valid_from=date(2026, 1, 1)).exists()


def test_a_cooperative_admin_cannot_write_the_premium_table(world, admin_client_for):
    response = admin_client_for(world.admin_a).get("/admin/orders/insurancepremium/add/")

    assert response.status_code in (302, 403)
