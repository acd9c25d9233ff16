"""The audit trail: who changed what and when, shown on the admin's History
pages, scoped like the rest of the admin, and never holding a secret."""

from decimal import Decimal

import pytest
from django.contrib import admin
from django.contrib.admin import helpers
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from artisans import services as artisan_services
from artisans.models import ArtisanProfile, PayoutDetails, VerificationStatus
from artisans.validators import rib_complete
from marketplace.models import User
from orders.lifecycle import order_mark_paid
from orders.models import ArtisanOrderStatus, Order
from payments import payouts
from payments.models import Payout, PayoutBatch, PayoutBatchStatus, PayoutStatus
from tests.factories import ArtisanFactory, CooperativeFactory, ProductFactory, UserFactory
from tests.orders.builders import ADDRESS, order_build
from tests.payments.ledger_builders import bank_details, deliver, paid_order

pytestmark = pytest.mark.django_db


def history_page(client, url_name, obj):
    return client.get(reverse(f"admin:{url_name}_history", args=[obj.pk]))


def admin_client(client, user):
    client.force_login(user)
    return client


def action(client, url_name, name, objects, **extra):
    data = {"action": name, helpers.ACTION_CHECKBOX_NAME: [obj.pk for obj in objects], **extra}
    return client.post(reverse(f"admin:{url_name}_changelist"), data)


@pytest.fixture
def payout_settings(settings):
    settings.COMMISSION_DEFAULT_PERCENT = Decimal("12.00")
    settings.PAYOUT_HOLD_DAYS = 7
    settings.PAYOUT_MINIMUM_MAD = Decimal("100.00")


# --- what is recorded, and by whom ------------------------------------------------------------------


def test_a_price_edit_through_the_artisan_api_records_old_and_new_price_and_the_artisan(client_for, artisan):
    variant = ProductFactory(artisan=artisan).variants.get()

    response = client_for(artisan.user).patch(
        f"/api/v1/my/products/{variant.product_id}/variants/{variant.pk}/", {"price_mad": "520.00"}
    )

    assert response.status_code == 200, response.json()
    new, old = variant.history.order_by("-history_date", "-history_id")[:2]
    assert (old.price_mad, new.price_mad, new.history_user) == (Decimal("450.00"), Decimal("520.00"), artisan.user)


def test_the_product_history_page_shows_its_variants_price_change_with_its_actor(
    client, client_for, artisan, superuser
):
    variant = ProductFactory(artisan=artisan).variants.get()
    client_for(artisan.user).patch(
        f"/api/v1/my/products/{variant.product_id}/variants/{variant.pk}/", {"price_mad": "520.00"}
    )

    response = history_page(admin_client(client, superuser), "catalog_product", variant.product)

    entries = response.context["page_obj"].object_list
    price_edit = next(entry for entry in entries if entry.changes)
    assert price_edit.subject == f"Variant {variant.sku}"
    assert price_edit.actor == artisan.user.email
    assert [(change.old, change.new) for change in price_edit.changes] == [("450.00", "520.00")]


def test_a_verification_through_the_admin_action_records_the_admin(client, cooperative, cooperative_admin):
    applicant = ArtisanFactory(cooperative=cooperative, verification_status=VerificationStatus.PENDING)

    action(admin_client(client, cooperative_admin), "artisans_artisanprofile", "verify", [applicant])

    record = applicant.history.latest()
    assert (record.verification_status, record.history_user) == (VerificationStatus.VERIFIED, cooperative_admin)
    page = history_page(client, "artisans_artisanprofile", applicant)
    change = page.context["page_obj"].object_list[0].changes[0]
    assert (change.old, change.new) == ("Pending review", "Verified")


def test_a_payout_batch_marked_paid_records_the_actor_on_the_batch_and_its_payouts(client, superuser, payout_settings):
    artisan = ArtisanFactory()
    bank_details(artisan)
    deliver(paid_order(artisans=[artisan]).order, days_ago=30)
    batch = payouts.payout_batch_create()
    payouts.payout_batch_export_csv(batch=batch, actor=superuser)

    action(admin_client(client, superuser), "payments_payoutbatch", "mark_paid", [batch])

    batch_record, payout_record = batch.history.latest(), Payout.objects.get().history.latest()
    assert (batch_record.status, batch_record.history_user) == (PayoutBatchStatus.CLOSED, superuser)
    assert (payout_record.status, payout_record.history_user) == (PayoutStatus.PAID, superuser)


def test_a_service_with_an_actor_and_no_request_records_the_actor_and_the_reason(cooperative, cooperative_admin):
    artisan = ArtisanFactory(cooperative=cooperative)

    artisan_services.artisan_suspend(artisan=artisan, actor=cooperative_admin, reason="Sells factory pieces")

    record = artisan.history.latest()
    assert (record.history_user, record.history_change_reason) == (cooperative_admin, "Sells factory pieces")


def test_paying_an_order_records_every_artisan_order_moved_by_the_bulk_update(superuser):
    order = order_build(
        artisans=[ArtisanFactory(), ArtisanFactory()], statuses=[ArtisanOrderStatus.AWAITING_PAYMENT] * 2
    )

    order_mark_paid(order=order, actor=superuser)

    for part in order.artisan_orders.all():
        record = part.history.latest()
        assert (record.status, record.history_user) == (ArtisanOrderStatus.TO_PREPARE, superuser)


def test_a_task_without_an_actor_records_nobody():
    order = order_build(artisans=[ArtisanFactory()], statuses=[ArtisanOrderStatus.AWAITING_PAYMENT])

    order_mark_paid(order=order)

    assert order.history.latest().history_user is None


# --- admin users --------------------------------------------------------------------------------------


def user_form(user, **changes):
    return {
        "email": user.email,
        "full_name": user.full_name,
        "preferred_language": user.preferred_language,
        "is_active": "on",
        "date_joined_0": user.date_joined.strftime("%Y-%m-%d"),
        "date_joined_1": user.date_joined.strftime("%H:%M:%S"),
        **changes,
    }


def test_a_user_made_staff_in_the_admin_is_recorded_with_who_did_it(client, superuser):
    target = UserFactory()
    group = Group.objects.create(name="Support")

    response = admin_client(client, superuser).post(
        reverse("admin:marketplace_user_change", args=[target.pk]),
        user_form(target, is_staff="on", groups=[group.pk]),
    )

    assert response.status_code == 302
    record = target.history.latest()
    assert (record.is_staff, record.history_user) == (True, superuser)
    assert list(record.groups.values_list("group__name", flat=True)) == ["Support"]


def test_the_user_history_shows_a_password_change_and_never_the_hash(client, superuser):
    target = UserFactory()
    admin_client(client, superuser).post(
        reverse("admin:auth_user_password_change", args=[target.pk]),
        {"password1": "An0ther-long-passw0rd", "password2": "An0ther-long-passw0rd", "usable_password": "true"},
    )
    target.refresh_from_db()

    response = history_page(client, "marketplace_user", target)

    assert target.check_password("An0ther-long-passw0rd")
    changes = [(change.field, change.new) for change in response.context["page_obj"].object_list[0].changes]
    assert changes == [("Password", "changed (not kept)")]
    assert target.password.split("$")[-1] not in response.content.decode()
    assert "password" not in {field.name for field in User.history.model._meta.fields}


def test_signing_in_adds_nothing_to_a_users_trail(client, password):
    user = UserFactory(is_staff=True)
    before = user.history.count()

    assert client.login(email=user.email, password=password)

    assert user.history.count() == before


# --- secrets ------------------------------------------------------------------------------------------


def test_bank_details_are_kept_masked_and_a_new_number_shows_as_changed(artisan):
    first, second = rib_complete("0" * 18 + "1234"), rib_complete("9" * 18 + "1234")
    artisan_services.payout_details_set(artisan=artisan, account_holder="Fatima Z.", rib=first)
    details = artisan_services.payout_details_set(artisan=artisan, account_holder="Fatima Z.", rib=second)

    records = list(details.history.order_by("history_date", "history_id"))
    kept = {record.rib for record in records}
    assert first not in kept and second not in kept
    assert all(set(rib[:-4]) == {"•"} for rib in kept)
    assert records[-1].changed_secrets == "rib"


def test_payouts_keep_only_masked_account_numbers_even_through_bulk_history(payout_settings):
    artisan = ArtisanFactory()
    details = bank_details(artisan)
    deliver(paid_order(artisans=[artisan]).order, days_ago=30)
    payout = payouts.payout_batch_create().payouts.get()

    Payout.history.bulk_history_create([payout], update=True)

    assert {record.rib for record in payout.history.all()} == {"•" * 20 + details.rib[-4:]}


def test_an_orders_access_token_is_never_kept():
    order = order_build(artisans=[ArtisanFactory()])

    assert "access_token" not in {field.name for field in Order.history.model._meta.fields}
    assert order.access_token not in str(list(order.history.values()))


def test_no_historical_model_is_an_admin_page_of_its_own():
    registered = {model._meta.object_name for model in admin.site._registry}

    assert not {name for name in registered if name.startswith("Historical")}


# --- scoping ------------------------------------------------------------------------------------------


@pytest.fixture
def stranger_artisan(db):
    return ArtisanFactory(cooperative=CooperativeFactory())


@pytest.mark.parametrize("url_name", ["artisans_artisanprofile", "catalog_product", "orders_order"])
def test_a_cooperative_admin_cannot_read_another_cooperatives_history(
    client, cooperative_admin, stranger_artisan, url_name
):
    objects = {
        "artisans_artisanprofile": stranger_artisan,
        "catalog_product": ProductFactory(artisan=stranger_artisan),
        "orders_order": order_build(artisans=[stranger_artisan]),
    }

    response = history_page(admin_client(client, cooperative_admin), url_name, objects[url_name])

    # Refused as the change page refuses it (Django sends the user back to the index).
    assert response.status_code in (302, 403, 404)
    assert "page_obj" not in (response.context or {})


def test_a_cooperative_admin_cannot_read_a_payout_batchs_history(client, cooperative_admin):
    batch = PayoutBatch.objects.create()

    response = history_page(admin_client(client, cooperative_admin), "payments_payoutbatch", batch)

    assert response.status_code == 403


def test_a_cooperative_admin_reads_their_own_artisans_history(client, cooperative_admin, artisan):
    artisan_services.artisan_suspend(artisan=artisan, actor=cooperative_admin, reason="Late parcels")

    response = history_page(admin_client(client, cooperative_admin), "artisans_artisanprofile", artisan)

    assert response.status_code == 200
    assert response.context["page_obj"].object_list[0].actor == cooperative_admin.email


def test_an_operator_is_souk_staff_to_a_cooperative_admin_and_named_to_superusers(
    client, cooperative, cooperative_admin, superuser
):
    applicant = ArtisanFactory(cooperative=cooperative, verification_status=VerificationStatus.PENDING)
    artisan_services.artisan_verify(artisan=applicant, actor=superuser)

    as_cooperative = history_page(admin_client(client, cooperative_admin), "artisans_artisanprofile", applicant)
    as_operator = history_page(admin_client(client, superuser), "artisans_artisanprofile", applicant)

    assert as_cooperative.context["page_obj"].object_list[0].actor == "Souk staff"
    assert superuser.email not in as_cooperative.content.decode()
    assert as_operator.context["page_obj"].object_list[0].actor == superuser.email


# --- cost on the hot path -----------------------------------------------------------------------------


def _checkout_queries(client_for, artisans: int, settings, enabled: bool) -> list[str]:
    settings.SIMPLE_HISTORY_ENABLED = enabled
    buyer = client_for(UserFactory())
    for _ in range(artisans):
        variant = ProductFactory(artisan=ArtisanFactory()).variants.get()
        buyer.post("/api/v1/cart/lines/", {"variant": variant.pk, "quantity": 1})
    payload = {"shipping_address": ADDRESS, "currency": "EUR"}
    with CaptureQueriesContext(connection) as queries:
        response = buyer.post("/api/v1/checkout/", payload, format="json", HTTP_IDEMPOTENCY_KEY="key-00000001")
    assert response.status_code == 201, response.json()
    return [query["sql"] for query in queries]


def test_checkout_pays_for_the_trail_with_one_insert_for_the_order_and_one_for_its_artisan_orders(client_for, settings):
    _checkout_queries(client_for, 3, settings, enabled=False)  # rates and shipping tables cached from now on
    without = _checkout_queries(client_for, 3, settings, enabled=False)
    with_trail = _checkout_queries(client_for, 3, settings, enabled=True)

    added = [sql for sql in with_trail if "historical" in sql]
    assert len(with_trail) - len(without) == len(added) == 2  # the 3 artisan orders' rows in one INSERT
    assert all(sql.startswith("INSERT") for sql in added)


def test_the_verification_trail_is_kept_for_an_artisan_profile_model():
    # Registered after the translation fields (artisans/translation.py): every language's bio is kept.
    assert {"bio_fr", "bio_ar"} <= {field.name for field in ArtisanProfile.history.model._meta.fields}
    assert PayoutDetails.history.model._meta.get_field("rib").max_length == 24
