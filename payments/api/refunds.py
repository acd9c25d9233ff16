"""Refunds an artisan gives on their own order before it ships
(cooperative admins and staff refund from the admin)."""

from drf_spectacular.utils import extend_schema
from rest_framework import generics, permissions, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from marketplace.api.serializers import StrictSerializer
from orders import selectors
from payments import refunds
from payments.models import Refund


class RefundLineSerializer(StrictSerializer):
    line = serializers.IntegerField(min_value=1)
    quantity = serializers.IntegerField(min_value=1, max_value=99)


class RefundRequestSerializer(StrictSerializer):
    lines = RefundLineSerializer(many=True, required=False, default=list)
    shipping = serializers.BooleanField(default=False)
    reason = serializers.CharField(max_length=300)


class RefundSerializer(serializers.ModelSerializer):
    items = serializers.SerializerMethodField()

    class Meta:
        model = Refund
        fields = ["id", "status", "amount", "amount_mad", "currency", "reason", "created_at", "settled_at", "items"]

    def get_items(self, refund) -> list[dict]:
        return [
            {"kind": item.kind, "line": item.order_line_id, "quantity": item.quantity, "amount": str(item.amount)}
            for item in refund.items.all()
        ]


class MyOrderRefundsView(APIView):
    """GET: the refunds of one of my artisan orders. POST: refund lines
    (`[{line, quantity}]`) and/or the shipping, with a reason."""

    permission_classes = [permissions.IsAuthenticated]

    def _artisan_order(self, request, pk):
        return generics.get_object_or_404(selectors.artisan_orders_of(request.user), pk=pk)

    @extend_schema(responses=RefundSerializer(many=True))
    def get(self, request, pk):
        artisan_order = self._artisan_order(request, pk)
        found = Refund.objects.filter(items__artisan_order=artisan_order).distinct().prefetch_related("items")
        return Response(RefundSerializer(found.order_by("-created_at"), many=True).data)

    @extend_schema(request=RefundRequestSerializer, responses={201: RefundSerializer})
    def post(self, request, pk):
        artisan_order = self._artisan_order(request, pk)
        body = RefundRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        refund = refunds.refund_request(
            artisan_order=artisan_order,
            actor=request.user,
            lines=[refunds.LineRefund(line["line"], line["quantity"]) for line in data["lines"]],
            shipping=data["shipping"],
            reason=data["reason"],
        )
        refund = Refund.objects.prefetch_related("items").get(pk=refund.pk)
        return Response(RefundSerializer(refund).data, status=status.HTTP_201_CREATED)
