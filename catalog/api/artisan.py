"""The artisan's own products, variants and stock. Another artisan's product
is a 404: the querysets only ever hold the signed-in artisan's rows."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.response import Response
from rest_framework.views import APIView

from artisans.models import ArtisanProfile
from catalog import selectors, services
from catalog.api.serializers import OwnProductSerializer, StockRowSerializer, VariantSerializer
from catalog.models import Product, Variant
from marketplace.api.responses import CreatedLocationMixin, location


def artisan_of(user) -> ArtisanProfile:
    try:
        return ArtisanProfile.objects.select_related("user").get(user=user)
    except ArtisanProfile.DoesNotExist as error:
        raise PermissionDenied(_("Only artisans have products: apply with POST /api/v1/artisans/.")) from error


class MyProductViewSet(
    CreatedLocationMixin,
    mixins.ListModelMixin,
    mixins.CreateModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = OwnProductSerializer
    permission_classes = [permissions.IsAuthenticated]
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]
    filterset_fields = ["status"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema generator has no user: ids are integers
            return Product.objects.none()
        return selectors.products_of_artisan(self.request.user)

    def perform_create(self, serializer):
        fields = dict(serializer.validated_data)
        serializer.instance = services.product_create(
            artisan=artisan_of(self.request.user),
            actor=self.request.user,
            materials=fields.pop("materials", []),
            variants=fields.pop("variants", []),
            **fields,
        )

    def created_location(self, request, instance) -> str:
        return location(request, "my-product-detail", pk=instance.pk)

    def perform_update(self, serializer):
        fields = dict(serializer.validated_data)
        services.product_update(
            product=serializer.instance, actor=self.request.user, materials=fields.pop("materials", None), **fields
        )
        serializer.instance = self.get_queryset().get(pk=serializer.instance.pk)

    def perform_destroy(self, product):
        services.product_delete_draft(product=product, actor=self.request.user)

    @extend_schema(request=None, responses=OwnProductSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        services.product_submit(product=self.get_object(), actor=request.user)
        return Response(self.get_serializer(self.get_queryset().get(pk=pk)).data)

    @extend_schema(request=None, responses=OwnProductSerializer)
    @action(detail=True, methods=["post"])
    def archive(self, request, pk=None):
        services.product_archive(product=self.get_object(), actor=request.user)
        return Response(self.get_serializer(self.get_queryset().get(pk=pk)).data)


class MyVariantViewSet(
    CreatedLocationMixin,
    mixins.ListModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = VariantSerializer
    permission_classes = [permissions.IsAuthenticated]
    pagination_class = None
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def product(self):
        product = selectors.products_of_artisan(self.request.user).filter(pk=self.kwargs["product_id"]).first()
        if product is None:
            raise NotFound()
        return product

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema generator has no user: ids are integers
            return Variant.objects.none()
        return Variant.objects.filter(product=self.product()).order_by("position", "id")

    def perform_create(self, serializer):
        serializer.instance = services.variant_create(
            product=self.product(), actor=self.request.user, **serializer.validated_data
        )

    def created_location(self, request, instance) -> str:
        return location(request, "my-product-variant-detail", product_id=instance.product_id, pk=instance.pk)

    def perform_update(self, serializer):
        serializer.instance = services.variant_update(
            variant=serializer.instance, actor=self.request.user, **serializer.validated_data
        )

    def perform_destroy(self, variant):
        services.variant_delete(variant=variant, actor=self.request.user)


class StockBulkView(APIView):
    """PATCH a list of {sku, stock}: every row applies, or none does."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(request=StockRowSerializer(many=True), responses=VariantSerializer(many=True))
    def patch(self, request):
        rows = StockRowSerializer(data=request.data, many=True)
        rows.is_valid(raise_exception=True)
        variants = services.stock_bulk_update(
            artisan=artisan_of(request.user), actor=request.user, changes=rows.validated_data
        )
        return Response(VariantSerializer(variants, many=True).data, status=status.HTTP_200_OK)
