"""The buyer's and the artisan's order lists show per line what was
refunded (recorded by orders.lifecycle.order_lines_refund_record, which
payments calls), at a query count that does not grow with the orders."""

import pytest

from orders import lifecycle
from orders.models import ArtisanOrderStatus as AO
from orders.models import OrderLine
from tests.factories import ArtisanFactory, UserFactory
from tests.orders.builders import order_build

pytestmark = pytest.mark.django_db


def refund_one_piece_of_each(order):
    lines = OrderLine.objects.filter(artisan_order__order=order)
    lifecycle.order_lines_refund_record(
        lines=[lifecycle.RefundedLine(line.pk, 1, line.unit_price, line.unit_price_mad) for line in lines]
    )
    return list(lines)


@pytest.mark.parametrize("count", [1, 5])
def test_the_buyers_list_shows_refunded_pieces_at_a_fixed_query_count(client_for, count, django_assert_max_num_queries):
    buyer = UserFactory()
    for _ in range(count):
        refund_one_piece_of_each(order_build(buyer=buyer, statuses=[AO.SHIPPED, AO.TO_PREPARE], quantity=2))
    client = client_for(buyer)

    with django_assert_max_num_queries(8):
        response = client.get("/api/v1/orders/")

    orders = response.json()["results"]
    assert len(orders) == count
    rows = [line for order in orders for parcel in order["parcels"] for line in parcel["lines"]]
    assert len(rows) == 2 * count
    line = OrderLine.objects.filter(artisan_order__order__buyer=buyer).first()
    assert {(row["quantity"], row["quantity_refunded"], row["quantity_live"]) for row in rows} == {(2, 1, 1)}
    assert {row["amount_refunded"]["amount"] for row in rows} == {str(line.unit_price)}


@pytest.mark.parametrize("count", [1, 5])
def test_the_artisans_list_shows_refunded_pieces_at_a_fixed_query_count(
    client_for, count, django_assert_max_num_queries
):
    artisan = ArtisanFactory()
    for _ in range(count):
        refund_one_piece_of_each(order_build(artisans=[artisan], statuses=[AO.TO_PREPARE], quantity=3))
    client = client_for(artisan.user)

    with django_assert_max_num_queries(8):
        response = client.get("/api/v1/my/orders/")

    rows = [line for parcel in response.json()["results"] for line in parcel["lines"]]
    assert len(rows) == count
    line = OrderLine.objects.filter(artisan_order__artisan=artisan).first()
    assert {(row["quantity"], row["quantity_refunded"], row["quantity_live"]) for row in rows} == {(3, 1, 2)}
    assert {row["amount_refunded"]["mad"] for row in rows} == {str(line.unit_price_mad)}


def test_a_refund_given_back_restores_the_line():
    order = order_build(statuses=[AO.TO_PREPARE], quantity=2)
    (line,) = refund_one_piece_of_each(order)

    lifecycle.order_lines_refund_record(
        lines=[lifecycle.RefundedLine(line.pk, 1, line.unit_price, line.unit_price_mad)], give_back=True
    )

    line.refresh_from_db()
    assert (line.quantity_refunded, line.amount_refunded, line.amount_refunded_mad, line.live_quantity) == (0, 0, 0, 2)
