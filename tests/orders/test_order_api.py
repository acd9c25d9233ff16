"""The orders API: the buyer's orders (signed in, or a guest with the access
token), the artisan's orders and their steps, and who reaches what."""

import pytest
from rest_framework.test import APIClient

from catalog.models import Variant
from orders import lifecycle
from orders.models import ArtisanOrderStatus as AO
from orders.models import OrderEvent
from orders.models import OrderStatus as OS
from tests.factories import ArtisanFactory, UserFactory
from tests.orders.builders import order_build, parts

pytestmark = pytest.mark.django_db

PARCEL = {"parcel_weight_grams": 2600, "parcel_length_cm": "30.0", "parcel_width_cm": "25", "parcel_height_cm": 20}
# What each step needs in the body to succeed when it is allowed.
STEP_BODIES = {
    AO.IN_PRODUCTION: {},
    AO.READY_TO_SHIP: PARCEL,
    AO.SHIPPED: {"tracking_number": "RR123456789MA"},
}


@pytest.fixture
def buyer():
    return UserFactory()


@pytest.fixture
def order(buyer, artisan):
    return order_build(buyer=buyer, artisans=[artisan, ArtisanFactory()], statuses=[AO.TO_PREPARE, AO.TO_PREPARE])


def detail(order):
    return f"/api/v1/orders/{order.number}/"


def error_code(response):
    return response.json()["error"]["code"]


# --- the buyer's orders --------------------------------------------------------------------------------------


def test_the_buyer_lists_their_orders_newest_first(client_for, buyer, order):
    older = order
    newer = order_build(buyer=buyer, statuses=[AO.SHIPPED])
    order_build(buyer=UserFactory())

    response = client_for(buyer).get("/api/v1/orders/")

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2
    assert [row["number"] for row in body["results"]] == [newer.number, older.number]
    parcel = body["results"][1]["parcels"][0]
    assert parcel["status"] == "to_prepare"
    assert parcel["lines"][0]["quantity"] == 2
    assert parcel["lines"][0]["product"]


def test_the_list_filters_by_status(client_for, buyer, order):
    shipped = order_build(buyer=buyer, statuses=[AO.SHIPPED])

    response = client_for(buyer).get("/api/v1/orders/", {"status": "shipped"})

    assert [row["number"] for row in response.json()["results"]] == [shipped.number]
    assert client_for(buyer).get("/api/v1/orders/", {"status": "lost"}).status_code == 400


def test_the_list_needs_a_signed_in_buyer(api_client):
    assert api_client.get("/api/v1/orders/").status_code == 401


@pytest.mark.parametrize("count", [1, 6])
def test_the_order_list_costs_the_same_queries_for_any_number_of_orders(
    client_for, buyer, count, django_assert_max_num_queries
):
    for _ in range(count):
        order_build(buyer=buyer, statuses=[AO.SHIPPED, AO.TO_PREPARE, AO.DELIVERED])
    client = client_for(buyer)

    with django_assert_max_num_queries(8):
        response = client.get("/api/v1/orders/")

    assert len(response.json()["results"]) == count


def test_the_buyer_opens_their_order(client_for, buyer, order):
    response = client_for(buyer).get(detail(order))

    assert response.status_code == 200
    body = response.json()
    assert (body["number"], body["status"], body["can_cancel"]) == (order.number, "paid", True)
    assert body["shipping_address"]["country"] == "FR"
    assert "access_token" not in body


def test_the_tracking_link_is_in_the_order(client_for, buyer):
    shipped = order_build(buyer=buyer, statuses=[AO.SHIPPED])

    [parcel] = client_for(buyer).get(detail(shipped)).json()["parcels"]

    assert parcel["tracking_url"] == "https://tracking.example/parcels?number=RR123456789MA"


def test_another_buyers_order_is_a_404(client_for, order):
    response = client_for(UserFactory()).get(detail(order))

    assert response.status_code == 404
    assert error_code(response) == "not_found"


def test_a_guest_opens_the_order_with_its_token(api_client):
    guest_order = order_build(statuses=[AO.TO_PREPARE])

    response = api_client.get(detail(guest_order), {"token": guest_order.access_token})

    assert response.status_code == 200
    assert response.json()["number"] == guest_order.number


@pytest.mark.parametrize("token", [None, "", "wrong", "x" * 32])
def test_a_guest_without_the_right_token_gets_a_404(api_client, token):
    guest_order = order_build(statuses=[AO.TO_PREPARE])

    response = api_client.get(detail(guest_order), {} if token is None else {"token": token})

    assert response.status_code == 404


def test_an_unknown_order_number_is_a_404_even_with_a_token(api_client, order):
    assert api_client.get("/api/v1/orders/SK-NOPE/", {"token": order.access_token}).status_code == 404


def test_the_artisan_does_not_open_the_buyers_order(client_for, artisan, order, cooperative_admin):
    assert client_for(artisan.user).get(detail(order)).status_code == 404
    assert client_for(cooperative_admin).get(detail(order)).status_code == 404


# --- cancelling as the buyer -------------------------------------------------------------------------------


def test_the_buyer_cancels_and_the_stock_comes_back(client_for, buyer, order):
    variant_ids = [part.lines.get().variant_id for part in parts(order)]

    response = client_for(buyer).post(f"{detail(order)}cancel/")

    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "cancelled"
    assert [part["status"] for part in response.json()["parcels"]] == ["cancelled", "cancelled"]
    assert [Variant.objects.get(pk=pk).stock for pk in variant_ids] == [5, 5]


def test_a_guest_cancels_with_the_token(api_client):
    guest_order = order_build(statuses=[AO.AWAITING_PAYMENT], order_status=OS.AWAITING_PAYMENT)

    response = api_client.post(f"{detail(guest_order)}cancel/", {"token": guest_order.access_token})

    assert response.status_code == 200
    guest_order.refresh_from_db()
    assert guest_order.status == OS.CANCELLED
    assert OrderEvent.objects.filter(order=guest_order, to_status="cancelled", actor=None).count() == 2


def test_a_guest_with_a_wrong_token_cannot_cancel(api_client):
    guest_order = order_build(statuses=[AO.TO_PREPARE])

    response = api_client.post(f"{detail(guest_order)}cancel/?token=nope")

    assert response.status_code == 404
    guest_order.refresh_from_db()
    assert guest_order.status == OS.PAID


def test_another_buyer_cannot_cancel(client_for, order):
    assert client_for(UserFactory()).post(f"{detail(order)}cancel/").status_code == 404
    order.refresh_from_db()
    assert order.status == OS.PAID


def test_the_buyer_cannot_cancel_once_a_parcel_shipped(client_for, buyer):
    partly_shipped = order_build(buyer=buyer, statuses=[AO.SHIPPED, AO.TO_PREPARE])
    assert client_for(buyer).get(detail(partly_shipped)).json()["can_cancel"] is False

    response = client_for(buyer).post(f"{detail(partly_shipped)}cancel/")

    assert response.status_code == 409
    assert error_code(response) == "illegal_transition"
    assert "Partially shipped" in response.json()["error"]["message"]


def test_cancel_refuses_unknown_fields(client_for, buyer, order):
    response = client_for(buyer).post(f"{detail(order)}cancel/", {"refund_to": "elsewhere"})

    assert response.status_code == 400
    assert "refund_to" in response.json()["error"]["fields"]


# --- the artisan's orders -------------------------------------------------------------------------------------


def my(part, suffix=""):
    return f"/api/v1/my/orders/{part.pk}/{suffix}"


def test_the_artisan_lists_only_their_own_artisan_orders(client_for, artisan, order):
    mine = parts(order)[0]
    order_build(statuses=[AO.TO_PREPARE])  # someone else's

    response = client_for(artisan.user).get("/api/v1/my/orders/")

    assert response.status_code == 200
    [row] = response.json()["results"]
    assert (row["id"], row["number"], row["status"]) == (mine.pk, order.number, "to_prepare")
    assert row["ship_to"]["city"] == "Lyon"
    assert row["next_statuses"] == ["ready_to_ship"]
    assert "email" not in row["ship_to"]


def test_the_artisan_list_filters_by_status(client_for, artisan, order):
    shipped = order_build(artisans=[artisan], statuses=[AO.SHIPPED])

    response = client_for(artisan.user).get("/api/v1/my/orders/", {"status": "shipped"})

    assert [row["number"] for row in response.json()["results"]] == [shipped.number]


def test_the_artisan_opens_their_artisan_order(client_for, artisan, order):
    response = client_for(artisan.user).get(my(parts(order)[0]))

    assert response.status_code == 200
    assert response.json()["lines"][0]["unit_price"]["mad"] == "450.00"


@pytest.mark.parametrize("who", ["other_artisan", "buyer", "cooperative_admin"])
def test_nobody_else_opens_or_moves_an_artisan_order(client_for, order, buyer, cooperative_admin, who):
    actor = {"other_artisan": parts(order)[1].artisan.user, "buyer": buyer, "cooperative_admin": cooperative_admin}[who]
    mine = parts(order)[0]

    assert client_for(actor).get(my(mine)).status_code == 404
    response = client_for(actor).post(my(mine, "advance/"), {"to_status": "ready_to_ship", **PARCEL})
    assert response.status_code == 404
    mine.refresh_from_db()
    assert mine.status == AO.TO_PREPARE


def test_the_artisan_api_needs_a_signed_in_user(api_client, order):
    assert api_client.get("/api/v1/my/orders/").status_code == 401
    assert api_client.post(my(parts(order)[0], "advance/"), {"to_status": "shipped"}).status_code == 401


@pytest.mark.parametrize("current", list(AO))
@pytest.mark.parametrize("target", list(STEP_BODIES))
def test_every_step_is_allowed_from_where_the_table_says_and_refused_elsewhere(client_for, artisan, current, target):
    [part] = parts(order_build(artisans=[artisan], statuses=[current], made_to_order=[True]))

    response = client_for(artisan.user).post(my(part, "advance/"), {"to_status": target, **STEP_BODIES[target]})

    part.refresh_from_db()
    if target in lifecycle.ARTISAN_ORDER_TRANSITIONS[current]:
        assert response.status_code == 200, response.json()
        assert response.json()["status"] == target == part.status
    else:
        assert response.status_code == 409
        assert error_code(response) == "illegal_transition"
        assert str(current.label) in response.json()["error"]["message"]
        assert part.status == current


def test_ready_to_ship_without_the_weight_is_a_400_naming_it(client_for, artisan, order):
    body = {"to_status": "ready_to_ship", **{k: v for k, v in PARCEL.items() if k != "parcel_weight_grams"}}

    response = client_for(artisan.user).post(my(parts(order)[0], "advance/"), body)

    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == ["parcel_weight_grams"]


def test_shipped_without_a_tracking_number_is_a_400_naming_it(client_for, artisan):
    [part] = parts(order_build(artisans=[artisan], statuses=[AO.READY_TO_SHIP]))

    response = client_for(artisan.user).post(my(part, "advance/"), {"to_status": "shipped", "carrier": "Amana"})

    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == ["tracking_number"]


def test_production_without_made_to_order_pieces_is_a_409(client_for, artisan, order):
    response = client_for(artisan.user).post(my(parts(order)[0], "advance/"), {"to_status": "in_production"})

    assert response.status_code == 409
    assert error_code(response) == "nothing_made_to_order"


@pytest.mark.parametrize(
    "body",
    [
        {"to_status": "cancelled"},
        {"to_status": "ready_to_ship", **PARCEL, "parcel_weight_grams": 0},
        {"to_status": "ready_to_ship", **PARCEL, "status": "shipped"},
    ],
)
def test_a_bad_body_is_a_400(client_for, artisan, order, body):
    response = client_for(artisan.user).post(my(parts(order)[0], "advance/"), body)

    assert response.status_code == 400
    assert error_code(response) == "invalid"


def test_the_artisan_cannot_declare_their_parcel_delivered(client_for, artisan):
    [part] = parts(order_build(artisans=[artisan], statuses=[AO.SHIPPED]))

    response = client_for(artisan.user).post(my(part, "advance/"), {"to_status": "delivered"})

    assert response.status_code == 403
    assert error_code(response) == "permission_denied"


def test_shipping_through_the_api_moves_the_order_and_mails_the_buyer(
    client_for, artisan, buyer, mailoutbox, django_capture_on_commit_callbacks
):
    order = order_build(buyer=buyer, artisans=[artisan], statuses=[AO.READY_TO_SHIP], language="fr")
    [part] = parts(order)

    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(artisan.user).post(
            my(part, "advance/"), {"to_status": "shipped", "tracking_number": "Z9"}
        )

    assert response.status_code == 200
    assert response.json()["carrier"] == "Poste Maroc"
    order.refresh_from_db()
    assert order.status == OS.SHIPPED
    [message] = mailoutbox
    assert message.to == [buyer.email]
    assert "Bonjour Claire Martin," in message.body
    assert "https://tracking.example/parcels?number=Z9" in message.body


def test_a_guest_reads_the_state_the_artisan_set(api_client, client_for, artisan):
    guest_order = order_build(artisans=[artisan], statuses=[AO.READY_TO_SHIP])
    client_for(artisan.user).post(
        my(parts(guest_order)[0], "advance/"), {"to_status": "shipped", "tracking_number": "T1"}
    )

    body = api_client.get(detail(guest_order), {"token": guest_order.access_token}).json()

    assert body["status"] == "shipped"
    assert body["parcels"][0]["tracking_number"] == "T1"


def test_a_session_less_client_is_never_the_buyer(order):
    # Anonymous, no token: the order is simply not found.
    assert APIClient().post(f"{detail(order)}cancel/").status_code == 404
