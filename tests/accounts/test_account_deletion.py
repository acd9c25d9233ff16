"""Deleting one's account (accounts/services.py): the person's data is gone
from every table, their orders and the ledger stay and still balance."""

from decimal import Decimal

import pytest
from axes.models import AccessAttempt
from django.apps import apps
from django.db import models
from django.db.models import Sum
from django.db.models.functions import Cast

from accounts.services import accounts_anonymise_finished
from catalog.models import Favourite, Review
from marketplace.models import User
from orders.models import ArtisanOrderStatus, Order, OrderEvent, SavedAddress
from orders.paperwork.models import DocumentKind, ExportDocument
from payments.models import LedgerEntry, LedgerTransaction, WebhookEvent
from returns.services import return_open
from tests.factories import ArtisanFactory, ProductFactory, UserFactory
from tests.orders.builders import ADDRESS, order_build
from tests.returns.builders import delivered_purchase

pytestmark = pytest.mark.django_db

EMAIL = "zineb.oufkir@example.fr"
NAME = "Zineb Oufkir-Martin"
STREET = "7 impasse des Tanneurs"
PHONE = "+33698765432"
PERSON = (EMAIL, NAME, STREET, PHONE)
PASSWORD_FIELD = "password"


@pytest.fixture(autouse=True)
def returns_settings(settings):
    settings.COMMISSION_DEFAULT_PERCENT = Decimal("12.00")
    settings.RETURNS_WINDOW_DAYS = 14


def shipped_to_the_person(order: Order) -> Order:
    order.shipping_name, order.shipping_line1, order.shipping_phone = NAME, STREET, PHONE
    order.save()  # a history row with the person's address too
    return order


@pytest.fixture
def person(password):
    """A buyer with everything a buyer leaves: a delivered, paid order (in the
    ledger), a guest order placed before registering, a saved address, a
    favourite, a review and a return that name them, customs data, a provider
    event, a staff note, failed sign-ins."""
    buyer = UserFactory(email=EMAIL, full_name=NAME)
    paid = delivered_purchase(artisan=ArtisanFactory(), buyer=buyer)
    order = shipped_to_the_person(paid.order)
    guest = shipped_to_the_person(order_build(email=EMAIL, statuses=[ArtisanOrderStatus.DELIVERED]))
    [part] = order.artisan_orders.all()
    line = part.lines.get()
    SavedAddress.objects.create(user=buyer, **{**ADDRESS, "name": NAME, "line1": STREET, "phone": PHONE})
    Favourite.objects.create(user=buyer, product=ProductFactory())
    Review.objects.create(product=line.product, author=buyer, order_line_id=line.pk, rating=5, text=f"{NAME}: lovely")
    return_open(buyer=buyer, order_line=line, kind="return", quantity=1, reason=f"Call me on {PHONE}, {NAME}")
    ExportDocument.objects.create(
        artisan_order=part, kind=DocumentKind.values[0], version=1, data={"consignee": order.shipping_address},
        data_hash="0" * 64, verification_token="deletion-test-token",
    )  # fmt: skip
    WebhookEvent.objects.create(
        provider="stripe", event_id="evt_deletion", type="charge.succeeded",
        payload={"data": {"object": {"id": paid.payment.provider_reference,
                                     "billing_details": {"name": NAME, "email": EMAIL}}}},
    )  # fmt: skip
    OrderEvent.objects.create(order=order, to_status="paid", note=f"Phoned {NAME} about the parcel")
    AccessAttempt.objects.create(
        username=EMAIL,
        ip_address="127.0.0.1",
        user_agent="app",
        http_accept="*/*",
        path_info="/",
        failures_since_start=1,
    )
    return {"user": buyer, "orders": [order.pk, guest.pk]}


def text_columns():
    """(model, field) of every text-like column of every model, historical ones included."""
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if field.name != PASSWORD_FIELD and isinstance(
                field, (models.CharField, models.TextField, models.JSONField)
            ):
                yield model, field.name


def where_the_person_remains() -> list[str]:
    found = []
    for model, name in text_columns():
        rows = model._base_manager.annotate(as_text=Cast(name, models.TextField()))
        for value in PERSON:
            if rows.filter(as_text__icontains=value).exists():
                found.append(f"{model._meta.label}.{name} holds {value!r}")
    return found


def delete(client_for, user, password):
    return client_for(user).post("/api/v1/me/delete/", {"password": password})


def test_the_walk_finds_the_person_before_the_deletion(person):
    remains = where_the_person_remains()

    assert "orders.Order.shipping_name holds 'Zineb Oufkir-Martin'" in remains
    assert "payments.WebhookEvent.payload holds 'zineb.oufkir@example.fr'" in remains


def test_a_deleted_accounts_person_data_is_gone_from_every_table(person, client_for, password):
    checked = [f"{model._meta.label}.{name}" for model, name in text_columns()]

    response = delete(client_for, person["user"], password)

    assert response.status_code == 204, response.json()
    # The columns the walk read, for the record: every text, e-mail and JSON column of every model.
    assert {"orders.Order.shipping_phone", "orders.HistoricalOrder.shipping_line1", "catalog.Review.text",
            "marketplace.HistoricalUser.email", "orders.ExportDocument.data"} <= set(checked)  # fmt: skip
    assert where_the_person_remains() == []


def test_the_orders_and_the_ledger_stay_and_still_balance(person, client_for, password):
    entries_before = LedgerEntry.objects.count()

    delete(client_for, person["user"], password)

    orders = Order.objects.filter(pk__in=person["orders"])
    assert orders.count() == 2
    assert {order.shipping_country.code for order in orders} == {"FR"}  # what customs and VAT keep
    assert LedgerEntry.objects.count() == entries_before > 0
    sums = LedgerTransaction.objects.annotate(total=Sum("entries__amount_mad")).values_list("total", flat=True)
    assert set(sums) == {Decimal("0.00")}


def test_the_account_is_closed_and_its_tokens_refused(person, api_client, password):
    tokens = api_client.post("/api/v1/auth/login/", {"email": EMAIL, "password": password}).json()
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {tokens['access']}")

    assert api_client.post("/api/v1/me/delete/", {"password": password}).status_code == 204
    user = User.objects.get(pk=person["user"].pk)
    assert (user.is_active, user.has_usable_password(), user.deleted_at is not None) == (False, False, True)
    assert api_client.get("/api/v1/me/").status_code == 401
    api_client.credentials()
    assert api_client.post("/api/v1/auth/refresh/", {"refresh": tokens["refresh"]}).status_code == 401
    assert not SavedAddress.objects.exists() and not Favourite.objects.exists()


def test_a_wrong_password_deletes_nothing(person, client_for):
    response = delete(client_for, person["user"], "not-the-password")

    assert response.status_code == 400
    assert User.objects.get(pk=person["user"].pk).email == EMAIL


def test_an_artisan_is_sent_to_support(client_for, password):
    artisan = ArtisanFactory()

    response = delete(client_for, artisan.user, password)

    assert response.status_code == 409
    assert User.objects.get(pk=artisan.user.pk).is_active


def test_an_order_on_its_way_keeps_its_address_until_delivered(client_for, password):
    buyer = UserFactory(email=EMAIL, full_name=NAME)
    order = shipped_to_the_person(order_build(buyer=buyer, statuses=[ArtisanOrderStatus.SHIPPED]))

    delete(client_for, buyer, password)
    kept = Order.objects.get(pk=order.pk).shipping_line1
    order.artisan_orders.update(status=ArtisanOrderStatus.DELIVERED)
    anonymised = accounts_anonymise_finished()

    assert kept == STREET
    assert anonymised == 1
    assert where_the_person_remains() == []
