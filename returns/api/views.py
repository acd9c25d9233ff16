"""Returns and claims over the API.

Buyer (signed in; anyone else's order, line or request is a 404):
    POST orders/<number>/lines/<line_id>/return/   multipart: kind, quantity, reason, photos (repeated)
    GET  returns/                                   my requests
    GET  returns/<pk>/
    GET  returns/<pk>/photos/<photo_id>/            a photo (private file); also for its managers

The cooperative's admins and staff (artisans read their own parcels' requests):
    GET  manage/returns/
    GET  manage/returns/<pk>/
    POST manage/returns/<pk>/decide/   {"action": accept | refuse | refund_without_return | receive
                                        | restock | write_off, and: carrier, address, tracking_number
                                        (accept), reason (refuse), note (the others)}
                                       with an Idempotency-Key, as the return's opening
"""

from django.shortcuts import get_object_or_404
from django.urls import reverse
from drf_spectacular.utils import extend_schema, extend_schema_field, inline_serializer
from rest_framework import generics, permissions, serializers
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from marketplace.api.idempotency import idempotency_key_of, idempotency_parameter, replayed_mark
from marketplace.api.money import MoneySerializer, money
from marketplace.api.parsers import FormParser, JSONParser, MultiPartParser
from marketplace.api.responses import created
from marketplace.api.serializers import StrictSerializer
from marketplace.storage import private_file_response
from orders.models import OrderLine
from payments.models import RefundStatus
from returns import selectors, services
from returns.models import ReturnKind, ReturnPhoto, ReturnRequest, ReturnStatus

CONTENT_TYPES = {"jpg": "image/jpeg", "png": "image/png", "webp": "image/webp"}


class ReturnOpenSerializer(StrictSerializer):
    kind = serializers.ChoiceField(choices=ReturnKind.choices)
    quantity = serializers.IntegerField(min_value=1, max_value=99)
    reason = serializers.CharField(max_length=2000)
    # FileFields, not ImageFields: marketplace.images judges the content, in one place.
    photos = serializers.ListField(
        child=serializers.FileField(allow_empty_file=True), required=False, default=list, max_length=20
    )


class ReturnDecisionSerializer(StrictSerializer):
    action = serializers.ChoiceField(choices=services.DECISIONS)
    carrier = serializers.CharField(max_length=80, required=False, allow_blank=True, default="")
    address = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")
    tracking_number = serializers.CharField(max_length=60, required=False, allow_blank=True, default="")
    reason = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


def _absolute(http, path: str) -> str:
    return http.build_absolute_uri(path) if http is not None else path


RETURN_LINE = inline_serializer(
    "ReturnLine",
    {
        "id": serializers.IntegerField(),
        "title": serializers.CharField(),
        "sku": serializers.CharField(),
        "quantity": serializers.IntegerField(),
    },
)
RETURN_PHOTO = inline_serializer(
    "ReturnPhoto",
    {
        "id": serializers.IntegerField(),
        "width": serializers.IntegerField(),
        "height": serializers.IntegerField(),
        "url": serializers.URLField(),
    },
)
RETURN_EVENT = inline_serializer(
    "ReturnEvent",
    {
        "from": serializers.ChoiceField(choices=ReturnStatus.choices, allow_blank=True),
        "to": serializers.ChoiceField(choices=ReturnStatus.choices),
        "note": serializers.CharField(),
        "at": serializers.DateTimeField(),
    },
)
RETURN_REFUND = inline_serializer(
    "ReturnRefund",
    {
        "id": serializers.IntegerField(),
        "status": serializers.ChoiceField(choices=RefundStatus.choices),
        "amount": MoneySerializer(),
    },
    allow_null=True,
)


class ReturnSerializer(serializers.ModelSerializer):
    """`photos` and `events` prefetched (returns.selectors)."""

    order = serializers.CharField(source="artisan_order.order.number", read_only=True)
    line = serializers.SerializerMethodField()
    photos = serializers.SerializerMethodField()
    events = serializers.SerializerMethodField()
    refund = serializers.SerializerMethodField()

    class Meta:
        model = ReturnRequest
        fields = [
            "id", "order", "artisan_order", "line", "kind", "quantity", "reason", "status", "refusal_reason",
            "return_carrier", "return_tracking_number", "return_address", "disposition", "loss_bearer", "refund",
            "photos", "events", "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = fields

    @extend_schema_field(RETURN_LINE)
    def get_line(self, request) -> dict:
        line = request.order_line
        return {"id": line.pk, "title": line.title, "sku": line.sku, "quantity": line.quantity}

    @extend_schema_field(serializers.ListField(child=RETURN_PHOTO))
    def get_photos(self, request) -> list[dict]:
        http = self.context.get("request")
        return [
            {
                "id": photo.pk,
                "width": photo.width,
                "height": photo.height,
                "url": _absolute(http, reverse("return-photo", kwargs={"pk": request.pk, "photo_id": photo.pk})),
            }
            for photo in request.photos.all()
        ]

    @extend_schema_field(serializers.ListField(child=RETURN_EVENT))
    def get_events(self, request) -> list[dict]:
        return [
            {"from": event.from_status, "to": event.to_status, "note": event.note, "at": event.created_at}
            for event in request.events.all()
        ]

    @extend_schema_field(RETURN_REFUND)
    def get_refund(self, request) -> dict | None:
        refund = request.refund
        if refund is None:
            return None
        amount = money(refund.amount, refund.currency, refund.amount_mad)
        return {"id": refund.pk, "status": refund.status, "amount": amount}


class ReturnOpenView(APIView):
    permission_classes = [permissions.IsAuthenticated]
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    @extend_schema(
        request=ReturnOpenSerializer, parameters=[idempotency_parameter()], responses={201: ReturnSerializer}
    )
    def post(self, request, number, line_id):
        line = get_object_or_404(
            OrderLine.objects.select_related("artisan_order"),
            pk=line_id,
            artisan_order__order__number=number,
            artisan_order__order__buyer=request.user,
        )
        body = ReturnOpenSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        claim = idempotency_key_of(request, scope="return", body=_fingerprinted(request.data, line.pk))
        opened = services.return_open(buyer=request.user, order_line=line, idempotency=claim, **body.validated_data)
        opened = selectors.returns_of_buyer(request.user).get(pk=opened.pk)
        response = created(
            request, ReturnSerializer(opened, context={"request": request}).data, "return-detail", pk=opened.pk
        )
        return replayed_mark(response, claim)


def _fingerprinted(data, line_id: int) -> dict:
    """What makes two return requests the same: the line, the fields, and each
    photo by name and size (the files themselves are not hashed)."""
    fields = {"line": line_id}
    for name in data:
        values = data.getlist(name) if hasattr(data, "getlist") else [data[name]]
        fields[name] = [(value.name, value.size) if hasattr(value, "read") else value for value in values]
    return fields


class MyReturnListView(generics.ListAPIView):
    permission_classes = [permissions.IsAuthenticated]
    serializer_class = ReturnSerializer

    def get_queryset(self):
        return selectors.returns_of_buyer(self.request.user)


class MyReturnDetailView(generics.RetrieveAPIView):
    permission_classes = [permissions.IsAuthenticated]
    serializer_class = ReturnSerializer

    def get_queryset(self):
        return selectors.returns_of_buyer(self.request.user)


class ReturnPhotoView(APIView):
    """The photo of a request its buyer, or one who manages it, may read."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(responses={(200, "application/octet-stream"): bytes})
    def get(self, request, pk, photo_id):
        if not selectors.return_readable_by(request.user, pk):
            raise NotFound()
        photo = get_object_or_404(ReturnPhoto, pk=photo_id, request_id=pk)
        extension = photo.image.name.rsplit(".", 1)[-1].lower()
        return private_file_response(
            photo.image, filename=f"return-{pk}-{photo.pk}.{extension}",
            content_type=CONTENT_TYPES.get(extension, "application/octet-stream"),
        )  # fmt: skip


class ManagedReturnListView(generics.ListAPIView):
    permission_classes = [permissions.IsAuthenticated]
    serializer_class = ReturnSerializer

    def get_queryset(self):
        return selectors.returns_managed_by(self.request.user)


class ManagedReturnDetailView(generics.RetrieveAPIView):
    permission_classes = [permissions.IsAuthenticated]
    serializer_class = ReturnSerializer

    def get_queryset(self):
        return selectors.returns_managed_by(self.request.user)


class ManagedReturnDecideView(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        request=ReturnDecisionSerializer, parameters=[idempotency_parameter()], responses={200: ReturnSerializer}
    )
    def post(self, request, pk):
        request_row = get_object_or_404(selectors.returns_visible_to(request.user), pk=pk)
        body = ReturnDecisionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        claim = idempotency_key_of(request, scope="return:decide", body=request.data)
        services.return_decide(request_row, actor=request.user, action=data.pop("action"), data=data, idempotency=claim)
        fresh = selectors.returns_managed_by(request.user).get(pk=pk)
        return replayed_mark(Response(ReturnSerializer(fresh, context={"request": request}).data), claim)
