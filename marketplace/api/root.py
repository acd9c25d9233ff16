"""GET /api/v1/: every entry point of the API, read from the URLconf, so a new
view appears here the day it is routed. Each is named by its URL name; an
address with parameters is a template (`/api/v1/products/{slug}/`)."""

from django.urls import get_resolver
from drf_spectacular.utils import extend_schema
from rest_framework import permissions
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.views import APIView

PREFIX = "api/v1/"
# Outside /api/v1/ but where a reader of the API goes next.
DOCUMENTATION = {"schema": "schema", "docs": "api-docs", "redoc": "api-redoc"}


def entry_point_paths(prefix: str = PREFIX) -> dict[str, str]:
    """URL name → path (parameters as {name}) of every named pattern under
    `prefix`, sorted by path. Namespaced patterns are not the API's own."""
    resolver = get_resolver()
    found = {}
    for name in resolver.reverse_dict:
        if not isinstance(name, str):
            continue  # the dict is keyed by view callables too
        for possibilities, *_ in resolver.reverse_dict.getlist(name):
            template, parameters = possibilities[0]
            if template.startswith(prefix):
                found[name] = "/" + template % {parameter: f"{{{parameter}}}" for parameter in parameters}
                break
    return dict(sorted(found.items(), key=lambda item: (item[1], item[0])))


class ApiRootView(APIView):
    """Where the API's entry points are."""

    permission_classes = [permissions.AllowAny]

    @extend_schema(exclude=True)
    def get(self, request):
        base = request.build_absolute_uri("/").rstrip("/")
        body = {name: base + path for name, path in entry_point_paths().items() if name != "api-root"}
        body.update({key: reverse(url_name, request=request) for key, url_name in DOCUMENTATION.items()})
        return Response(body)
