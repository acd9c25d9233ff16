"""What happens around the buyer of a generated client's journey, done on the
server's side in the test process: the artisans' shop before it starts, the
verification e-mail read from the outbox, the parcels delivered, and the
cooperative deciding the buyer's return. Both journeys (Python, TypeScript)
ask for these by name (QUESTIONS) and do everything else through the API."""

from decimal import Decimal
from urllib.parse import parse_qs, urlparse

from django.core import mail

from tests.factories import ArtisanFactory, CooperativeFactory, ProductFactory, admin_of

BUYER_EMAIL = "amelie.contract@example.fr"
BUYER_PASSWORD = "un-Long-mot-de-passe-9"
# The word both journeys search for: in each product's French title only.
SEARCH_WORD = "théière"
# Under RETURNS_REFUND_WITHOUT_RETURN_MAX_MAD: the cooperative refunds without asking the piece back.
PIECE_PRICE_MAD = Decimal("300.00")


class World:
    def __init__(self):
        self.cooperative = CooperativeFactory()
        self.admin = admin_of(self.cooperative)
        self.products = [
            ProductFactory(
                artisan=ArtisanFactory(cooperative=self.cooperative),
                title=f"Teapot {number}",
                title_fr=f"Théière en cuivre {number}",
                variants=[{"sku": f"CONTRACT-{number}", "price_mad": PIECE_PRICE_MAD, "stock": 4}],
            )
            for number in (1, 2, 3)
        ]
        # Browsed, not found by the search.
        self.rug = ProductFactory(
            artisan=self.products[0].artisan, title="Berber rug", title_fr="Tapis berbère",
            variants=[{"sku": "CONTRACT-RUG", "price_mad": PIECE_PRICE_MAD, "stock": 1}],
        )  # fmt: skip

    def verification_token(self, email: str) -> str:
        """The token of the link in the last verification e-mail sent to `email`."""
        message = next(message for message in reversed(mail.outbox) if email in message.to)
        link = next(word for word in message.body.split() if word.startswith("http"))
        return parse_qs(urlparse(link).query)["token"][0]

    def parcels_delivered(self, number: str) -> str:
        from orders.models import Order
        from tests.payments.ledger_builders import deliver

        deliver(Order.objects.get(number=number), days_ago=1)
        return "delivered"

    def return_refunded(self, return_id: str) -> str:
        from returns import services
        from returns.models import ReturnRequest

        request = ReturnRequest.objects.get(pk=int(return_id))
        services.return_refund_without_return(request=request, actor=self.admin, note="Refunded by the contract test")
        return "refunded"

    def answer(self, question: str, argument: str) -> str:
        return QUESTIONS[question](self, argument)


QUESTIONS = {
    "verification-token": World.verification_token,
    "parcels-delivered": World.parcels_delivered,
    "return-refunded": World.return_refunded,
}
