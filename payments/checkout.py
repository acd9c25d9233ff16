"""Checkout, the flow that spans orders and payments: place the order, then
start its payment.

    transaction 1   orders.checkout.order_place: the key, the variant locks,
                    the stock, the order rows; committed, the locks released
    no transaction  the provider opens the payment (an HTTP call)
    transaction 2   payments.services.payment_start records the attempt

So a slow or dead provider never holds a row lock that another buyer waits
for, and never rolls an order back: the order stays awaiting payment with its
stock reserved until it expires, and the answer says to retry the payment.
The same Idempotency-Key returns the same order and retries only the payment.
"""

from dataclasses import dataclass

from marketplace.errors import DomainError
from orders.checkout import order_place
from orders.models import Order, OrderStatus
from payments import services
from payments.models import Payment


@dataclass(frozen=True)
class Checkout:
    order: Order
    replayed: bool  # the Idempotency-Key had already placed this order
    payment: Payment | None
    payment_error: DomainError | None  # the provider failed: the buyer retries the payment


def checkout_place(
    *,
    cart,
    buyer,
    email: str,
    address: dict,
    services_by_artisan: dict,
    currency: str,
    incoterm: str,
    idempotency_key: str,
    fingerprint: str,
    language: str = "en",
    insurance: bool = False,
    payment_provider: str = "",
) -> Checkout:
    """`services_by_artisan`: artisan id → shipping service code (missing: the
    cheapest). Called outside any transaction: order_place's is durable, so
    Django refuses to nest it in a caller's (which would hold the variant
    locks while the provider answers). `payment_provider`: the buyer's
    explicit choice (payments.services.payment_provider_choose)."""
    placement = order_place(
        cart=cart, buyer=buyer, email=email, address=address, services=services_by_artisan, currency=currency,
        incoterm=incoterm, idempotency_key=idempotency_key, fingerprint=fingerprint, language=language,
        insurance=insurance,
    )  # fmt: skip
    order = placement.order
    if order.status != OrderStatus.AWAITING_PAYMENT:
        # A replay after the order was paid (or expired): show its payment, open nothing new.
        return Checkout(order, placement.replayed, services.payment_current(order), None)
    try:
        payment = services.payment_start(
            order=order, just_placed=not placement.replayed, provider_choice=payment_provider
        )
    except DomainError as error:
        return Checkout(order, placement.replayed, None, error)
    return Checkout(order, placement.replayed, payment, None)
