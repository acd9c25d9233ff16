from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from artisans.models import ArtisanProfile, Cooperative, Craft, PayoutDetails, VerificationEvent
from artisans.permissions import actor_label
from marketplace.api.serializers import StrictModelSerializer, StrictSerializer
from marketplace.models import User


class CraftSerializer(serializers.ModelSerializer):
    class Meta:
        model = Craft
        fields = ["slug", "name"]


class CooperativeSummarySerializer(serializers.ModelSerializer):
    class Meta:
        model = Cooperative
        fields = ["slug", "name_latin", "name_arabic", "region", "city"]


class CooperativeSerializer(serializers.ModelSerializer):
    verified_member_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Cooperative
        fields = [
            "slug",
            "name_latin",
            "name_arabic",
            "legal_form",
            "region",
            "city",
            "women_led",
            "founded_year",
            "verified_member_count",
        ]


class CooperativeRegistrationSerializer(StrictModelSerializer):
    """Platform operators register a cooperative with its legal identity."""

    admins = serializers.SlugRelatedField(slug_field="email", queryset=User.objects.all(), many=True, required=False)

    class Meta:
        model = Cooperative
        fields = [
            "slug",
            "name_latin",
            "name_arabic",
            "legal_form",
            "ice",
            "region",
            "city",
            "women_led",
            "founded_year",
            "contact_name",
            "contact_email",
            "contact_phone",
            "declared_annual_turnover_mad",
            "admins",
        ]
        extra_kwargs = {"slug": {"required": False}}


class ArtisanPublicSerializer(serializers.ModelSerializer):
    crafts = CraftSerializer(many=True, read_only=True)
    cooperative = CooperativeSummarySerializer(read_only=True)

    class Meta:
        model = ArtisanProfile
        fields = [
            "slug",
            "display_name_latin",
            "display_name_arabic",
            "crafts",
            "bio",
            "photo",
            "region",
            "city",
            "cooperative",
        ]


class PayoutDetailsMaskedSerializer(serializers.ModelSerializer):
    account_kind = serializers.CharField(read_only=True)
    masked_account = serializers.CharField(read_only=True)

    class Meta:
        model = PayoutDetails
        fields = ["account_holder", "account_kind", "masked_account", "updated_at"]


class PayoutDetailsInputSerializer(StrictSerializer):
    """Write-only: the full number goes in, only a masked form ever comes out."""

    account_holder = serializers.CharField(max_length=150)
    rib = serializers.CharField(max_length=40, required=False, allow_blank=True, default="")
    iban = serializers.CharField(max_length=40, required=False, allow_blank=True, default="")


class ArtisanOwnSerializer(StrictModelSerializer):
    """What an artisan sees and edits of their own profile."""

    crafts = serializers.SlugRelatedField(slug_field="slug", queryset=Craft.objects.all(), many=True, required=False)
    cooperative = serializers.SlugRelatedField(
        slug_field="slug", queryset=Cooperative.objects.all(), required=False, allow_null=True
    )
    # null until the artisan gives their bank details
    payout_details = PayoutDetailsMaskedSerializer(read_only=True, allow_null=True)
    payout = PayoutDetailsInputSerializer(write_only=True, required=False)

    class Meta:
        model = ArtisanProfile
        fields = [
            "id",
            "slug",
            "display_name_latin",
            "display_name_arabic",
            "crafts",
            "bio",
            "bio_en",
            "bio_fr",
            "bio_es",
            "bio_ar",
            "photo",
            "region",
            "city",
            "cooperative",
            "paperwork_language",
            "verification_status",
            "payout_details",
            "payout",
            "created_at",
        ]
        read_only_fields = ["id", "slug", "bio", "verification_status", "created_at"]


class ArtisanApplySerializer(ArtisanOwnSerializer):
    class Meta(ArtisanOwnSerializer.Meta):
        extra_kwargs = {"display_name_latin": {"required": True}, "region": {"required": True}}


class VerificationEventSerializer(serializers.ModelSerializer):
    actor = serializers.SerializerMethodField(
        help_text=_("Who decided: an e-mail, or a neutral label for platform staff; null for the system.")
    )

    class Meta:
        model = VerificationEvent
        fields = ["from_status", "to_status", "actor", "reason", "created_at"]

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_actor(self, event) -> str | None:
        artisan = event.artisan
        request = self.context.get("request")
        return actor_label(
            event.actor,
            viewer=getattr(request, "user", None),
            cooperatives=[artisan.cooperative],
            subject_user_ids={artisan.user_id},
        )


class ManagedArtisanSerializer(serializers.ModelSerializer):
    """What a cooperative admin sees of a member."""

    email = serializers.EmailField(source="user.email", read_only=True)
    crafts = CraftSerializer(many=True, read_only=True)
    cooperative = CooperativeSummarySerializer(read_only=True)
    payout_details = PayoutDetailsMaskedSerializer(read_only=True, allow_null=True)
    verification_events = VerificationEventSerializer(many=True, read_only=True)

    class Meta:
        model = ArtisanProfile
        fields = [
            "id",
            "slug",
            "email",
            "display_name_latin",
            "display_name_arabic",
            "crafts",
            "region",
            "city",
            "cooperative",
            "verification_status",
            "payout_details",
            "verification_events",
            "created_at",
        ]


class VerificationDecisionSerializer(StrictSerializer):
    reason = serializers.CharField(
        max_length=2000, required=False, allow_blank=True, default="", help_text=_("Required to reject or suspend.")
    )
