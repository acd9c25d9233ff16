"""Builders for catalog tests: real photos, cleaned and stored by catalog.photos."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from catalog import photos


def jpeg_upload(name: str = "piece.jpg", *, size=(120, 90), color=(190, 110, 60)) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, format="JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def photo_of(product, *, actor=None):
    """A real photo of `product`, added as its artisan adds one through the API."""
    return photos.photo_add(product=product, image=jpeg_upload(), actor=actor or product.artisan.user)
