"""Delivered purchases to return, and real photos made with Pillow."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from orders.models import Order
from tests.factories import UserFactory
from tests.payments.ledger_builders import Paid, deliver, paid_order

GPS_TAG = 0x8825  # the EXIF GPS block's tag


def delivered_purchase(*, artisan, buyer=None, quantity: int = 2, days_ago: float = 1, language="en") -> Paid:
    """One artisan's parcel of `quantity` pieces at 450 MAD, paid by `buyer`
    (a new one unless given), captured in the ledger, delivered `days_ago`."""
    buyer = buyer or UserFactory()
    paid = paid_order(artisans=[artisan], quantity=quantity)
    Order.objects.filter(pk=paid.order.pk).update(buyer=buyer, email=buyer.email, language=language)
    deliver(paid.order, days_ago=days_ago)
    paid.order.refresh_from_db()
    return paid


def photo_upload(name: str = "broken.jpg", *, color=(180, 90, 40), size=(640, 480), gps: bool = True):
    """A JPEG as a phone takes it: with an EXIF block (a GPS position included)."""
    image = Image.new("RGB", size, color)
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    if gps:
        exif[GPS_TAG] = {1: "N", 2: (33.0, 35.0, 0.0)}
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif.tobytes())
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")
