"""Refunds in the admin, in a real browser: a cooperative admin refunds a
member's paid parcel with a reason, and the money goes back through the
local Stripe emulator."""

import re

import pytest

from orders.models import Order, OrderStatus
from payments.models import Refund, RefundStatus
from tests.browser.test_admin_browser import log_in
from tests.factories import UserFactory
from tests.payments.conftest import local_stripe, paid  # noqa: F401  (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ARTISAN_ORDERS = "/admin/orders/artisanorder/"


def test_a_cooperative_admin_refunds_a_members_parcel_in_full(page, paid):  # noqa: F811
    admin = UserFactory(email="khadija@example.com", is_staff=True, preferred_language="en")
    mine = paid.artisan_orders.order_by("pk").first()
    mine.artisan.cooperative.admins.add(admin)
    log_in(page, admin)

    page.goto(ARTISAN_ORDERS)
    page.check(f"input[name=_selected_action][value='{mine.pk}']")
    page.select_option("select[name=action]", "refund_in_full")
    page.click("button[name=index]")
    page.fill("textarea[name=reason], input[name=reason]", "The tagine cracked before shipping")
    page.click("input[name=confirm]")
    page.wait_for_url(re.compile(re.escape(ARTISAN_ORDERS) + r"$"))

    assert page.locator("ul.messagelist li.success").is_visible()
    refund = Refund.objects.get()
    assert (refund.status, refund.amount, refund.reason) == (
        RefundStatus.SUCCEEDED,
        mine.subtotal + mine.shipping,
        "The tagine cracked before shipping",
    )
    assert Order.objects.get(pk=paid.pk).status == OrderStatus.PARTIALLY_REFUNDED
