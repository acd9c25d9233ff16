"""Artisans' product photos (multipart upload, alt text, order).

    GET    my/products/<product_id>/photos/        the product's photos, in order
    POST   my/products/<product_id>/photos/        multipart: image, alt_text_xx, position
    PATCH  my/products/<product_id>/photos/        {"photo_ids": [...]}: the new order
    GET    my/products/<product_id>/photos/<pk>/
    PATCH  my/products/<product_id>/photos/<pk>/   alt_text_xx, position
    DELETE my/products/<product_id>/photos/<pk>/

Only the product's artisan reaches these: anyone else's product or photo is a 404.
"""

from django.conf import settings
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema, extend_schema_field, inline_serializer
from rest_framework import generics, permissions, serializers, status
from rest_framework.response import Response

from catalog import photos
from catalog.models import ProductPhoto
from marketplace.api.parsers import FormParser, JSONParser, MultiPartParser
from marketplace.api.responses import created
from marketplace.api.serializers import StrictSerializer

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]
ALT_TEXT_FIELDS = [f"alt_text_{code}" for code in LANGUAGE_CODES]
POSITION_MAX = 32767  # PositiveSmallIntegerField


def _alt_text_field():
    return serializers.CharField(max_length=photos.ALT_TEXT_MAX_LENGTH, required=False, allow_blank=True)


class PhotoEditSerializer(StrictSerializer):
    position = serializers.IntegerField(min_value=0, max_value=POSITION_MAX, required=False)

    def get_fields(self):
        fields = super().get_fields()
        for name in ALT_TEXT_FIELDS:
            fields[name] = _alt_text_field()
        return fields

    def alt_text(self) -> dict:
        data = self.validated_data
        return {code: data[f"alt_text_{code}"] for code in LANGUAGE_CODES if f"alt_text_{code}" in data}


class PhotoUploadSerializer(PhotoEditSerializer):
    # A FileField, not an ImageField: catalog.photos judges the content, in one place.
    image = serializers.FileField(allow_empty_file=True)


class PhotoReorderSerializer(StrictSerializer):
    photo_ids = serializers.ListField(child=serializers.IntegerField(min_value=1), allow_empty=True)


# drf-spectacular documents every PATCH body as partial (no field required); the
# reorder reads the whole body, so its schema is written out: photo_ids is required.
PHOTO_REORDER_BODY = {
    "type": "object",
    "properties": {"photo_ids": {"type": "array", "items": {"type": "integer", "minimum": 1}}},
    "required": ["photo_ids"],
}


class PhotoSerializer(serializers.ModelSerializer):
    """A photo as its artisan sees it: every language's alt text, and URLs."""

    original = serializers.SerializerMethodField()
    renditions = serializers.SerializerMethodField()
    srcset = serializers.SerializerMethodField()

    class Meta:
        model = ProductPhoto
        fields = ["id", "position", "width", "height", "alt_text", *ALT_TEXT_FIELDS, "original", "renditions", "srcset"]
        read_only_fields = fields

    def to_representation(self, instance):
        self._urls = photos.photo_urls(instance, self.context.get("request"))
        return super().to_representation(instance)

    @extend_schema_field(serializers.URLField())
    def get_original(self, photo) -> str:
        return self._urls["original"]

    @extend_schema_field(
        inline_serializer(
            "PhotoRenditions",
            {name: serializers.DictField(child=serializers.URLField()) for name in photos.RENDITION_FORMATS},
        )
    )
    def get_renditions(self, photo) -> dict:
        return self._urls["renditions"]

    @extend_schema_field(
        inline_serializer("PhotoSrcset", {name: serializers.CharField() for name in photos.RENDITION_FORMATS})
    )
    def get_srcset(self, photo) -> dict:
        return self._urls["srcset"]


class OwnProductMixin:
    permission_classes = [permissions.IsAuthenticated]
    parser_classes = [MultiPartParser, FormParser, JSONParser]
    serializer_class = PhotoSerializer
    queryset = ProductPhoto.objects.none()  # for the schema only: the views scope their own queries
    pagination_class = None  # a product has a few photos (PHOTO_MAX_PER_PRODUCT)
    filter_backends: list = []  # photos come in their position order: no ?ordering= (the schema showed one)

    def get_product(self):
        return get_object_or_404(photos.products_owned_by(self.request.user), pk=self.kwargs["product_id"])

    def render_photos(self, product):
        return self.get_serializer(photos.photos_of(product), many=True).data


class PhotoListCreateView(OwnProductMixin, generics.GenericAPIView):
    @extend_schema(responses=PhotoSerializer(many=True))
    def get(self, request, product_id):
        return Response(self.render_photos(self.get_product()))

    @extend_schema(request={"multipart/form-data": PhotoUploadSerializer}, responses={201: PhotoSerializer})
    def post(self, request, product_id):
        product = self.get_product()
        form = PhotoUploadSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        photo = photos.photo_add(
            product=product,
            image=form.validated_data["image"],
            alt_text=form.alt_text(),
            position=form.validated_data.get("position"),
            actor=request.user,
        )
        return created(
            request, self.get_serializer(photo).data, "my-product-photo-detail", product_id=product.pk, pk=photo.pk
        )

    @extend_schema(
        request={"application/json": PHOTO_REORDER_BODY},
        responses=PhotoSerializer(many=True),
        operation_id="v1_my_products_photos_reorder",
    )
    def patch(self, request, product_id):
        """Reorder: list every photo id of the product, first one first."""
        product = self.get_product()
        form = PhotoReorderSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        photos.photo_reorder(product=product, photo_ids=form.validated_data["photo_ids"])
        return Response(self.render_photos(product))


class PhotoDetailView(OwnProductMixin, generics.GenericAPIView):
    def get_object(self):
        return get_object_or_404(
            photos.photos_owned_by(self.request.user, product_id=self.kwargs["product_id"]), pk=self.kwargs["pk"]
        )

    def get(self, request, product_id, pk):
        return Response(self.get_serializer(self.get_object()).data)

    @extend_schema(request=PhotoEditSerializer, responses=PhotoSerializer)
    def patch(self, request, product_id, pk):
        photo = self.get_object()
        form = PhotoEditSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        photo = photos.photo_update(photo=photo, alt_text=form.alt_text(), position=form.validated_data.get("position"))
        return Response(self.get_serializer(photo).data)

    def delete(self, request, product_id, pk):
        photos.photo_delete(photo=self.get_object(), actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)
