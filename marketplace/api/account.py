"""A person's own account (marketplace.accounts): password change and reset,
e-mail verification."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import permissions, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from marketplace import accounts
from marketplace.api import throttles
from marketplace.api.auth import TokenPairSerializer, UserSerializer
from marketplace.api.authentication import token_pair_for
from marketplace.api.error_schema import error_responses
from marketplace.api.serializers import StrictSerializer

PASSWORD_STYLE = {"input_type": "password"}


class PasswordChangeSerializer(StrictSerializer):
    old_password = serializers.CharField(write_only=True, max_length=128, style=PASSWORD_STYLE)
    new_password = serializers.CharField(write_only=True, max_length=128, style=PASSWORD_STYLE)


class PasswordResetRequestSerializer(StrictSerializer):
    email = serializers.EmailField(max_length=254)


class PasswordResetConfirmSerializer(StrictSerializer):
    uid = serializers.CharField(max_length=64, help_text=_("The `uid` parameter of the e-mailed link."))
    token = serializers.CharField(max_length=128, help_text=_("The `token` parameter of the e-mailed link."))
    new_password = serializers.CharField(write_only=True, max_length=128, style=PASSWORD_STYLE)


class EmailVerifySerializer(StrictSerializer):
    token = serializers.CharField(max_length=512, help_text=_("The `token` parameter of the e-mailed link."))


class PasswordChangeView(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        operation_id="account_password_change",
        summary=_("Change the password"),
        description=_(
            "Checks the current password and sets the new one. Every session of the account ends, "
            "on every device; the answer carries a new token pair for this one."
        ),
        tags=["account"],
        request=PasswordChangeSerializer,
        responses={200: TokenPairSerializer, **error_responses(400, 401)},
    )
    def post(self, request):
        form = PasswordChangeSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        user = accounts.user_password_change(user=request.user, **form.validated_data)
        return Response(token_pair_for(user))


class PasswordResetRequestView(APIView):
    permission_classes = [permissions.AllowAny]
    authentication_classes: list = []
    throttle_classes = [throttles.PasswordResetIpThrottle, throttles.PasswordResetEmailThrottle]

    @extend_schema(
        operation_id="account_password_reset_request",
        summary=_("Ask for a password reset link"),
        description=_(
            "E-mails a link to set a new password if an account has this address. "
            "The answer is the same whether it has one or not."
        ),
        tags=["account"],
        auth=[],
        request=PasswordResetRequestSerializer,
        responses={202: None, **error_responses(400, 429)},
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
        operation_id="account_password_reset_confirm",
        summary=_("Set a new password from a reset link"),
        description=_("The link works once and expires. Every session of the account ends."),
        tags=["account"],
        auth=[],
        request=PasswordResetConfirmSerializer,
        responses={204: None, **error_responses(400, 429)},
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
        operation_id="account_email_verification_send",
        summary=_("Send the e-mail verification link again"),
        tags=["account"],
        request=None,
        responses={202: None, **error_responses(401, 429)},
    )
    def post(self, request):
        accounts.user_email_verification_send(user=request.user)
        return Response(status=status.HTTP_202_ACCEPTED)


class EmailVerifyView(APIView):
    permission_classes = [permissions.AllowAny]
    authentication_classes: list = []

    @extend_schema(
        operation_id="account_email_verify",
        summary=_("Confirm the e-mail address from the e-mailed link"),
        tags=["account"],
        auth=[],
        request=EmailVerifySerializer,
        responses={200: UserSerializer, **error_responses(400)},
    )
    def post(self, request):
        form = EmailVerifySerializer(data=request.data)
        form.is_valid(raise_exception=True)
        user = accounts.user_email_verify(token=form.validated_data["token"])
        return Response(UserSerializer(user).data)
