"""GET/POST /api/v1/me/addresses/, GET/PUT/PATCH/DELETE /api/v1/me/addresses/{id}/:
the signed-in buyer's saved addresses (orders.saved_addresses). Another
user's address is a 404."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import permissions, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from marketplace.api.pagination import PageNumberPagination
from marketplace.api.responses import created
from orders import saved_addresses
from orders.addresses import ShippingAddressSerializer


class SavedAddressInputSerializer(ShippingAddressSerializer):
    label = serializers.CharField(max_length=60, allow_blank=True, default="", help_text=_("Home, work, a friend…"))


class ShippingAddressOutSerializer(serializers.Serializer):
    """An address as the API answers it (saved addresses, the data export)."""

    name = serializers.CharField()
    line1 = serializers.CharField()
    line2 = serializers.CharField()
    city = serializers.CharField()
    region = serializers.CharField()
    postal_code = serializers.CharField()
    country = serializers.CharField(help_text=_("ISO 3166-1 alpha-2 code."))
    phone = serializers.CharField(help_text=_("E.164."))


class SavedAddressSerializer(ShippingAddressOutSerializer):
    id = serializers.IntegerField()
    label = serializers.CharField()

    def to_representation(self, instance):
        return {"id": instance.pk, "label": instance.label, **instance.shipping_address}


class SavedAddressListView(APIView):
    permission_classes = [permissions.IsAuthenticated]
    pagination_class = PageNumberPagination

    @extend_schema(
        responses={200: SavedAddressSerializer(many=True)},
    )
    def get(self, request):
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(saved_addresses.saved_addresses_of(request.user), request, view=self)
        return paginator.get_paginated_response(SavedAddressSerializer(page, many=True).data)

    @extend_schema(
        request=SavedAddressInputSerializer,
        responses={201: SavedAddressSerializer},
    )
    def post(self, request):
        form = SavedAddressInputSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        address = saved_addresses.saved_address_create(user=request.user, **form.validated_data)
        return created(request, SavedAddressSerializer(address).data, "saved-address-detail", pk=address.pk)


@extend_schema_view(
    get=extend_schema(
        responses={200: SavedAddressSerializer},
    ),
    put=extend_schema(
        request=SavedAddressInputSerializer,
        responses={200: SavedAddressSerializer},
    ),
    patch=extend_schema(
        request=SavedAddressInputSerializer,
        responses={200: SavedAddressSerializer},
    ),
    delete=extend_schema(
        responses={204: None},
    ),
)
class SavedAddressDetailView(APIView):
    permission_classes = [permissions.IsAuthenticated]

    def _address(self, request, pk):
        return get_object_or_404(saved_addresses.saved_addresses_of(request.user), pk=pk)

    def get(self, request, pk):
        return Response(SavedAddressSerializer(self._address(request, pk)).data)

    def put(self, request, pk):
        return self._save(request, self._address(request, pk), request.data)

    def patch(self, request, pk):
        address = self._address(request, pk)
        current = {"label": address.label, **address.shipping_address}
        changes = request.data if isinstance(request.data, dict) else {}
        return self._save(request, address, {**current, **changes})

    def _save(self, request, address, data):
        form = SavedAddressInputSerializer(data=data)
        form.is_valid(raise_exception=True)
        address = saved_addresses.saved_address_update(address=address, **form.validated_data)
        return Response(SavedAddressSerializer(address).data)

    def delete(self, request, pk):
        saved_addresses.saved_address_delete(address=self._address(request, pk))
        return Response(status=status.HTTP_204_NO_CONTENT)
