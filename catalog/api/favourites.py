from drf_spectacular.utils import extend_schema
from rest_framework import permissions, serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from catalog import selectors, services
from catalog.api.cards import MediaUrls, product_card
from catalog.api.pagination import CatalogPagination
from catalog.api.public import PAGE_PARAMETERS, request_pricing
from catalog.api.schema import FavouritePageSchema
from marketplace.api.pagination import link_header
from marketplace.api.responses import created
from marketplace.api.serializers import StrictSerializer


class FavouriteInputSerializer(StrictSerializer):
    product = serializers.SlugField(max_length=120)


def public_product(slug):
    product = selectors.public_products().filter(slug=slug).first()
    if product is None:
        raise NotFound()
    return product


class FavouriteListView(APIView):
    """The signed-in buyer's kept products (only those still on sale)."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(parameters=PAGE_PARAMETERS, responses={200: FavouritePageSchema})
    def get(self, request):
        pricing = request_pricing(request)
        products = selectors.public_product_cards().filter(favourited_by__user=request.user)
        paginator = CatalogPagination(request)
        rows = selectors.card_rows(products.order_by("-favourited_by__created_at", "-id"))
        media = MediaUrls(request)
        body = paginator.envelope([product_card(row, pricing, media) for row in paginator.page(rows, request, self)])
        return Response(body, headers={"Link": link_header(paginator.links())})

    @extend_schema(request=FavouriteInputSerializer, responses={201: None})
    def post(self, request):
        form = FavouriteInputSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        product = public_product(form.validated_data["product"])
        services.favourite_add(user=request.user, product=product)
        return created(request, None, "favourite-detail", slug=product.slug)


class FavouriteDetailView(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(responses={204: None})
    def delete(self, request, slug):
        services.favourite_remove(user=request.user, product=public_product(slug))
        return Response(status=status.HTTP_204_NO_CONTENT)
