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
        request=PasswordChangeSerializer,
        responses={200: TokenPairSerializer},
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
