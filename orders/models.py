import secrets
import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from artisans.models import ArtisanProfile
from catalog.models import Product, Variant
from marketplace.history import AuditHistory


def money_field(verbose_name, **kwargs):
    return models.DecimalField(verbose_name, max_digits=12, decimal_places=2, **kwargs)


# --- carts ------------------------------------------------------------------------------


class Cart(models.Model):
    """A basket across artisans. Guests keep its token; a signed-in buyer has one."""

    token = models.UUIDField(_("token"), default=uuid.uuid4, unique=True, editable=False)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="cart",
        verbose_name=_("user"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    expires_at = models.DateTimeField(_("expires"), db_index=True)

    class Meta:
        verbose_name = _("cart")
        verbose_name_plural = _("carts")

    def __str__(self):
        return str(self.token)


class CartLine(models.Model):
    cart = models.ForeignKey(Cart, on_delete=models.CASCADE, related_name="lines", verbose_name=_("cart"))
    variant = models.ForeignKey(Variant, on_delete=models.CASCADE, related_name="+", verbose_name=_("variant"))
    quantity = models.PositiveSmallIntegerField(_("quantity"), validators=[MinValueValidator(1), MaxValueValidator(99)])
    added_at = models.DateTimeField(auto_now_add=True, verbose_name=_("added at"))

    class Meta:
        verbose_name = _("cart line")
        verbose_name_plural = _("cart lines")
        ordering = ["added_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["cart", "variant"], name="cart_line_once_per_variant"),
            models.CheckConstraint(condition=models.Q(quantity__gte=1, quantity__lte=99), name="cart_line_quantity"),
        ]

    def __str__(self):
        return f"{self.quantity} × {self.variant_id}"


# --- shipping and landed cost -------------------------------------------------------------


class ShippingZone(models.Model):
    code = models.SlugField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=80)  # translated
    countries = CountryField(_("countries"), multiple=True, blank=True)
    is_rest_of_world = models.BooleanField(
        _("rest of the world"), default=False, help_text=_("Used for every country no other zone lists.")
    )

    class Meta:
        verbose_name = _("shipping zone")
        verbose_name_plural = _("shipping zones")
        ordering = ["code"]

    def __str__(self):
        return self.name


class ServiceKind(models.TextChoices):
    POSTAL = "postal", _("Postal")
    COURIER = "courier", _("Courier")


class ShippingService(models.Model):
    code = models.SlugField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=80)  # translated
    carrier = models.CharField(_("carrier"), max_length=80)
    kind = models.CharField(_("kind"), max_length=10, choices=ServiceKind.choices)
    tracking_url_template = models.CharField(
        _("tracking URL"), max_length=200, blank=True, help_text=_("With {tracking_number} where the number goes.")
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("shipping service")
        verbose_name_plural = _("shipping services")
        ordering = ["code"]

    def __str__(self):
        return self.name


class ShippingRate(models.Model):
    """Price in MAD of a parcel up to `max_weight_grams`, for a service and zone."""

    service = models.ForeignKey(
        ShippingService, on_delete=models.CASCADE, related_name="rates", verbose_name=_("service")
    )
    zone = models.ForeignKey(ShippingZone, on_delete=models.CASCADE, related_name="rates", verbose_name=_("zone"))
    max_weight_grams = models.PositiveIntegerField(_("up to (g)"))
    price_mad = money_field(_("price (MAD)"), validators=[MinValueValidator(0)])
    transit_days_min = models.PositiveSmallIntegerField(_("transit days (min)"))
    transit_days_max = models.PositiveSmallIntegerField(_("transit days (max)"))

    class Meta:
        verbose_name = _("shipping rate")
        verbose_name_plural = _("shipping rates")
        ordering = ["service", "zone", "max_weight_grams"]
        constraints = [
            models.UniqueConstraint(fields=["service", "zone", "max_weight_grams"], name="shipping_rate_bracket_once")
        ]

    def __str__(self):
        return f"{self.service} {self.zone} ≤{self.max_weight_grams} g: {self.price_mad} MAD"


class InsurancePremium(models.Model):
    """A dated line of the insurance table: insuring a parcel with `service`
    to `zone` costs `rate_percent` of its declared goods value (MAD), at least
    `minimum_mad`. The row in force on a day is the one with the latest
    `valid_from` not after it; no row: the insurance is not offered there."""

    zone = models.ForeignKey(
        ShippingZone, on_delete=models.CASCADE, related_name="insurance_premiums", verbose_name=_("zone")
    )
    service = models.ForeignKey(
        ShippingService, on_delete=models.CASCADE, related_name="insurance_premiums", verbose_name=_("service")
    )
    rate_percent = models.DecimalField(
        _("rate (%)"), max_digits=6, decimal_places=3, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    minimum_mad = money_field(_("minimum (MAD)"), validators=[MinValueValidator(0)])
    valid_from = models.DateField(_("valid from"))

    class Meta:
        verbose_name = _("insurance premium")
        verbose_name_plural = _("insurance premiums")
        ordering = ["service", "zone", "-valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["service", "zone", "valid_from"], name="insurance_premium_once_a_day"),
            models.CheckConstraint(
                condition=models.Q(rate_percent__gte=0, rate_percent__lte=100, minimum_mad__gte=0),
                name="insurance_premium_figures",
            ),
        ]

    def __str__(self):
        return _("%(service)s %(zone)s from %(date)s: %(rate)s%%, at least %(minimum)s MAD") % {
            "service": self.service,
            "zone": self.zone,
            "date": self.valid_from,
            "rate": self.rate_percent,
            "minimum": self.minimum_mad,
        }


class TaxKind(models.TextChoices):
    VAT = "vat", _("VAT (percentage)")
    DUTY = "duty", _("Customs duty (percentage)")
    SURCHARGE = "surcharge", _("Surcharge (percentage)")
    FLAT_PER_TARIFF_LINE = "flat_per_tariff_line", _("Flat amount per distinct tariff line")
    FLAT_PER_PARCEL = "flat_per_parcel", _("Flat amount per parcel")


class TaxChannel(models.TextChoices):
    ANY = "any", _("Any service")
    POSTAL = "postal", _("Postal services only")
    COURIER = "courier", _("Courier services only")


class TaxRule(models.Model):
    """One line of the duties and taxes tables: which destination, which
    consignments (value band, channel), from when to when, how much, and
    whether the marketplace may collect it at checkout (DDP)."""

    name = models.CharField(_("name"), max_length=120)
    countries = CountryField(_("destination countries"), multiple=True)
    kind = models.CharField(_("kind"), max_length=24, choices=TaxKind.choices)
    rate_percent = models.DecimalField(
        _("rate (%)"), max_digits=6, decimal_places=3, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    amount = money_field(_("flat amount"), null=True, blank=True, validators=[MinValueValidator(0)])
    amount_currency = models.CharField(_("flat amount currency"), max_length=3, blank=True)
    consignment_min = money_field(_("consignment value above"), null=True, blank=True)
    consignment_max = money_field(_("consignment value up to"), null=True, blank=True)
    threshold_currency = models.CharField(_("threshold currency"), max_length=3, blank=True)
    channel = models.CharField(_("channel"), max_length=10, choices=TaxChannel.choices, default=TaxChannel.ANY)
    base_includes_shipping = models.BooleanField(_("charged on goods plus shipping"), default=False)
    collectable_at_checkout = models.BooleanField(
        _("collectable at checkout (DDP)"), default=False, help_text=_("Off: only paid by the buyer on delivery.")
    )
    effective_from = models.DateField(_("effective from"))
    effective_to = models.DateField(_("effective until"), null=True, blank=True, help_text=_("Inclusive."))
    source = models.CharField(_("source"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("duty or tax rule")
        verbose_name_plural = _("duty and tax rules")
        ordering = ["name", "-effective_from"]

    def __str__(self):
        return self.name


# --- orders -------------------------------------------------------------------------------


class Incoterm(models.TextChoices):
    DAP = "DAP", _("DAP: duties and taxes paid by the buyer on delivery")
    DDP = "DDP", _("DDP: duties and taxes collected at checkout")


class OrderStatus(models.TextChoices):
    AWAITING_PAYMENT = "awaiting_payment", _("Awaiting payment")
    PAID = "paid", _("Paid")
    PARTIALLY_SHIPPED = "partially_shipped", _("Partially shipped")
    SHIPPED = "shipped", _("Shipped")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")
    REFUNDED = "refunded", _("Refunded")
    PARTIALLY_REFUNDED = "partially_refunded", _("Partially refunded")


class ArtisanOrderStatus(models.TextChoices):
    AWAITING_PAYMENT = "awaiting_payment", _("Awaiting payment")
    TO_PREPARE = "to_prepare", _("To prepare")
    IN_PRODUCTION = "in_production", _("In production")
    READY_TO_SHIP = "ready_to_ship", _("Ready to ship")
    SHIPPED = "shipped", _("Shipped")
    DELIVERED = "delivered", _("Delivered")
    CANCELLED = "cancelled", _("Cancelled")


# An order event records a move of the order or of one artisan order: either's statuses.
ORDER_EVENT_STATUSES = list({**dict(OrderStatus.choices), **dict(ArtisanOrderStatus.choices)}.items())


def new_access_token() -> str:
    return secrets.token_urlsafe(24)


class Order(models.Model):
    """One buyer's purchase; split into one ArtisanOrder per artisan. Amounts
    are in the order's currency, each with its MAD value, at `exchange_rate`."""

    number = models.CharField(_("number"), max_length=20, unique=True)
    buyer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="orders",
        verbose_name=_("buyer"),
    )
    email = models.EmailField(_("contact e-mail"))
    # Lets a guest open their order with the number and this token (sent by e-mail).
    access_token = models.CharField(
        max_length=64, default=new_access_token, editable=False, verbose_name=_("access token")
    )
    language = models.CharField(_("language"), max_length=2, default="en")
    status = models.CharField(
        _("status"), max_length=20, choices=OrderStatus.choices, default=OrderStatus.AWAITING_PAYMENT, db_index=True
    )
    currency = models.CharField(_("currency"), max_length=3)
    exchange_rate = models.DecimalField(_("units per MAD"), max_digits=18, decimal_places=8)
    exchange_rate_at = models.DateTimeField(_("rate time"), null=True, blank=True)
    incoterm = models.CharField(_("Incoterm"), max_length=3, choices=Incoterm.choices)

    shipping_name = models.CharField(_("name"), max_length=150)
    shipping_line1 = models.CharField(_("address line 1"), max_length=200)
    shipping_line2 = models.CharField(_("address line 2"), max_length=200, blank=True)
    shipping_city = models.CharField(_("city"), max_length=100)
    shipping_region = models.CharField(_("state or region"), max_length=100, blank=True)
    shipping_postal_code = models.CharField(_("postal code"), max_length=20)
    shipping_country = CountryField(_("country"))
    shipping_phone = models.CharField(_("phone"), max_length=16)

    subtotal = money_field(_("subtotal"))
    subtotal_mad = money_field(_("subtotal (MAD)"))
    shipping_total = money_field(_("shipping"))
    shipping_total_mad = money_field(_("shipping (MAD)"))
    duties_total = money_field(_("duties and taxes (estimate)"))
    duties_total_mad = money_field(_("duties and taxes (MAD)"))
    duties_collected = money_field(_("duties and taxes collected"))
    duties_collected_mad = money_field(_("duties and taxes collected (MAD)"))
    insurance_total = money_field(_("shipping insurance"), default=0)
    insurance_total_mad = money_field(_("shipping insurance (MAD)"), default=0)
    total = money_field(_("total charged"))
    total_mad = money_field(_("total charged (MAD)"))

    placed_at = models.DateTimeField(_("placed"), auto_now_add=True, db_index=True)
    expires_at = models.DateTimeField(_("payment due by"), null=True, blank=True, db_index=True)
    # Set by payments when the buyer's bank opens a dispute; the artisans' payouts wait.
    disputed_at = models.DateTimeField(_("disputed"), null=True, blank=True)
    # Indexed: analytics finds the orders changed since its roll-up's last refresh.
    updated_at = models.DateTimeField(_("updated"), auto_now=True, db_index=True)

    # The access token opens the order to anyone: never kept.
    history = AuditHistory(excluded_fields=["access_token", "updated_at"])

    class Meta:
        verbose_name = _("order")
        verbose_name_plural = _("orders")
        ordering = ["-placed_at", "-id"]

    def __str__(self):
        return self.number

    @property
    def shipping_address(self) -> dict:
        """Where the parcels go, as the API and the labels show it."""
        return {
            "name": self.shipping_name,
            "line1": self.shipping_line1,
            "line2": self.shipping_line2,
            "city": self.shipping_city,
            "region": self.shipping_region,
            "postal_code": self.shipping_postal_code,
            "country": self.shipping_country.code,
            "phone": self.shipping_phone,
        }


class ArtisanOrder(models.Model):
    """The part of an order one artisan prepares, ships and is paid for."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="artisan_orders", verbose_name=_("order"))
    artisan = models.ForeignKey(
        ArtisanProfile, on_delete=models.PROTECT, related_name="artisan_orders", verbose_name=_("artisan")
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ArtisanOrderStatus.choices,
        default=ArtisanOrderStatus.AWAITING_PAYMENT,
        db_index=True,
    )
    shipping_service = models.ForeignKey(
        ShippingService, on_delete=models.PROTECT, related_name="+", verbose_name=_("shipping service")
    )
    subtotal = money_field(_("subtotal"))
    subtotal_mad = money_field(_("subtotal (MAD)"))
    shipping = money_field(_("shipping"))
    shipping_mad = money_field(_("shipping (MAD)"))
    duties = money_field(_("duties and taxes (estimate)"))
    duties_mad = money_field(_("duties and taxes (MAD)"))
    insured = models.BooleanField(_("insured"), default=False)
    # The premium the buyer paid to insure this parcel (orders.shipping.insurance_premium_mad).
    insurance_premium = money_field(_("insurance premium"), default=0)
    insurance_premium_mad = money_field(_("insurance premium (MAD)"), default=0)
    # [{"rule": id, "name": ..., "amount": ..., "amount_mad": ..., "collectable": bool}]
    duties_breakdown = models.JSONField(_("duties breakdown"), default=list, blank=True)
    estimated_delivery_days_min = models.PositiveSmallIntegerField(_("delivery estimate (min days)"))
    estimated_delivery_days_max = models.PositiveSmallIntegerField(_("delivery estimate (max days)"))
    parcel_weight_grams = models.PositiveIntegerField(_("parcel weight (g)"), null=True, blank=True)
    parcel_length_cm = models.DecimalField(_("length (cm)"), max_digits=6, decimal_places=1, null=True, blank=True)
    parcel_width_cm = models.DecimalField(_("width (cm)"), max_digits=6, decimal_places=1, null=True, blank=True)
    parcel_height_cm = models.DecimalField(_("height (cm)"), max_digits=6, decimal_places=1, null=True, blank=True)
    carrier = models.CharField(_("carrier"), max_length=80, blank=True)
    tracking_number = models.CharField(_("tracking number"), max_length=60, blank=True)
    shipped_at = models.DateTimeField(_("shipped"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)
    # Also moved when a refund changes its lines (lifecycle.order_lines_refund_record); indexed, as the order's.
    updated_at = models.DateTimeField(_("updated"), auto_now=True, db_index=True)

    history = AuditHistory(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("artisan order")
        verbose_name_plural = _("artisan orders")
        ordering = ["order_id", "id"]
        constraints = [models.UniqueConstraint(fields=["order", "artisan"], name="artisan_order_once_per_order")]

    def __str__(self):
        return f"{self.order.number}/{self.artisan_id}"


class OrderLine(models.Model):
    """A snapshot of what was bought: later catalog edits never change it."""

    artisan_order = models.ForeignKey(
        ArtisanOrder, on_delete=models.CASCADE, related_name="lines", verbose_name=_("artisan order")
    )
    variant = models.ForeignKey(
        Variant, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("variant")
    )
    product = models.ForeignKey(
        Product, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("product")
    )
    title = models.CharField(_("title"), max_length=200)
    sku = models.CharField(_("SKU"), max_length=64)
    options = models.JSONField(_("options"), default=dict, blank=True)
    hs_code = models.CharField(_("HS code"), max_length=7)
    origin_country = CountryField(_("origin"), default="MA")
    weight_grams = models.PositiveIntegerField(_("unit weight (g)"))
    made_to_order = models.BooleanField(_("made to order"), default=False)
    quantity = models.PositiveSmallIntegerField(_("quantity"))
    unit_price_mad = money_field(_("unit price (MAD)"))
    unit_price = money_field(_("unit price"))
    line_total_mad = money_field(_("line total (MAD)"))
    line_total = money_field(_("line total"))
    # What refunds took back of this line (written by orders.lifecycle.order_lines_refund_record,
    # which payments calls): the pieces no longer in the parcel and their money. A failed refund
    # gives them back. `quantity` stays what was bought.
    quantity_refunded = models.PositiveSmallIntegerField(_("quantity refunded"), default=0)
    amount_refunded = money_field(_("amount refunded"), default=0)
    amount_refunded_mad = money_field(_("amount refunded (MAD)"), default=0)

    class Meta:
        verbose_name = _("order line")
        verbose_name_plural = _("order lines")
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(quantity_refunded__lte=models.F("quantity")),
                name="order_line_refund_within_quantity",
            ),
            models.CheckConstraint(
                condition=models.Q(amount_refunded__gte=0, amount_refunded__lte=models.F("line_total"))
                & models.Q(amount_refunded_mad__gte=0, amount_refunded_mad__lte=models.F("line_total_mad")),
                name="order_line_refund_within_total",
            ),
        ]

    def __str__(self):
        return f"{self.quantity} × {self.sku}"

    @property
    def live_quantity(self) -> int:
        """The pieces still bought: what the parcel holds, or held when it left."""
        return self.quantity - self.quantity_refunded

    @property
    def live_total(self):
        return self.line_total - self.amount_refunded

    @property
    def live_total_mad(self):
        return self.line_total_mad - self.amount_refunded_mad


class OrderEvent(models.Model):
    """Every state change of an order or an artisan order: who, when, from, to."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="events", verbose_name=_("order"))
    artisan_order = models.ForeignKey(
        ArtisanOrder,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("artisan order"),
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("actor")
    )
    # Set when the actor (a cooperative admin, staff) did the artisan's step for them.
    on_behalf_of = models.ForeignKey(
        "artisans.ArtisanProfile", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("on behalf of"),
    )  # fmt: skip
    from_status = models.CharField(_("from"), max_length=20, blank=True, choices=ORDER_EVENT_STATUSES)
    to_status = models.CharField(_("to"), max_length=20, choices=ORDER_EVENT_STATUSES)
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        verbose_name = _("order event")
        verbose_name_plural = _("order events")
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"{self.order_id}: {self.get_from_status_display() or '-'} → {self.get_to_status_display()}"


class SatisfactionAnswer(models.Model):
    """The buyer's answer about one delivered parcel: how the delivery went
    and how the piece is, 1 to 5 each, and an optional comment. One a parcel."""

    artisan_order = models.OneToOneField(
        ArtisanOrder, on_delete=models.CASCADE, related_name="satisfaction", verbose_name=_("artisan order")
    )
    delivery_rating = models.PositiveSmallIntegerField(_("delivery rating"))
    piece_rating = models.PositiveSmallIntegerField(_("piece rating"))
    comment = models.CharField(_("comment"), max_length=2000, blank=True)  # varchar: the database bounds it
    answered_at = models.DateTimeField(_("answered"), default=timezone.now)

    class Meta:
        verbose_name = _("satisfaction answer")
        verbose_name_plural = _("satisfaction answers")
        ordering = ["-answered_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(delivery_rating__gte=1, delivery_rating__lte=5), name="satisfaction_delivery_1_5"
            ),
            models.CheckConstraint(
                condition=models.Q(piece_rating__gte=1, piece_rating__lte=5), name="satisfaction_piece_1_5"
            ),
        ]

    def __str__(self):
        return f"{self.artisan_order}: {self.delivery_rating}/{self.piece_rating}"


# --- saved addresses ----------------------------------------------------------------------


class SavedAddress(models.Model):
    """An address a buyer keeps for their next checkouts (orders.saved_addresses).
    Stored normalised, as the checkout reads it (orders.addresses); an order
    copies it, so editing or deleting it never changes an order."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_addresses", verbose_name=_("user")
    )
    label = models.CharField(_("label"), max_length=60, blank=True, help_text=_("Home, work, a friend…"))
    name = models.CharField(_("name"), max_length=150)
    line1 = models.CharField(_("address line 1"), max_length=200)
    line2 = models.CharField(_("address line 2"), max_length=200, blank=True)
    city = models.CharField(_("city"), max_length=100)
    region = models.CharField(_("state or region"), max_length=100, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=20, blank=True)
    country = CountryField(_("country"))
    phone = models.CharField(_("phone"), max_length=16)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("saved address")
        verbose_name_plural = _("saved addresses")
        ordering = ["id"]

    def __str__(self):
        return self.label or f"{self.name}, {self.city}"

    @property
    def shipping_address(self) -> dict:
        """As the checkout reads a shipping address (orders.addresses.ShippingAddressSerializer)."""
        return {
            "name": self.name,
            "line1": self.line1,
            "line2": self.line2,
            "city": self.city,
            "region": self.region,
            "postal_code": self.postal_code,
            "country": self.country.code,
            "phone": self.phone,
        }


# Export paperwork keeps its models in its own package; imported here so the
# orders app registers them (and its migrations carry them).
from orders.paperwork.models import DocumentKind, DocumentStatus, ExportDocument  # noqa: E402, F401
