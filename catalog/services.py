"""Every write to the catalog: one function, one transaction, an audit event
for what buyers can see."""

from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from artisans.models import ArtisanProfile, VerificationStatus
from artisans.notifications import artisan_acted_for_notify
from artisans.permissions import acts_for, artisan_acting_for_require
from artisans.services import unique_slug
from catalog import locks, permissions
from catalog.models import Category, Favourite, Product, ProductEvent, ProductStatus, Variant, normalise_hs_code
from marketplace import cache_version, plain_sql
from marketplace.errors import DomainError, IllegalTransition, NotAllowed
from marketplace.history import history_actor

LANGUAGES = ("en", "fr", "es", "ar")
TRANSLATED = ("title", "description")
PRODUCT_FIELDS = {
    *(f"{field}_{language}" for field in TRANSLATED for language in LANGUAGES),
    "category",
    "original_language",
    "technique",
    "region_of_origin",
    "made_to_order",
    "lead_time_days",
    "hs_code",
    "weight_grams",
    "length_cm",
    "width_cm",
    "height_cm",
}
# Changing these on a live product is allowed, and always recorded.
AUDITED_FIELDS = {*(f"title_{language}" for language in LANGUAGES), "category"}
VARIANT_FIELDS = {"sku", "options", "price_mad", "compare_at_price_mad", "stock", "weight_grams", "position"}


def _check_fields(changes, allowed):
    unknown = set(changes) - allowed
    if unknown:
        raise DomainError(_("Unknown fields: %(names)s") % {"names": ", ".join(sorted(unknown))})


def _display(value):
    if isinstance(value, Category):
        return value.slug
    if isinstance(value, Decimal):
        return str(value)
    return value


def _record(product, actor, *, from_status="", to_status="", changes=None, reason="", on_behalf_of=None):
    ProductEvent.objects.create(
        product=product, actor=actor, from_status=from_status, to_status=to_status,
        changes=changes or {}, reason=reason, on_behalf_of=on_behalf_of,
    )  # fmt: skip


def acting_for(artisan: ArtisanProfile, actor) -> ArtisanProfile | None:
    """The artisan when `actor` does the artisan's own act (list, edit,
    submit a product) for them: allowed to their cooperative's admins and
    operators only. None when the artisan acts themself (or the system)."""
    if actor is None or not acts_for(actor, artisan):
        return None
    artisan_acting_for_require(actor, artisan)
    return artisan


def _on_behalf_reason(on_behalf_of) -> str:
    """The audit trail's reason (marketplace.history) for an act done for an artisan."""
    if on_behalf_of is None:
        return ""
    return _("On behalf of %(artisan)s") % {"artisan": on_behalf_of.display_name_latin}


def _tell(on_behalf_of, actor, act: str, product) -> None:
    if on_behalf_of is not None:
        artisan_acted_for_notify(artisan=on_behalf_of, actor=actor, act=act, subject=product.title)


def _title_for_slug(fields):
    return next((fields.get(f"title_{language}") for language in LANGUAGES if fields.get(f"title_{language}")), "")


def products_refresh_summary(*, product_ids, bump: bool = True) -> None:
    """Copy each product's lowest price and total stock from its variants onto
    the product, for the public list: one UPDATE however many products, in
    plain SQL (marketplace.plain_sql): every checkout runs it, and the ORM
    (with modeltranslation's rewriting) spent three times the database's time."""
    product_ids = sorted(product_ids)
    if product_ids:
        products, variants = Product._meta.db_table, Variant._meta.db_table
        of_product = f"FROM {variants} v WHERE v.product_id = {products}.id"
        now = plain_sql.stored(Product, "updated_at", timezone.now())
        plain_sql.execute(
            f"UPDATE {products} SET min_price_mad = (SELECT MIN(v.price_mad) {of_product}), "
            f"total_stock = COALESCE((SELECT SUM(v.stock) {of_product}), 0), updated_at = %s "
            f"WHERE id IN ({plain_sql.placeholders(len(product_ids))})",
            [now, *product_ids],
        )
    if bump:
        cache_version.bump_on_commit()


def product_refresh_summary(*, product_id: int) -> None:
    products_refresh_summary(product_ids=[product_id])


@transaction.atomic
def product_create(*, artisan: ArtisanProfile, actor, materials=(), variants=(), **fields) -> Product:
    _check_fields(fields, PRODUCT_FIELDS)
    on_behalf_of = acting_for(artisan, actor)
    title = _title_for_slug(fields)
    if not title:
        message = _("Give the product a title in at least one language.")
        raise DomainError(message, fields={f"title_{fields.get('original_language', 'fr')}": [message]})
    category = fields["category"]
    fields["hs_code"] = normalise_hs_code(fields.get("hs_code") or category.default_hs_code)
    fields.setdefault("original_language", artisan.user.preferred_language)
    fields.setdefault("region_of_origin", artisan.region)
    # `title=` in the constructor fills the untranslated column only; assigning
    # product.title afterwards would overwrite the active language's title.
    product = Product(artisan=artisan, slug=unique_slug(Product, title, max_length=120), title=title, **fields)
    product.full_clean()
    product.save()
    product.materials.set(materials)
    for variant in variants:
        _variant_save(Variant(product=product), variant)
    product_refresh_summary(product_id=product.pk)
    _record(product, actor, to_status=ProductStatus.DRAFT, on_behalf_of=on_behalf_of)
    _tell(on_behalf_of, actor, "product_created", product)
    product.refresh_from_db()
    return product


@transaction.atomic
def product_update(*, product: Product, actor, materials=None, **changes) -> Product:
    _check_fields(changes, PRODUCT_FIELDS)
    product = locks.product_for_update(product.pk)
    on_behalf_of = acting_for(product.artisan, actor)
    if product.status == ProductStatus.ARCHIVED:
        raise DomainError(_("An archived product cannot be edited."))
    if changes.get("hs_code"):
        changes["hs_code"] = normalise_hs_code(changes["hs_code"])
    recorded = {}
    for name, value in changes.items():
        old = getattr(product, name)
        if old != value:
            recorded[name] = [_display(old), _display(value)]
            setattr(product, name, value)
    product.full_clean()
    history_actor(product, actor, _on_behalf_reason(on_behalf_of))
    product.save()
    if materials is not None:
        product.materials.set(materials)
    if recorded and (product.status != ProductStatus.DRAFT or set(recorded) & AUDITED_FIELDS or on_behalf_of):
        _record(product, actor, changes=recorded, on_behalf_of=on_behalf_of)
    if recorded:
        _tell(on_behalf_of, actor, "product_updated", product)
    cache_version.bump_on_commit()
    return product


def _move(product, actor, target, reason="", on_behalf_of=None):
    if not product.can_move_to(target):
        raise IllegalTransition(current=ProductStatus(product.status), target=ProductStatus(target))
    _record(product, actor, from_status=product.status, to_status=target, reason=reason, on_behalf_of=on_behalf_of)
    product.status = target
    history_actor(product, actor, reason or _on_behalf_reason(on_behalf_of))
    if target == ProductStatus.ACTIVE and product.published_at is None:
        product.published_at = timezone.now()
    product.save(update_fields=["status", "published_at", "updated_at"])
    cache_version.bump_on_commit()
    return product


@transaction.atomic
def product_submit(*, product: Product, actor) -> Product:
    product = locks.product_for_update(product.pk)
    on_behalf_of = acting_for(product.artisan, actor)
    if product.artisan.verification_status != VerificationStatus.VERIFIED:
        raise DomainError(_("Your artisan profile must be verified before products can be reviewed."))
    if not product.variants.exists():
        raise DomainError(_("Add at least one variant with a price before submitting."))
    product = _move(product, actor, ProductStatus.IN_REVIEW, on_behalf_of=on_behalf_of)
    _tell(on_behalf_of, actor, "product_submitted", product)
    return product


@transaction.atomic
def product_approve(*, product: Product, actor, reason: str = "") -> Product:
    product = locks.product_for_update(product.pk)
    permissions.product_reviewer_require(actor, product)
    if not product.photos.exists():
        message = _("A product without a photo cannot be approved: buyers must see the piece.")
        raise DomainError(message, fields={"photos": [message]})
    return _move(product, actor, ProductStatus.ACTIVE, reason)


@transaction.atomic
def product_reject(*, product: Product, actor, reason: str) -> Product:
    product = locks.product_for_update(product.pk)
    permissions.product_reviewer_require(actor, product)
    if not reason.strip():
        raise DomainError(_("A reason is required."), fields={"reason": [_("A reason is required.")]})
    return _move(product, actor, ProductStatus.REJECTED, reason.strip())


@transaction.atomic
def product_archive(*, product: Product, actor) -> Product:
    product = locks.product_for_update(product.pk)
    return _move(product, actor, ProductStatus.ARCHIVED)


@transaction.atomic
def product_set_handmade_mark(*, product: Product, actor, granted: bool) -> Product:
    """Only a cooperative admin or staff vouches that a piece is handmade in Morocco."""
    product = locks.product_for_update(product.pk)
    permissions.product_reviewer_require(actor, product)
    if product.handmade_in_morocco != granted:
        _record(product, actor, changes={"handmade_in_morocco": [product.handmade_in_morocco, granted]})
        product.handmade_in_morocco = granted
        product.save(update_fields=["handmade_in_morocco", "updated_at"])
        cache_version.bump_on_commit()
    return product


def _variant_save(variant: Variant, fields: dict) -> Variant:
    _check_fields(fields, VARIANT_FIELDS)
    for name, value in fields.items():
        setattr(variant, name, value)
    variant.full_clean()
    variant.save()
    return variant


@transaction.atomic
def variant_create(*, product: Product, actor, **fields) -> Variant:
    product = locks.product_for_update(product.pk)
    on_behalf_of = acting_for(product.artisan, actor)
    variant = _variant_save(Variant(product=product), fields)
    if product.status != ProductStatus.DRAFT or on_behalf_of:
        _record(product, actor, changes={"variant_added": variant.sku}, on_behalf_of=on_behalf_of)
    _tell(on_behalf_of, actor, "variant_added", product)
    product_refresh_summary(product_id=product.pk)
    return variant


@transaction.atomic
def variant_update(*, variant: Variant, actor, **fields) -> Variant:
    product = locks.product_for_update(variant.product_id)
    on_behalf_of = acting_for(product.artisan, actor)
    variant = locks.variants_for_update(ids=[variant.pk])[0]
    old = {name: getattr(variant, name) for name in fields}
    history_actor(variant, actor, _on_behalf_reason(on_behalf_of))
    _variant_save(variant, fields)
    changed = {name: [_display(old[name]), _display(getattr(variant, name))]
               for name in fields if old[name] != getattr(variant, name)}  # fmt: skip
    if "price_mad" in changed:
        _record(product, actor, changes={f"price_mad:{variant.sku}": changed["price_mad"]}, on_behalf_of=on_behalf_of)
    elif changed and on_behalf_of:
        _record(product, actor, changes={f"variant:{variant.sku}": changed}, on_behalf_of=on_behalf_of)
    if changed:
        _tell(on_behalf_of, actor, "variant_updated", product)
    product_refresh_summary(product_id=product.pk)
    return variant


@transaction.atomic
def product_delete_draft(*, product: Product, actor) -> None:
    """A draft was never public: it goes without a trace. Anything else is archived instead."""
    product = locks.product_for_update(product.pk)
    if product.status != ProductStatus.DRAFT:
        raise NotAllowed(_("Only drafts can be deleted; archive a product instead."))
    product.delete()


@transaction.atomic
def variant_delete(*, variant: Variant, actor) -> None:
    product = locks.product_for_update(variant.product_id)
    on_behalf_of = acting_for(product.artisan, actor)
    if product.status != ProductStatus.DRAFT and product.variants.count() == 1:
        raise DomainError(_("A product under review or on sale keeps at least one variant."))
    _record(product, actor, changes={"variant_removed": variant.sku}, on_behalf_of=on_behalf_of)
    _tell(on_behalf_of, actor, "variant_removed", product)
    variant.delete()
    product_refresh_summary(product_id=product.pk)


@transaction.atomic
def stock_bulk_update(*, artisan: ArtisanProfile, actor, changes: list[dict]) -> list[Variant]:
    """Set the stock of many variants at once: all or nothing."""
    wanted = {}
    for row in changes:
        if row["sku"] in wanted:
            raise DomainError(_("SKU %(sku)s appears twice.") % {"sku": row["sku"]}, fields={"sku": [row["sku"]]})
        wanted[row["sku"]] = row["stock"]
    variants = locks.variants_for_update(skus=list(wanted), artisan=artisan)
    missing = sorted(set(wanted) - {variant.sku for variant in variants})
    if missing:
        message = _("Unknown SKU: %(skus)s") % {"skus": ", ".join(missing)}
        raise DomainError(message, fields={"sku": missing})
    for variant in variants:
        variant.stock = wanted[variant.sku]
    Variant.objects.bulk_update(variants, ["stock"])
    products_refresh_summary(product_ids={variant.product_id for variant in variants})
    return variants


@transaction.atomic
def favourite_add(*, user, product: Product) -> Favourite:
    favourite, _created = Favourite.objects.get_or_create(user=user, product=product)
    return favourite


@transaction.atomic
def favourite_remove(*, user, product: Product) -> None:
    Favourite.objects.filter(user=user, product=product).delete()
