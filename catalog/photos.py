"""Product photos: what an upload must be, how it is cleaned and stored, its
renditions, and the URLs the API hands out.

request → api/photos.py → photo_add (validate, clean, store, audit)
        → on commit: tasks.photo_make_renditions → photo_renditions_make
        → ProductPhoto.renditions and Product.thumbnail

How an upload is judged and stripped of metadata is marketplace/images.py.
"""

import io
import logging
from datetime import timedelta
from functools import partial
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import Image

from artisans.notifications import artisan_acted_for_notify
from catalog import locks
from catalog.models import Product, ProductEvent, ProductPhoto, ProductStatus
from catalog.services import acting_for
from marketplace import cache_version, effects
from marketplace.errors import DomainError
from marketplace.images import image_error, open_checked, photo_clean

logger = logging.getLogger(__name__)

# Long side, in pixels, of each rendition; never upscaled.
RENDITION_SIZES = (320, 800, 1600)
# API name → (Pillow format, file extension, save options).
RENDITION_FORMATS = {
    "webp": ("WEBP", "webp", {"quality": 80, "method": 4}),
    "jpeg": ("JPEG", "jpg", {"quality": 82, "optimize": True, "progressive": True}),
}
THUMBNAIL_SIZE, THUMBNAIL_FORMAT = "320", "webp"
ALT_TEXT_MAX_LENGTH = ProductPhoto._meta.get_field("alt_text").max_length


def max_photos_per_product() -> int:
    return getattr(settings, "PHOTO_MAX_PER_PRODUCT", 20)


def languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


# --- reads ---------------------------------------------------------------


def products_owned_by(user):
    return Product.objects.owned_by(user) if user.is_authenticated else Product.objects.none()


def photos_of(product):
    return ProductPhoto.objects.filter(product=product).order_by("position", "id")


def photos_owned_by(user, *, product_id: int):
    # product__pk, not product_id: an id from the URL beyond the integer range
    # finds no product by its primary key, where the foreign key column's lookup
    # sends it on to SQLite (OverflowError, a 500).
    return ProductPhoto.objects.filter(product__pk=product_id, product__in=products_owned_by(user)).select_related(
        "product"
    )


def _absolute(request, path: str) -> str:
    url = default_storage.url(path)
    return request.build_absolute_uri(url) if request is not None else url


def rendition_width(photo: ProductPhoto, size: int) -> int:
    """Width in pixels of the rendition whose long side is at most `size`."""
    long_side = max(photo.width, photo.height)
    if not long_side or long_side <= size:
        return photo.width
    return max(1, round(photo.width * size / long_side))


def photo_urls(photo: ProductPhoto, request=None) -> dict:
    """URLs of a photo for any API answer, absolute when a request is given:

    {"original": url,
     "renditions": {"webp": {"320": url, "800": url, "1600": url}, "jpeg": {...}},
     "srcset": {"webp": "url 320w, url 800w, url 1600w", "jpeg": "..."}}

    srcset widths are the renditions' real widths (a portrait photo's 320
    rendition is narrower than 320 px), and a rendition that could not grow
    (small original) is listed once. Empty until the renditions are made.
    """
    renditions = {name: {} for name in RENDITION_FORMATS}
    srcset = {name: [] for name in RENDITION_FORMATS}
    widths_listed = {name: set() for name in RENDITION_FORMATS}
    for size in sorted(photo.renditions or {}, key=int):
        width = rendition_width(photo, int(size))
        for name, path in photo.renditions[size].items():
            if name not in renditions or not path:
                continue
            url = _absolute(request, path)
            renditions[name][size] = url
            if width not in widths_listed[name]:
                widths_listed[name].add(width)
                srcset[name].append(f"{url} {width}w")
    return {
        "original": _absolute(request, photo.original.name) if photo.original else "",
        "renditions": renditions,
        "srcset": {name: ", ".join(parts) for name, parts in srcset.items()},
    }


# --- writes --------------------------------------------------------------


def _alt_text_fields(alt_text: dict | None) -> dict:
    if not alt_text:
        return {}
    known, errors, fields = languages(), {}, {}
    for language, text in alt_text.items():
        if language not in known:
            errors["alt_text"] = [_("Unknown language: %(code)s.") % {"code": language}]
            continue
        text = (text or "").strip()
        if len(text) > ALT_TEXT_MAX_LENGTH:
            errors[f"alt_text_{language}"] = [
                _("At most %(count)d characters.") % {"count": ALT_TEXT_MAX_LENGTH},
            ]
        fields[f"alt_text_{language}"] = text
    if errors:
        raise ValidationError(errors)
    return fields


def _place(photos: list[ProductPhoto], photo: ProductPhoto, position: int | None) -> None:
    """Put `photo` at `position` (None: last) and number all photos 0, 1, 2..."""
    order = [other for other in photos if other.pk != photo.pk]
    index = len(order) if position is None else max(0, min(position, len(order)))
    order.insert(index, photo)
    _renumber(order)


def _renumber(order: list[ProductPhoto]) -> None:
    moved = []
    for index, photo in enumerate(order):
        if photo.position != index:
            photo.position = index
            moved.append(photo)
    saved = [photo for photo in moved if photo.pk is not None]
    if saved:
        ProductPhoto.objects.bulk_update(saved, ["position"])


def _refuse_if_archived(product: Product) -> None:
    # As catalog.services.product_update: an archived product is frozen. Deleting stays possible.
    if product.status == ProductStatus.ARCHIVED:
        raise DomainError(_("An archived product cannot be edited."))


def _thumbnail_refresh(product: Product) -> str:
    first = photos_of(product).only("id", "renditions").first()
    thumbnail = ""
    if first is not None:
        thumbnail = (first.renditions or {}).get(THUMBNAIL_SIZE, {}).get(THUMBNAIL_FORMAT, "")
    if product.thumbnail != thumbnail:
        product.thumbnail = thumbnail
        product.save(update_fields=["thumbnail", "updated_at"])
    return thumbnail


def _rendition_paths(renditions: dict) -> list[str]:
    return [path for formats in (renditions or {}).values() for path in formats.values() if path]


def _files_delete(paths) -> None:
    for path in paths:
        try:
            default_storage.delete(path)
        except OSError:
            logger.warning("Could not delete %s", path, exc_info=True)


def _renditions_enqueue(photo_id: int) -> None:
    from catalog.tasks import photo_make_renditions  # tasks.py imports this module

    effects.task_enqueue_on_commit(photo_make_renditions, photo_id)


def _acting_for(product: Product, actor):
    return acting_for(product.artisan, actor)


@transaction.atomic
def photo_add(*, product: Product, image, alt_text: dict | None = None, actor, position: int | None = None):
    """Validate and store a new photo of `product`; its renditions are made
    after commit. `alt_text` maps language codes to text."""
    fields = _alt_text_fields(alt_text)
    clean = photo_clean(image)  # slow: done before the product row is locked
    product = locks.product_for_update(product.pk)
    on_behalf_of = _acting_for(product, actor)
    _refuse_if_archived(product)
    photos = list(photos_of(product))
    if len(photos) >= max_photos_per_product():
        raise image_error(
            _("A product has at most %(count)d photos.") % {"count": max_photos_per_product()}, "too_many_photos"
        )
    photo = ProductPhoto(product=product, width=clean.width, height=clean.height, **fields)
    _place(photos, photo, position)
    stored_name = None
    try:
        photo.original.save(clean.content.name, clean.content, save=False)
        stored_name = photo.original.name
        photo.save()
        ProductEvent.objects.create(
            product=product,
            actor=actor,
            changes={"photos": {"added": photo.pk, "original": stored_name}},
            on_behalf_of=on_behalf_of,
        )
    except BaseException:
        if stored_name:
            _files_delete([stored_name])
        raise
    cache_version.bump_on_commit()  # the public product detail lists its photos
    _renditions_enqueue(photo.pk)
    if on_behalf_of is not None:
        artisan_acted_for_notify(artisan=on_behalf_of, actor=actor, act="photo_added", subject=product.title)
    return photo


@transaction.atomic
def photo_update(*, photo: ProductPhoto, alt_text: dict | None = None, position: int | None = None):
    """Change some languages' alt text and/or move the photo to `position`."""
    fields = _alt_text_fields(alt_text)
    product = locks.product_for_update(photo.product_id)
    _refuse_if_archived(product)
    photo = ProductPhoto.objects.get(pk=photo.pk)
    for name, value in fields.items():
        setattr(photo, name, value)
    if fields:
        photo.save(update_fields=list(fields))
    if position is not None:
        _place(list(photos_of(product)), photo, position)
        _thumbnail_refresh(product)
    cache_version.bump_on_commit()
    return photo


@transaction.atomic
def photo_delete(*, photo: ProductPhoto, actor=None) -> None:
    product = locks.product_for_update(photo.product_id)
    on_behalf_of = _acting_for(product, actor)
    photo = ProductPhoto.objects.get(pk=photo.pk)
    paths = [photo.original.name, *_rendition_paths(photo.renditions)]
    photo_id = photo.pk
    photo.delete()
    # The demo catalog shares one pool of files between many photo rows.
    shared = ProductPhoto.objects.filter(original=paths[0]).exists()
    _renumber(list(photos_of(product)))
    _thumbnail_refresh(product)
    ProductEvent.objects.create(
        product=product,
        actor=actor,
        changes={"photos": {"removed": photo_id, "original": paths[0]}},
        on_behalf_of=on_behalf_of,
    )
    if on_behalf_of is not None:
        artisan_acted_for_notify(artisan=on_behalf_of, actor=actor, act="photo_removed", subject=product.title)
    cache_version.bump_on_commit()
    # Files go only once the row is gone for good, and only if no other row uses them.
    if not shared:
        effects.after_commit(partial(_files_delete, paths))


@transaction.atomic
def photo_reorder(*, product: Product, photo_ids: list[int]) -> list[ProductPhoto]:
    """Order the product's photos as `photo_ids`, which must list each of them once."""
    product = locks.product_for_update(product.pk)
    _refuse_if_archived(product)
    photos = {photo.pk: photo for photo in photos_of(product)}
    if len(photo_ids) != len(set(photo_ids)) or set(photo_ids) != set(photos):
        message = _("List each photo of this product exactly once.")
        raise ValidationError({"photo_ids": [message]})
    order = [photos[photo_id] for photo_id in photo_ids]
    _renumber(order)
    _thumbnail_refresh(product)
    cache_version.bump_on_commit()
    return order


# --- renditions -----------------------------------------------------------


def _has_alpha(image: Image.Image) -> bool:
    return image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info


def _rendition_base(image: Image.Image) -> tuple[Image.Image, Image.Image]:
    """(RGBA or RGB for WebP, RGB on white for JPEG)."""
    if image.mode in ("I", "I;16", "I;16B", "I;16L", "I;16N"):
        image = image.convert("I").point(lambda value: value * (1 / 256)).convert("L")
    if not _has_alpha(image):
        rgb = image.convert("RGB")
        return rgb, rgb
    rgba = image.convert("RGBA")
    on_white = Image.new("RGB", rgba.size, (255, 255, 255))
    on_white.paste(rgba, mask=rgba.getchannel("A"))
    return rgba, on_white


def _rendition_name(original_name: str, size: int, extension: str) -> str:
    path = PurePosixPath(original_name)
    return str(path.with_name(f"{path.stem}-{size}.{extension}"))


def _storage_overwrite(name: str, data: bytes) -> str:
    """Same name every time, so a retried task replaces rather than piles up."""
    if default_storage.exists(name):
        default_storage.delete(name)
    return default_storage.save(name, ContentFile(data))


def _renditions_write(photo: ProductPhoto) -> dict:
    largest = max(RENDITION_SIZES)
    with photo.original.open("rb") as original:
        image = open_checked(original, draft=(largest, largest))
    bases = dict(zip(("webp", "jpeg"), _rendition_base(image), strict=True))
    renditions = {str(size): {} for size in RENDITION_SIZES}
    for name, (pillow_format, extension, options) in RENDITION_FORMATS.items():
        resized = bases[name].copy()
        for size in sorted(RENDITION_SIZES, reverse=True):  # each one from the next bigger
            resized.thumbnail((size, size), Image.Resampling.LANCZOS)  # never upscales
            resized.info = {}
            buffer = io.BytesIO()
            resized.save(buffer, format=pillow_format, **options)
            path = _rendition_name(photo.original.name, size, extension)
            renditions[str(size)][name] = _storage_overwrite(path, buffer.getvalue())
    return renditions


def photo_renditions_make(*, photo_id: int) -> dict:
    """Make (or make again) the WebP and JPEG renditions of a photo, record
    their paths and refresh the product's thumbnail. Idempotent."""
    photo = ProductPhoto.objects.filter(pk=photo_id).first()
    if photo is None:
        return {}  # deleted before its renditions were made
    renditions = _renditions_write(photo)
    with transaction.atomic():
        try:
            # Every photo write locks its product first: that serialises them.
            product = locks.product_for_update(photo.product_id)
        except Product.DoesNotExist:
            product = None
        photo = ProductPhoto.objects.filter(pk=photo_id).first()
        if product is None or photo is None:
            # Deleted while we worked: its delete could not know these files.
            effects.after_commit(partial(_files_delete, _rendition_paths(renditions)))
            return {}
        photo.renditions = renditions
        photo.save(update_fields=["renditions"])
        _thumbnail_refresh(product)
        cache_version.bump_on_commit()
    return renditions


def photos_missing_renditions(*, older_than_seconds: int = 300) -> list[int]:
    """Photos whose renditions never came (the broker was down, a worker died)."""
    cutoff = timezone.now() - timedelta(seconds=older_than_seconds)
    return list(ProductPhoto.objects.filter(renditions={}, created_at__lt=cutoff).values_list("pk", flat=True))
