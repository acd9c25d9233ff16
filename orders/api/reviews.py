"""Reviews: the buyer of a delivered line writes one; anybody reads them."""

from django.utils.translation import get_language
from drf_spectacular.utils import extend_schema
from rest_framework import generics, permissions, serializers
from rest_framework.exceptions import NotFound
from rest_framework.views import APIView

from catalog.models import Review
from catalog.reviews import reviews_of_public_product
from marketplace.api.responses import created
from marketplace.api.serializers import StrictSerializer
from orders import selectors
from orders.models import OrderLine
from orders.reviews import order_line_review

LANGUAGES = ("en", "fr", "es", "ar")


class ReviewSerializer(serializers.ModelSerializer):
    product = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    author = serializers.SerializerMethodField()

    class Meta:
        model = Review
        fields = ["id", "product", "author", "rating", "text", "language", "created_at"]

    def get_author(self, review) -> str:
        """A first name only: reviews are public."""
        return review.author.get_short_name() if review.author.full_name else ""


class ReviewWriteSerializer(StrictSerializer):
    rating = serializers.IntegerField(min_value=1, max_value=5)
    text = serializers.CharField(required=False, allow_blank=True, max_length=4000)


class OrderLineReviewView(APIView):
    """Review the product of a delivered line of your order, once."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(request=ReviewWriteSerializer, responses={201: ReviewSerializer})
    def post(self, request, number, line_id):
        order = selectors.order_for_buyer(request.user, number)
        line = OrderLine.objects.filter(pk=line_id, artisan_order__order=order).first() if order else None
        if line is None:
            raise NotFound()
        body = ReviewWriteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        language = (get_language() or "en")[:2]
        review = order_line_review(
            line=line, author=request.user, language=language if language in LANGUAGES else "en", **body.validated_data
        )
        # A review has no address of its own: it is read in its product's reviews.
        return created(request, ReviewSerializer(review).data, "product-reviews", slug=line.product.slug)


class ProductReviewListView(generics.ListAPIView):
    """The reviews of a product on sale, newest first."""

    serializer_class = ReviewSerializer
    permission_classes = [permissions.AllowAny]
    filter_backends: list = []

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema generator has no slug
            return Review.objects.none()
        reviews = reviews_of_public_product(self.kwargs["slug"])
        if reviews is None:
            raise NotFound()
        return reviews.select_related("product")
