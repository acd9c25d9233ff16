"""Public catalog: what buyers browse, anonymous or signed in."""

import json

from django.utils.translation import get_language
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, permissions
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from catalog import selectors
from catalog.api.cards import MediaUrls, product_card, product_detail, translated
from catalog.api.filters import ORDERINGS, ProductFilter
from catalog.api.http_cache import AnonymousCacheMixin, cached_count
from catalog.api.pagination import CatalogPagination
from catalog.api.schema import CategorySchema, ProductDetailSchema, ProductPageSchema
from catalog.models import Category, Product
from catalog.pricing import Pricing
from marketplace.api.pagination import link_header
from marketplace.currency import currency_for_request
from marketplace.money import SUPPORTED_CURRENCIES

CURRENCY_PARAMETER = OpenApiParameter(
    "currency", str, enum=SUPPORTED_CURRENCIES, description="Prices also in this currency."
)
# The list's filters, typed as the schema shows them (the view applies ProductFilter itself).
FILTER_TYPES = {"min_price": float, "max_price": float, "in_stock": bool, "made_to_order": bool}
FILTER_PARAMETERS = [
    OpenApiParameter(
        name,
        FILTER_TYPES.get(name, str),
        description=str(getattr(ProductFilter.base_filters[name], "extra", {}).get("help_text", "")),
        enum=[key for key, _label in ProductFilter.base_filters[name].extra["choices"]]
        if name in ("ordering", "region")
        else None,
    )
    for name in ProductFilter.base_filters
]
PAGE_PARAMETERS = [
    OpenApiParameter("page", int, description="Page number (web); the answer has `count`."),
    OpenApiParameter("cursor", str, description="Cursor from `next` or `previous` (mobile); no `count`."),
    OpenApiParameter("page_size", int, description="24 by default, at most 100."),
]


def request_pricing(request) -> Pricing:
    return Pricing.for_request(currency_for_request(request), get_language())


def _filter_scope(filters) -> str:
    """What decides a list's count: the filters, not the page, the ordering or
    any parameter the filter set does not know."""
    data = {name: value for name, value in filters.form.cleaned_data.items() if value not in (None, "")}
    data.pop("ordering", None)
    return repr(sorted((name, str(value)) for name, value in data.items()))


class ProductListView(AnonymousCacheMixin, generics.GenericAPIView):
    """Active products, with prices in MAD and the buyer's currency."""

    permission_classes = [permissions.AllowAny]
    filter_backends: list = []

    @extend_schema(
        operation_id="products_list",
        parameters=[CURRENCY_PARAMETER, *FILTER_PARAMETERS, *PAGE_PARAMETERS],
        responses={200: ProductPageSchema},
    )
    def get(self, request):
        currency = currency_for_request(request)
        response = self.cached_response(
            request, lambda version: self._page(request, currency, version), variant=currency
        )
        if response.status_code == 200:
            body = response.data if hasattr(response, "data") else json.loads(response.content)
            response["Link"] = link_header(CatalogPagination.links_of_body(request, body))
        return response

    def _page(self, request, currency, version):
        pricing = Pricing.for_request(currency, get_language(), generation=version)
        queryset, scope = self._filtered(request, pricing)
        paginator = CatalogPagination(request)
        if not paginator.cursor_mode:
            paginator.known_count(cached_count(queryset, scope=f"{currency}|{scope}", version=version))
        page = paginator.page(selectors.card_rows(queryset), request, self)
        media = MediaUrls(request)
        return {
            "currency": pricing.currency,
            "rate_at": pricing.rate_at,
            **paginator.envelope([product_card(row, pricing, media) for row in page]),
        }

    @staticmethod
    def _filtered(request, pricing):
        """The filtered queryset and what decides its count. Without any
        filter in the query the filter set (and its form) is not built."""
        base = selectors.public_product_cards()
        if not set(request.query_params) & set(ProductFilter.base_filters):
            return base.order_by(*ORDERINGS["newest"]), "all"
        filters = ProductFilter(request.query_params, queryset=base, pricing=pricing)
        if not filters.is_valid():
            raise ValidationError(filters.errors)
        return filters.qs, _filter_scope(filters)


class ProductDetailView(AnonymousCacheMixin, generics.GenericAPIView):
    permission_classes = [permissions.AllowAny]

    @extend_schema(parameters=[CURRENCY_PARAMETER], responses={200: ProductDetailSchema})
    def get(self, request, slug):
        currency = currency_for_request(request)
        return self.cached_response(
            request, lambda version: self._detail(request, slug, currency, version), variant=currency
        )

    def _detail(self, request, slug, currency, version):
        pricing = Pricing.for_request(currency, get_language(), generation=version)
        try:
            product = selectors.public_product_detail(slug)
        except Product.DoesNotExist as error:
            raise NotFound() from error
        return product_detail(product, pricing, request)


class CategoryListView(APIView):
    """The category tree, flat with parents, names in the request's language."""

    permission_classes = [permissions.AllowAny]

    @extend_schema(responses={200: CategorySchema(many=True)})
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
