"""The buyer's orders. A signed-in buyer sees their own; anybody with an
order's number and access token (the link in the e-mails) sees that one. Any
other order is a 404, never a 403: order numbers are not to be probed."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, permissions, serializers
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from marketplace.api import throttles
from marketplace.api.serializers import StrictSerializer
from orders import selectors
from orders.api.order import OrderSerializer
from orders.models import Order

TOKEN_PARAMETER = OpenApiParameter("token", str, description="The order's access token, from the e-mailed link.")


class CancelSerializer(StrictSerializer):
    token = serializers.CharField(required=False, allow_blank=True, max_length=128)


def _token(request) -> str:
    return request.query_params.get("token") or (request.data.get("token", "") if hasattr(request.data, "get") else "")


def order_for_request(request, number: str) -> Order:
    order = selectors.order_for_reader(request.user, number, _token(request))
    if order is None:
        raise NotFound()
    return order


class OrderListView(generics.ListAPIView):
    """The signed-in buyer's orders, newest first; `?status=` filters."""

    serializer_class = OrderSerializer
    permission_classes = [permissions.IsAuthenticated]
    filterset_fields = ["status"]
    ordering_fields = ["placed_at"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema generator has no user
            return Order.objects.none()
        return selectors.orders_of_buyer(self.request.user)


class OrderDetailView(APIView):
    permission_classes = [permissions.AllowAny]
    throttle_classes = [throttles.OrderTokenThrottle]

    @extend_schema(parameters=[TOKEN_PARAMETER], responses=OrderSerializer)
    def get(self, request, number):
        return Response(OrderSerializer(order_for_request(request, number)).data)
