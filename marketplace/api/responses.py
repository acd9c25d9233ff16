"""Every 201 of the API answers where the new resource is read (`Location`,
RFC 9110 §10.2.2): one helper, so none is forgotten (tests/marketplace/test_http_headers.py)."""

from rest_framework import status
from rest_framework.response import Response
from rest_framework.reverse import reverse


def location(request, url_name: str, **kwargs) -> str:
    return reverse(url_name, kwargs=kwargs or None, request=request)


def created(request, body, url_name: str, **kwargs) -> Response:
    """201 with `body`, and Location: the absolute URL of `url_name` with `kwargs`."""
    return Response(body, status=status.HTTP_201_CREATED, headers={"Location": location(request, url_name, **kwargs)})


class CreatedLocationMixin:
    """For DRF's CreateModelMixin views: their 201 with the Location of
    `created_location(request, instance)`, which each view writes."""

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        self.perform_create(serializer)
        response = Response(serializer.data, status=status.HTTP_201_CREATED)
        response["Location"] = self.created_location(request, serializer.instance)
        return response

    def created_location(self, request, instance) -> str:
        raise NotImplementedError
