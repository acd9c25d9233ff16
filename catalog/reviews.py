"""Reviews of products: written once per product by a buyer who received it
(the orders app decides who may, catalog never looks at orders), and the
product's rating average and count kept up to date with them."""

from decimal import ROUND_HALF_UP, Decimal

from django.db import IntegrityError, transaction
from django.db.models import Avg, Count
from django.utils import timezone
from django.utils.translation import gettext as _

from artisans.models import VerificationStatus
from catalog import locks
from catalog.models import Product, ProductStatus, Review
from marketplace import cache_version
from marketplace.errors import Conflict


class AlreadyReviewed(Conflict):
    code = "already_reviewed"


def product_rating_refresh(product_id: int) -> None:
    """Copy the reviews' average (two decimals) and count onto the product."""
    summary = Review.objects.filter(product_id=product_id).aggregate(average=Avg("rating"), count=Count("id"))
    average = Decimal(str(summary["average"] or 0)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    Product.objects.filter(pk=product_id).update(
        rating_average=average, rating_count=summary["count"], updated_at=timezone.now()
    )
    cache_version.bump_on_commit()


@transaction.atomic
def review_create(*, product: Product, author, order_line_id: int, rating: int, text: str, language: str) -> Review:
    """Store a review and refresh the product's rating. The caller has checked
    that `author` received the product on order line `order_line_id`."""
    # The product row is the lock: two reviews of one product are counted one after the other.
    product = locks.product_for_update(product.pk)
    if Review.objects.filter(author=author, product=product).exists():
        raise AlreadyReviewed(_("You have already reviewed this product."))
    review = Review(
        product=product,
        author=author,
        order_line_id=order_line_id,
        rating=rating,
        text=(text or "").strip(),
        language=language,
    )
    review.full_clean(exclude=["product", "author"], validate_unique=False, validate_constraints=False)
    try:
        with transaction.atomic():
            review.save()
    except IntegrityError as error:  # the same order line, reviewed at the same moment
        raise AlreadyReviewed(_("You have already reviewed this product.")) from error
    product_rating_refresh(product.pk)
    return review


def reviews_of_public_product(slug: str):
    """The reviews anybody may read: those of a product on sale, newest first.
    None when no product on sale has that slug."""
    product = (
        Product.objects.filter(
            slug=slug, status=ProductStatus.ACTIVE, artisan__verification_status=VerificationStatus.VERIFIED
        )
        .only("id")
        .first()
    )
    if product is None:
        return None
    return Review.objects.filter(product=product).select_related("author").order_by("-created_at", "-id")
