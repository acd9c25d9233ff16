"""Demo export history: two years of paid orders whose mix is the national
programme's, so the analytics dashboard tells its story on the first `make
run`: by category pottery 36 %, carpets 20 %, traditional clothing 13 %; by
destination the USA 44 %, France 14 %, Spain 7 %; growing 11 % a year. The
shares are shares of paid export value in MAD (analytics.selectors), so the
generator steers value, not order counts.

How: orders are drawn one after another from a seeded random generator.
Each goes to the *stream* (a maker's category) and then to the country
whose running value lags its target share most (largest deficit first), so
every cumulative share stays within one order of its target, and so does
every long window of it. The order's time follows its cumulative value
along an exponential curve (11 % a year, LAST_YEAR_EXPORTS_MAD over the
last 365 days), which makes any 12 months 11 % above the 12 before.

What the orders look like: as the checkout placed them and the lifecycle
moved them, one artisan order each (one maker per order), with the events
of every legal move (placed, paid, in production for made-to-order pieces,
ready, shipped, delivered; the order paid, shipped, completed), a succeeded
payment and its recorded move, and an audit row per order and part. Recent
orders stop where their dates have got to (paid, shipped). Written in bulk:
thousands of orders through the services would take minutes.

What they leave out, on purpose: stock (these pieces were sold long ago;
the shelves hold today's stock), the export paperwork PDFs, and the ledger.
No capture is posted, because the artisans' balances would then owe them
two years of sales and the scheduled payouts would pay it all on the first
run; analytics reads the order lines, not the ledger.

Idempotent and dated relative to the day of the first seeding: order i is
numbered SK<placed yymmdd>-0<i>, a suffix the checkout never makes (its
alphabet has no 0); seeding again adds only the numbers missing."""

import math
import random
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.db import connection, transaction
from django.utils import timezone

from catalog.models import Product, ProductStatus
from demo.makers import AZILAL, AZROU, ESSAOUIRA, FES_SFIFA, FES_ZELLIGE, MARRAKECH, SAFI, TAMANAR, TIZNIT
from demo.showcase import SHOWCASE
from marketplace.models import ExchangeRate
from marketplace.money import convert_from_mad
from orders.models import (
    ArtisanOrder,
    ArtisanOrderStatus,
    Incoterm,
    Order,
    OrderEvent,
    OrderLine,
    OrderStatus,
    ShippingService,
)
from payments.models import Payment, PaymentStatus, StateChange

SEED = 15  # issue 15: the same history on every machine
HISTORY_DAYS = 731  # two years, and a day: the dashboard compares the last 12 months with the 12 before
ANNUAL_GROWTH = 1.11
LAST_YEAR_EXPORTS_MAD = Decimal("1500000")  # the last 365 days, every maker together
BATCH_SIZE = 500

# (maker, top category): share of export value in %. Categories: pottery 36,
# carpets 20, clothing 13, leather 8, metalwork 5, woodwork 5, jewellery 4,
# zellige 4, textiles 2, basketry 1.5, argan 1.5. The makers' split sets the
# cooperatives' figures, which the Trade Pact verdicts read (seed_demo's
# DECLARED_TURNOVERS_MAD).
STREAMS = {
    (SAFI, "pottery"): 27,
    (FES_ZELLIGE, "pottery"): 9,
    (AZILAL, "carpets"): 10,
    (AZROU, "carpets"): 10,
    (FES_SFIFA, "clothing"): 13,
    (MARRAKECH, "leather"): 8,
    (MARRAKECH, "metalwork"): 5,
    (ESSAOUIRA, "woodwork"): 5,
    (TIZNIT, "jewellery"): 4,
    (FES_ZELLIGE, "zellige"): 4,
    (AZILAL, "textiles"): 1,
    (FES_SFIFA, "textiles"): 1,
    (TAMANAR, "basketry"): 1,
    (AZILAL, "basketry"): 0.5,
    (TAMANAR, "argan"): 1.5,
}


@dataclass(frozen=True)
class Destination:
    share: float  # % of export value
    currency: str
    language: str
    city: str
    postal_code: str
    line1: str
    phone: str
    names: tuple[str, ...]


DESTINATIONS = {
    "US": Destination(44, "USD", "en", "New York", "10013", "145 Mercer Street", "+12125550143",
                      ("Emily Carter", "James Miller", "Olivia Brooks", "Michael Reyes", "Sarah Kim")),
    "FR": Destination(14, "EUR", "fr", "Lyon", "69002", "8 rue Mercière", "+33478000000",
                      ("Camille Durand", "Louis Martin", "Chloé Bernard")),
    "ES": Destination(7, "EUR", "es", "Madrid", "28012", "Calle de Atocha 31", "+34910000000",
                      ("Lucía García", "Javier López")),
    "GB": Destination(8, "GBP", "en", "London", "N1 9GU", "12 Upper Street", "+442070000000",
                      ("Charlotte Evans", "Oliver Hughes")),
    "DE": Destination(6, "EUR", "en", "Berlin", "10119", "Torstraße 88", "+493000000000",
                      ("Anna Schmidt", "Lukas Weber")),
    "CA": Destination(5, "CAD", "en", "Montréal", "H2W 1S4", "4050 boulevard Saint-Laurent", "+15140000000",
                      ("Sophie Tremblay", "Liam Gagnon")),
    "NL": Destination(4, "EUR", "en", "Amsterdam", "1015 CS", "Prinsengracht 263", "+31200000000",
                      ("Sanne de Vries", "Daan Bakker")),
    "BE": Destination(3, "EUR", "fr", "Bruxelles", "1000", "Rue Antoine Dansaert 42", "+3220000000",
                      ("Manon Peeters",)),
    "IT": Destination(3, "EUR", "en", "Milano", "20121", "Via Brera 12", "+390200000000",
                      ("Giulia Rossi",)),
    "AE": Destination(3, "USD", "en", "Dubai", "00000", "Al Wasl Road 55", "+97140000000",
                      ("Layla Al Mansouri",)),
    "JP": Destination(3, "USD", "en", "Tokyo", "150-0001", "5-10-1 Jingumae, Shibuya", "+81300000000",
                      ("Yui Tanaka",)),
}  # fmt: skip

# service code: (shipping in MAD, transit days min and max)
SHIPPING = {"ems": (Decimal("180.00"), 7, 14), "express": (Decimal("320.00"), 3, 5)}
EXPRESS_FROM_MAD = Decimal("2500")
# A piece from ALONE_FROM_MAD is bought alone; none dearer than PIECE_MAX_MAD
# (the biggest rugs and fountains): any window of the history is then within
# a few thousand dirhams of the curve, and the shares within a point.
ALONE_FROM_MAD = Decimal("1500")
PIECE_MAX_MAD = Decimal("8000")


def number_of(index: int, placed_at) -> str:
    return f"SK{timezone.localtime(placed_at):%y%m%d}-0{index:05d}"


def _is_history_number(number: str) -> bool:
    return number[9:10] == "0"


@dataclass
class Planned:
    index: int
    placed_at: object
    stream: tuple[str, str]
    country: str
    pieces: list  # [(variant, quantity)], one maker's
    service: str

    @property
    def goods_mad(self) -> Decimal:
        return sum((variant.price_mad * quantity for variant, quantity in self.pieces), Decimal("0.00"))


def _largest_deficit(targets: dict, values: dict, total: float):
    """The key whose running value lags its target share of `total` most
    (targets in any unit: percentages), the first one listed on a tie."""
    whole = sum(targets.values())
    return max(targets, key=lambda key: (targets[key] / whole * total - values[key], -list(targets).index(key)))


def _showcase_products() -> dict[tuple[str, str], list]:
    """The active showcase products of each stream, variants loaded. Only the
    showcase: `--products N` must not change which pieces history sold."""
    products = (
        Product.objects.filter(slug__in=[entry.slug for entry in SHOWCASE], status=ProductStatus.ACTIVE)
        .select_related("category__parent", "artisan__user")
        .prefetch_related("variants")
    )
    streams: dict[tuple[str, str], list] = {}
    # Sorted here, not by the database: collations differ (PostgreSQL's and SQLite's order hyphens apart).
    for product in sorted(products, key=lambda product: product.slug):
        root = product.category.parent or product.category
        variants = sorted(
            (variant for variant in product.variants.all() if variant.price_mad <= PIECE_MAX_MAD),
            key=lambda variant: variant.pk,
        )
        if variants:
            streams.setdefault((product.artisan.user.email, root.slug), []).append((product, variants))
    return streams


def _pieces(rng: random.Random, products: list) -> list:
    """What one buyer takes from one maker: a dear piece alone, or one to
    three cheaper ones, several of the cheapest."""
    chosen = rng.sample(products, k=min(len(products), rng.choice((1, 1, 2, 2, 3))))
    pieces = []
    for _product, variants in chosen:
        variant = rng.choice(variants)
        if variant.price_mad >= ALONE_FROM_MAD:
            return [(variant, 1)]
        quantity = rng.choice((1, 2, 2, 3, 4)) if variant.price_mad < 400 else rng.choice((1, 1, 1, 2))
        pieces.append((variant, quantity))
    return pieces


def plan(now) -> list[Planned]:
    """The orders of the history, oldest first: a pure function of the showcase and `now`."""
    products = _showcase_products()
    streams = {key: share for key, share in STREAMS.items() if key in products}
    countries = {code: destination.share for code, destination in DESTINATIONS.items()}
    growth_per_day = math.log(ANNUAL_GROWTH) / 365
    # Cumulative value F(t) = scale * (e^(rt) - 1) over t days from the start.
    scale = float(LAST_YEAR_EXPORTS_MAD) / (
        math.exp(growth_per_day * HISTORY_DAYS) - math.exp(growth_per_day * (HISTORY_DAYS - 365))
    )
    history_total = scale * (math.exp(growth_per_day * HISTORY_DAYS) - 1)
    start = now - timedelta(days=HISTORY_DAYS)

    rng = random.Random(SEED)
    by_stream = dict.fromkeys(streams, 0.0)
    by_country = dict.fromkeys(countries, 0.0)
    total, orders = 0.0, []
    while streams and total < history_total:
        stream = _largest_deficit(streams, by_stream, total)
        planned = Planned(len(orders) + 1, None, stream, "", _pieces(rng, products[stream]), "ems")
        amount = float(planned.goods_mad)
        planned.country = _largest_deficit(countries, by_country, total + amount)
        # Placed where the curve reaches the middle of this order's value.
        day = math.log1p((total + amount / 2) / scale) / growth_per_day
        planned.placed_at = min(start + timedelta(days=day, hours=rng.uniform(-3, 3)), now - timedelta(minutes=30))
        if planned.goods_mad >= EXPRESS_FROM_MAD:
            planned.service = "express"  # dearer parcels go by express
        orders.append(planned)
        by_stream[stream] += amount
        by_country[planned.country] += amount
        total += amount
    return orders


@contextmanager
def _own_dates(*models):
    """Let the rows keep the dates of their history: auto_now(_add) would stamp them all now."""
    saved = []
    for model in models:
        for field in model._meta.concrete_fields:
            if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
                saved.append((field, field.auto_now, field.auto_now_add))
                field.auto_now = field.auto_now_add = False
    try:
        yield
    finally:
        for field, auto_now, auto_now_add in saved:
            field.auto_now, field.auto_now_add = auto_now, auto_now_add


class _Rows:
    """The rows of one batch, in the order they are inserted."""

    def __init__(self):
        self.orders, self.parts, self.lines, self.payments = [], [], [], []
        self.events = []  # (order, part or None, actor, from, to, when, note)
        self.payment_moves = []  # (payment, when)


def _order_rows(rows: _Rows, planned: Planned, *, now, rates, services, maker_users):
    destination = DESTINATIONS[planned.country]
    currency, rate = destination.currency, rates[destination.currency]
    shipping_mad, transit_min, transit_max = SHIPPING[planned.service]
    artisan = planned.pieces[0][0].product.artisan
    lines, goods, weight = [], Decimal("0.00"), 0
    for variant, quantity in planned.pieces:
        product = variant.product
        unit_price = convert_from_mad(variant.price_mad, currency, rate)
        line_total = convert_from_mad(variant.price_mad * quantity, currency, rate)
        unit_weight = variant.weight_grams or product.weight_grams
        lines.append(
            OrderLine(
                variant=variant, product=product, title=product.title_en or product.title, sku=variant.sku,
                options=variant.options, hs_code=product.hs_code, weight_grams=unit_weight,
                made_to_order=product.made_to_order, quantity=quantity, unit_price_mad=variant.price_mad,
                unit_price=unit_price, line_total_mad=variant.price_mad * quantity, line_total=line_total,
            )
        )  # fmt: skip
        goods += line_total
        weight += unit_weight * quantity
    goods_mad = planned.goods_mad
    shipping = convert_from_mad(shipping_mad, currency, rate)
    name = destination.names[planned.index % len(destination.names)]
    placed = planned.placed_at
    order = Order(
        number=number_of(planned.index, placed), buyer=None,
        email=f"{name.split()[0].lower()}.{planned.index}@example.com", language=destination.language,
        status=OrderStatus.AWAITING_PAYMENT, currency=currency, exchange_rate=rate.rate, exchange_rate_at=placed,
        incoterm=Incoterm.DAP, shipping_name=name, shipping_line1=destination.line1, shipping_city=destination.city,
        shipping_postal_code=destination.postal_code, shipping_country=planned.country,
        shipping_phone=destination.phone, subtotal=goods, subtotal_mad=goods_mad, shipping_total=shipping,
        shipping_total_mad=shipping_mad, duties_total=0, duties_total_mad=0, duties_collected=0,
        duties_collected_mad=0, total=goods + shipping, total_mad=goods_mad + shipping_mad, placed_at=placed,
        expires_at=placed + timedelta(minutes=30), updated_at=placed,
    )  # fmt: skip
    part = ArtisanOrder(
        order=order, artisan=artisan, status=ArtisanOrderStatus.AWAITING_PAYMENT,
        shipping_service=services[planned.service], subtotal=goods, subtotal_mad=goods_mad, shipping=shipping,
        shipping_mad=shipping_mad, duties=0, duties_mad=0, estimated_delivery_days_min=transit_min,
        estimated_delivery_days_max=transit_max, updated_at=placed,
    )  # fmt: skip
    for line in lines:
        line.artisan_order = part
    payment = Payment(
        order=order, attempt=1, provider="stripe", provider_reference=f"pi_demo_{order.number}",
        status=PaymentStatus.REQUIRES_PAYMENT_METHOD, currency=currency, amount=order.total,
        amount_mad=order.total_mad, created_at=placed, updated_at=placed,
    )  # fmt: skip
    rows.orders.append(order)
    rows.parts.append(part)
    rows.lines += lines
    rows.payments.append(payment)
    AO, OS = ArtisanOrderStatus, OrderStatus
    maker = maker_users[artisan.pk]

    def event(part_or_none, actor, from_status, to_status, when):
        rows.events.append((order, part_or_none, actor, from_status, to_status, when))

    # Placed, then each move while its date has come, as orders.lifecycle makes them.
    event(None, None, "", OS.AWAITING_PAYMENT, placed)
    event(part, None, "", AO.AWAITING_PAYMENT, placed)
    paid = placed + timedelta(minutes=3)  # placed at least 30 minutes ago: always paid
    payment.status, payment.succeeded_at, payment.updated_at = PaymentStatus.SUCCEEDED, paid, paid
    rows.payment_moves.append((payment, paid))
    event(None, None, OS.AWAITING_PAYMENT, OS.PAID, paid)
    event(part, None, AO.AWAITING_PAYMENT, AO.TO_PREPARE, paid)
    order.status, part.status, order.updated_at, part.updated_at = OS.PAID, AO.TO_PREPARE, paid, paid
    steps = []
    ready = paid + timedelta(days=2, hours=planned.index % 7)
    made_to_order = [line.product for line in lines if line.made_to_order]
    if made_to_order:
        steps.append((AO.IN_PRODUCTION, paid + timedelta(days=1)))
        ready = paid + timedelta(days=1 + max(product.lead_time_days or 14 for product in made_to_order))
    steps += [(AO.READY_TO_SHIP, ready), (AO.SHIPPED, ready + timedelta(days=1))]
    steps.append((AO.DELIVERED, ready + timedelta(days=1 + (transit_min + transit_max) // 2)))
    for to_status, when in steps:
        if when > now:
            return
        event(part, None if to_status == AO.DELIVERED else maker, part.status, to_status, when)
        part.status, part.updated_at, order.updated_at = to_status, when, when
        if to_status == AO.READY_TO_SHIP:
            part.parcel_weight_grams = weight + 300
            part.parcel_length_cm, part.parcel_width_cm, part.parcel_height_cm = (Decimal(40), Decimal(30), Decimal(25))
        elif to_status == AO.SHIPPED:
            part.carrier = services[planned.service].carrier
            part.tracking_number = f"{'EE' if planned.service == 'ems' else 'JD'}{planned.index:09d}MA"
            part.shipped_at = when
            event(None, maker, order.status, OS.SHIPPED, when)
            order.status = OS.SHIPPED
        elif to_status == AO.DELIVERED:
            part.delivered_at = when
            event(None, None, order.status, OS.COMPLETED, when)
            order.status = OS.COMPLETED


def _insert(model, columns: list[str], values: list[tuple]) -> None:
    """Plain INSERTs of many rows: the events are most of the history's rows,
    and the ORM spends ten times the database's time preparing them."""
    if not values:
        return
    quote = connection.ops.quote_name
    sql = (
        f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(quote(column) for column in columns)}) "
        f"VALUES ({', '.join(['%s'] * len(columns))})"
    )
    with connection.cursor() as cursor:
        cursor.executemany(sql, values)


def _write(rows: _Rows) -> None:
    when_db = connection.ops.adapt_datetimefield_value
    with _own_dates(Order, ArtisanOrder, Payment):
        Order.objects.bulk_create(rows.orders)
        for part in rows.parts:
            part.order_id = part.order.pk
        ArtisanOrder.objects.bulk_create(rows.parts)
        for line in rows.lines:
            line.artisan_order_id = line.artisan_order.pk
        OrderLine.objects.bulk_create(rows.lines)
        for payment in rows.payments:
            payment.order_id = payment.order.pk
        Payment.objects.bulk_create(rows.payments)
    _insert(
        OrderEvent,
        ["order_id", "artisan_order_id", "actor_id", "on_behalf_of_id", "from_status", "to_status", "note",
         "created_at"],
        [(order.pk, part.pk if part else None, actor.pk if actor else None, None, str(from_status), str(to_status),
          "", when_db(when)) for order, part, actor, from_status, to_status, when in rows.events],
    )  # fmt: skip
    _insert(
        StateChange,
        ["subject", "subject_id", "from_status", "to_status", "actor_id", "note", "created_at"],
        [("payment", payment.pk, PaymentStatus.REQUIRES_PAYMENT_METHOD.value, PaymentStatus.SUCCEEDED.value, None,
          "", when_db(when)) for payment, when in rows.payment_moves],
    )  # fmt: skip
    # The audit trail: one row each, as they stand, dated by their last move.
    for instance in (*rows.orders, *rows.parts):
        instance._history_date = instance.updated_at
    Order.history.bulk_history_create(rows.orders)
    ArtisanOrder.history.bulk_history_create(rows.parts)


def export_history_seed(*, progress_factory, now=None) -> int:
    """Write the orders of `plan` not written yet; returns how many were added."""
    now = now or timezone.now()
    existing = {
        number[10:] for number in Order.objects.filter(number__contains="-0").values_list("number", flat=True)
        if _is_history_number(number)
    }  # fmt: skip
    missing = [planned for planned in plan(now) if f"{planned.index:05d}" not in existing]
    if not missing:
        return 0
    rates = {code: ExchangeRate.objects.filter(currency=code).order_by("-effective_at").first()
             for code in {destination.currency for destination in DESTINATIONS.values()}}  # fmt: skip
    services = {service.code: service for service in ShippingService.objects.filter(code__in=SHIPPING)}
    if set(services) != set(SHIPPING) or any(rate is None for rate in rates.values()):
        return 0  # reference data missing: no history rather than a broken one
    makers = {planned.pieces[0][0].product.artisan for planned in missing}
    maker_users = {artisan.pk: artisan.user for artisan in makers}
    with progress_factory(total=len(missing), desc="Export history", unit="order") as progress:
        for start in range(0, len(missing), BATCH_SIZE):
            batch = missing[start : start + BATCH_SIZE]
            rows = _Rows()
            for planned in batch:
                _order_rows(rows, planned, now=now, rates=rates, services=services, maker_users=maker_users)
            with transaction.atomic():
                _write(rows)
            progress.update(len(batch))
    return len(missing)
