"""GET /api/v1/me/export/: the person's data as JSON; POST /api/v1/me/delete/:
the account deleted (accounts.services)."""

from django.conf import settings
from django.utils import timezone
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import permissions, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts import services
from accounts.export import account_export
from marketplace.api.account import PasswordConfirmedView, password_field
from marketplace.api.money import MoneySerializer
from marketplace.api.serializers import StrictSerializer
from marketplace.money import SUPPORTED_CURRENCIES
from orders.api.addresses import ShippingAddressOutSerializer
from orders.models import ArtisanOrderStatus, OrderStatus
from payments.models import RefundStatus
from returns.models import ReturnKind, ReturnStatus


class ExportProfileSerializer(serializers.Serializer):
    email = serializers.EmailField()
    full_name = serializers.CharField()
    preferred_language = serializers.ChoiceField(choices=settings.LANGUAGES)
    preferred_currency = serializers.ChoiceField(choices=["", *SUPPORTED_CURRENCIES])
    date_joined = serializers.DateTimeField()
    email_verified_at = serializers.DateTimeField(allow_null=True)


class ExportAddressSerializer(ShippingAddressOutSerializer):
    label = serializers.CharField()


class ExportOrderLineSerializer(serializers.Serializer):
    sku = serializers.CharField()
    title = serializers.CharField()
    quantity = serializers.IntegerField()
    unit_price = MoneySerializer()
    line_total = MoneySerializer()


class ExportParcelSerializer(serializers.Serializer):
    artisan = serializers.CharField()
    status = serializers.ChoiceField(choices=ArtisanOrderStatus.choices)
    lines = ExportOrderLineSerializer(many=True)


class ExportRefundSerializer(serializers.Serializer):
    amount = MoneySerializer()
    status = serializers.ChoiceField(choices=RefundStatus.choices)
    created_at = serializers.DateTimeField()


class ExportOrderSerializer(serializers.Serializer):
    number = serializers.CharField()
    placed_at = serializers.DateTimeField()
    status = serializers.ChoiceField(choices=OrderStatus.choices)
    email = serializers.EmailField()
    currency = serializers.ChoiceField(choices=SUPPORTED_CURRENCIES)
    total = MoneySerializer()
    shipping_address = ShippingAddressOutSerializer()
    parcels = ExportParcelSerializer(many=True)
    refunds = ExportRefundSerializer(many=True)


class ExportReviewSerializer(serializers.Serializer):
    product = serializers.CharField()
    rating = serializers.IntegerField()
    text = serializers.CharField()
    language = serializers.CharField()
    created_at = serializers.DateTimeField()


class ExportFavouriteSerializer(serializers.Serializer):
    product = serializers.CharField()
    created_at = serializers.DateTimeField()


class ExportReturnSerializer(serializers.Serializer):
    order = serializers.CharField()
    sku = serializers.CharField()
    kind = serializers.ChoiceField(choices=ReturnKind.choices)
    quantity = serializers.IntegerField()
    reason = serializers.CharField()
    status = serializers.ChoiceField(choices=ReturnStatus.choices)
    created_at = serializers.DateTimeField()


class AccountExportSerializer(serializers.Serializer):
    exported_at = serializers.DateTimeField()
    profile = ExportProfileSerializer()
    addresses = ExportAddressSerializer(many=True)
    orders = ExportOrderSerializer(many=True)
    reviews = ExportReviewSerializer(many=True)
    favourites = ExportFavouriteSerializer(many=True)
    returns = ExportReturnSerializer(many=True)


class AccountDeleteSerializer(StrictSerializer):
    password = password_field()


class AccountExportView(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        responses={200: AccountExportSerializer},
    )
    def get(self, request):
        body = AccountExportSerializer({"exported_at": timezone.now(), **account_export(user=request.user)}).data
        stamp = timezone.now().strftime("%Y%m%d")
        return Response(body, headers={"Content-Disposition": f'attachment; filename="souk-data-{stamp}.json"'})


@extend_schema_view(post=extend_schema(request=AccountDeleteSerializer, responses={204: None}))
class AccountDeleteView(PasswordConfirmedView):
    form_class = AccountDeleteSerializer

    def confirmed(self, *, user, password: str) -> Response:
        services.account_delete(user=user, password=password)
        return Response(status=status.HTTP_204_NO_CONTENT)
