"""The artisan's money in the API: balance, payouts and their lines."""

import pytest
from django.utils import timezone

from marketplace.api.money import money_mad
from payments import payouts
from tests.factories import ArtisanFactory, UserFactory
from tests.payments.ledger_builders import bank_details, deliver, line_refund, paid_order

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("payout_settings")]


@pytest.fixture
def seller(db):
    artisan = ArtisanFactory()
    bank_details(artisan)
    return artisan


@pytest.fixture
def as_seller(client_for, seller):
    return client_for(seller.user)


def sale(artisan, *, delivered_days_ago=None):
    paid = paid_order(artisans=[artisan])
    if delivered_days_ago is not None:
        deliver(paid.order, days_ago=delivered_days_ago)
    return paid


def test_the_balance_splits_into_available_and_pending(as_seller, seller):
    sale(seller, delivered_days_ago=10)  # payable
    sale(seller, delivered_days_ago=2)  # in the hold period
    sale(seller)  # not delivered

    body = as_seller.get("/api/v1/my/balance/").json()

    assert {name: (money["amount"], money["currency"]) for name, money in body.items()} == {
        "balance": ("2736.00", "MAD"),
        "available": ("912.00", "MAD"),
        "pending": ("1824.00", "MAD"),
        "in_transit": ("0.00", "MAD"),
        "paid_out": ("0.00", "MAD"),
    }


def test_a_refund_lowers_the_balance(as_seller, seller):
    paid = sale(seller)
    line_refund(paid, paid.parts[0], 1)

    assert as_seller.get("/api/v1/my/balance/").json()["balance"]["amount"] == "516.00"


def test_a_payout_moves_money_from_the_balance_to_in_transit_then_paid_out(as_seller, seller, superuser):
    sale(seller, delivered_days_ago=10)
    batch = payouts.payout_batch_create()
    in_transit = as_seller.get("/api/v1/my/balance/").json()
    payouts.payout_batch_export_csv(batch=batch, actor=superuser)
    payouts.payout_batch_mark_paid(batch=batch, actor=superuser)

    paid = as_seller.get("/api/v1/my/balance/").json()

    amounts = (in_transit["balance"], in_transit["in_transit"], paid["in_transit"], paid["paid_out"])
    assert tuple(money["amount"] for money in amounts) == (
        "0.00",
        "912.00",
        "0.00",
        "912.00",
    )


def test_a_disputed_sale_stays_pending(as_seller, seller):
    paid = sale(seller, delivered_days_ago=10)
    paid.order.disputed_at = timezone.now()
    paid.order.save(update_fields=["disputed_at"])

    body = as_seller.get("/api/v1/my/balance/").json()

    assert (body["available"]["mad"], body["pending"]["mad"]) == ("0.00", "912.00")


def test_the_balance_reads_in_a_few_queries(as_seller, seller, django_assert_max_num_queries):
    for days in (10, 2, None):
        sale(seller, delivered_days_ago=days)

    # The profile, the account's sum, the payable sum, the payouts' sums; the request's savepoint.
    with django_assert_max_num_queries(6):
        response = as_seller.get("/api/v1/my/balance/")

    assert response.status_code == 200


def test_someone_without_an_artisan_profile_is_refused_in_the_api_error_shape(client_for):
    response = client_for(UserFactory()).get("/api/v1/my/balance/")

    assert (response.status_code, response.json()["error"]["code"]) == (403, "permission_denied")


def test_anonymous_is_asked_to_sign_in(api_client):
    assert api_client.get("/api/v1/my/balance/").status_code == 401


# --- payouts -----------------------------------------------------------------------------------------------


@pytest.fixture
def two_payouts(seller):
    """Two batches, each paying the seller one sale."""
    sale(seller, delivered_days_ago=10)
    first = payouts.payout_batch_create().payouts.get()
    sale(seller, delivered_days_ago=10)
    second = payouts.payout_batch_create().payouts.get()
    return first, second


def test_the_payout_list_is_the_artisans_own_newest_first(as_seller, two_payouts):
    other = ArtisanFactory()
    bank_details(other)
    sale(other, delivered_days_ago=10)
    payouts.payout_batch_create()

    body = as_seller.get("/api/v1/my/payouts/").json()

    assert [row["id"] for row in body["results"]] == [two_payouts[1].pk, two_payouts[0].pk]


def test_the_payout_list_is_paginated_and_filters_by_status(as_seller, two_payouts):
    payouts.payout_mark_failed(payout=two_payouts[0], actor=None, reason="refused")

    body = as_seller.get("/api/v1/my/payouts/?status=failed").json()

    assert (body["count"], body["results"][0]["reference"]) == (1, two_payouts[0].reference)


def test_a_payout_shows_its_lines_with_order_numbers(as_seller, seller):
    paid = sale(seller, delivered_days_ago=10)
    payout = payouts.payout_batch_create().payouts.get()

    body = as_seller.get(f"/api/v1/my/payouts/{payout.pk}/").json()

    assert body["lines"] == [
        {
            "artisan_order": paid.parts[0].pk,
            "order_number": paid.order.number,
            "amount": money_mad("912.00"),
            "active": True,
        }
    ]


def test_the_payout_detail_reads_in_a_few_queries(as_seller, seller, django_assert_max_num_queries):
    for _ in range(3):
        sale(seller, delivered_days_ago=10)
    payout = payouts.payout_batch_create().payouts.get()

    # The profile, the payout, its lines; and the request's savepoint and its release.
    with django_assert_max_num_queries(5):
        response = as_seller.get(f"/api/v1/my/payouts/{payout.pk}/")

    assert len(response.json()["lines"]) == 3


def test_the_payout_list_reads_in_a_few_queries(as_seller, two_payouts, django_assert_max_num_queries):
    # The profile, the count, the page; and the request's savepoint and its release.
    with django_assert_max_num_queries(5):
        response = as_seller.get("/api/v1/my/payouts/")

    assert response.json()["count"] == 2


def test_another_artisans_payout_is_not_found(client_for, two_payouts):
    other = ArtisanFactory()

    response = client_for(other.user).get(f"/api/v1/my/payouts/{two_payouts[0].pk}/")

    assert (response.status_code, response.json()["error"]["code"]) == (404, "not_found")


def test_someone_without_an_artisan_profile_has_no_payouts(client_for):
    response = client_for(UserFactory()).get("/api/v1/my/payouts/")

    assert response.status_code == 403


def test_bank_details_are_not_in_the_payout_answer(as_seller, two_payouts):
    body = as_seller.get(f"/api/v1/my/payouts/{two_payouts[0].pk}/").json()

    assert {"rib", "iban", "account_holder"} & set(body) == set()
