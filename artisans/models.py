from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from artisans.validators import mask_account_number, validate_iban, validate_ice, validate_rib
from marketplace.history import AuditHistory
from marketplace.regions import MoroccanRegion

phone_validator = RegexValidator(r"^\+[1-9]\d{6,14}$", _("Enter the phone number in E.164 form, e.g. +212612345678."))


class LegalForm(models.TextChoices):
    COOPERATIVE = "cooperative", _("Cooperative")
    ASSOCIATION = "association", _("Association")
    COMPANY = "company", _("Company")
    INDIVIDUAL_WORKSHOP = "individual_workshop", _("Individual workshop")


class Cooperative(models.Model):
    name_latin = models.CharField(_("name (Latin script)"), max_length=200)
    name_arabic = models.CharField(_("name (Arabic script)"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    legal_form = models.CharField(_("legal form"), max_length=24, choices=LegalForm.choices)
    ice = models.CharField(_("ICE number"), max_length=15, unique=True, validators=[validate_ice])
    # EU-Morocco origin rules: above EUR 6,000 a consignment's origin declaration
    # needs this customs authorisation number (export paperwork prints it).
    approved_exporter_number = models.CharField(_("approved exporter number"), max_length=40, blank=True)
    region = models.CharField(_("region"), max_length=32, choices=MoroccanRegion.choices)
    city = models.CharField(_("city"), max_length=100)
    women_led = models.BooleanField(_("women-led"), default=False)
    founded_year = models.PositiveSmallIntegerField(
        _("founding year"), validators=[MinValueValidator(1900), MaxValueValidator(2100)]
    )
    contact_name = models.CharField(_("contact name"), max_length=150, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=16, blank=True, validators=[phone_validator])
    declared_annual_turnover_mad = models.DecimalField(
        _("declared annual turnover (MAD)"),
        max_digits=14,
        decimal_places=2,
        default=0,
        validators=[MinValueValidator(0)],
    )
    admins = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="administered_cooperatives",
        blank=True,
        verbose_name=_("administrators"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("cooperative")
        verbose_name_plural = _("cooperatives")
        ordering = ["name_latin"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(declared_annual_turnover_mad__gte=0), name="cooperative_turnover_not_negative"
            ),
        ]

    def __str__(self):
        return f"{self.name_latin} — {self.name_arabic}"


class Craft(models.Model):
    """What an artisan makes: pottery, zellige, carpets... Names are translated."""

    slug = models.SlugField(_("slug"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=80)

    class Meta:
        verbose_name = _("craft")
        verbose_name_plural = _("crafts")
        ordering = ["slug"]

    def __str__(self):
        return self.name


class VerificationStatus(models.TextChoices):
    PENDING = "pending", _("Pending review")
    VERIFIED = "verified", _("Verified")
    REJECTED = "rejected", _("Rejected")
    SUSPENDED = "suspended", _("Suspended")


class PaperworkLanguage(models.TextChoices):
    """The languages export paperwork is written in (customs read French or English)."""

    FRENCH = "fr", _("French")
    ENGLISH = "en", _("English")


class ArtisanProfileQuerySet(models.QuerySet):
    def verified(self):
        return self.filter(verification_status=VerificationStatus.VERIFIED)


class ArtisanProfile(models.Model):
    # Which moves the verification workflow allows, and nothing else.
    TRANSITIONS = {
        VerificationStatus.PENDING: {VerificationStatus.VERIFIED, VerificationStatus.REJECTED},
        VerificationStatus.VERIFIED: {VerificationStatus.SUSPENDED},
        VerificationStatus.SUSPENDED: {VerificationStatus.VERIFIED},
        VerificationStatus.REJECTED: set(),
    }

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="artisan_profile", verbose_name=_("user")
    )
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    display_name_latin = models.CharField(_("display name (Latin script)"), max_length=120)
    display_name_arabic = models.CharField(_("display name (Arabic script)"), max_length=120, blank=True)
    crafts = models.ManyToManyField(Craft, related_name="artisans", blank=True, verbose_name=_("crafts"))
    bio = models.TextField(_("biography"), max_length=4000, blank=True)
    photo = models.ImageField(_("photo"), upload_to="artisans/photos/", blank=True)
    region = models.CharField(_("region"), max_length=32, choices=MoroccanRegion.choices)
    city = models.CharField(_("city"), max_length=100)
    cooperative = models.ForeignKey(
        Cooperative,
        on_delete=models.PROTECT,
        related_name="members",
        null=True,
        blank=True,
        verbose_name=_("cooperative"),
    )
    verification_status = models.CharField(
        _("verification status"),
        max_length=16,
        choices=VerificationStatus.choices,
        default=VerificationStatus.PENDING,
        db_index=True,
    )
    # Export paperwork: the language of the documents, and the exporter's own
    # identifiers when the artisan ships outside a cooperative.
    paperwork_language = models.CharField(
        _("export paperwork language"),
        max_length=2,
        choices=PaperworkLanguage.choices,
        default=PaperworkLanguage.FRENCH,
    )
    ice = models.CharField(_("ICE number"), max_length=15, blank=True, validators=[validate_ice])
    approved_exporter_number = models.CharField(_("approved exporter number"), max_length=40, blank=True)
    # Export figures (analytics): for an artisan outside a cooperative, their own
    # workshop's; a member's figures follow the cooperative's fields.
    women_led = models.BooleanField(_("women-led"), default=False)
    declared_annual_turnover_mad = models.DecimalField(
        _("declared annual turnover off the platform (MAD)"),
        max_digits=14,
        decimal_places=2,
        default=0,
        validators=[MinValueValidator(0)],
    )
    created_at = models.DateTimeField(_("applied"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ArtisanProfileQuerySet.as_manager()
    # history: registered in artisans/translation.py, once the translated columns exist.

    class Meta:
        verbose_name = _("artisan")
        verbose_name_plural = _("artisans")
        ordering = ["display_name_latin", "id"]

    def __str__(self):
        return self.display_name_latin

    def can_move_to(self, status: str) -> bool:
        return status in self.TRANSITIONS[VerificationStatus(self.verification_status)]


class VerificationEvent(models.Model):
    """One change of an artisan's verification status: who, when, why."""

    artisan = models.ForeignKey(
        ArtisanProfile, on_delete=models.CASCADE, related_name="verification_events", verbose_name=_("artisan")
    )
    from_status = models.CharField(_("from"), max_length=16, choices=VerificationStatus.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=16, choices=VerificationStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("by")
    )
    reason = models.TextField(_("reason"), max_length=2000, blank=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        verbose_name = _("verification event")
        verbose_name_plural = _("verification events")
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"{self.artisan}: {self.get_from_status_display() or '∅'} → {self.get_to_status_display()}"


class PayoutDetails(models.Model):
    """Where an artisan's money goes: a Moroccan RIB or an IBAN, never both.
    Only ever shown masked."""

    artisan = models.OneToOneField(
        ArtisanProfile, on_delete=models.CASCADE, related_name="payout_details", verbose_name=_("artisan")
    )
    account_holder = models.CharField(_("account holder"), max_length=150)
    rib = models.CharField(_("RIB"), max_length=24, blank=True, validators=[validate_rib])
    iban = models.CharField(_("IBAN"), max_length=34, blank=True, validators=[validate_iban])
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    # Account numbers kept masked; a new number with the same last digits still shows as changed.
    history = AuditHistory(
        excluded_fields=["updated_at"],
        masked_fields={"rib": mask_account_number, "iban": mask_account_number},
        secret_fields={"rib": None, "iban": None},
    )

    class Meta:
        verbose_name = _("payout details")
        verbose_name_plural = _("payout details")
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(rib="") & ~models.Q(iban="")) | (~models.Q(rib="") & models.Q(iban="")),
                name="payout_details_rib_xor_iban",
            )
        ]

    def __str__(self):
        return f"{self.account_holder} {self.masked_account}"

    @property
    def account_kind(self) -> str:
        return "rib" if self.rib else "iban"

    @property
    def masked_account(self) -> str:
        return mask_account_number(self.rib or self.iban)
