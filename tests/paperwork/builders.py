"""Artisan orders ready to ship, shaped for paperwork tests: lines, prices,
weights, destination and currency chosen by the test. Built on
tests/orders/builders.order_build, then reshaped."""

from decimal import Decimal

from orders.models import ArtisanOrder, ArtisanOrderStatus, OrderLine
from orders.paperwork import render
from tests.factories import ArtisanFactory, CooperativeFactory
from tests.orders.builders import order_build

COOPERATIVE_ARABIC = "تعاونية النساء للفخار بآسفي"
ARTISAN_ARABIC = "خديجة أيت أحمد"
EUR_PER_MAD = Decimal("0.093")
CENT = Decimal("0.01")

ADDRESSES = {
    "FR": {"shipping_name": "Claire Martin", "shipping_line1": "12 rue des Potiers", "shipping_city": "Lyon",
           "shipping_region": "", "shipping_postal_code": "69001", "shipping_phone": "+33612345678"},
    "ES": {"shipping_name": "Lucía García", "shipping_line1": "Calle Mayor 5", "shipping_city": "Madrid",
           "shipping_region": "", "shipping_postal_code": "28013", "shipping_phone": "+34612345678"},
    "US": {"shipping_name": "Jordan Lee", "shipping_line1": "200 Grand Street", "shipping_city": "Brooklyn",
           "shipping_region": "NY", "shipping_postal_code": "11211", "shipping_phone": "+12125550123"},
    "GB": {"shipping_name": "Sam Hughes", "shipping_line1": "3 Mill Lane", "shipping_city": "Leeds",
           "shipping_region": "", "shipping_postal_code": "LS1 4AB", "shipping_phone": "+447700900123"},
}  # fmt: skip

DEFAULT_LINE = {"title": "Glazed tagine, Safi blue", "hs_code": "6912.00", "quantity": 2, "unit_price_mad": "450.00",
                "weight_grams": 600}  # fmt: skip

CATALOGUE = [
    ("Glazed tagine, Safi blue", "6912.00"),
    ("Beni Ourain hand-knotted wool rug", "5701.10"),
    ("Kilim flat-woven rug", "5702.10"),
    ("Silk caftan, hand-embroidered", "6204.49"),
    ("Leather babouches", "6403.59"),
    ("Leather handbag", "4202.21"),
    ("Stuffed leather pouf", "9404.90"),
    ("Brass candle lantern", "9405.50"),
    ("Thuya wood inlaid box", "4420.90"),
    ("Zellige tiles, set of 20", "6907.30"),
    ("Silver Tiznit bracelet", "7113.11"),
    ("Doum palm basket", "4602.19"),
]


def twelve_lines() -> list[dict]:
    return [
        {"title": title, "hs_code": hs_code, "quantity": 1 + number % 3, "unit_price_mad": f"{120 + 35 * number}.00",
         "weight_grams": 150 + 20 * number}
        for number, (title, hs_code) in enumerate(CATALOGUE)
    ]  # fmt: skip


def exporter(*, approved_exporter_number: str = "", language: str = "en", admins=()):
    cooperative = CooperativeFactory(
        name_latin="Coopérative des potières de Safi",
        name_arabic=COOPERATIVE_ARABIC,
        approved_exporter_number=approved_exporter_number,
        admins=list(admins),
    )
    return ArtisanFactory(
        cooperative=cooperative,
        display_name_latin="Khadija Ait Ahmed",
        display_name_arabic=ARTISAN_ARABIC,
        paperwork_language=language,
    )


def paperwork_order(
    *,
    artisan=None,
    buyer=None,
    country: str = "FR",
    currency: str = "EUR",
    units_per_mad: Decimal = EUR_PER_MAD,
    incoterm: str = "DAP",
    lines=None,
    parcel_weight_grams: int = 1500,
    status=ArtisanOrderStatus.READY_TO_SHIP,
) -> ArtisanOrder:
    """An artisan order (alone in its order) with these lines, to `country`."""
    artisan = artisan or exporter()
    order = order_build(buyer=buyer, artisans=[artisan], statuses=[status])
    artisan_order = order.artisan_orders.get()
    template = artisan_order.lines.get()
    template.delete()
    subtotal_mad = Decimal(0)
    for spec in lines or [DEFAULT_LINE]:
        unit_mad = Decimal(spec["unit_price_mad"])
        unit = (unit_mad * units_per_mad).quantize(CENT)
        OrderLine.objects.create(
            artisan_order=artisan_order,
            variant=template.variant,
            product=template.product,
            title=spec["title"],
            sku=spec.get("sku", template.sku),
            options=spec.get("options", {}),
            hs_code=spec["hs_code"],
            weight_grams=spec["weight_grams"],
            quantity=spec["quantity"],
            unit_price_mad=unit_mad,
            unit_price=unit,
            line_total_mad=unit_mad * spec["quantity"],
            line_total=unit * spec["quantity"],
        )
        subtotal_mad += unit_mad * spec["quantity"]
    shipping_mad = artisan_order.shipping_mad
    artisan_order.subtotal_mad = subtotal_mad
    artisan_order.subtotal = (subtotal_mad * units_per_mad).quantize(CENT)
    artisan_order.shipping = (shipping_mad * units_per_mad).quantize(CENT)
    if parcel_weight_grams is not None and artisan_order.parcel_weight_grams is not None:
        artisan_order.parcel_weight_grams = parcel_weight_grams
    artisan_order.save()
    for name, value in ADDRESSES[country].items():
        setattr(order, name, value)
    order.shipping_country = country
    order.currency = currency
    order.exchange_rate = units_per_mad
    order.incoterm = incoterm
    order.subtotal_mad, order.subtotal = artisan_order.subtotal_mad, artisan_order.subtotal
    order.total_mad = subtotal_mad + shipping_mad
    order.total = artisan_order.subtotal + artisan_order.shipping
    order.save()
    artisan_order.refresh_from_db()
    return artisan_order


def render_failing_once(monkeypatch, kind, error: Exception) -> list[str]:
    """The render of `kind` raises `error` the first time, then works. Returns
    the kinds rendered, in order, as they are rendered."""
    real_render = render.document_render
    rendered = []

    def render_or_fail(document_kind, data, **kwargs):
        rendered.append(document_kind)
        if document_kind == kind and rendered.count(kind) == 1:
            raise error
        return real_render(document_kind, data, **kwargs)

    monkeypatch.setattr(render, "document_render", render_or_fail)
    return rendered
