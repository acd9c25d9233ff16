"""Public catalog: what buyers browse, anonymous or signed in."""

from django.utils.translation import get_language
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, permissions
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response

from catalog import selectors
from catalog.api.cards import product_card, product_detail, translated
from catalog.api.filters import ProductFilter
from catalog.api.http_cache import AnonymousCacheMixin
from catalog.api.pagination import CatalogPagination
from catalog.models import Category
from catalog.pricing import Pricing
from marketplace.currency import currency_for_request

CURRENCY_PARAMETER = OpenApiParameter("currency", str, description="MAD, USD, EUR, GBP or CAD")


def request_pricing(request) -> Pricing:
    return Pricing.for_request(currency_for_request(request), get_language())


class ProductListView(AnonymousCacheMixin, generics.GenericAPIView):
    """Active products, with prices in MAD and the buyer's currency."""

    permission_classes = [permissions.AllowAny]
    filter_backends: list = []

    @extend_schema(parameters=[CURRENCY_PARAMETER], filters=True)
    def get(self, request):
        pricing = request_pricing(request)
        return self.cached_response(request, lambda: self._page(request, pricing), variant=pricing.currency)

    def _page(self, request, pricing):
        filters = ProductFilter(request.query_params, queryset=selectors.public_product_cards(), pricing=pricing)
        if not filters.is_valid():
            raise ValidationError(filters.errors)
        paginator = CatalogPagination(request)
        page = paginator.page(filters.qs, request, self)
        return {
            "currency": pricing.currency,
            **paginator.envelope([product_card(product, pricing, request) for product in page]),
        }


class ProductDetailView(AnonymousCacheMixin, generics.GenericAPIView):
    permission_classes = [permissions.AllowAny]

    @extend_schema(parameters=[CURRENCY_PARAMETER])
    def get(self, request, slug):
        pricing = request_pricing(request)
        return self.cached_response(request, lambda: self._detail(request, slug, pricing), variant=pricing.currency)

    def _detail(self, request, slug, pricing):
        product = selectors.public_product_detail().filter(slug=slug).first()
        if product is None:
            raise NotFound()
        return product_detail(product, pricing, request)


class CategoryListView(generics.GenericAPIView):
    """The category tree, flat with parents, names in the request's language."""

    permission_classes = [permissions.AllowAny]
    pagination_class = None

    def get(self, request):
        language = get_language()
        rows = [
            {
                "slug": category.slug,
                "parent": category.parent.slug if category.parent_id else None,
                "name": translated(category, "name", language),
                "default_hs_code": category.default_hs_code,
            }
            for category in Category.objects.select_related("parent")
        ]
        return Response(rows)
