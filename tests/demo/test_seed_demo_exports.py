"""The seeded demo's two years of exports (demo/export_history.py), read by
the selectors the admin dashboard calls: the programme's category and
country shares, 11 % growth, and Trade Pact verdicts on either side of the
threshold; and the orders are what the checkout and the lifecycle make.

Seeding is slow: the demo is seeded once for this module, in a transaction
rolled back after its last test (each test runs in a savepoint inside it)."""

import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test.utils import override_settings

from analytics.eligibility import Verdict, trade_pact_eligibility
from analytics.selectors import Period, export_lines_visible_to, exports_by, exports_summary
from demo import export_history
from demo.management.commands.seed_demo import SUPERUSER
from marketplace.models import User
from orders.lifecycle import ARTISAN_ORDER_TRANSITIONS, ORDER_TRANSITIONS, order_status_derive
from orders.models import ArtisanOrderStatus, Order, OrderEvent, OrderStatus
from payments.models import Payment, PaymentStatus

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def seeded_demo(django_db_setup, django_db_blocker, tmp_path_factory):
    media = tmp_path_factory.mktemp("seeded-demo")
    # What tests/conftest.py's _isolated sets for each test, set before it here; and the history on.
    isolated = override_settings(
        MEDIA_ROOT=str(media / "media"),
        PRIVATE_MEDIA_ROOT=str(media / "private"),
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        SEED_DEMO_PHOTO_PIXELS=200,
        SEED_DEMO_EXPORT_HISTORY=True,
    )
    with django_db_blocker.unblock(), isolated:
        atomic = transaction.atomic()
        # Marked as a test case's own, as Django's TestCase does: the services'
        # durable transactions then run inside it.
        atomic._from_testcase = True
        with atomic:
            call_command("seed_demo", "--quiet-logins", stdout=io.StringIO(), stderr=io.StringIO())
            yield
            transaction.set_rollback(True)


@pytest.fixture
def operator(seeded_demo):
    return User.objects.get(email=SUPERUSER[0])


def shares(table, operator) -> dict:
    rows = exports_by(table, export_lines_visible_to(operator), Period.default())
    return {row["key"] if table == "country" else row["label"]: row["share"] for row in rows}


def test_the_dashboards_category_shares_are_the_programmes(operator):
    by_category = shares("category", operator)

    assert by_category["Pottery and ceramics"] == pytest.approx(Decimal("0.36"), abs=Decimal("0.02"))
    assert by_category["Carpets and rugs"] == pytest.approx(Decimal("0.20"), abs=Decimal("0.02"))
    assert by_category["Traditional clothing"] == pytest.approx(Decimal("0.13"), abs=Decimal("0.02"))
    assert {"Leather goods", "Metalwork and lighting", "Woodwork (thuya, cedar)"} <= set(by_category)


def test_the_dashboards_country_shares_are_the_programmes(operator):
    by_country = shares("country", operator)

    assert by_country["US"] == pytest.approx(Decimal("0.44"), abs=Decimal("0.02"))
    assert by_country["FR"] == pytest.approx(Decimal("0.14"), abs=Decimal("0.02"))
    assert by_country["ES"] == pytest.approx(Decimal("0.07"), abs=Decimal("0.02"))
    assert {"GB", "DE", "CA"} <= set(by_country)


def test_exports_grow_about_eleven_percent_a_year(operator):
    summary = exports_summary(export_lines_visible_to(operator), Period.default())

    assert summary["growth"] == pytest.approx(Decimal("0.11"), abs=Decimal("0.03"))
    assert summary["orders"] > 500


def test_the_trade_pact_report_has_a_cooperative_above_one_within_and_one_below(operator):
    rows = trade_pact_eligibility(operator)["rows"]

    verdicts = {row["name"]: row["verdict"] for row in rows if row["kind"] == "cooperative"}
    assert verdicts["Coopérative des Potiers de Safi"] == Verdict.ABOVE
    assert verdicts["Coopérative Féminine Sfifa de Fès"] == Verdict.WITHIN
    assert verdicts["Coopérative des Tapis du Moyen Atlas"] == Verdict.BELOW


def test_the_orders_moved_by_legal_steps_with_their_events_and_payment(operator):
    orders = Order.objects.filter(number__contains="-0").prefetch_related("artisan_orders", "events", "payments")

    checked = 0
    for order in orders[:300]:
        (part,) = order.artisan_orders.all()  # one maker an order
        order_moves = [(e.from_status, e.to_status) for e in order.events.all() if e.artisan_order_id is None]
        part_moves = [(e.from_status, e.to_status) for e in order.events.all() if e.artisan_order_id == part.pk]
        assert order_moves[0] == ("", OrderStatus.AWAITING_PAYMENT) and order_moves[-1][1] == order.status
        assert part_moves[0] == ("", ArtisanOrderStatus.AWAITING_PAYMENT) and part_moves[-1][1] == part.status
        assert all(to in ORDER_TRANSITIONS[OrderStatus(start)] for start, to in order_moves[1:])
        assert all(to in ARTISAN_ORDER_TRANSITIONS[ArtisanOrderStatus(start)] for start, to in part_moves[1:])
        assert order_status_derive(order, [part.status]) == order.status
        (payment,) = order.payments.all()
        assert (payment.status, payment.amount, payment.amount_mad) == (
            PaymentStatus.SUCCEEDED, order.total, order.total_mad
        )  # fmt: skip
        checked += 1
    assert checked == 300
    assert orders.filter(status=OrderStatus.COMPLETED).count() > 0.9 * orders.count()


def test_seeding_again_adds_no_order(operator):
    before = (Order.objects.count(), OrderEvent.objects.count(), Payment.objects.count())

    added = export_history.export_history_seed(progress_factory=lambda **kwargs: _NoBar())

    assert added == 0
    assert (Order.objects.count(), OrderEvent.objects.count(), Payment.objects.count()) == before


class _NoBar:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def update(self, count):
        pass
