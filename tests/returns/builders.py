"""Delivered purchases to return, and real photos made with Pillow."""

import io
import itertools
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from marketplace.money import convert_from_mad
from orders.lifecycle import order_mark_paid
from orders.models import ArtisanOrderStatus
from payments import ledger
from payments.models import Payment, PaymentStatus
from tests.factories import UserFactory
from tests.orders.builders import order_build
from tests.payments.ledger_builders import Paid, deliver

PREMIUM_MAD = Decimal("20.00")
_references = itertools.count(1)

GPS_TAG = 0x8825  # the EXIF GPS block's tag


def delivered_purchase(
    *, artisan, buyer=None, quantity: int = 2, days_ago: float = 1, language="en", insured: bool = False
) -> Paid:
    """One artisan's parcel of `quantity` pieces at 450 MAD (120 MAD shipping),
    insured for PREMIUM_MAD if `insured`, paid by `buyer` (a new one unless
    given) and captured in the ledger as the checkout and the payment flow
    leave it (the premium to the insurance account), delivered `days_ago`."""
    buyer = buyer or UserFactory()
    order = order_build(
        buyer=buyer, artisans=[artisan], statuses=[ArtisanOrderStatus.AWAITING_PAYMENT], quantity=quantity,
        stock=quantity + 5, language=language,
    )  # fmt: skip
    if insured:
        premium = convert_from_mad(PREMIUM_MAD, order.currency, order.exchange_rate)
        order.artisan_orders.update(insured=True, insurance_premium_mad=PREMIUM_MAD, insurance_premium=premium)
        order.insurance_total_mad, order.insurance_total = PREMIUM_MAD, premium
        order.total_mad += PREMIUM_MAD
        order.total += premium
        order.save()
    payment = Payment.objects.create(
        order=order, provider="test", provider_reference=f"pi_returns_{next(_references)}",
        status=PaymentStatus.SUCCEEDED, currency=order.currency, amount=order.total, amount_mad=order.total_mad,
        succeeded_at=timezone.now(),
    )  # fmt: skip
    order_mark_paid(order=order)
    ledger.capture_post(payment=payment)
    deliver(order, days_ago=days_ago)
    order.refresh_from_db()
    return Paid(order=order, payment=payment)


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
