from django.db import models
from django.utils.translation import gettext_lazy as _


class MoroccanRegion(models.TextChoices):
    """The 12 regions of Morocco (2015 territorial division)."""

    TANGER_TETOUAN_AL_HOCEIMA = "tanger-tetouan-al-hoceima", _("Tanger-Tétouan-Al Hoceïma")
    ORIENTAL = "oriental", _("Oriental")
    FES_MEKNES = "fes-meknes", _("Fès-Meknès")
    RABAT_SALE_KENITRA = "rabat-sale-kenitra", _("Rabat-Salé-Kénitra")
    BENI_MELLAL_KHENIFRA = "beni-mellal-khenifra", _("Béni Mellal-Khénifra")
    CASABLANCA_SETTAT = "casablanca-settat", _("Casablanca-Settat")
    MARRAKECH_SAFI = "marrakech-safi", _("Marrakech-Safi")
    DRAA_TAFILALET = "draa-tafilalet", _("Drâa-Tafilalet")
    SOUSS_MASSA = "souss-massa", _("Souss-Massa")
    GUELMIM_OUED_NOUN = "guelmim-oued-noun", _("Guelmim-Oued Noun")
    LAAYOUNE_SAKIA_EL_HAMRA = "laayoune-sakia-el-hamra", _("Laâyoune-Sakia El Hamra")
    DAKHLA_OUED_ED_DAHAB = "dakhla-oued-ed-dahab", _("Dakhla-Oued Ed-Dahab")
