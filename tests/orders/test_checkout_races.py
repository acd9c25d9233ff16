"""Checkout under concurrency, on PostgreSQL, through the whole request stack
(APIClient → ATOMIC_REQUESTS → orders.checkout.order_place).

Every buyer is a thread with its own database connection; a Barrier releases
them together so their transactions really overlap on the variant rows and on
the idempotency key's unique index."""

import threading
import uuid
from collections import Counter
from dataclasses import dataclass

import pytest
from django.db import connection
from rest_framework.test import APIClient

from catalog.models import Variant
from marketplace.models import IdempotencyRecord
from orders.models import Order, OrderLine
from tests.factories import ArtisanFactory, ProductFactory
from tests.orders.builders import ADDRESS

pytestmark = [
    pytest.mark.postgres,
    # Committed rows, seen by the threads' own connections (tests/conftest.py
    # replays the reference data after each of these tests empties the tables).
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture(autouse=True)
def _one_client_many_buyers(settings):
    """Every buyer here comes from the test's one address with one e-mail:
    the checkout and cart throttles (tests/throttles) would stop them first."""
    lifted = dict.fromkeys(("checkout_ip", "checkout_account", "cart", "cart_create_ip"), "100000/hour")
    settings.THROTTLE_RATES = {**settings.THROTTLE_RATES, **lifted}


BODY = {"email": "claire@example.fr", "shipping_address": ADDRESS, "currency": "EUR", "incoterm": "DAP"}
JOIN_SECONDS = 30


@dataclass
class Answer:
    status: int | None = None
    body: dict | None = None
    replayed: str | None = None
    error: str | None = None  # an exception that escaped the request (a 500 in production)


def guest_cart(*variants) -> str:
    """A new guest cart through the API, lines added in the order given; its token."""
    client = APIClient()
    token = None
    for variant in variants:
        headers = {"HTTP_X_CART_TOKEN": token} if token else {}
        response = client.post("/api/v1/cart/lines/", {"variant": variant.pk, "quantity": 1}, format="json", **headers)
        assert response.status_code == 201, response.content
        token = token or response.json()["token"]
    return token


def checkout_together(requests: list[tuple[str, str]]) -> list[Answer]:
    """POST /api/v1/checkout/ once per (cart token, idempotency key), each from
    its own thread and connection, all released at the same instant."""
    barrier = threading.Barrier(len(requests))
    answers = [Answer() for _ in requests]

    def buyer(index: int, token: str, key: str) -> None:
        answer = answers[index]
        try:
            client = APIClient()
            barrier.wait(timeout=JOIN_SECONDS)
            response = client.post("/api/v1/checkout/", BODY, format="json",
                                   HTTP_X_CART_TOKEN=token, HTTP_IDEMPOTENCY_KEY=key)  # fmt: skip
            answer.status, answer.body = response.status_code, response.json()
            answer.replayed = response.headers.get("Idempotent-Replayed")
        except Exception as error:  # reported by the test, not lost in the thread
            answer.error = f"{type(error).__name__}: {error}"
        finally:
            connection.close()

    threads = [threading.Thread(target=buyer, args=(index, *request)) for index, request in enumerate(requests)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(JOIN_SECONDS)
    assert not any(thread.is_alive() for thread in threads), "a checkout is still waiting (lock never released?)"
    return answers


def problems(answers: list[Answer], caplog) -> list[str]:
    """What must never happen: an exception out of the view, a 5xx, a deadlock.
    The API answers an unexpected error with a bare JSON 500 and logs the
    exception (marketplace.middleware): the log says which one it was."""
    found = [
        f"logged: {type(record.exc_info[1]).__name__}: {record.exc_info[1]}"
        for record in caplog.records
        if record.exc_info and record.exc_info[1] is not None
    ]
    found += [answer.error for answer in answers if answer.error]
    found += [f"{answer.status}: {answer.body}" for answer in answers if answer.status is None or answer.status >= 500]
    return found


def new_key() -> str:
    return f"race-{uuid.uuid4()}"


def test_thirty_buyers_for_five_pieces_make_five_orders_and_twenty_five_409s(caplog):
    variant = ProductFactory(variants=[{"sku": "RACE-TAJ-5", "stock": 5, "price_mad": "300.00"}]).variants.get()
    tokens = [guest_cart(variant) for _ in range(30)]

    answers = checkout_together([(token, new_key()) for token in tokens])

    assert problems(answers, caplog) == []
    assert "deadlock detected" not in caplog.text
    assert Counter(answer.status for answer in answers) == {201: 5, 409: 25}
    refused = [answer.body["error"] for answer in answers if answer.status == 409]
    assert {error["code"] for error in refused} == {"out_of_stock"}
    assert all(error["fields"]["sku"] == ["RACE-TAJ-5"] for error in refused)
    variant.refresh_from_db()
    assert variant.stock == 0
    assert Order.objects.count() == 5
    assert sum(OrderLine.objects.filter(variant=variant).values_list("quantity", flat=True)) == 5
    assert len({answer.body["order"]["number"] for answer in answers if answer.status == 201}) == 5
    # The refused checkouts rolled back their claim on the key: a retry may succeed later.
    assert IdempotencyRecord.objects.count() == 5


@pytest.mark.parametrize("same_product", [False, True], ids=["two-artisans", "one-product"])
def test_carts_holding_two_variants_in_opposite_orders_never_deadlock(same_product, caplog):
    if same_product:
        product = ProductFactory(variants=[{"sku": "RACE-V1", "stock": 100}, {"sku": "RACE-V2", "stock": 100}])
        first, second = product.variants.order_by("pk")
    else:
        first = ProductFactory(variants=[{"sku": "RACE-V1", "stock": 100}]).variants.get()
        second = ProductFactory(artisan=ArtisanFactory(), variants=[{"sku": "RACE-V2", "stock": 100}]).variants.get()
    pairs = 12
    tokens = []
    for _pair in range(pairs):
        tokens.append(guest_cart(first, second))  # cart A: V1 then V2
        tokens.append(guest_cart(second, first))  # cart B: V2 then V1

    answers = checkout_together([(token, new_key()) for token in tokens])

    assert problems(answers, caplog) == []
    assert "deadlock detected" not in caplog.text
    assert [answer.status for answer in answers] == [201] * (2 * pairs), [a.body for a in answers if a.status != 201]
    assert dict(Variant.objects.filter(pk__in=[first.pk, second.pk]).values_list("sku", "stock")) == {
        "RACE-V1": 100 - 2 * pairs,
        "RACE-V2": 100 - 2 * pairs,
    }
    assert Order.objects.count() == 2 * pairs


def test_the_same_checkout_sent_at_once_places_one_order_and_both_answers_name_it(caplog):
    carts, copies = 5, 3
    variants = [ProductFactory(variants=[{"stock": 10}]).variants.get() for _ in range(carts)]
    requests = []
    for variant in variants:
        token, key = guest_cart(variant), new_key()
        requests += [(token, key)] * copies  # the same cart, key and body, sent `copies` times at once

    answers = checkout_together(requests)

    assert problems(answers, caplog) == []
    assert "deadlock detected" not in caplog.text
    assert [answer.status for answer in answers] == [201] * len(requests), [a.body for a in answers]
    assert Order.objects.count() == carts
    for start in range(0, len(requests), copies):
        same = answers[start : start + copies]
        assert len({answer.body["order"]["number"] for answer in same}) == 1
        # One request placed the order; the others waited on the key and replayed it.
        assert sorted(answer.replayed or "" for answer in same) == [""] + ["true"] * (copies - 1)
    assert [variant.stock for variant in Variant.objects.filter(pk__in=[v.pk for v in variants])] == [9] * carts
