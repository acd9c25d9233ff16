"""Token pairs for the mobile apps: register, login, refresh, logout, me.
How a token is revoked before it expires: marketplace/api/authentication.py."""

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view, inline_serializer
from rest_framework import permissions, serializers, status
from rest_framework.generics import RetrieveUpdateAPIView
from rest_framework.response import Response
from rest_framework.views import APIView
from rest_framework_simplejwt.exceptions import TokenError
from rest_framework_simplejwt.views import TokenObtainPairView, TokenRefreshView

from marketplace import services
from marketplace.api import authentication, throttles
from marketplace.api.authentication import token_pair_for
from marketplace.api.responses import created
from marketplace.api.serializers import StrictModelSerializer, StrictSerializer
from marketplace.lockout import LockoutSerializerMixin
from marketplace.models import User
from marketplace.money import SUPPORTED_CURRENCIES


class UserSerializer(StrictModelSerializer):
    preferred_currency = serializers.ChoiceField(
        choices=["", *SUPPORTED_CURRENCIES], required=False, help_text=_("Blank: decided by the request.")
    )

    class Meta:
        model = User
        fields = [
            "id", "email", "email_verified_at", "full_name", "preferred_language", "preferred_currency", "is_staff",
            "date_joined",
        ]  # fmt: skip
        read_only_fields = ["id", "email", "email_verified_at", "is_staff", "date_joined"]


class RegisterSerializer(StrictSerializer):
    email = serializers.EmailField(max_length=254)
    password = serializers.CharField(write_only=True, max_length=128, style={"input_type": "password"})
    full_name = serializers.CharField(max_length=150, required=False, allow_blank=True, default="")
    preferred_language = serializers.ChoiceField(choices=settings.LANGUAGES, default="en")


class TokenPairSerializer(serializers.Serializer):
    access = serializers.CharField()
    refresh = serializers.CharField()


class RegisterView(APIView):
    throttle_classes = [throttles.RegisterThrottle]
    permission_classes = [permissions.AllowAny]
    authentication_classes: list = []

    @extend_schema(
        request=RegisterSerializer,
        responses={201: inline_serializer("Registered", {"user": UserSerializer(), "tokens": TokenPairSerializer()})},
    )
    def post(self, request):
        form = RegisterSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        try:
            user = services.user_register(**form.validated_data)
        except DjangoValidationError as error:
            raise serializers.ValidationError({"password": list(error.messages)}) from error
        return created(request, {"user": UserSerializer(user).data, "tokens": token_pair_for(user)}, "me")


class LoginSerializer(LockoutSerializerMixin, StrictSerializer, authentication.LoginSerializer):
    pass


# The serializer's fields are all write-only: without this, no response body is documented.
@extend_schema_view(post=extend_schema(request=LoginSerializer, responses={200: TokenPairSerializer}))
class LoginView(TokenObtainPairView):
    serializer_class = LoginSerializer
    throttle_classes = [throttles.LoginIpThrottle, throttles.LoginEmailThrottle]


class RefreshSerializer(StrictSerializer, authentication.SessionRefreshSerializer):
    pass


class RefreshView(TokenRefreshView):
    serializer_class = RefreshSerializer
    throttle_classes = [throttles.RefreshThrottle]


class LogoutSerializer(StrictSerializer):
    refresh = serializers.CharField()
    everywhere = serializers.BooleanField(
        default=False, help_text=_("Also end every other session of the account, on every device.")
    )


class LogoutView(APIView):
    """Revokes the refresh token and the access tokens it gave; with
    `everywhere`, every token of the account."""

    permission_classes = [permissions.AllowAny]

    @extend_schema(request=LogoutSerializer, responses={204: None})
    def post(self, request):
        form = LogoutSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        try:
            refresh = authentication.SessionRefreshToken(form.validated_data["refresh"])
        except TokenError as error:
            raise serializers.ValidationError({"refresh": [_("Token is invalid or expired.")]}) from error
        authentication.session_logout(refresh=refresh, everywhere=form.validated_data["everywhere"])
        return Response(status=status.HTTP_204_NO_CONTENT)


class MeView(RetrieveUpdateAPIView):
    serializer_class = UserSerializer
    permission_classes = [permissions.IsAuthenticated]
    http_method_names = ["get", "patch", "head", "options"]

    def get_object(self):
        return self.request.user

    def perform_update(self, serializer):
        services.user_update(user=self.request.user, **serializer.validated_data)
