"""How the OpenAPI schema describes every operation, for the clients the apps
generate from it: one tag per app, the error shape on every operation with
the statuses its view can answer, guest operations marked as such, and no
internal docstring shown to the API's users.

What each operation is called and what it does (its id, summary, the
errors its services add) is written per operation in config/api_operations.py.
"""

from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext_lazy as _
from drf_spectacular.openapi import AutoSchema
from rest_framework import permissions, serializers
from rest_framework.authentication import SessionAuthentication

# The view's app (its top package) -> the tag that groups its operations.
APP_TAGS = {
    "marketplace": "accounts",
    "accounts": "accounts",
    "artisans": "artisans",
    "catalog": "catalog",
    "orders": "orders",
    "payments": "payments",
    "returns": "returns",
    "analytics": "analytics",
}

ERROR_DESCRIPTIONS = {
    400: _("The request is not valid: `fields` names each wrong field or parameter."),
    401: _("Not signed in, or the access token is invalid or expired."),
    403: _("Signed in, but not allowed to do this."),
    404: _("Nothing at this address, or not yours to see."),
    409: _("The resource is not in a state that allows this."),
    410: _("Gone: it expired."),
    413: _("The request body is too large."),
    429: _("Too many requests: wait for the seconds in the Retry-After header."),
    502: _("The payment provider answered with an error."),
    503: _("A service behind the API is unavailable; retry in a moment."),
}

OPEN_PERMISSIONS = {permissions.AllowAny, permissions.IsAuthenticated, permissions.IsAuthenticatedOrReadOnly}
UNSAFE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


class ErrorDetailSerializer(serializers.Serializer):
    code = serializers.CharField(help_text=_("Stable, for programs: invalid, not_found, conflict…"))
    message = serializers.CharField(help_text=_("For people, in the request's language."))
    fields = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text=_("Field or parameter name (dotted when nested) -> what is wrong with it."),
    )
    request_id = serializers.CharField(help_text=_("The request's X-Request-ID, to quote to support."))


class ErrorSerializer(serializers.Serializer):
    error = ErrorDetailSerializer()


class ApiAutoSchema(AutoSchema):
    def get_tags(self):
        app = self.view.__class__.__module__.split(".")[0]
        return [APP_TAGS.get(app, app)]

    def get_description(self):
        # Docstrings are written for the code's readers; what the API's users
        # read is given per operation (config/api_operations.py, extend_schema).
        return ""

    def get_auth(self):
        auths = super().get_auth()
        if {} in auths or not auths:  # guests too: anonymous first, for the generated clients
            return [{}, *[auth for auth in auths if auth]]
        return auths

    def get_operation(self, *args, **kwargs):
        operation = super().get_operation(*args, **kwargs)
        if operation is None:
            return None
        for status in sorted(self.error_statuses(operation)):
            operation["responses"].setdefault(str(status), self.error_response(status))
        return operation

    def _map_serializer_field(self, field, direction, bypass_extensions=False):
        schema = super()._map_serializer_field(field, direction, bypass_extensions)
        if _blank_choice_read_only(field) and "" not in schema.get("enum", [""]):
            # A read-only field drops the model field's allow_blank (DRF's
            # ModelSerializer): the schema would refuse the "" it answers.
            schema["enum"] = [*schema["enum"], ""]
        return schema

    def error_response(self, status):
        response = self._get_response_for_code(ErrorSerializer, str(status))
        return {**response, "description": str(ERROR_DESCRIPTIONS[status])}

    def error_statuses(self, operation) -> set[int]:
        """What the view's own machinery can answer; what its services add is
        listed per operation in config/api_operations.py."""
        statuses = {503}  # the database (marketplace/database.py) or the cache can be down
        has_body = "requestBody" in operation
        if has_body or any(parameter["in"] == "query" for parameter in operation.get("parameters", [])):
            statuses.add(400)
        if has_body:
            statuses.add(413)
        authenticators = self.view.get_authenticators()
        if authenticators:  # a bad or expired token is refused even where guests are welcome
            statuses.add(401)
        permission_classes = {permission.__class__ for permission in self.view.get_permissions()}
        if permission_classes - OPEN_PERMISSIONS:
            statuses.add(403)
        if permission_classes & {permissions.IsAuthenticated}:
            statuses.add(401)
        if self.method in UNSAFE_METHODS and any(isinstance(a, SessionAuthentication) for a in authenticators):
            statuses.add(403)  # CSRF, for a session cookie
        if "{" in self.path:
            statuses.add(404)
        if self.view.get_throttles():
            statuses.add(429)
        return statuses


def _blank_choice_read_only(field) -> bool:
    """A read-only choice field of a ModelSerializer whose model field may be blank."""
    if not (isinstance(field, serializers.ChoiceField) and field.read_only):
        return False
    model = getattr(getattr(field.parent, "Meta", None), "model", None)
    if model is None or "." in field.source or field.source == "*":
        return False
    try:
        return model._meta.get_field(field.source).blank
    except FieldDoesNotExist:
        return False
