"""The parcel declared at ready_to_ship: no lighter than its goods and their
packaging, and within the size a service carries (orders.lifecycle)."""

import pytest

from marketplace.errors import DomainError
from orders import lifecycle
from orders.models import ArtisanOrderStatus as AO
from orders.models import OrderEvent
from tests.orders.builders import order_build, parts

pytestmark = pytest.mark.django_db

# order_build: one line of 2 pieces of 1,200 g (tests.factories), so 2,400 g of goods.
GOODS_GRAMS = 2 * 1200
SIDES = {"parcel_length_cm": "40", "parcel_width_cm": "30", "parcel_height_cm": "25"}


def advance(client_for, artisan_order, **body):
    return client_for(artisan_order.artisan.user).post(
        f"/api/v1/my/orders/{artisan_order.pk}/advance/", {"to_status": "ready_to_ship", **body}
    )


@pytest.fixture
def to_prepare(artisan):
    return parts(order_build(artisans=[artisan], statuses=[AO.TO_PREPARE]))[0]


def test_a_parcel_lighter_than_its_goods_is_a_400_naming_the_weight_and_nothing_moves(client_for, to_prepare):
    response = advance(client_for, to_prepare, parcel_weight_grams=1500, **SIDES)

    assert response.status_code == 400
    error = response.json()["error"]
    assert list(error["fields"]) == ["parcel_weight_grams"]
    assert "2400 g" in error["fields"]["parcel_weight_grams"][0]
    to_prepare.refresh_from_db()
    assert to_prepare.status == AO.TO_PREPARE
    assert to_prepare.parcel_weight_grams is None
    assert not OrderEvent.objects.filter(artisan_order=to_prepare, to_status=AO.READY_TO_SHIP).exists()


@pytest.mark.parametrize(("extra_grams", "status_code"), [(-1, 400), (0, 200), (1, 200)])
def test_the_goods_plus_the_packaging_allowance_is_the_least_weight(
    client_for, settings, to_prepare, extra_grams, status_code
):
    settings.PARCEL_PACKAGING_MIN_GRAMS = 50
    weight = GOODS_GRAMS + 50 + extra_grams

    response = advance(client_for, to_prepare, parcel_weight_grams=weight, **SIDES)

    assert response.status_code == status_code, response.json()
    to_prepare.refresh_from_db()
    if status_code == 200:
        assert (to_prepare.status, to_prepare.parcel_weight_grams) == (AO.READY_TO_SHIP, weight)
    else:
        assert list(response.json()["error"]["fields"]) == ["parcel_weight_grams"]
        assert to_prepare.status == AO.TO_PREPARE


@pytest.mark.parametrize(
    ("sides", "named"),
    [
        # Longer than 150 cm on one side.
        ({"parcel_length_cm": "151", "parcel_width_cm": "20", "parcel_height_cm": "10"}, ["parcel_length_cm"]),
        ({"parcel_length_cm": "40", "parcel_width_cm": "20", "parcel_height_cm": "150.5"}, ["parcel_height_cm"]),
        # Every side fits, but 100 + 2 × (60 + 45) = 310 cm is over 300 cm: all three take part.
        (
            {"parcel_length_cm": "100", "parcel_width_cm": "60", "parcel_height_cm": "45"},
            ["parcel_length_cm", "parcel_width_cm", "parcel_height_cm"],
        ),
    ],
)
def test_an_oversize_parcel_is_a_400_naming_the_dimension(client_for, to_prepare, sides, named):
    response = advance(client_for, to_prepare, parcel_weight_grams=3000, **sides)

    assert response.status_code == 400
    assert sorted(response.json()["error"]["fields"]) == sorted(named)
    to_prepare.refresh_from_db()
    assert to_prepare.status == AO.TO_PREPARE


def test_a_parcel_at_the_size_limits_passes(client_for, to_prepare):
    # 150 cm long, 150 + 2 × (50 + 25) = 300 cm: both limits exactly.
    sides = {"parcel_length_cm": "150", "parcel_width_cm": "50", "parcel_height_cm": "25"}

    response = advance(client_for, to_prepare, parcel_weight_grams=3000, **sides)

    assert response.status_code == 200, response.json()
    assert response.json()["status"] == AO.READY_TO_SHIP


def test_a_parcel_re_weighed_at_shipping_is_checked_too(client_for, artisan):
    [part] = parts(order_build(artisans=[artisan], statuses=[AO.READY_TO_SHIP]))

    response = client_for(artisan.user).post(
        f"/api/v1/my/orders/{part.pk}/advance/",
        {"to_status": "shipped", "tracking_number": "RR123456789MA", "parcel_weight_grams": 2000},
    )

    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == ["parcel_weight_grams"]
    part.refresh_from_db()
    assert part.status == AO.READY_TO_SHIP


@pytest.mark.parametrize("who", ["cooperative_admin", "superuser"])
def test_the_cooperative_admin_and_staff_are_held_to_the_same_weight(cooperative_admin, superuser, to_prepare, who):
    actor = {"cooperative_admin": cooperative_admin, "superuser": superuser}[who]
    sides = {name: int(value) for name, value in SIDES.items()}

    with pytest.raises(DomainError) as refused:
        lifecycle.artisan_order_advance(
            artisan_order=to_prepare, actor=actor, to_status=AO.READY_TO_SHIP, parcel_weight_grams=2000, **sides
        )
    lifecycle.artisan_order_advance(
        artisan_order=to_prepare, actor=actor, to_status=AO.READY_TO_SHIP, parcel_weight_grams=2600, **sides
    )

    assert list(refused.value.fields) == ["parcel_weight_grams"]
    to_prepare.refresh_from_db()
    assert (to_prepare.status, to_prepare.parcel_weight_grams) == (AO.READY_TO_SHIP, 2600)
