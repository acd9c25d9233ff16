"""Cooperative admins review their members' products in the admin."""

import pytest

from catalog import services
from catalog.models import ProductEvent
from marketplace.errors import DomainError
from tests.catalog.builders import photo_of
from tests.factories import ArtisanFactory, CooperativeFactory, ProductFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(artisan):
    product = ProductFactory(artisan=artisan, status="in_review")
    photo_of(product)
    return product


@pytest.fixture
def admin_browser(client, cooperative_admin):
    client.force_login(cooperative_admin)
    return client


def test_approve_action_puts_a_product_on_sale(admin_browser, submitted, api_client):
    admin_browser.post(
        "/admin/catalog/product/", {"action": "approve", "_selected_action": [submitted.pk], "index": "0"}
    )

    submitted.refresh_from_db()
    assert submitted.status == "active" and submitted.published_at is not None
    assert api_client.get(f"/api/v1/products/{submitted.slug}/").status_code == 200


def test_reject_action_records_the_reason(admin_browser, submitted):
    admin_browser.post(
        "/admin/catalog/product/",
        {"action": "reject", "_selected_action": [submitted.pk], "reason": "Blurry photos", "confirm": "1"},
    )

    event = ProductEvent.objects.filter(product=submitted).last()
    assert (event.to_status, event.reason) == ("rejected", "Blurry photos")


def test_the_admin_lists_only_own_members_products(admin_browser, submitted):
    stranger = ProductFactory(artisan=ArtisanFactory(cooperative=CooperativeFactory()), title_en="Stranger lamp")

    page = admin_browser.get("/admin/catalog/product/").content.decode()

    assert submitted.title_en in page
    assert stranger.title_en not in page


def test_another_cooperatives_product_cannot_be_approved(admin_browser):
    stranger = ProductFactory(artisan=ArtisanFactory(cooperative=CooperativeFactory()), status="in_review")

    admin_browser.post(
        "/admin/catalog/product/", {"action": "approve", "_selected_action": [stranger.pk], "index": "0"}
    )

    stranger.refresh_from_db()
    assert stranger.status == "in_review"


def test_the_handmade_mark_is_granted_by_the_cooperative_admin(admin_browser, submitted):
    admin_browser.post(
        "/admin/catalog/product/",
        {"action": "grant_handmade_mark", "_selected_action": [submitted.pk], "index": "0"},
    )

    submitted.refresh_from_db()
    assert submitted.handmade_in_morocco
    assert ProductEvent.objects.filter(product=submitted).last().changes == {"handmade_in_morocco": [False, True]}


def test_an_artisan_cannot_grant_the_mark_through_the_service(artisan):
    product = ProductFactory(artisan=artisan)

    with pytest.raises(DomainError):
        services.product_set_handmade_mark(product=product, actor=artisan.user, granted=True)


def test_reject_needs_a_reason(cooperative_admin, submitted):
    with pytest.raises(DomainError):
        services.product_reject(product=submitted, actor=cooperative_admin, reason=" ")
