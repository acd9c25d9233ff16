"""A buyer's journey written against the Python client that
openapi-python-client generates from the live schema (package
`souk_api_client`, importable only once tests/contract/test_python_client.py
has generated it). The journey reports what the buyer saw; the test compares.

The fields it reads from the API's answers are all in READS below: when a
representation changes, that is the one place to follow it.
"""

import time
import uuid

from souk_api_client import AuthenticatedClient, Client
from souk_api_client.api.accounts import account_email_verify, auth_login, auth_register, me_delete, me_export
from souk_api_client.api.catalog import products_list, products_retrieve
from souk_api_client.api.orders import cart_lines_add, orders_retrieve
from souk_api_client.api.payments import checkout_place
from souk_api_client.api.returns import orders_lines_return
from souk_api_client.models import (
    AccountDeleteRequest,
    CartLineInputRequest,
    CheckoutRequest,
    CountryEnum,
    CurrencyEnum,
    EmailVerifyRequest,
    LanguageEnum,
    LoginRequest,
    ProductsListCurrency,
    RegisterRequest,
    ReturnKindEnum,
    ReturnOpenRequest,
    ShippingAddressRequest,
)

from tests.contract.world import BUYER_EMAIL, BUYER_PASSWORD, SEARCH_WORD
from tests.payments.stripe_kit import card_confirm

ADDRESS = ShippingAddressRequest(
    name="Amélie Contrat", line1="12 rue de la Roquette", city="Paris", postal_code="75011", country=CountryEnum.FR,
    phone="06 12 34 56 78",
)  # fmt: skip
PAID_WITHIN_SECONDS = 20


# --- READS: every field of an answer the journey reads -------------------------------------------


def card_currency(card) -> str:
    return str(card.price.currency)


def order_number(placed) -> str:
    return placed.order.number


def payment_reference(placed) -> str:
    return placed.payment.reference


def parcel_count(placed) -> int:
    return len(placed.order.parcels)


def order_status(order) -> str:
    return str(order.status)


def first_line_id(order) -> int:
    return order.parcels[0].lines[0].id


def refunded_pieces(order) -> int:
    return sum(line.quantity_refunded or 0 for parcel in order.parcels for line in parcel.lines)


def export_order_numbers(export) -> list[str]:
    return [order.number for order in export.orders]


# --- the journey -----------------------------------------------------------------------------------


def _answer(response, status: int):
    assert response.status_code == status, f"{status} expected: {response.status_code} {response.content[:2000]!r}"
    return response.parsed


def journey(*, api_url: str, stripe, world) -> dict:
    """Register, verify the address, sign in, browse in French and USD, search,
    fill a cart from three artisans, check out, pay at the Stripe emulator,
    see the order paid, return one line and see its refund, export the data
    and delete the account."""
    seen = {}
    guest = Client(base_url=api_url, raise_on_unexpected_status=False)

    _answer(auth_register.sync_detailed(client=guest, body=RegisterRequest(
        email=BUYER_EMAIL, password=BUYER_PASSWORD, full_name="Amélie Contrat", preferred_language=LanguageEnum.FR,
    )), 201)  # fmt: skip
    verified = _answer(
        account_email_verify.sync_detailed(
            client=guest, body=EmailVerifyRequest(token=world.answer("verification-token", BUYER_EMAIL))
        ),
        200,
    )
    seen["email_verified"] = verified.email_verified_at is not None

    tokens = _answer(auth_login.sync_detailed(client=guest, body=LoginRequest(BUYER_EMAIL, BUYER_PASSWORD)), 200)
    buyer = AuthenticatedClient(
        base_url=api_url, token=tokens.access, headers={"Accept-Language": "fr"}, raise_on_unexpected_status=False
    )

    shop = _answer(products_list.sync_detailed(client=buyer, currency=ProductsListCurrency.USD), 200)
    seen["browsed"] = sorted((card.title, card_currency(card)) for card in shop.results)
    found = _answer(
        products_list.sync_detailed(client=buyer, search=SEARCH_WORD, currency=ProductsListCurrency.USD), 200
    )
    seen["found"] = sorted(card.title for card in found.results)

    for card in found.results:
        product = _answer(products_retrieve.sync_detailed(card.slug, client=buyer), 200)
        body = CartLineInputRequest(variant=product.variants[0].id, quantity=1)
        _answer(cart_lines_add.sync_detailed(client=buyer, body=body), 201)
    placed = _answer(
        checkout_place.sync_detailed(
            client=buyer,
            body=CheckoutRequest(shipping_address=ADDRESS, currency=CurrencyEnum.USD),
            idempotency_key=str(uuid.uuid4()),
        ),
        201,
    )
    number = order_number(placed)
    seen["parcels"] = parcel_count(placed)

    seen["card"] = card_confirm(stripe, payment_reference(placed)).json()["status"]
    deadline = time.monotonic() + PAID_WITHIN_SECONDS
    order = _answer(orders_retrieve.sync_detailed(number, client=buyer), 200)
    while order_status(order) != "paid" and time.monotonic() < deadline:
        time.sleep(0.2)  # the emulator's webhook reaches the server a moment later
        order = _answer(orders_retrieve.sync_detailed(number, client=buyer), 200)
    seen["status"] = order_status(order)

    world.answer("parcels-delivered", number)
    asked = _answer(
        orders_lines_return.sync_detailed(
            number, first_line_id(order), client=buyer,
            body=ReturnOpenRequest(kind=ReturnKindEnum.RETURN, quantity=1, reason="La couleur ne va pas."),
        ),
        201,
    )  # fmt: skip
    world.answer("return-refunded", str(asked.id))
    seen["refunded_pieces"] = refunded_pieces(_answer(orders_retrieve.sync_detailed(number, client=buyer), 200))

    seen["exported_orders"] = export_order_numbers(_answer(me_export.sync_detailed(client=buyer), 200))
    _answer(me_delete.sync_detailed(client=buyer, body=AccountDeleteRequest(password=BUYER_PASSWORD)), 204)
    seen["login_after_deletion"] = auth_login.sync_detailed(
        client=guest, body=LoginRequest(BUYER_EMAIL, BUYER_PASSWORD)
    ).status_code
    seen["order_number"] = number
    return seen
