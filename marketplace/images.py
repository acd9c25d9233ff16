"""Uploaded images, judged by their content and stored without metadata.

An upload is judged by its content, never by its name: Pillow must recognise
it as JPEG, PNG or WebP; its header must announce at most PHOTO_MAX_PIXELS
pixels before any pixel is decoded; decompression bombs are refused. What is
stored is a re-encoding of the pixels only (EXIF orientation applied first):
no EXIF, GPS, XMP, ICC profile or text chunk survives, and its file name is
generated, never the client's. photo_clean is the one way in for every
upload: product photos (catalog.photos), artisans' portraits through the API
(artisans.services) and the admin (PhotoUploadField), the demo's pictures.
"""

import io
import logging
import uuid
import warnings
from contextlib import contextmanager
from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

logger = logging.getLogger(__name__)

# Pillow format name → file extension of the stored original.
ALLOWED_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
ORIGINAL_SAVE_OPTIONS = {"JPEG": {"quality": 90, "optimize": True}, "PNG": {}, "WEBP": {"quality": 90, "method": 4}}

# Exceptions Pillow raises on broken or hostile files while reading them.
PILLOW_READ_ERRORS = (OSError, SyntaxError, ValueError, TypeError, IndexError, KeyError, EOFError, MemoryError)


def max_upload_bytes() -> int:
    return getattr(settings, "PHOTO_MAX_UPLOAD_BYTES", 10 * 1024 * 1024)


def max_pixels() -> int:
    return getattr(settings, "PHOTO_MAX_PIXELS", 40_000_000)


def image_error(message, code: str) -> ValidationError:
    return ValidationError({"image": [ValidationError(message, code=code)]})


def _too_big_error() -> ValidationError:
    return image_error(
        _("This image is too large: at most %(megapixels)s megapixels.") % {"megapixels": max_pixels() // 1_000_000},
        "too_many_pixels",
    )


@contextmanager
def _bombs_refused():
    """Pillow only *warns* between MAX_IMAGE_PIXELS and twice that: make the
    warning an error. (The explicit size checks below do not rely on it.)"""
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        yield


def open_checked(fp, *, draft: tuple[int, int] | None = None) -> Image.Image:
    """Open from the header only, refuse anything not allowed, then decode.
    `draft`: a JPEG may be decoded at a reduced scale still at least this big."""
    try:
        with _bombs_refused():
            image = Image.open(fp, formats=list(ALLOWED_FORMATS))
            width, height = image.size
            if width * height > max_pixels():
                raise _too_big_error()
            if Image.MAX_IMAGE_PIXELS and width * height > Image.MAX_IMAGE_PIXELS:
                raise Image.DecompressionBombError("image size exceeds Image.MAX_IMAGE_PIXELS")
            if draft and image.format == "JPEG":
                image.draft(image.mode, draft)
            image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise _too_big_error() from error
    except UnidentifiedImageError as error:
        raise image_error(_("Upload a photo in JPEG, PNG or WebP format."), "unsupported_format") from error
    except PILLOW_READ_ERRORS as error:
        raise image_error(_("This image file is damaged or incomplete."), "invalid_image") from error
    return image


def _exif_transposed(image: Image.Image) -> Image.Image:
    try:
        return ImageOps.exif_transpose(image)
    except PILLOW_READ_ERRORS:
        # Unreadable EXIF: the orientation is unknown, keep the pixels as they are.
        logger.warning("Unreadable EXIF orientation, photo kept as decoded", exc_info=True)
        return image.copy()


_SRGB = ImageCms.createProfile("sRGB")


def _in_srgb(image: Image.Image, icc_profile: bytes | None) -> Image.Image:
    """Browsers assume untagged pixels are sRGB: convert before the profile is
    dropped, so a Display P3 or Adobe RGB photo keeps its colours."""
    if image.mode == "CMYK" or (icc_profile and image.mode in ("RGB", "RGBA")):
        output_mode = "RGBA" if image.mode == "RGBA" else "RGB"
        if icc_profile:
            try:
                source = ImageCms.ImageCmsProfile(io.BytesIO(icc_profile))
                return ImageCms.profileToProfile(image, source, _SRGB, outputMode=output_mode)
            except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
                logger.info("Unusable ICC profile, colours converted without it", exc_info=True)
        return image.convert(output_mode)
    return image


def _reencoded(decoded: Image.Image) -> tuple[Image.Image, io.BytesIO]:
    source_format = decoded.format
    icc_profile = decoded.info.get("icc_profile")
    transparency = decoded.info.get("transparency")
    # Only the first frame of an animated PNG or WebP is kept.
    upright = _exif_transposed(decoded)
    if transparency is None:
        upright = _in_srgb(upright, icc_profile)
    if source_format == "JPEG" and upright.mode not in ("L", "RGB"):
        upright = upright.convert("RGB")
    # Pillow copies the source's info (EXIF, ICC, XMP, text chunks, comment)
    # into what it saves: start from none, keep only what draws pixels.
    upright.info = {} if transparency is None else {"transparency": transparency}
    buffer = io.BytesIO()
    upright.save(buffer, format=source_format, **ORIGINAL_SAVE_OPTIONS[source_format])
    return upright, buffer


@dataclass(frozen=True)
class CleanPhoto:
    content: ContentFile
    format: str
    width: int
    height: int


def photo_clean(image, *, field: str = "image") -> CleanPhoto:
    """Validate an uploaded file and return its pixels re-encoded, upright,
    in the same format, with no metadata at all. Raises ValidationError
    naming `field` for anything else: never lets Pillow's errors through."""
    try:
        return _clean(image)
    except ValidationError as error:
        if field == "image":
            raise
        raise ValidationError({field: error.message_dict["image"]}) from error


def _clean(image) -> CleanPhoto:
    size = getattr(image, "size", None)
    if size is None:
        image.seek(0, io.SEEK_END)
        size = image.tell()
    if not size:
        raise image_error(_("The file is empty."), "empty")
    if size > max_upload_bytes():
        limit = max_upload_bytes() // (1024 * 1024)
        raise image_error(_("This file is too big: at most %(size)d MB.") % {"size": limit}, "file_too_big")
    image.seek(0)
    decoded = open_checked(image)
    source_format = decoded.format
    if source_format not in ALLOWED_FORMATS:  # formats= already restricts this; keep it explicit.
        raise image_error(_("Upload a photo in JPEG, PNG or WebP format."), "unsupported_format")

    try:
        upright, buffer = _reencoded(decoded)
    except PILLOW_READ_ERRORS as error:
        logger.exception("Could not re-encode an uploaded %s", source_format)
        raise image_error(_("This image could not be processed."), "invalid_image") from error
    name = f"{uuid.uuid4().hex}.{ALLOWED_FORMATS[source_format]}"
    return CleanPhoto(
        content=ContentFile(buffer.getvalue(), name=name),
        format=source_format,
        width=upright.width,
        height=upright.height,
    )


class PhotoUploadField(forms.FileField):
    """A form's photo upload (the admin's), cleaned by photo_clean: what the
    model stores is the re-encoded, renamed file, or the form shows why not.
    A FileField, not Django's ImageField: photo_clean judges the content."""

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        if isinstance(widget, forms.FileInput) and "accept" not in widget.attrs:
            attrs["accept"] = "image/jpeg,image/png,image/webp"
        return attrs

    def clean(self, data, initial=None):
        value = super().clean(data, initial)
        if not isinstance(value, UploadedFile):
            return value  # unchanged (the stored file) or cleared (False)
        try:
            return photo_clean(value).content
        except ValidationError as error:
            raise ValidationError(error.error_dict["image"]) from error
