import django_filters

from artisans.models import ArtisanProfile, Cooperative, VerificationStatus
from marketplace.api.filters import StrictBooleanFilter
from marketplace.regions import MoroccanRegion


class ArtisanFilter(django_filters.FilterSet):
    region = django_filters.ChoiceFilter(choices=MoroccanRegion.choices)
    craft = django_filters.CharFilter(field_name="crafts__slug")
    cooperative = django_filters.CharFilter(field_name="cooperative__slug")

    class Meta:
        model = ArtisanProfile
        fields = ["region", "craft", "cooperative"]


class ManagedArtisanFilter(ArtisanFilter):
    verification_status = django_filters.ChoiceFilter(choices=VerificationStatus.choices)

    class Meta(ArtisanFilter.Meta):
        fields = [*ArtisanFilter.Meta.fields, "verification_status"]


class CooperativeFilter(django_filters.FilterSet):
    region = django_filters.ChoiceFilter(choices=MoroccanRegion.choices)
    craft = django_filters.CharFilter(field_name="members__crafts__slug", distinct=True)
    women_led = StrictBooleanFilter()

    class Meta:
        model = Cooperative
        fields = ["region", "craft", "women_led"]
