"""Demo returns: a damage claim the demo buyer opened on a delivered Safi
tagine, with two photos of the crack, waiting for the cooperative's
decision, so that the returns admin and the cooperative admin's e-mail show
a claim from the first `make demo`. It goes through the returns service
(photos cleaned as any upload). Idempotent: a line with a claim is skipped."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile

from demo import drawings
from marketplace.errors import DomainError
from orders.models import Order, OrderLine
from returns.models import ReturnKind, ReturnRequest
from returns.services import return_open

CLAIMED_ORDER = "SK-DEMO-S101"  # the first Safi parcel of demo/satisfaction.py
REASON = "The lid arrived cracked in two; the base is fine. Photos of the lid and of the box attached."
PHOTO_PIXELS = 480


def _crack_photo(name: str, seed: int) -> SimpleUploadedFile:
    """A tagine drawn as the demo's products are, with a dark crack across it."""
    canvas = drawings.Canvas(PHOTO_PIXELS, (236, 226, 210), (190, 170, 150), seed)
    drawings.draw_tagine(canvas, (40, 90, 150), (230, 220, 200), (200, 150, 60))
    crack = [(0.38, 0.18), (0.45, 0.32), (0.41, 0.44), (0.52, 0.58), (0.47, 0.72)]
    canvas.draw.line(canvas.points(crack), fill=(25, 20, 18), width=canvas.w(0.012))
    content = io.BytesIO()
    canvas.image.save(content, format="JPEG", quality=85)
    return SimpleUploadedFile(name, content.getvalue(), content_type="image/jpeg")


def claims_seed() -> int:
    """The demo damage claim; returns how many were opened (0 or 1)."""
    order = Order.objects.filter(number=CLAIMED_ORDER).select_related("buyer").first()
    line = OrderLine.objects.filter(artisan_order__order=order).order_by("pk").first() if order else None
    if line is None or ReturnRequest.objects.filter(order_line=line).exists():
        return 0
    photos = [_crack_photo("lid.jpg", 1), _crack_photo("box.jpg", 2)]
    try:
        return_open(buyer=order.buyer, order_line=line, kind=ReturnKind.DAMAGE, quantity=1, reason=REASON,
                    photos=photos)  # fmt: skip
    except DomainError:  # a demo seeded long ago: its parcel is past the returns window
        return 0
    return 1
