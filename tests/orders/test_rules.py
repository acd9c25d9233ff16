"""Rules each written once and read by every caller: what the buyer pays in
duties, how many days to the door, whether the order can still be cancelled
and which steps an artisan order may take next. What the screens show is what
the services then do."""

from decimal import Decimal

import pytest

from orders import lifecycle
from orders.models import ArtisanOrder
from orders.models import ArtisanOrderStatus as AO
from orders.models import OrderStatus as OS
from orders.pricing import collected_duties
from orders.shipping import shipping_quote
from tests.factories import ArtisanFactory, ProductFactory, UserFactory
from tests.orders.builders import ADDRESS, order_build, parts

pytestmark = pytest.mark.django_db

BREAKDOWN = [
    {"name": "VAT", "collectable": True, "amount": "12.34", "amount_mad": "137.11"},
    {"name": "Handling", "collectable": False, "amount": "2.00", "amount_mad": "22.22"},
    {"name": "Duty", "collectable": True, "amount": "1.01", "amount_mad": "11.22"},
]


def test_ddp_collects_the_collectable_duty_lines_in_both_currencies():
    assert collected_duties(incoterm="DDP", breakdown=BREAKDOWN) == (Decimal("13.35"), Decimal("148.33"))


def test_dap_collects_no_duties_at_all():
    assert collected_duties(incoterm="DAP", breakdown=BREAKDOWN) == (0, 0)


def test_the_cart_and_the_order_promise_the_same_delivery_days(api_client):
    artisan = ArtisanFactory()
    tagine = ProductFactory(artisan=artisan, variants=[{"stock": 3}]).variants.get()
    rug = ProductFactory(artisan=artisan, made_to_order=True, lead_time_days=21, variants=[{"stock": 0}])
    rug = rug.variants.get()
    token = api_client.post("/api/v1/cart/lines/", {"variant": tagine.pk, "quantity": 1}).json()["token"]
    api_client.credentials(HTTP_X_CART_TOKEN=token)
    api_client.post("/api/v1/cart/lines/", {"variant": rug.pk, "quantity": 1})

    [parcel] = api_client.get("/api/v1/cart/?country=FR&currency=EUR").json()["parcels"]
    weight = sum((variant.weight_grams or variant.product.weight_grams) for variant in (tagine, rug))
    quote = shipping_quote(service=parcel["shipping"]["service"], country="FR", weight_grams=weight)
    assert parcel["shipping"]["delivery_days"] == [21 + quote.transit_days_min, 21 + quote.transit_days_max]

    response = api_client.post(
        "/api/v1/checkout/",
        {"email": "claire@example.fr", "shipping_address": ADDRESS, "currency": "EUR"},
        format="json",
        HTTP_IDEMPOTENCY_KEY="rules-key-0001",
    )
    assert response.status_code == 201, response.json()
    artisan_order = ArtisanOrder.objects.get()
    promised = [artisan_order.estimated_delivery_days_min, artisan_order.estimated_delivery_days_max]
    assert promised == parcel["shipping"]["delivery_days"]


@pytest.mark.parametrize(
    ("statuses", "order_status"),
    [
        ([AO.TO_PREPARE, AO.IN_PRODUCTION], None),
        ([AO.READY_TO_SHIP, AO.CANCELLED], None),
        ([AO.AWAITING_PAYMENT], None),
        ([AO.SHIPPED, AO.TO_PREPARE], None),
        ([AO.DELIVERED, AO.CANCELLED], None),
        ([AO.CANCELLED, AO.CANCELLED], None),
        ([AO.TO_PREPARE], OS.PARTIALLY_REFUNDED),
    ],
)
def test_the_cancel_button_shows_exactly_when_the_cancellation_goes_through(client_for, statuses, order_status):
    buyer = UserFactory()
    order = order_build(buyer=buyer, statuses=statuses, order_status=order_status)
    detail = f"/api/v1/orders/{order.number}/"
    can_cancel = client_for(buyer).get(detail).json()["can_cancel"]

    response = client_for(buyer).post(f"{detail}cancel/")

    assert can_cancel == (response.status_code == 200), response.json()
    assert can_cancel == lifecycle.order_is_cancellable(order, parts(order))
    if not can_cancel:
        assert response.json()["error"]["code"] == "illegal_transition"


@pytest.mark.parametrize("made_to_order", [True, False])
@pytest.mark.parametrize("current", list(AO))
def test_the_artisans_next_steps_are_exactly_those_the_advance_takes(client_for, current, made_to_order):
    artisan = ArtisanFactory()
    advanced = []
    shown = None
    for step in lifecycle.ARTISAN_STEPS:
        [part] = parts(order_build(artisans=[artisan], statuses=[current], made_to_order=[made_to_order]))
        shown = client_for(artisan.user).get(f"/api/v1/my/orders/{part.pk}/").json()["next_statuses"]
        body = {
            "to_status": step,
            "parcel_weight_grams": 2600, "parcel_length_cm": "30", "parcel_width_cm": "25", "parcel_height_cm": "20",
        } if step == AO.READY_TO_SHIP else {"to_status": step}  # fmt: skip
        if step == AO.SHIPPED:
            body["tracking_number"] = "RR123456789MA"
        response = client_for(artisan.user).post(f"/api/v1/my/orders/{part.pk}/advance/", body)
        if response.status_code == 200:
            advanced.append(str(step))
        else:
            assert response.status_code == 409, response.json()

    assert shown == advanced
    assert (str(AO.IN_PRODUCTION) in shown) == (made_to_order and current == AO.TO_PREPARE)
