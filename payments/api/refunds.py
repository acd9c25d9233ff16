"""Refunds an artisan gives on their own order before it ships
(cooperative admins and staff refund from the admin).

A refund may span several artisans' parcels (staff refunding a whole order):
an artisan sees only their parcel's part of it, its items and their sum,
never what another artisan sold."""

from django.db.models import Prefetch, Q, Sum
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import generics, permissions, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from marketplace.api.idempotency import idempotency_key_of, idempotency_parameter, replayed_mark
from marketplace.api.money import MoneyField, MoneySerializer, money
from marketplace.api.responses import created
from marketplace.api.serializers import StrictSerializer
from orders import selectors
from payments import refunds
from payments.models import Refund, RefundItem, RefundItemKind


class RefundLineSerializer(StrictSerializer):
    line = serializers.IntegerField(min_value=1)
    quantity = serializers.IntegerField(min_value=1, max_value=99)


class RefundRequestSerializer(StrictSerializer):
    lines = RefundLineSerializer(many=True, required=False, default=list)
    shipping = serializers.BooleanField(default=False)
    reason = serializers.CharField(max_length=300)


class RefundItemSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=RefundItemKind.choices)
    line = serializers.IntegerField(allow_null=True, help_text=_("The order line, for a line's refund."))
    quantity = serializers.IntegerField()
    amount = MoneySerializer()


class RefundSerializer(serializers.ModelSerializer):
    """`items` must be prefetched to the reader's parcel; `amount` is their
    sum (annotated as parcel_amount, parcel_amount_mad)."""

    amount = MoneyField("parcel_amount", mad="parcel_amount_mad", help_text=_("This parcel's part."))
    items = serializers.SerializerMethodField()

    class Meta:
        model = Refund
        fields = ["id", "status", "amount", "reason", "created_at", "settled_at", "items"]

    @extend_schema_field(RefundItemSerializer(many=True))
    def get_items(self, refund) -> list[dict]:
        return [
            {
                "kind": item.kind,
                "line": item.order_line_id,
                "quantity": item.quantity,
                "amount": money(item.amount, refund.currency, item.amount_mad),
            }
            for item in refund.items.all()
        ]


class MyOrderRefundsView(APIView):
    """GET: the refunds of one of my artisan orders. POST: refund lines
    (`[{line, quantity}]`) and/or the shipping, with a reason."""

    permission_classes = [permissions.IsAuthenticated]

    def _artisan_order(self, request, pk):
        return generics.get_object_or_404(selectors.artisan_orders_of(request.user), pk=pk)

    @staticmethod
    def _refunds_of(artisan_order):
        """The refunds with items of this parcel, each cut down to them."""
        own = Q(items__artisan_order=artisan_order)
        return (
            Refund.objects.filter(pk__in=RefundItem.objects.filter(artisan_order=artisan_order).values("refund_id"))
            .annotate(
                parcel_amount=Sum("items__amount", filter=own), parcel_amount_mad=Sum("items__amount_mad", filter=own)
            )
            .prefetch_related(Prefetch("items", queryset=RefundItem.objects.filter(artisan_order=artisan_order)))
            .order_by("-created_at", "-id")
        )

    @extend_schema(responses=RefundSerializer(many=True))
    def get(self, request, pk):
        artisan_order = self._artisan_order(request, pk)
        return Response(RefundSerializer(self._refunds_of(artisan_order), many=True).data)

    @extend_schema(
        request=RefundRequestSerializer,
        parameters=[idempotency_parameter()],
        responses={201: RefundSerializer},
    )
    def post(self, request, pk):
        artisan_order = self._artisan_order(request, pk)
        body = RefundRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        claim = idempotency_key_of(request, scope="refund", body=request.data)
        refund = refunds.refund_request(
            idempotency=claim,
            artisan_order=artisan_order,
            actor=request.user,
            lines=[refunds.LineRefund(line["line"], line["quantity"]) for line in data["lines"]],
            shipping=data["shipping"],
            reason=data["reason"],
        )
        refund = self._refunds_of(artisan_order).get(pk=refund.pk)
        response = created(request, RefundSerializer(refund).data, "my-order-refunds", pk=artisan_order.pk)
        return replayed_mark(response, claim)
