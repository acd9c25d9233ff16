"""Every row a cooperative admin reaches is scoped by its own cooperative:
refunds by their own items' parcels, orders showing only the cooperative's
part, payments for operators only; crafted URLs reach nothing more."""

from decimal import Decimal

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType

from artisans import services as artisan_services
from payments.models import RefundItemKind
from tests.admin_security.conftest import listed
from tests.payments.ledger_builders import refund_build

pytestmark = pytest.mark.django_db

REFUNDS = "/admin/payments/refund/"


def test_a_refund_of_one_cooperatives_parcel_is_invisible_to_the_other(world, admin_client_for):
    as_b = admin_client_for(world.admin_b)

    listing = as_b.get(REFUNDS)
    change = as_b.get(f"{REFUNDS}{world.refund_a.pk}/change/")
    history = as_b.get(f"{REFUNDS}{world.refund_a.pk}/history/")

    assert listing.status_code == 200
    assert listed(listing) == []
    assert (change.status_code, history.status_code) == (302, 302)
    assert world.refund_a.reason not in change.content.decode()


def test_the_refunds_own_cooperative_and_the_superuser_see_it(world, admin_client_for):
    assert listed(admin_client_for(world.admin_a).get(REFUNDS)) == [world.refund_a]
    assert listed(admin_client_for(world.superuser).get(REFUNDS)) == [world.refund_a]
    assert admin_client_for(world.admin_a).get(f"{REFUNDS}{world.refund_a.pk}/change/").status_code == 200


def test_a_refund_over_both_parcels_shows_each_cooperative_its_items_and_share(world, admin_client_for):
    both = refund_build(
        payment=world.payment,
        items=[
            {"kind": RefundItemKind.SHIPPING, "artisan_order": world.part_a, "amount_mad": Decimal("100.00")},
            {"kind": RefundItemKind.SHIPPING, "artisan_order": world.part_b, "amount_mad": Decimal("120.00")},
        ],
    )

    page = admin_client_for(world.admin_b).get(f"{REFUNDS}{both.pk}/change/")
    listing = admin_client_for(world.admin_b).get(REFUNDS)

    assert page.status_code == 200
    html = page.content.decode()
    assert "120.00" in html  # B's own item and share
    assert "220.00" not in html and "100.00" not in html  # neither the whole refund nor A's item
    assert [Decimal(str(row.cooperative_amount_mad)) for row in listed(listing)] == [Decimal("120.00")]
    assert page.context["inline_admin_formsets"][0].formset.queryset.get().artisan_order == world.part_b


def test_payments_span_cooperatives_and_are_for_operators_only(world, admin_client_for):
    as_a = admin_client_for(world.admin_a)

    assert as_a.get("/admin/payments/payment/").status_code == 403
    assert as_a.get(f"/admin/payments/payment/{world.payment.pk}/change/").status_code in (302, 403)
    assert admin_client_for(world.superuser).get("/admin/payments/payment/").status_code == 200


def test_an_order_shows_a_cooperative_admin_their_part_not_the_whole(world, admin_client_for):
    page = admin_client_for(world.admin_a).get(f"/admin/orders/order/{world.order.pk}/change/")
    listing = admin_client_for(world.admin_a).get("/admin/orders/order/")

    html = page.content.decode()
    part_a = world.part_a.subtotal_mad + world.part_a.shipping_mad
    assert page.status_code == 200
    assert str(world.order.total_mad) not in html
    assert str(part_a) in html
    assert "Atelier Beta" not in html
    assert [Decimal(str(order.cooperative_part)) for order in listed(listing)] == [part_a]
    assert "total_mad" not in listing.context["cl"].list_display


def test_the_superuser_still_sees_the_whole_order(world, admin_client_for):
    html = admin_client_for(world.superuser).get(f"/admin/orders/order/{world.order.pk}/change/").content.decode()

    assert str(world.order.total_mad) in html
    assert "Atelier Beta" in html


@pytest.mark.parametrize("view", ["change", "history", "delete"])
def test_crafted_urls_to_another_cooperatives_rows_reveal_nothing(world, admin_client_for, view):
    as_b = admin_client_for(world.admin_b)
    rows = {
        "artisans/artisanprofile": (world.artisan_a.pk, "Atelier Alpha"),
        "artisans/cooperative": (world.cooperative_a.pk, world.cooperative_a.name_latin),
        "orders/artisanorder": (world.part_a.pk, "Atelier Alpha"),
        "payments/refund": (world.refund_a.pk, world.refund_a.reason),
        "payments/payout": (world.payout_a.pk, world.payout_a.reference),
        "catalog/product": (world.part_a.lines.get().product_id, world.part_a.lines.get().title),
    }

    answers = {}
    for path, (pk, telltale) in rows.items():
        response = as_b.get(f"/admin/{path}/{pk}/{view}/")
        answers[path] = (response.status_code, telltale in response.content.decode())

    assert all(status in (302, 403, 404) and not seen for status, seen in answers.values()), answers


def test_a_selected_row_of_another_cooperative_is_not_acted_on(world, admin_client_for):
    response = admin_client_for(world.admin_b).post(
        "/admin/payments/payout/", {"action": "mark_failed", "_selected_action": [world.payout_a.pk]}
    )

    world.payout_a.refresh_from_db()
    assert response.status_code in (200, 302)
    assert world.payout_a.status != "failed"


# --- operators' e-mails -----------------------------------------------------------------------


def test_an_operators_verification_shows_as_souk_staff_to_the_cooperative(world, admin_client_for):
    artisan_services.artisan_suspend(artisan=world.artisan_a, actor=world.superuser, reason="Reported")
    artisan_services.artisan_reinstate(artisan=world.artisan_a, actor=world.admin_a, reason="Cleared")

    html = (
        admin_client_for(world.admin_a)
        .get(f"/admin/artisans/artisanprofile/{world.artisan_a.pk}/change/")
        .content.decode()
    )

    assert world.superuser.email not in html
    assert "Souk staff" in html
    assert world.admin_a.email in html  # their own name stays


def test_the_superuser_sees_who_the_operator_was(world, admin_client_for):
    artisan_services.artisan_suspend(artisan=world.artisan_a, actor=world.superuser, reason="Reported")

    html = (
        admin_client_for(world.superuser)
        .get(f"/admin/artisans/artisanprofile/{world.artisan_a.pk}/change/")
        .content.decode()
    )

    assert world.superuser.email in html


def test_the_admin_history_page_hides_the_operator_too(world, admin_client_for):
    LogEntry.objects.log_actions(
        user_id=world.superuser.pk, queryset=[world.cooperative_a], action_flag=CHANGE, change_message="Edited"
    ) if hasattr(LogEntry.objects, "log_actions") else LogEntry.objects.create(
        user=world.superuser, content_type=ContentType.objects.get_for_model(world.cooperative_a),
        object_id=str(world.cooperative_a.pk), object_repr=str(world.cooperative_a), action_flag=CHANGE,
        change_message="Edited",
    )  # fmt: skip

    html = admin_client_for(world.admin_a).get(f"/admin/artisans/cooperative/{world.cooperative_a.pk}/history/")

    assert html.status_code == 200
    assert world.superuser.email not in html.content.decode()
    assert "Souk staff" in html.content.decode()


def test_a_refund_requested_by_an_operator_shows_souk_staff(world, admin_client_for):
    type(world.refund_a).objects.filter(pk=world.refund_a.pk).update(requested_by=world.superuser)

    html = admin_client_for(world.admin_a).get(f"{REFUNDS}{world.refund_a.pk}/change/").content.decode()
    listing = admin_client_for(world.admin_a).get(REFUNDS).content.decode()

    assert world.superuser.email not in html and world.superuser.email not in listing
    assert "Souk staff" in html


def test_an_operators_order_event_shows_souk_staff(world, admin_client_for):
    from orders.models import OrderEvent

    OrderEvent.objects.create(order=world.order, artisan_order=world.part_a, actor=world.superuser,
                              from_status="to_prepare", to_status="to_prepare", note="Checked")  # fmt: skip

    pages = [f"/admin/orders/order/{world.order.pk}/change/", f"/admin/orders/artisanorder/{world.part_a.pk}/change/"]
    html = [admin_client_for(world.admin_a).get(url).content.decode() for url in pages]

    assert [world.superuser.email in page for page in html] == [False, False]
    assert all("Souk staff" in page for page in html)
