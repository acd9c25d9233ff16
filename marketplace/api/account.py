"""A person's own account (marketplace.accounts): password change and reset,
e-mail verification."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import permissions, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from marketplace import accounts
from marketplace.api import throttles
from marketplace.api.auth import TokenPairSerializer, UserSerializer
from marketplace.api.authentication import token_pair_for
from marketplace.api.serializers import StrictSerializer

PASSWORD_STYLE = {"input_type": "password"}


def password_field(**options) -> serializers.CharField:
    """A password as a form takes it: never echoed back, masked in the browsable API."""
    return serializers.CharField(write_only=True, max_length=128, style=PASSWORD_STYLE, **options)


class PasswordConfirmedView(APIView):
    """A signed-in person's own action that asks for their current password
    (the password changed, the account deleted): the form checked, then
    `confirmed`, one service call with the person and the form's data.
    Subclasses name their form and their schema (extend_schema_view)."""

    permission_classes = [permissions.IsAuthenticated]
    form_class: type[serializers.Serializer]

    def post(self, request):
        form = self.form_class(data=request.data)
        form.is_valid(raise_exception=True)
        return self.confirmed(user=request.user, **form.validated_data)

    def confirmed(self, *, user, **data) -> Response:
        raise NotImplementedError


class PasswordChangeSerializer(StrictSerializer):
    old_password = password_field()
    new_password = password_field()


class PasswordResetRequestSerializer(StrictSerializer):
    email = serializers.EmailField(max_length=254)


class PasswordResetConfirmSerializer(StrictSerializer):
    uid = serializers.CharField(max_length=64, help_text=_("The `uid` parameter of the e-mailed link."))
    token = serializers.CharField(max_length=128, help_text=_("The `token` parameter of the e-mailed link."))
    new_password = password_field()


class EmailVerifySerializer(StrictSerializer):
    token = serializers.CharField(max_length=512, help_text=_("The `token` parameter of the e-mailed link."))


@extend_schema_view(post=extend_schema(request=PasswordChangeSerializer, responses={200: TokenPairSerializer}))
class PasswordChangeView(PasswordConfirmedView):
    form_class = PasswordChangeSerializer

    def confirmed(self, *, user, **data) -> Response:
        return Response(token_pair_for(accounts.user_password_change(user=user, **data)))


class PasswordResetRequestView(APIView):
    permission_classes = [permissions.AllowAny]
    authentication_classes: list = []
    throttle_classes = [throttles.PasswordResetIpThrottle, throttles.PasswordResetEmailThrottle]

    @extend_schema(
        auth=[],
        request=PasswordResetRequestSerializer,
        responses={202: None},
    )
    def post(self, request):
        form = PasswordResetRequestSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        accounts.user_password_reset_request(email=form.validated_data["email"])
        return Response(status=status.HTTP_202_ACCEPTED)


class PasswordResetConfirmView(APIView):
    permission_classes = [permissions.AllowAny]
    authentication_classes: list = []
    throttle_classes = [throttles.PasswordResetIpThrottle]

    @extend_schema(
        auth=[],
        request=PasswordResetConfirmSerializer,
        responses={204: None},
    )
    def post(self, request):
        form = PasswordResetConfirmSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        accounts.user_password_reset_confirm(**form.validated_data)
        return Response(status=status.HTTP_204_NO_CONTENT)


class EmailVerificationSendView(APIView):
    permission_classes = [permissions.IsAuthenticated]
    throttle_classes = [throttles.PasswordResetIpThrottle]

    @extend_schema(
        request=None,
        responses={202: None},
    )
    def post(self, request):
        accounts.user_email_verification_send(user=request.user)
        return Response(status=status.HTTP_202_ACCEPTED)


class EmailVerifyView(APIView):
    permission_classes = [permissions.AllowAny]
    authentication_classes: list = []

    @extend_schema(
        auth=[],
        request=EmailVerifySerializer,
        responses={200: UserSerializer},
    )
    def post(self, request):
        form = EmailVerifySerializer(data=request.data)
        form.is_valid(raise_exception=True)
        user = accounts.user_email_verify(token=form.validated_data["token"])
        return Response(UserSerializer(user).data)
