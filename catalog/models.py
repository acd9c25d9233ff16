from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from artisans.models import ArtisanProfile
from marketplace.history import AuditHistory
from marketplace.regions import MoroccanRegion

hs_code_validator = RegexValidator(
    r"^\d{4}\.?\d{2}$", _("Enter a 6-digit HS code, e.g. 6912.00 or 691200."), code="invalid_hs_code"
)


def normalise_hs_code(value: str) -> str:
    """Store HS codes as 'NNNN.NN', the way customs forms print them."""
    digits = value.replace(".", "").strip()
    return f"{digits[:4]}.{digits[4:]}"


class Category(models.Model):
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children", verbose_name=_("parent")
    )
    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=100)
    default_hs_code = models.CharField(_("default HS code"), max_length=7, validators=[hs_code_validator])
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["position", "slug"]

    def __str__(self):
        return self.name


class Material(models.Model):
    slug = models.SlugField(_("slug"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=80)

    class Meta:
        verbose_name = _("material")
        verbose_name_plural = _("materials")
        ordering = ["slug"]

    def __str__(self):
        return self.name


class ProductStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_REVIEW = "in_review", _("In review")
    ACTIVE = "active", _("Active")
    REJECTED = "rejected", _("Rejected")
    ARCHIVED = "archived", _("Archived")


class ProductQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status=ProductStatus.ACTIVE)

    def owned_by(self, user):
        return self.filter(artisan__user=user)

    def managed_by(self, user):
        if user.is_superuser:
            return self
        return self.filter(artisan__cooperative__admins=user)


class Product(models.Model):
    TRANSITIONS = {
        ProductStatus.DRAFT: {ProductStatus.IN_REVIEW},
        ProductStatus.IN_REVIEW: {ProductStatus.ACTIVE, ProductStatus.REJECTED},
        ProductStatus.REJECTED: {ProductStatus.IN_REVIEW},
        ProductStatus.ACTIVE: {ProductStatus.ARCHIVED},
        ProductStatus.ARCHIVED: set(),
    }

    artisan = models.ForeignKey(
        ArtisanProfile, on_delete=models.PROTECT, related_name="products", verbose_name=_("artisan")
    )
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="products", verbose_name=_("category")
    )
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    # Translated (catalog/translation.py): title_en, title_fr, ... description_ar.
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), max_length=10000, blank=True)
    original_language = models.CharField(
        _("written in"), max_length=2, choices=settings.LANGUAGES, default="fr",
        help_text=_("Shown when a translation is missing."),
    )  # fmt: skip
    materials = models.ManyToManyField(Material, blank=True, related_name="products", verbose_name=_("materials"))
    technique = models.CharField(_("technique"), max_length=200, blank=True)
    region_of_origin = models.CharField(_("region of origin"), max_length=32, choices=MoroccanRegion.choices)
    made_to_order = models.BooleanField(_("made to order"), default=False)
    lead_time_days = models.PositiveSmallIntegerField(
        _("lead time (days)"), default=0, validators=[MaxValueValidator(365)]
    )
    hs_code = models.CharField(_("HS code"), max_length=7, validators=[hs_code_validator])
    weight_grams = models.PositiveIntegerField(_("weight (g)"), validators=[MinValueValidator(1)])
    length_cm = models.DecimalField(_("length (cm)"), max_digits=6, decimal_places=1, null=True, blank=True)
    width_cm = models.DecimalField(_("width (cm)"), max_digits=6, decimal_places=1, null=True, blank=True)
    height_cm = models.DecimalField(_("height (cm)"), max_digits=6, decimal_places=1, null=True, blank=True)
    handmade_in_morocco = models.BooleanField(
        _("handmade in Morocco mark"), default=False, help_text=_("Granted by a cooperative admin or staff only.")
    )
    status = models.CharField(
        _("status"), max_length=16, choices=ProductStatus.choices, default=ProductStatus.DRAFT, db_index=True
    )
    # Cheap list-ready copies, kept up to date by services: the public list
    # sorts and filters on them without joining variants or reviews.
    min_price_mad = models.DecimalField(_("lowest price (MAD)"), max_digits=12, decimal_places=2, null=True, blank=True)
    total_stock = models.PositiveIntegerField(_("stock"), default=0)
    thumbnail = models.CharField(_("thumbnail"), max_length=255, blank=True)
    rating_average = models.DecimalField(_("rating"), max_digits=3, decimal_places=2, default=0)
    rating_count = models.PositiveIntegerField(_("reviews"), default=0)
    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)

    objects = ProductQuerySet.as_manager()
    # history: registered in catalog/translation.py, once the translated columns exist.

    class Meta:
        verbose_name = _("product")
        verbose_name_plural = _("products")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["status", "-created_at", "-id"], name="product_public_newest"),
            models.Index(fields=["status", "min_price_mad"], name="product_public_price"),
        ]

    def __str__(self):
        return self.title

    def can_move_to(self, status: str) -> bool:
        return status in self.TRANSITIONS[ProductStatus(self.status)]


class Variant(models.Model):
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="variants", verbose_name=_("product"))
    sku = models.CharField(
        _("SKU"), max_length=64, unique=True, validators=[RegexValidator(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")]
    )
    options = models.JSONField(_("options"), default=dict, blank=True, help_text=_('e.g. {"size": "M"}'))
    price_mad = models.DecimalField(
        _("price (MAD)"), max_digits=12, decimal_places=2, validators=[MinValueValidator(0.01)]
    )
    compare_at_price_mad = models.DecimalField(
        _("compare-at price (MAD)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    stock = models.PositiveIntegerField(_("stock"), default=0)
    weight_grams = models.PositiveIntegerField(_("weight override (g)"), null=True, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    # Prices; stock moves with every order (bulk, unrecorded), so it is left out.
    history = AuditHistory(excluded_fields=["stock"])

    class Meta:
        verbose_name = _("variant")
        verbose_name_plural = _("variants")
        ordering = ["position", "id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(price_mad__gt=0), name="variant_price_positive"),
            models.CheckConstraint(condition=models.Q(stock__gte=0), name="variant_stock_not_negative"),
        ]

    def __str__(self):
        return self.sku


def photo_upload_to(photo, filename):
    return f"products/{photo.product_id}/{filename}"


class ProductPhoto(models.Model):
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="photos", verbose_name=_("product"))
    original = models.ImageField(_("original"), upload_to=photo_upload_to, width_field="width", height_field="height")
    width = models.PositiveIntegerField(default=0, verbose_name=_("width"))
    height = models.PositiveIntegerField(default=0, verbose_name=_("height"))
    alt_text = models.CharField(_("alt text"), max_length=200, blank=True)  # translated
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    # {"320": {"webp": "products/1/x-320.webp", "jpeg": "..."}, "800": {...}}
    renditions = models.JSONField(_("renditions"), default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        ordering = ["position", "id"]

    def __str__(self):
        return self.original.name


class ProductEvent(models.Model):
    """Audit trail of a product: status moves and edits of what buyers see."""

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="events", verbose_name=_("product"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("actor")
    )
    # Set when the actor (a cooperative admin, staff) did the artisan's act for them.
    on_behalf_of = models.ForeignKey(
        ArtisanProfile, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("on behalf of"),
    )  # fmt: skip
    from_status = models.CharField(_("from"), max_length=16, choices=ProductStatus.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=16, choices=ProductStatus.choices, blank=True)
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    reason = models.TextField(_("reason"), max_length=2000, blank=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        verbose_name = _("product event")
        verbose_name_plural = _("product events")
        ordering = ["created_at", "id"]

    def __str__(self):
        # Shown above each row of the history inline: the statuses' labels, as OrderEvent's.
        to_status = self.get_to_status_display() or _("edit")
        return f"{self.product_id}: {self.get_from_status_display() or '-'} → {to_status}"


class Favourite(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="favourites", verbose_name=_("user")
    )
    product = models.ForeignKey(
        Product, on_delete=models.CASCADE, related_name="favourited_by", verbose_name=_("product")
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))

    class Meta:
        verbose_name = _("favourite")
        verbose_name_plural = _("favourites")
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["user", "product"], name="favourite_once_per_product")]

    def __str__(self):
        return f"{self.user_id} ♥ {self.product_id}"


class Review(models.Model):
    """A buyer's review of a product they received, once per product. The
    order line it rests on belongs to the orders app (a higher layer), so it
    is kept as a plain id."""

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="reviews", verbose_name=_("product"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reviews", verbose_name=_("author")
    )
    order_line_id = models.BigIntegerField(_("order line"), unique=True)
    rating = models.PositiveSmallIntegerField(_("rating"), validators=[MinValueValidator(1), MaxValueValidator(5)])
    text = models.TextField(_("text"), max_length=4000, blank=True)
    language = models.CharField(_("language"), max_length=2, default="en")
    created_at = models.DateTimeField(_("written"), auto_now_add=True)

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["author", "product"], name="review_once_per_product"),
            models.CheckConstraint(condition=models.Q(rating__gte=1, rating__lte=5), name="review_rating_1_to_5"),
        ]

    def __str__(self):
        return f"{self.rating}★ {self.product_id}"
