"""Who may review what: the buyer of a delivered order line reviews its
product, once. The review itself is the catalog's (catalog/reviews.py)."""

from django.db import transaction
from django.utils.translation import gettext as _

from catalog.models import Review
from catalog.reviews import review_create
from marketplace.errors import Conflict, DomainError
from orders.lifecycle import NotAllowed
from orders.models import ArtisanOrderStatus, OrderLine


class NotDelivered(Conflict):
    code = "not_delivered"


def review_check_eligible(*, line: OrderLine, author) -> None:
    """Raise unless `author` may review the product of `line` now."""
    order = line.artisan_order.order
    if author is None or not author.is_authenticated or order.buyer_id != author.pk:
        raise NotAllowed(_("Only the buyer who signed in to order it can review this product."))
    if line.artisan_order.status != ArtisanOrderStatus.DELIVERED:
        raise NotDelivered(_("You can review this product once it has been delivered."))
    if line.product_id is None:
        raise DomainError(_("This product is no longer sold on Souk."))


@transaction.atomic
def order_line_review(*, line: OrderLine, author, rating: int, text: str = "", language: str = "en") -> Review:
    """The buyer reviews the product of a delivered line of their order."""
    line = OrderLine.objects.select_related("artisan_order__order", "product").get(pk=line.pk)
    review_check_eligible(line=line, author=author)
    return review_create(
        product=line.product, author=author, order_line_id=line.pk, rating=rating, text=text, language=language
    )
