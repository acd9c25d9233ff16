"""How a delivered parcel went: the buyer answers through the e-mailed signed
link (no sign-in); staff read the share of satisfied answers."""

from drf_spectacular.utils import extend_schema
from rest_framework import permissions, serializers
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from marketplace.api.responses import created
from marketplace.api.serializers import StrictSerializer
from orders import selectors
from orders.models import ArtisanOrder, SatisfactionAnswer
from orders.satisfaction import (
    satisfaction_answer,
    satisfaction_answers_visible_to,
    satisfaction_by_cooperative,
    satisfaction_reader,
    satisfaction_token_read,
)


class SatisfactionWriteSerializer(StrictSerializer):
    delivery_rating = serializers.IntegerField(min_value=1, max_value=5)
    piece_rating = serializers.IntegerField(min_value=1, max_value=5)
    comment = serializers.CharField(required=False, allow_blank=True, max_length=2000)


class SatisfactionAnswerSerializer(serializers.ModelSerializer):
    class Meta:
        model = SatisfactionAnswer
        fields = ["delivery_rating", "piece_rating", "comment", "answered_at"]


class SatisfactionQuestionSerializer(serializers.Serializer):
    order = serializers.CharField()
    artisan = serializers.CharField()
    delivered_at = serializers.DateTimeField()
    pieces = serializers.ListField(child=serializers.CharField())
    answer = SatisfactionAnswerSerializer(allow_null=True)


def _parcel_of(token: str) -> ArtisanOrder:
    """The parcel a valid link names; a tampered or expired link names none (404)."""
    artisan_order_id = satisfaction_token_read(token)
    parcel = (
        ArtisanOrder.objects.select_related("order", "artisan").filter(pk=artisan_order_id).first()
        if artisan_order_id is not None
        else None
    )
    if parcel is None:
        raise NotFound()
    return parcel


def _question(parcel: ArtisanOrder) -> dict:
    return {
        "order": parcel.order.number,
        "artisan": parcel.artisan.display_name_latin,
        "delivered_at": parcel.delivered_at,
        "pieces": [line.title for line in parcel.lines.all()],
        "answer": SatisfactionAnswer.objects.filter(artisan_order=parcel).first(),
    }


class SatisfactionAnswerView(APIView):
    """GET: what is asked about the parcel (and the answer, once given).
    POST: the one answer, once the parcel is delivered."""

    permission_classes = [permissions.AllowAny]
    authentication_classes: list = []  # the signed link is the credential

    @extend_schema(responses={200: SatisfactionQuestionSerializer})
    def get(self, request, token):
        return Response(SatisfactionQuestionSerializer(_question(_parcel_of(token))).data)

    @extend_schema(request=SatisfactionWriteSerializer, responses={201: SatisfactionAnswerSerializer})
    def post(self, request, token):
        parcel = _parcel_of(token)
        body = SatisfactionWriteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        answer = satisfaction_answer(artisan_order=parcel, token=token, **body.validated_data)
        return created(request, SatisfactionAnswerSerializer(answer).data, "satisfaction-answer", token=token)


class ParcelSatisfactionView(APIView):
    """The same question and answer for the signed-in buyer, from their order:
    /orders/{number}/parcels/{parcel id}/satisfaction/. Another buyer's order
    or parcel is a 404, as if it did not exist."""

    permission_classes = [permissions.IsAuthenticated]

    def _parcel(self, request, number, parcel_id) -> ArtisanOrder:
        order = selectors.order_for_buyer(request.user, number)
        parcel = (
            ArtisanOrder.objects.select_related("order", "artisan").filter(pk=parcel_id, order=order).first()
            if order is not None
            else None
        )
        if parcel is None:
            raise NotFound()
        return parcel

    @extend_schema(responses={200: SatisfactionQuestionSerializer})
    def get(self, request, number, parcel_id):
        return Response(SatisfactionQuestionSerializer(_question(self._parcel(request, number, parcel_id))).data)

    @extend_schema(request=SatisfactionWriteSerializer, responses={201: SatisfactionAnswerSerializer})
    def post(self, request, number, parcel_id):
        parcel = self._parcel(request, number, parcel_id)
        body = SatisfactionWriteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        answer = satisfaction_answer(artisan_order=parcel, actor=request.user, **body.validated_data)
        return created(
            request, SatisfactionAnswerSerializer(answer).data, "parcel-satisfaction", number=number,
            parcel_id=parcel_id,
        )  # fmt: skip


class IsSatisfactionReader(permissions.BasePermission):
    def has_permission(self, request, view):
        return satisfaction_reader(request.user)


class SatisfactionShareSerializer(serializers.Serializer):
    answers = serializers.IntegerField()
    satisfied = serializers.IntegerField()
    share = serializers.DecimalField(max_digits=5, decimal_places=4, allow_null=True)


class CooperativeSatisfactionSerializer(SatisfactionShareSerializer):
    id = serializers.IntegerField(allow_null=True)
    name = serializers.CharField()


class SatisfactionSummarySerializer(serializers.Serializer):
    overall = SatisfactionShareSerializer()
    cooperatives = CooperativeSatisfactionSerializer(many=True)


class SatisfactionSummaryView(APIView):
    """The share of satisfied answers (both ratings 4 or 5), overall and per
    cooperative: operators read all, cooperative admins their own."""

    permission_classes = [permissions.IsAuthenticated, IsSatisfactionReader]

    @extend_schema(responses={200: SatisfactionSummarySerializer})
    def get(self, request):
        summary = satisfaction_by_cooperative(satisfaction_answers_visible_to(request.user))
        return Response(SatisfactionSummarySerializer(summary).data)
