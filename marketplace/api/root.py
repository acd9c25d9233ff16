from drf_spectacular.utils import extend_schema
from rest_framework import permissions
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.views import APIView

ENTRY_POINTS = {
    "register": "auth-register",
    "login": "auth-login",
    "refresh": "auth-refresh",
    "logout": "auth-logout",
    "me": "me",
    "artisans": "artisan-list",
    "my_artisan_profile": "artisan-me",
    "cooperatives": "cooperative-list",
    "manage_artisans": "managed-artisan-list",
    "schema": "schema",
    "docs": "api-docs",
}


class ApiRootView(APIView):
    """Where the API's entry points are."""

    permission_classes = [permissions.AllowAny]

    @extend_schema(exclude=True)
    def get(self, request):
        return Response({name: reverse(url_name, request=request) for name, url_name in ENTRY_POINTS.items()})
