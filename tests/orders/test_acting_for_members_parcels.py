"""Cooperative admins ship their members' parcels in the admin (issue 15):
ready to ship with the parcel's weight and size, shipped with carrier and
tracking number, through orders.lifecycle; each step recorded as done on the
artisan's behalf and e-mailed to the artisan. Another cooperative's admin
reaches none of it."""

import pytest
from django.core import mail

from orders.models import ArtisanOrderStatus as AO
from orders.models import OrderEvent
from tests.factories import ArtisanFactory, CooperativeFactory, UserFactory, admin_of
from tests.orders.builders import order_build, parts

pytestmark = pytest.mark.django_db

ARTISAN_ORDERS = "/admin/orders/artisanorder/"
PARCEL = {"parcel_weight_grams": 2600, "parcel_length_cm": "30", "parcel_width_cm": "30", "parcel_height_cm": "20"}


@pytest.fixture
def member(cooperative):
    return ArtisanFactory(cooperative=cooperative, user=UserFactory(preferred_language="fr"))


@pytest.fixture
def reviewer(admin_client_for, cooperative_admin):
    return admin_client_for(cooperative_admin)


def step_url(part, step):
    return f"{ARTISAN_ORDERS}{part.pk}/{step}/"


def fields(part, values):
    return {f"parcel-{part.pk}-{name}": value for name, value in values.items()}


def test_the_parcel_page_offers_the_next_step(reviewer, member):
    [part] = parts(order_build(artisans=[member], statuses=[AO.TO_PREPARE]))

    html = reviewer.get(f"{ARTISAN_ORDERS}{part.pk}/change/").content.decode()

    assert step_url(part, "ready_to_ship") in html
    assert step_url(part, "ship") not in html


def test_a_cooperative_admin_ships_a_members_parcel_from_its_page(
    reviewer, member, cooperative_admin, django_capture_on_commit_callbacks
):
    [part] = parts(order_build(artisans=[member], statuses=[AO.TO_PREPARE]))
    form = reviewer.get(step_url(part, "ready_to_ship")).content.decode()
    assert f'name="parcel-{part.pk}-parcel_weight_grams"' in form

    with django_capture_on_commit_callbacks(execute=True):
        done = reviewer.post(step_url(part, "ready_to_ship"), {"confirm": "1", **fields(part, PARCEL)})
    assert done.status_code == 302
    shipping = reviewer.get(step_url(part, "ship")).content.decode()
    assert 'value="Poste Maroc"' in shipping  # the buyer's service's carrier, by default
    with django_capture_on_commit_callbacks(execute=True):
        shipped = fields(part, {"carrier": "Poste Maroc", "tracking_number": "RR1MA"})
        reviewer.post(step_url(part, "ship"), {"confirm": "1", **shipped})

    part.refresh_from_db()
    assert (part.status, part.parcel_weight_grams, part.tracking_number) == (AO.SHIPPED, 2600, "RR1MA")
    steps = list(OrderEvent.objects.filter(artisan_order=part).values_list("to_status", "actor", "on_behalf_of"))
    assert steps == [("ready_to_ship", cooperative_admin.pk, member.pk), ("shipped", cooperative_admin.pk, member.pk)]
    told = [message for message in mail.outbox if message.to == [member.user.email]]
    assert len(told) == 2


def test_a_missing_tracking_number_is_asked_again_and_nothing_moves(reviewer, member):
    [part] = parts(order_build(artisans=[member], statuses=[AO.READY_TO_SHIP]))

    response = reviewer.post(step_url(part, "ship"), {"confirm": "1", **fields(part, {"carrier": "DHL"})})

    assert response.status_code == 200 and "tracking_number" in response.content.decode()
    part.refresh_from_db()
    assert part.status == AO.READY_TO_SHIP


def test_the_list_action_asks_each_parcels_fields_then_moves_them(reviewer, member, cooperative):
    other_member = ArtisanFactory(cooperative=cooperative)
    first, second = parts(order_build(artisans=[member, other_member], statuses=[AO.TO_PREPARE, AO.TO_PREPARE]))
    selected = {"action": "mark_ready_to_ship", "_selected_action": [first.pk, second.pk], "index": "0"}

    page = reviewer.post(ARTISAN_ORDERS, selected)
    assert page.status_code == 200 and f"parcel-{second.pk}-parcel_height_cm" in page.content.decode()
    reviewer.post(ARTISAN_ORDERS, {**selected, "confirm": "1", **fields(first, PARCEL), **fields(second, PARCEL)})

    assert {part.status for part in parts(first.order)} == {AO.READY_TO_SHIP}


def test_a_refused_step_is_an_error_message_not_a_failure(reviewer, member):
    [part] = parts(order_build(artisans=[member], statuses=[AO.TO_PREPARE]))

    response = reviewer.post(step_url(part, "ship"), {"confirm": "1", **fields(part, {"tracking_number": "X"})},
                             follow=True)  # fmt: skip

    assert response.status_code == 200
    assert list(response.context["messages"])
    part.refresh_from_db()
    assert part.status == AO.TO_PREPARE


def test_another_cooperatives_admin_reaches_none_of_it(admin_client_for, member):
    [part] = parts(order_build(artisans=[member], statuses=[AO.TO_PREPARE]))
    outsider = admin_client_for(admin_of(CooperativeFactory()))

    for step in ("ready_to_ship", "ship"):
        assert outsider.get(step_url(part, step)).status_code == 404
        assert outsider.post(step_url(part, step), {"confirm": "1", **fields(part, PARCEL)}).status_code == 404
    outsider.post(ARTISAN_ORDERS, {"action": "mark_ready_to_ship", "_selected_action": [part.pk], "index": "0",
                                   "confirm": "1", **fields(part, PARCEL)})  # fmt: skip

    part.refresh_from_db()
    assert part.status == AO.TO_PREPARE
    assert not OrderEvent.objects.filter(artisan_order=part, to_status="ready_to_ship").exists()


def test_the_artisan_shipping_their_own_parcel_is_not_on_anyones_behalf(member):
    from orders import lifecycle

    [part] = parts(order_build(artisans=[member], statuses=[AO.TO_PREPARE]))

    lifecycle.artisan_order_advance(
        artisan_order=part, actor=member.user, to_status=AO.READY_TO_SHIP,
        parcel_weight_grams=2600, parcel_length_cm=30, parcel_width_cm=30, parcel_height_cm=20,
    )  # fmt: skip

    assert OrderEvent.objects.get(artisan_order=part, to_status="ready_to_ship").on_behalf_of is None
