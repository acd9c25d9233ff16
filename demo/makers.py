"""The demo artisans the catalog's products belong to (by e-mail: the
seed_demo command creates them), and the languages every demo text comes in."""

from artisans.models import ArtisanProfile, VerificationStatus

LANGUAGES = ("en", "fr", "es", "ar")

SAFI = "artisan.safi@souk.example"
FES_ZELLIGE = "hassan.fes@souk.example"
AZILAL = "itto.azilal@souk.example"
AZROU = "rkia.azrou@souk.example"
MARRAKECH = "youssef.marrakech@souk.example"
TIZNIT = "brahim.tiznit@souk.example"
ESSAOUIRA = "mustapha.essaouira@souk.example"
FES_SFIFA = "naima.fes@souk.example"
TAMANAR = "aicha.tamanar@souk.example"
MAKERS = (SAFI, FES_ZELLIGE, AZILAL, AZROU, MARRAKECH, TIZNIT, ESSAOUIRA, FES_SFIFA, TAMANAR)


def verified_makers() -> dict[str, ArtisanProfile]:
    return {
        artisan.user.email: artisan
        for artisan in ArtisanProfile.objects.select_related("user").filter(
            user__email__in=MAKERS, verification_status=VerificationStatus.VERIFIED
        )
    }
