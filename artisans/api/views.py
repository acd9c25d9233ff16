from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import generics, mixins, permissions, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from artisans import selectors, services
from artisans.api.filters import ArtisanFilter, CooperativeFilter, ManagedArtisanFilter
from artisans.api.permissions import IsSuperuser, MayManageArtisan
from artisans.api.serializers import (
    ArtisanApplySerializer,
    ArtisanOwnSerializer,
    ArtisanPublicSerializer,
    CooperativeRegistrationSerializer,
    CooperativeSerializer,
    ManagedArtisanSerializer,
    VerificationDecisionSerializer,
)
from artisans.models import ArtisanProfile
from marketplace.api.parsers import FormParser, JSONParser, MultiPartParser
from marketplace.api.responses import CreatedLocationMixin, created, location


class ArtisanListApplyView(generics.ListCreateAPIView):
    """GET: verified artisans, public. POST: the signed-in user applies to sell."""

    filterset_class = ArtisanFilter
    ordering_fields = ["display_name_latin", "created_at"]
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_queryset(self):
        return selectors.public_artisans()

    def get_serializer_class(self):
        return ArtisanApplySerializer if self.request.method == "POST" else ArtisanPublicSerializer

    def get_permissions(self):
        if self.request.method == "POST":
            return [permissions.IsAuthenticated()]
        return [permissions.AllowAny()]

    @extend_schema(request=ArtisanApplySerializer, responses={201: ArtisanOwnSerializer})
    def post(self, request, *args, **kwargs):
        form = ArtisanApplySerializer(data=request.data)
        form.is_valid(raise_exception=True)
        artisan = services.artisan_apply(user=request.user, **form.validated_data)
        return created(request, ArtisanOwnSerializer(artisan, context={"request": request}).data, "artisan-me")


class ArtisanDetailView(generics.RetrieveAPIView):
    serializer_class = ArtisanPublicSerializer
    permission_classes = [permissions.AllowAny]
    lookup_field = "slug"

    def get_queryset(self):
        return selectors.public_artisans()


class ArtisanMeView(generics.RetrieveUpdateAPIView):
    serializer_class = ArtisanOwnSerializer
    permission_classes = [permissions.IsAuthenticated]
    parser_classes = [JSONParser, MultiPartParser, FormParser]
    http_method_names = ["get", "patch", "head", "options"]

    def get_object(self):
        try:
            return (
                ArtisanProfile.objects.select_related("cooperative", "payout_details")
                .prefetch_related("crafts")
                .get(user=self.request.user)
            )
        except ArtisanProfile.DoesNotExist as error:
            raise NotFound(_("You have no artisan profile yet: apply with POST /api/v1/artisans/.")) from error

    def perform_update(self, serializer):
        artisan = services.artisan_update(artisan=serializer.instance, **serializer.validated_data)
        artisan.refresh_from_db()
        serializer.instance = artisan


class CooperativeViewSet(CreatedLocationMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Public list and detail; platform operators (superusers) register new ones."""

    filterset_class = CooperativeFilter
    ordering_fields = ["name_latin", "founded_year"]
    lookup_field = "slug"

    def get_queryset(self):
        return selectors.public_cooperatives()

    def get_serializer_class(self):
        return CooperativeRegistrationSerializer if self.action == "create" else CooperativeSerializer

    def get_permissions(self):
        if self.action == "create":
            return [IsSuperuser()]
        return [permissions.AllowAny()]

    def perform_create(self, serializer):
        serializer.instance = services.cooperative_register(**serializer.validated_data)

    def created_location(self, request, instance) -> str:
        return location(request, "cooperative-detail", slug=instance.slug)


class ManagedArtisanViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Cooperative admins review their own members; anyone else's are a 404.
    Nobody decides on their own profile (the services refuse it: 403)."""

    serializer_class = ManagedArtisanSerializer
    permission_classes = [MayManageArtisan]
    filterset_class = ManagedArtisanFilter
    ordering_fields = ["display_name_latin", "created_at", "verification_status"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema generator has no user: ids are integers
            return ArtisanProfile.objects.none()
        return selectors.artisans_managed_by(self.request.user)

    def _decide(self, request, service):
        artisan = self.get_object()
        form = VerificationDecisionSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        service(artisan=artisan, actor=request.user, reason=form.validated_data["reason"])
        return Response(self.get_serializer(self.get_queryset().get(pk=artisan.pk)).data)

    @extend_schema(request=VerificationDecisionSerializer, responses=ManagedArtisanSerializer)
    @action(detail=True, methods=["post"])
    def verify(self, request, pk=None):
        return self._decide(request, services.artisan_verify)

    @extend_schema(request=VerificationDecisionSerializer, responses=ManagedArtisanSerializer)
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        return self._decide(request, services.artisan_reject)

    @extend_schema(request=VerificationDecisionSerializer, responses=ManagedArtisanSerializer)
    @action(detail=True, methods=["post"])
    def suspend(self, request, pk=None):
        return self._decide(request, services.artisan_suspend)

    @extend_schema(request=VerificationDecisionSerializer, responses=ManagedArtisanSerializer)
    @action(detail=True, methods=["post"])
    def reinstate(self, request, pk=None):
        return self._decide(request, services.artisan_reinstate)
