"""Orders in the admin: cooperative admins follow their members' orders,
read only, and cancel (with a reason) or confirm delivery of their own
cooperative's artisan orders only."""

import pytest

from catalog.models import Variant
from orders.models import ArtisanOrderStatus as AO
from orders.models import OrderEvent
from tests.factories import ArtisanFactory, CooperativeFactory, UserFactory
from tests.orders.builders import order_build, parts

pytestmark = pytest.mark.django_db

ARTISAN_ORDERS = "/admin/orders/artisanorder/"
ORDERS = "/admin/orders/order/"


@pytest.fixture
def admin_browser(client, cooperative_admin):
    client.force_login(cooperative_admin)
    return client


@pytest.fixture
def members(cooperative):
    return [ArtisanFactory(cooperative=cooperative), ArtisanFactory(cooperative=cooperative)]


@pytest.fixture
def stranger():
    return ArtisanFactory(cooperative=CooperativeFactory(), display_name_latin="Stranger Workshop")


def cancel(browser, artisan_orders, reason="The piece broke in the kiln"):
    return browser.post(
        ARTISAN_ORDERS,
        {"action": "cancel", "_selected_action": [part.pk for part in artisan_orders], "reason": reason,
         "confirm": "1"},
    )  # fmt: skip


def test_the_cooperative_admin_lists_only_their_members_artisan_orders(admin_browser, members, stranger):
    mixed = order_build(artisans=[members[0], stranger])
    mine, theirs = parts(mixed)

    page = admin_browser.get(ARTISAN_ORDERS)

    assert page.status_code == 200
    listed = list(page.context["cl"].result_list)
    assert listed == [mine]
    assert theirs not in listed


def test_an_order_with_two_members_is_listed_once(admin_browser, members, stranger):
    shared = order_build(artisans=members)
    order_build(artisans=[stranger])

    listed = list(admin_browser.get(ORDERS).context["cl"].result_list)

    assert listed == [shared]


def test_the_order_page_shows_only_the_cooperatives_part(admin_browser, members, stranger):
    mixed = order_build(artisans=[members[0], stranger])

    page = admin_browser.get(f"{ORDERS}{mixed.pk}/change/")

    assert page.status_code == 200
    html = page.content.decode()
    assert members[0].display_name_latin in html
    assert "Stranger Workshop" not in html
    assert mixed.access_token not in html


def test_another_cooperatives_order_page_is_out_of_reach(admin_browser, stranger):
    theirs = order_build(artisans=[stranger])

    response = admin_browser.get(f"{ORDERS}{theirs.pk}/change/")

    assert response.status_code in (302, 403, 404)
    assert admin_browser.get(f"{ARTISAN_ORDERS}{parts(theirs)[0].pk}/change/").status_code in (302, 403, 404)


def test_the_artisan_order_page_is_read_only(admin_browser, members):
    [part] = parts(order_build(artisans=[members[0]], statuses=[AO.TO_PREPARE]))

    page = admin_browser.get(f"{ARTISAN_ORDERS}{part.pk}/change/")
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()
    assert 'name="tracking_number"' not in page.content.decode()

    response = admin_browser.post(f"{ARTISAN_ORDERS}{part.pk}/change/", {"status": "delivered"})
    assert response.status_code == 403
    part.refresh_from_db()
    assert part.status == AO.TO_PREPARE


def test_the_cancel_action_asks_for_a_reason_first(admin_browser, members):
    [part] = parts(order_build(artisans=[members[0]]))

    page = admin_browser.post(ARTISAN_ORDERS, {"action": "cancel", "_selected_action": [part.pk]})

    assert page.status_code == 200
    assert 'name="reason"' in page.content.decode()
    part.refresh_from_db()
    assert part.status == AO.TO_PREPARE


def test_the_cancel_action_cancels_records_the_reason_and_gives_stock_back(admin_browser, cooperative_admin, members):
    order = order_build(artisans=members, quantity=2, stock=5)
    mine, other = parts(order)

    cancel(admin_browser, [mine])

    mine.refresh_from_db()
    other.refresh_from_db()
    assert (mine.status, other.status) == (AO.CANCELLED, AO.TO_PREPARE)
    assert Variant.objects.get(pk=mine.lines.get().variant_id).stock == 5
    event = OrderEvent.objects.get(artisan_order=mine)
    assert (event.actor, event.note, event.to_status) == (cooperative_admin, "The piece broke in the kiln", "cancelled")


def test_the_cancel_action_does_not_reach_another_cooperative(admin_browser, stranger):
    [theirs] = parts(order_build(artisans=[stranger]))

    cancel(admin_browser, [theirs])

    theirs.refresh_from_db()
    assert theirs.status == AO.TO_PREPARE
    assert not OrderEvent.objects.exists()


def test_a_shipped_parcel_is_not_cancelled_and_the_admin_says_why(admin_browser, members):
    shipped, waiting = parts(order_build(artisans=members, statuses=[AO.SHIPPED, AO.TO_PREPARE]))

    response = cancel(admin_browser, [shipped, waiting])

    shipped.refresh_from_db()
    waiting.refresh_from_db()
    assert (shipped.status, waiting.status) == (AO.SHIPPED, AO.CANCELLED)
    messages = [str(message) for message in response.wsgi_request._messages]
    assert any("Shipped" in message for message in messages)


def test_the_cooperative_admin_confirms_a_delivery(admin_browser, members):
    order = order_build(artisans=[members[0]], statuses=[AO.SHIPPED])
    [part] = parts(order)

    admin_browser.post(ARTISAN_ORDERS, {"action": "mark_delivered", "_selected_action": [part.pk], "index": "0"})

    part.refresh_from_db()
    order.refresh_from_db()
    assert (part.status, order.status) == (AO.DELIVERED, "completed")


def test_the_superuser_sees_every_order(client, superuser, members, stranger):
    client.force_login(superuser)
    first = order_build(artisans=[members[0]])
    second = order_build(artisans=[stranger])

    assert set(client.get(ORDERS).context["cl"].result_list) == {first, second}
    assert client.get(f"{ORDERS}{second.pk}/change/").status_code == 200


def test_filters_by_status_and_country(admin_browser, members):
    shipped = order_build(artisans=[members[0]], statuses=[AO.SHIPPED])
    order_build(artisans=[members[1]], statuses=[AO.TO_PREPARE])

    by_status = admin_browser.get(ARTISAN_ORDERS, {"status__exact": "shipped"}).context["cl"].result_list
    by_country = admin_browser.get(ARTISAN_ORDERS, {"order__shipping_country": "FR"}).context["cl"].result_list

    assert list(by_status) == parts(shipped)
    assert len(by_country) == 2


def test_a_staff_user_without_a_cooperative_sees_no_orders(client):
    client.force_login(UserFactory(is_staff=True))

    assert client.get(ORDERS).status_code == 403
