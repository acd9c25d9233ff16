"""The artisan's money: balance, what is payable, and their payouts with the
artisan orders each one paid. Only the signed-in artisan's own rows: another
artisan's payout is a 404, a user with no artisan profile a 403."""

from django.utils.translation import gettext as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema
from rest_framework import generics, permissions, serializers
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response
from rest_framework.views import APIView

from artisans.models import ArtisanProfile
from marketplace.api.money import MoneyField
from payments import selectors
from payments.models import Payout, PayoutItem


def artisan_of(user) -> ArtisanProfile:
    """The signed-in user's artisan profile, or 403 (as the artisan's product endpoints do)."""
    try:
        return ArtisanProfile.objects.get(user=user)
    except ArtisanProfile.DoesNotExist as error:
        raise PermissionDenied(_("Only artisans are paid out: apply with POST /api/v1/artisans/.")) from error


class BalanceSerializer(serializers.Serializer):
    balance = MoneyField(mad_only=True)
    available = MoneyField(mad_only=True)
    pending = MoneyField(mad_only=True)
    in_transit = MoneyField(mad_only=True)
    paid_out = MoneyField(mad_only=True)


class PayoutLineSerializer(serializers.ModelSerializer):
    order_number = serializers.CharField(read_only=True)
    amount = MoneyField("amount_mad", mad_only=True)

    class Meta:
        model = PayoutItem
        fields = ["artisan_order", "order_number", "amount", "active"]


class PayoutSerializer(serializers.ModelSerializer):
    batch = serializers.CharField(source="batch.__str__", read_only=True)
    amount = MoneyField("amount_mad", mad_only=True)

    class Meta:
        model = Payout
        fields = ["id", "reference", "batch", "status", "amount", "created_at", "settled_at", "failure_reason"]


class PayoutDetailSerializer(PayoutSerializer):
    lines = PayoutLineSerializer(source="items", many=True, read_only=True)

    class Meta(PayoutSerializer.Meta):
        fields = [*PayoutSerializer.Meta.fields, "lines"]


class MyBalanceView(APIView):
    """Balance (owed and not sent yet) = available (payable now) + pending
    (not payable yet: not delivered, in the hold period, disputed); in_transit
    (sent to the bank) and paid_out (paid) are outside the balance. MAD."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(responses=BalanceSerializer)
    def get(self, request):
        balance = selectors.artisan_balance(artisan=artisan_of(request.user))
        return Response(BalanceSerializer(balance).data)


class _MyPayouts:
    permission_classes = [permissions.IsAuthenticated]
    filterset_fields = ["status"]
    filter_backends = [DjangoFilterBackend]  # newest first always: no ?ordering= (the schema showed one)

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema generator has no user
            return Payout.objects.none()
        return selectors.payouts_of_artisan(artisan_of(self.request.user))


class MyPayoutListView(_MyPayouts, generics.ListAPIView):
    """The artisan's payouts, newest first; `?status=` filters."""

    serializer_class = PayoutSerializer

    def get_queryset(self):
        # The list shows no lines: skip their prefetch.
        return super().get_queryset().prefetch_related(None)


class MyPayoutDetailView(_MyPayouts, generics.RetrieveAPIView):
    """One payout with its lines: artisan order, order number, amount."""

    serializer_class = PayoutDetailSerializer
