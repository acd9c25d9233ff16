"""Reviews: the buyer of a delivered line reviews its product once; the
product's rating follows; anybody reads the reviews of a product on sale."""

from decimal import Decimal

import pytest

from catalog.models import Product, Review
from catalog.reviews import AlreadyReviewed, product_rating_refresh, review_create
from orders.models import ArtisanOrderStatus as AO
from orders.reviews import NotDelivered, order_line_review
from tests.factories import ArtisanFactory, UserFactory
from tests.orders.builders import order_build, parts

pytestmark = pytest.mark.django_db


@pytest.fixture
def buyer():
    return UserFactory(full_name="Claire Martin")


@pytest.fixture
def delivered(buyer):
    return order_build(buyer=buyer, statuses=[AO.DELIVERED, AO.SHIPPED])


def review_url(order, line):
    return f"/api/v1/orders/{order.number}/lines/{line.pk}/review/"


def line_of(part):
    return part.lines.get()


def test_the_buyer_reviews_a_delivered_line(client_for, buyer, delivered):
    line = line_of(parts(delivered)[0])

    response = client_for(buyer).post(review_url(delivered, line), {"rating": 4, "text": " Beautiful glaze. "})

    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["rating"], body["text"], body["author"], body["product"]) == (
        4,
        "Beautiful glaze.",
        "Claire",
        line.product.slug,
    )
    review = Review.objects.get()
    assert (review.author, review.product_id, review.order_line_id) == (buyer, line.product_id, line.pk)
    product = Product.objects.get(pk=line.product_id)
    assert (product.rating_average, product.rating_count) == (Decimal("4.00"), 1)


def test_a_review_is_written_in_the_request_language(client_for, buyer, delivered):
    line = line_of(parts(delivered)[0])

    client_for(buyer).post(review_url(delivered, line), {"rating": 5}, HTTP_ACCEPT_LANGUAGE="es")

    assert Review.objects.get().language == "es"


def test_a_product_is_reviewed_once(client_for, buyer, delivered):
    line = line_of(parts(delivered)[0])
    client_for(buyer).post(review_url(delivered, line), {"rating": 5})

    again = client_for(buyer).post(review_url(delivered, line), {"rating": 1})

    assert again.status_code == 409
    assert again.json()["error"]["code"] == "already_reviewed"
    assert Review.objects.get().rating == 5


def test_the_same_product_bought_twice_is_still_reviewed_once(buyer, delivered):
    first = line_of(parts(delivered)[0])
    second_order = order_build(buyer=buyer, artisans=[first.product.artisan], statuses=[AO.DELIVERED])
    second = line_of(parts(second_order)[0])
    second.product = first.product
    second.save()
    order_line_review(line=first, author=buyer, rating=5)

    with pytest.raises(AlreadyReviewed):
        order_line_review(line=second, author=buyer, rating=3)


@pytest.mark.parametrize("status", [AO.TO_PREPARE, AO.READY_TO_SHIP, AO.SHIPPED, AO.CANCELLED])
def test_a_line_not_delivered_cannot_be_reviewed(client_for, buyer, status):
    order = order_build(buyer=buyer, statuses=[status])
    line = line_of(parts(order)[0])

    response = client_for(buyer).post(review_url(order, line), {"rating": 5})

    assert response.status_code == 409
    assert response.json()["error"]["code"] == NotDelivered.code
    assert not Review.objects.exists()


def test_another_buyer_cannot_review_your_line(client_for, delivered):
    line = line_of(parts(delivered)[0])

    response = client_for(UserFactory()).post(review_url(delivered, line), {"rating": 1})

    assert response.status_code == 404
    assert not Review.objects.exists()


def test_a_line_of_another_order_is_a_404(client_for, buyer, delivered):
    elsewhere = line_of(parts(order_build(buyer=UserFactory(), statuses=[AO.DELIVERED]))[0])

    assert client_for(buyer).post(review_url(delivered, elsewhere), {"rating": 1}).status_code == 404


def test_reviewing_needs_a_signed_in_buyer(api_client, delivered):
    line = line_of(parts(delivered)[0])

    response = api_client.post(f"{review_url(delivered, line)}?token={delivered.access_token}", {"rating": 5})

    assert response.status_code == 401


@pytest.mark.parametrize("body", [{"rating": 0}, {"rating": 6}, {"text": "no rating"}, {"rating": 5, "stars": 5}])
def test_a_bad_review_is_a_400(client_for, buyer, delivered, body):
    line = line_of(parts(delivered)[0])

    response = client_for(buyer).post(review_url(delivered, line), body)

    assert response.status_code == 400
    assert not Review.objects.exists()


def test_the_rating_averages_every_buyers_review():
    artisan = ArtisanFactory()
    ratings = [5, 4, 4]
    product = None
    for rating in ratings:
        buyer = UserFactory()
        line = line_of(parts(order_build(buyer=buyer, artisans=[artisan], statuses=[AO.DELIVERED]))[0])
        if product is None:
            product = line.product
        line.product = product
        line.save()
        order_line_review(line=line, author=buyer, rating=rating)

    product.refresh_from_db()
    assert (product.rating_average, product.rating_count) == (Decimal("4.33"), 3)


def test_the_rating_is_recomputed_from_the_reviews(buyer, delivered):
    line = line_of(parts(delivered)[0])
    review = review_create(product=line.product, author=buyer, order_line_id=line.pk, rating=2, text="", language="en")
    review.delete()

    product_rating_refresh(line.product_id)

    product = Product.objects.get(pk=line.product_id)
    assert (product.rating_average, product.rating_count) == (Decimal("0.00"), 0)


def test_anybody_reads_a_products_reviews(api_client, buyer, delivered):
    line = line_of(parts(delivered)[0])
    order_line_review(line=line, author=buyer, rating=5, text="Lovely", language="fr")

    response = api_client.get(f"/api/v1/products/{line.product.slug}/reviews/")

    assert response.status_code == 200
    [row] = response.json()["results"]
    assert (row["rating"], row["text"], row["language"], row["author"]) == (5, "Lovely", "fr", "Claire")
    assert buyer.email not in response.content.decode()


def test_reviews_of_a_product_not_on_sale_are_a_404(api_client, buyer, delivered):
    line = line_of(parts(delivered)[0])
    order_line_review(line=line, author=buyer, rating=5)
    Product.objects.filter(pk=line.product_id).update(status="archived")

    assert api_client.get(f"/api/v1/products/{line.product.slug}/reviews/").status_code == 404
    assert api_client.get("/api/v1/products/no-such-thing/reviews/").status_code == 404


def test_the_product_page_still_answers_next_to_its_reviews(api_client, delivered):
    line = line_of(parts(delivered)[0])

    assert api_client.get(f"/api/v1/products/{line.product.slug}/").status_code == 200
