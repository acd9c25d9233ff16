"""The life of an order after checkout, through orders.lifecycle: payment,
fulfilment steps and their requirements, cancellations and the stock they
give back, the order's status derived from its parts, and the e-mails."""

import threading
from decimal import Decimal

import pytest
from django.db import connection, transaction

from catalog.models import Variant
from marketplace.errors import DomainError, IllegalTransition
from orders import lifecycle
from orders.lifecycle import NotAllowed, NothingMadeToOrder
from orders.models import ArtisanOrderStatus as AO
from orders.models import OrderEvent
from orders.models import OrderStatus as OS
from orders.notifications import order_placed_notify
from tests.factories import ArtisanFactory, CooperativeFactory, UserFactory
from tests.orders.builders import PAST_SHIPPED, TRACKING_TEMPLATE, order_build, parts

pytestmark = pytest.mark.django_db

PARCEL = {"parcel_weight_grams": 2600, "parcel_length_cm": 30, "parcel_width_cm": 25, "parcel_height_cm": 20}


def stock_of(artisan_order) -> int:
    return Variant.objects.get(pk=artisan_order.lines.get().variant_id).stock


# --- payment -----------------------------------------------------------------------------------


def test_payment_makes_every_artisan_order_to_prepare_and_records_it(superuser):
    order = order_build(statuses=[AO.AWAITING_PAYMENT, AO.AWAITING_PAYMENT])

    lifecycle.order_mark_paid(order=order, actor=superuser)

    order.refresh_from_db()
    assert order.status == OS.PAID
    assert [part.status for part in parts(order)] == [AO.TO_PREPARE, AO.TO_PREPARE]
    moves = list(OrderEvent.objects.filter(order=order).values_list("artisan_order", "from_status", "to_status"))
    first, second = parts(order)
    assert moves == [
        (None, "awaiting_payment", "paid"),
        (first.pk, "awaiting_payment", "to_prepare"),
        (second.pk, "awaiting_payment", "to_prepare"),
    ]
    assert all(event.actor == superuser for event in OrderEvent.objects.filter(order=order))


def test_a_payment_applied_twice_changes_nothing_the_second_time():
    order = order_build(statuses=[AO.AWAITING_PAYMENT, AO.AWAITING_PAYMENT])
    lifecycle.order_mark_paid(order=order)
    events = OrderEvent.objects.count()

    lifecycle.order_mark_paid(order=order)

    assert OrderEvent.objects.count() == events


def test_a_cancelled_order_cannot_be_paid():
    order = order_build(statuses=[AO.CANCELLED, AO.CANCELLED], order_status=OS.CANCELLED)

    with pytest.raises(IllegalTransition) as refused:
        lifecycle.order_mark_paid(order=order)

    assert refused.value.current == OS.CANCELLED


# --- fulfilment steps ------------------------------------------------------------------------------------


def test_made_to_order_pieces_go_through_production_then_ship():
    order = order_build(statuses=[AO.TO_PREPARE], made_to_order=[True])
    [part] = parts(order)
    artisan = part.artisan.user

    lifecycle.artisan_order_advance(artisan_order=part, actor=artisan, to_status=AO.IN_PRODUCTION)
    lifecycle.artisan_order_advance(artisan_order=part, actor=artisan, to_status=AO.READY_TO_SHIP, **PARCEL)
    lifecycle.artisan_order_advance(
        artisan_order=part, actor=artisan, to_status=AO.SHIPPED, tracking_number="RR987654321MA"
    )

    part.refresh_from_db()
    assert part.status == AO.SHIPPED
    assert (part.parcel_weight_grams, part.parcel_length_cm) == (2600, Decimal("30.0"))
    # The carrier defaults to the one of the service the buyer chose.
    assert (part.carrier, part.tracking_number) == ("Poste Maroc", "RR987654321MA")
    assert part.shipped_at is not None
    steps = list(OrderEvent.objects.filter(artisan_order=part).values_list("from_status", "to_status", "actor"))
    assert steps == [
        ("to_prepare", "in_production", artisan.pk),
        ("in_production", "ready_to_ship", artisan.pk),
        ("ready_to_ship", "shipped", artisan.pk),
    ]


def test_production_is_only_for_made_to_order_pieces():
    [part] = parts(order_build(statuses=[AO.TO_PREPARE], made_to_order=[False]))

    with pytest.raises(NothingMadeToOrder):
        lifecycle.artisan_order_advance(artisan_order=part, actor=part.artisan.user, to_status=AO.IN_PRODUCTION)


@pytest.mark.parametrize("missing", sorted(PARCEL))
def test_ready_to_ship_needs_the_parcels_weight_and_size(missing):
    [part] = parts(order_build(statuses=[AO.TO_PREPARE]))
    given = {name: value for name, value in PARCEL.items() if name != missing}

    with pytest.raises(DomainError) as refused:
        lifecycle.artisan_order_advance(
            artisan_order=part, actor=part.artisan.user, to_status=AO.READY_TO_SHIP, **given
        )

    assert list(refused.value.fields) == [missing]
    part.refresh_from_db()
    assert part.status == AO.TO_PREPARE


def test_shipping_needs_a_tracking_number():
    [part] = parts(order_build(statuses=[AO.READY_TO_SHIP]))

    with pytest.raises(DomainError) as refused:
        lifecycle.artisan_order_advance(artisan_order=part, actor=part.artisan.user, to_status=AO.SHIPPED)

    assert list(refused.value.fields) == ["tracking_number"]


def test_a_field_another_step_uses_is_refused_by_name():
    [part] = parts(order_build(statuses=[AO.TO_PREPARE]))

    with pytest.raises(DomainError) as refused:
        lifecycle.artisan_order_advance(
            artisan_order=part, actor=part.artisan.user, to_status=AO.READY_TO_SHIP, tracking_number="X1", **PARCEL
        )

    assert list(refused.value.fields) == ["tracking_number"]


def test_delivery_is_dated(cooperative_admin, artisan):
    [part] = parts(order_build(artisans=[artisan], statuses=[AO.SHIPPED]))

    lifecycle.artisan_order_advance(artisan_order=part, actor=cooperative_admin, to_status=AO.DELIVERED)

    part.refresh_from_db()
    assert part.status == AO.DELIVERED and part.delivered_at is not None


@pytest.mark.parametrize("current", list(AO))
def test_delivered_only_follows_shipped(superuser, current):
    [part] = parts(order_build(statuses=[current]))

    if current == AO.SHIPPED:
        lifecycle.artisan_order_advance(artisan_order=part, actor=superuser, to_status=AO.DELIVERED)
    else:
        with pytest.raises(IllegalTransition):
            lifecycle.artisan_order_advance(artisan_order=part, actor=superuser, to_status=AO.DELIVERED)


@pytest.mark.parametrize("target", ["to_prepare", "cancelled", "awaiting_payment", "teleported"])
def test_advance_only_takes_fulfilment_steps(superuser, target):
    [part] = parts(order_build(statuses=[AO.AWAITING_PAYMENT]))

    with pytest.raises(DomainError) as refused:
        lifecycle.artisan_order_advance(artisan_order=part, actor=superuser, to_status=target)

    assert "to_status" in refused.value.fields


# --- who may move what ----------------------------------------------------------------------------------


def test_who_may_take_a_fulfilment_step(cooperative, cooperative_admin, superuser):
    artisan = ArtisanFactory(cooperative=cooperative)
    other_artisan = ArtisanFactory(cooperative=cooperative)
    other_admin = UserFactory(is_staff=True)
    CooperativeFactory(admins=[other_admin])
    buyer = UserFactory()

    def may(actor) -> bool:
        [part] = parts(order_build(buyer=buyer, artisans=[artisan], statuses=[AO.TO_PREPARE]))
        try:
            lifecycle.artisan_order_advance(artisan_order=part, actor=actor, to_status=AO.READY_TO_SHIP, **PARCEL)
        except NotAllowed:
            return False
        return True

    assert may(artisan.user)
    assert may(cooperative_admin)
    assert may(superuser)
    assert may(None)  # the system: a task
    assert not may(other_artisan.user)
    assert not may(other_admin)
    assert not may(buyer)


def test_the_seller_does_not_confirm_their_own_delivery(artisan, cooperative_admin):
    [part] = parts(order_build(artisans=[artisan], statuses=[AO.SHIPPED]))

    with pytest.raises(NotAllowed):
        lifecycle.artisan_order_advance(artisan_order=part, actor=artisan.user, to_status=AO.DELIVERED)

    lifecycle.artisan_order_advance(artisan_order=part, actor=cooperative_admin, to_status=AO.DELIVERED)


# --- cancellation and stock ---------------------------------------------------------------------------------


@pytest.mark.parametrize("current", [AO.AWAITING_PAYMENT, AO.TO_PREPARE, AO.IN_PRODUCTION, AO.READY_TO_SHIP])
def test_an_artisan_cancels_before_shipping_and_the_stock_comes_back(current):
    order = order_build(statuses=[current, AO.TO_PREPARE], quantity=2, stock=5)
    part, other = parts(order)
    assert stock_of(part) == 3

    lifecycle.artisan_order_cancel(artisan_order=part, actor=part.artisan.user, reason="The kiln cracked it")

    part.refresh_from_db()
    assert part.status == AO.CANCELLED
    assert stock_of(part) == 5
    assert stock_of(other) == 3
    event = OrderEvent.objects.get(artisan_order=part)
    assert (event.from_status, event.to_status, event.note) == (current, "cancelled", "The kiln cracked it")


@pytest.mark.parametrize("current", sorted(PAST_SHIPPED | {AO.CANCELLED}))
def test_a_parcel_that_left_or_a_cancelled_one_is_not_cancelled(current):
    [part] = parts(order_build(statuses=[current]))

    with pytest.raises(IllegalTransition):
        lifecycle.artisan_order_cancel(artisan_order=part, actor=part.artisan.user, reason="Too late")


def test_cancelling_needs_a_reason():
    [part] = parts(order_build(statuses=[AO.TO_PREPARE]))

    with pytest.raises(DomainError) as refused:
        lifecycle.artisan_order_cancel(artisan_order=part, actor=part.artisan.user, reason="  ")

    assert "reason" in refused.value.fields


def test_made_to_order_stock_is_not_given_back():
    order = order_build(statuses=[AO.TO_PREPARE], made_to_order=[True], stock=0)
    [part] = parts(order)

    lifecycle.artisan_order_cancel(artisan_order=part, actor=part.artisan.user, reason="Out of clay")

    assert stock_of(part) == 0


def test_the_buyer_cancels_before_any_parcel_left():
    buyer = UserFactory()
    order = order_build(buyer=buyer, statuses=[AO.TO_PREPARE, AO.READY_TO_SHIP], quantity=1, stock=4)

    lifecycle.order_cancel_by_buyer(order=order, actor=buyer)

    order.refresh_from_db()
    assert order.status == OS.CANCELLED
    assert [part.status for part in parts(order)] == [AO.CANCELLED, AO.CANCELLED]
    assert [stock_of(part) for part in parts(order)] == [4, 4]
    assert OrderEvent.objects.filter(order=order, actor=buyer).count() == 3


@pytest.mark.parametrize("shipped", [AO.SHIPPED, AO.DELIVERED])
def test_the_buyer_cannot_cancel_once_a_parcel_left(shipped):
    buyer = UserFactory()
    order = order_build(buyer=buyer, statuses=[AO.TO_PREPARE, shipped])

    with pytest.raises(IllegalTransition) as refused:
        lifecycle.order_cancel_by_buyer(order=order, actor=buyer)

    assert refused.value.current == OS.PARTIALLY_SHIPPED
    assert [part.status for part in parts(order)] == [AO.TO_PREPARE, shipped]


def test_another_user_cannot_cancel_a_buyers_order():
    order = order_build(buyer=UserFactory())

    with pytest.raises(NotAllowed):
        lifecycle.order_cancel_by_buyer(order=order, actor=UserFactory())


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_buyer_cancel_waits_for_a_parcel_being_shipped_then_is_refused():
    """Given an artisan shipping inside an open transaction, when the buyer
    cancels meanwhile, the cancel waits on the order's row lock and then sees
    the parcel has left."""
    buyer = UserFactory()
    order = order_build(buyer=buyer, statuses=[AO.READY_TO_SHIP, AO.TO_PREPARE])
    part, _ = parts(order)
    shipped_uncommitted, commit_now = threading.Event(), threading.Event()
    outcome = {}

    def ship():
        try:
            with transaction.atomic():
                lifecycle.artisan_order_advance(
                    artisan_order=part, actor=part.artisan.user, to_status=AO.SHIPPED, tracking_number="R1"
                )
                shipped_uncommitted.set()
                commit_now.wait(10)
        finally:
            connection.close()

    def cancel():
        try:
            lifecycle.order_cancel_by_buyer(order=order, actor=buyer)
            outcome["cancelled"] = True
        except IllegalTransition as refused:
            outcome["refused"] = refused
        finally:
            connection.close()

    shipper = threading.Thread(target=ship)
    shipper.start()
    assert shipped_uncommitted.wait(10)
    canceller = threading.Thread(target=cancel)
    canceller.start()
    canceller.join(0.5)
    assert canceller.is_alive()  # waiting for the shipper's lock on the order
    commit_now.set()
    shipper.join(10)
    canceller.join(10)

    assert outcome["refused"].current == OS.PARTIALLY_SHIPPED
    assert [row.status for row in parts(order)] == [AO.SHIPPED, AO.TO_PREPARE]


# --- the order's status, from its parts ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("statuses", "expected"),
    [
        (["to_prepare", "ready_to_ship"], "paid"),
        (["shipped", "to_prepare"], "partially_shipped"),
        (["delivered", "in_production"], "partially_shipped"),
        (["shipped", "shipped"], "shipped"),
        (["delivered", "shipped"], "shipped"),
        (["delivered", "delivered"], "completed"),
        (["delivered", "cancelled"], "completed"),
        (["shipped", "cancelled"], "shipped"),
        (["cancelled", "cancelled"], "cancelled"),
        (["cancelled", "to_prepare"], "paid"),
    ],
)
def test_the_order_status_follows_its_parts(statuses, expected):
    order = order_build(statuses=statuses, order_status=OS.PAID)

    assert lifecycle.order_status_derive(order) == expected


@pytest.mark.parametrize("refunded", [OS.REFUNDED, OS.PARTIALLY_REFUNDED])
def test_a_refunded_order_never_moves_back(refunded):
    order = order_build(statuses=["delivered", "delivered"], order_status=refunded)

    assert lifecycle.order_status_derive(order) == refunded


def test_each_step_moves_the_order_and_records_it(cooperative_admin):
    artisans = [ArtisanFactory(cooperative=cooperative_admin.administered_cooperatives.get()) for _ in range(2)]
    order = order_build(artisans=artisans, statuses=[AO.READY_TO_SHIP, AO.READY_TO_SHIP])
    first, second = parts(order)

    def step(part, to_status, **fields):
        lifecycle.artisan_order_advance(artisan_order=part, actor=cooperative_admin, to_status=to_status, **fields)
        order.refresh_from_db()
        return order.status

    assert step(first, AO.SHIPPED, tracking_number="A1") == OS.PARTIALLY_SHIPPED
    assert step(second, AO.SHIPPED, tracking_number="B2") == OS.SHIPPED
    assert step(first, AO.DELIVERED) == OS.SHIPPED
    assert step(second, AO.DELIVERED) == OS.COMPLETED
    order_moves = OrderEvent.objects.filter(order=order, artisan_order=None).values_list("from_status", "to_status")
    assert list(order_moves) == [("paid", "partially_shipped"), ("partially_shipped", "shipped"),
                                 ("shipped", "completed")]  # fmt: skip


def test_the_last_part_cancelled_cancels_the_order():
    order = order_build(statuses=[AO.CANCELLED, AO.TO_PREPARE], order_status=OS.PAID)
    _, part = parts(order)

    lifecycle.artisan_order_cancel(artisan_order=part, actor=part.artisan.user, reason="Broken in the kiln")

    order.refresh_from_db()
    assert order.status == OS.CANCELLED


# --- e-mails --------------------------------------------------------------------------------------------------


def test_the_buyer_gets_the_order_in_their_language_with_the_guest_link(mailoutbox, django_capture_on_commit_callbacks):
    order = order_build(statuses=[AO.AWAITING_PAYMENT, AO.AWAITING_PAYMENT], language="fr")

    with django_capture_on_commit_callbacks(execute=True):
        order_placed_notify(order)

    [message] = mailoutbox
    assert message.to == ["guest@example.com"]
    assert order.number in message.subject
    assert "Bonjour Claire Martin," in message.body
    assert "L'équipe Souk" in message.body
    assert f"/api/v1/orders/{order.number}/?token={order.access_token}" in message.body
    assert "2 × Product" in message.body
    assert "81,00\xa0€" in message.body  # a line: 2 × 450 MAD at 0.09 EUR per MAD
    assert "Total : 183,60\xa0€" in message.body  # (1800 + 240 shipping) MAD; French spaces its colons


def test_nothing_is_sent_when_the_transaction_rolls_back(mailoutbox, django_capture_on_commit_callbacks):
    order = order_build(statuses=[AO.AWAITING_PAYMENT])

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                order_placed_notify(order)
                raise RuntimeError("the checkout failed after all")
        except RuntimeError:
            pass

    assert callbacks == [] and mailoutbox == []


def test_each_artisan_hears_of_a_paid_order_in_their_own_language(mailoutbox, django_capture_on_commit_callbacks):
    french = ArtisanFactory(user__preferred_language="fr")
    arabic = ArtisanFactory(user__preferred_language="ar")
    order = order_build(artisans=[french, arabic], statuses=[AO.AWAITING_PAYMENT, AO.AWAITING_PAYMENT])

    with django_capture_on_commit_callbacks(execute=True):
        lifecycle.order_mark_paid(order=order)

    by_recipient = {message.to[0]: message for message in mailoutbox}
    assert set(by_recipient) == {french.user.email, arabic.user.email}
    assert f"Bonjour {french.display_name_latin}," in by_recipient[french.user.email].body
    assert "مرحبًا" in by_recipient[arabic.user.email].body
    assert arabic.display_name_arabic in by_recipient[arabic.user.email].body
    assert "فريق سوق" in by_recipient[arabic.user.email].body
    assert all(order.number in message.subject for message in mailoutbox)


def test_the_buyer_gets_the_tracking_link_when_a_parcel_ships(mailoutbox, django_capture_on_commit_callbacks):
    order = order_build(statuses=[AO.READY_TO_SHIP, AO.TO_PREPARE], language="es", email="ana@example.com")
    part, _ = parts(order)

    with django_capture_on_commit_callbacks(execute=True):
        lifecycle.artisan_order_advance(
            artisan_order=part, actor=part.artisan.user, to_status=AO.SHIPPED, tracking_number="RR 42/7"
        )

    [message] = mailoutbox
    assert message.to == ["ana@example.com"]
    assert "Hola, Claire Martin:" in message.body
    assert "El equipo de Souk" in message.body
    assert TRACKING_TEMPLATE.replace("{tracking_number}", "RR%2042%2F7") in message.body
    assert f"token={order.access_token}" in message.body


def test_no_tracking_link_when_the_parcel_went_with_another_carrier(mailoutbox, django_capture_on_commit_callbacks):
    [part] = parts(order_build(statuses=[AO.READY_TO_SHIP]))

    with django_capture_on_commit_callbacks(execute=True):
        lifecycle.artisan_order_advance(
            artisan_order=part, actor=part.artisan.user, to_status=AO.SHIPPED, carrier="DHL", tracking_number="D1"
        )

    [message] = mailoutbox
    assert "tracking.example" not in message.body
    assert "DHL" in message.body and "D1" in message.body
