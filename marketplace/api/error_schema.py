"""The error shape (marketplace/api/errors.py) as a schema component, so that
generated clients get an error type, and the statuses an operation answers."""

from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers


class ErrorDetailSerializer(serializers.Serializer):
    code = serializers.CharField()
    message = serializers.CharField()
    fields = serializers.DictField(child=serializers.ListField(child=serializers.CharField()))
    request_id = serializers.CharField(allow_blank=True)


class ErrorSerializer(serializers.Serializer):
    error = ErrorDetailSerializer()


ERROR_DESCRIPTIONS = {
    400: "The request is not valid; `error.fields` names what to fix.",
    401: "Not signed in, or the session has ended.",
    403: "Signed in, but not allowed.",
    404: "No such resource (or not yours).",
    409: "The resource's state does not allow it, or an Idempotency-Key was reused with another body.",
    429: "Too many requests; retry after the Retry-After header's seconds.",
}


def error_responses(*statuses: int) -> dict:
    return {status: OpenApiResponse(ErrorSerializer, description=ERROR_DESCRIPTIONS[status]) for status in statuses}
