"""The two floors. Both keep the project's DRF defaults (authentication
classes, renderers, exception handler) and the whole middleware stack, like
the catalog views; they only allow anyone, as the catalog does."""

from rest_framework import generics, pagination, permissions, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from bench.floors.models import FloorRow

STATIC_ROWS = [
    {
        "id": number,
        "name": f"Glazed tagine from Safi #{number}",
        "code": f"FLOOR-{number:05d}",
        "category": "tagines-tableware",
        "description": "Handmade in Safi, glazed in cobalt blue.",
        "price": f"{100 + number}.00",
        "quantity": number % 7,
        "rating": 4.5,
        "active": True,
        "created_at": "2026-11-01T00:00:00Z",
    }
    for number in range(1, 25)
]


class StaticFloorView(APIView):
    """24 fixed dicts: no database, no cache."""

    permission_classes = [permissions.AllowAny]

    def get(self, request):
        return Response(STATIC_ROWS)


class FloorRowSerializer(serializers.ModelSerializer):
    class Meta:
        model = FloorRow
        fields = "__all__"


class FloorPagination(pagination.PageNumberPagination):
    page_size = 24


class RowsFloorView(generics.ListAPIView):
    """A page of 24 rows of a 10-column table, with its count and links."""

    permission_classes = [permissions.AllowAny]
    filter_backends: list = []
    pagination_class = FloorPagination
    serializer_class = FloorRowSerializer
    queryset = FloorRow.objects.order_by("id")
