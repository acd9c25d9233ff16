"""What the documents of an artisan order say, as plain JSON: parties,
numbers, lines, amounts, weights and the rules' decisions. Built only from
the order's snapshots (never the live catalog), less the refunded pieces
(OrderLine.quantity_refunded: a fully refunded line drops out, the value and
net weight follow; a refund asks for new documents only before the parcel
leaves), so the same order gives the same data, and the data's hash is the key of a document version: a retry
finds the row it made, a changed address makes a new one."""

import hashlib
import json
import logging
from decimal import Decimal

from django.conf import settings
from django.db.models import Prefetch

from marketplace.money import convert_from_mad, rate_in_force
from orders.models import ArtisanOrder, ArtisanOrderStatus, OrderEvent, OrderLine
from orders.paperwork import rules
from orders.paperwork.models import DocumentKind
from orders.pricing import collected_duties

logger = logging.getLogger(__name__)

# Bump when the data's shape changes: every order then gets a new version on its next generation.
# 2: "ioss", the marketplace's "country".
SCHEMA = 2
MOROCCO = "MA"


def _amount(value: Decimal) -> str:
    return str(Decimal(value).quantize(Decimal("0.01")))


def artisan_order_for_paperwork(artisan_order_id: int) -> ArtisanOrder:
    """The artisan order with everything the documents read, in four queries."""
    return (
        ArtisanOrder.objects.select_related("order", "artisan__cooperative", "shipping_service")
        .prefetch_related(
            Prefetch("lines", queryset=OrderLine.objects.order_by("id")),
            Prefetch(
                "events",
                queryset=OrderEvent.objects.filter(to_status=ArtisanOrderStatus.READY_TO_SHIP).order_by("-created_at"),
                to_attr="ready_events",
            ),
        )
        .get(pk=artisan_order_id)
    )


def _position(artisan_order: ArtisanOrder) -> int:
    """1 for the order's first artisan order, 2 for the second...: the suffix
    of the invoice number, so each parcel of an order has its own invoice."""
    return ArtisanOrder.objects.filter(order_id=artisan_order.order_id, pk__lte=artisan_order.pk).count()


def _exporter(artisan) -> dict:
    """The cooperative exports for its members; an independent artisan for themself."""
    cooperative = artisan.cooperative
    if cooperative is not None:
        return {
            "kind": "cooperative",
            "name_latin": cooperative.name_latin,
            "name_arabic": cooperative.name_arabic,
            "ice": cooperative.ice,
            "approved_exporter_number": cooperative.approved_exporter_number,
            "city": cooperative.city,
            "country": MOROCCO,
            "phone": cooperative.contact_phone,
            "email": cooperative.contact_email,
        }
    return {
        "kind": "artisan",
        "name_latin": artisan.display_name_latin,
        "name_arabic": artisan.display_name_arabic,
        "ice": artisan.ice,
        "approved_exporter_number": artisan.approved_exporter_number,
        "city": artisan.city,
        "country": MOROCCO,
        "phone": "",
        "email": "",
    }


def _live_lines(artisan_order: ArtisanOrder) -> list[OrderLine]:
    """The lines with pieces still in the parcel: a refunded piece is not shipped."""
    return [line for line in artisan_order.lines.all() if line.live_quantity > 0]


def _goods(artisan_order: ArtisanOrder) -> tuple[Decimal, Decimal]:
    """The goods' value in the order's currency and in MAD, less what was refunded of them."""
    lines = list(artisan_order.lines.all())
    refunded = sum((line.amount_refunded for line in lines), Decimal(0))
    refunded_mad = sum((line.amount_refunded_mad for line in lines), Decimal(0))
    return artisan_order.subtotal - refunded, artisan_order.subtotal_mad - refunded_mad


def _lines(artisan_order: ArtisanOrder) -> list[dict]:
    return [
        {
            "description": line.title,
            "options": ", ".join(f"{name}: {value}" for name, value in sorted(line.options.items())),
            "sku": line.sku,
            "hs_code": line.hs_code,
            "origin": str(line.origin_country.code or MOROCCO),
            "quantity": line.live_quantity,
            "unit_weight_grams": line.weight_grams,
            "net_weight_grams": line.weight_grams * line.live_quantity,
            "unit_price": _amount(line.unit_price),
            "total": _amount(line.live_total),
            "unit_price_mad": _amount(line.unit_price_mad),
            "total_mad": _amount(line.live_total_mad),
        }
        for line in _live_lines(artisan_order)
    ]


def _totals(artisan_order: ArtisanOrder) -> dict:
    """Goods, freight, the shipping insurance the buyer paid for (0 when the
    parcel is not insured) and, under DDP, the duties and taxes paid at checkout."""
    duties, duties_mad = collected_duties(
        incoterm=artisan_order.order.incoterm, breakdown=artisan_order.duties_breakdown
    )
    goods, goods_mad = _goods(artisan_order)
    return {
        "goods": _amount(goods),
        "goods_mad": _amount(goods_mad),
        "freight": _amount(artisan_order.shipping),
        "freight_mad": _amount(artisan_order.shipping_mad),
        "insurance": _amount(artisan_order.insurance_premium),
        "insurance_mad": _amount(artisan_order.insurance_premium_mad),
        "duties": _amount(duties),
        "duties_mad": _amount(duties_mad),
        "total": _amount(goods + artisan_order.shipping + artisan_order.insurance_premium + duties),
        "total_mad": _amount(goods_mad + artisan_order.shipping_mad + artisan_order.insurance_premium_mad + duties_mad),
    }


def _ioss(artisan_order: ArtisanOrder) -> dict:
    """Whether the VAT was collected at checkout under IOSS, and the number
    the documents print for it (empty when the setting is: they say so)."""
    order = artisan_order.order
    applies = rules.vat_collected_under_ioss(
        incoterm=order.incoterm,
        country_code=order.shipping_country.code,
        duties_breakdown=artisan_order.duties_breakdown,
    )
    number = settings.MARKETPLACE_IOSS_NUMBER if applies else ""
    if applies and not number:
        logger.warning(
            "Artisan order %s: VAT collected at checkout under IOSS, but MARKETPLACE_IOSS_NUMBER is empty: "
            "its documents print no IOSS number.",
            artisan_order.pk,
        )
    return {"applies": applies, "number": number}


def _value_eur(artisan_order: ArtisanOrder) -> tuple[Decimal, str]:
    """The consignment's goods value in euros (the EU origin limit is in EUR),
    and the EUR-per-MAD rate used: the order's own when it was in EUR, else
    the rate in force when it was placed (else the newest one)."""
    order = artisan_order.order
    goods, goods_mad = _goods(artisan_order)
    if order.currency == "EUR":
        return goods, str(order.exchange_rate)
    rate = rate_in_force("EUR", at=order.placed_at) or rate_in_force("EUR")
    return convert_from_mad(goods_mad, "EUR", rate), str(rate.rate if rate else "")


def _origin(artisan_order: ArtisanOrder, exporter: dict, lines: list[dict]) -> dict:
    country = artisan_order.order.shipping_country.code
    regime = rules.origin_regime(country)
    origin = {"regime": regime, "all_lines_moroccan": all(line["origin"] == MOROCCO for line in lines)}
    if regime == rules.EU:
        value_eur, eur_rate = _value_eur(artisan_order)
        decision = rules.eu_origin_decision(
            value_eur=value_eur, approved_exporter_number=exporter["approved_exporter_number"]
        )
        origin.update(
            value_eur=_amount(value_eur),
            eur_per_mad=eur_rate,
            limit_eur=str(settings.PAPERWORK_EU_ORIGIN_DECLARATION_MAX_EUR),
            may_declare=decision.may_declare,
            approved_exporter_number=exporter["approved_exporter_number"] if decision.needs_approved_number else "",
            needs_eur1=decision.needs_eur1,
        )
    return origin


def _parcel(artisan_order: ArtisanOrder, lines: list[dict]) -> dict:
    net = sum(line["net_weight_grams"] for line in lines)
    return {
        "count": 1,  # one parcel per artisan order
        "net_weight_grams": net,
        # What the artisan weighed at ready_to_ship, checked there to be no less than the goods
        # plus packaging (orders.lifecycle): the CN22/CN23 choice reads this, never the goods'
        # sum. The pieces' own weights only before then, when no document is made.
        "gross_weight_grams": artisan_order.parcel_weight_grams or net,
        "length_cm": str(artisan_order.parcel_length_cm or ""),
        "width_cm": str(artisan_order.parcel_width_cm or ""),
        "height_cm": str(artisan_order.parcel_height_cm or ""),
    }


def _issue_date(artisan_order: ArtisanOrder) -> str:
    """The day the parcel was declared ready: fixed once, so a retry or a
    later re-render keeps the date (and the data's hash)."""
    events = getattr(artisan_order, "ready_events", None)
    if events is None:
        events = list(artisan_order.events.filter(to_status=ArtisanOrderStatus.READY_TO_SHIP).order_by("-created_at"))
    moment = events[0].created_at if events else artisan_order.order.placed_at
    return moment.date().isoformat()


def paperwork_data(artisan_order: ArtisanOrder) -> dict:
    """Everything the four documents print, for `artisan_order` as loaded by
    `artisan_order_for_paperwork`."""
    order = artisan_order.order
    artisan = artisan_order.artisan
    base_number = f"{order.number}-{_position(artisan_order)}"
    exporter = _exporter(artisan)
    lines = _lines(artisan_order)
    parcel = _parcel(artisan_order, lines)
    _goods_value, goods_mad = _goods(artisan_order)
    value_sdr = rules.sdr_from_mad(goods_mad)
    service = artisan_order.shipping_service
    return {
        "schema": SCHEMA,
        "language": artisan.paperwork_language,
        "numbers": {
            DocumentKind.COMMERCIAL_INVOICE.value: f"INV-{base_number}",
            DocumentKind.PACKING_LIST.value: f"PL-{base_number}",
            DocumentKind.CUSTOMS_DECLARATION.value: f"CN-{base_number}",
            DocumentKind.ORIGIN_STATEMENT.value: f"OS-{base_number}",
        },
        "issue_date": _issue_date(artisan_order),
        "order_number": order.number,
        "order_date": order.placed_at.date().isoformat(),
        "currency": order.currency,
        "units_per_mad": str(order.exchange_rate),
        "incoterm": order.incoterm,
        "reason_for_export": "sale",
        "exporter": exporter,
        "producer": {
            "name_latin": artisan.display_name_latin,
            "name_arabic": artisan.display_name_arabic,
            "city": artisan.city,
        },
        "marketplace": {
            "name": settings.PAPERWORK_MARKETPLACE_NAME,
            "address": settings.PAPERWORK_MARKETPLACE_ADDRESS,
            "country": settings.PAPERWORK_MARKETPLACE_COUNTRY,
            "ice": settings.PAPERWORK_MARKETPLACE_ICE,
        },
        "consignee": order.shipping_address,
        "shipping_service": {"name": service.name, "carrier": service.carrier, "kind": service.kind},
        "lines": lines,
        "totals": _totals(artisan_order),
        "ioss": _ioss(artisan_order),
        "parcel": parcel,
        "customs": {
            "form": rules.customs_form(value_sdr=value_sdr, gross_weight_grams=parcel["gross_weight_grams"]),
            "category": "sale_of_goods",
            "value_sdr": str(value_sdr),
            "mad_per_sdr": str(settings.PAPERWORK_SDR_IN_MAD),
            "limit_sdr": str(settings.PAPERWORK_CN22_MAX_SDR),
            "limit_grams": settings.PAPERWORK_CN22_MAX_GRAMS,
        },
        "origin": _origin(artisan_order, exporter, lines),
    }


def data_hash(data: dict) -> str:
    """SHA-256 of the data in one canonical JSON form (sorted keys, no spaces)."""
    canonical = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()
