"""Nobody reviews their own products: a cooperative admin who sells in their
cooperative does not approve, reject or mark their own pieces; another admin
of it, or Souk staff, does. (Products are reviewed in the admin only: the API
has no review endpoint.)"""

import pytest

from catalog import services
from catalog.models import ProductEvent, ProductStatus
from marketplace.errors import FourEyesRefused
from tests.catalog.builders import photo_of
from tests.factories import ProductFactory
from tests.permissions.conftest import admin_action

pytestmark = pytest.mark.django_db


@pytest.fixture
def own_product(selling_admin):
    product = ProductFactory(artisan=selling_admin, status=ProductStatus.IN_REVIEW)
    photo_of(product)
    return product


def test_the_cooperative_admin_cannot_approve_their_own_product_in_the_admin(
    admin_client_for, cooperative_admin, own_product
):
    shown = admin_action(admin_client_for(cooperative_admin), "/admin/catalog/product/", "approve", [own_product])

    own_product.refresh_from_db()
    assert own_product.status == ProductStatus.IN_REVIEW
    assert any("Nobody reviews their own products" in message for message in shown), shown


def test_another_admin_of_the_cooperative_approves_it(admin_client_for, other_admin, own_product):
    admin_action(admin_client_for(other_admin), "/admin/catalog/product/", "approve", [own_product])

    own_product.refresh_from_db()
    assert own_product.status == ProductStatus.ACTIVE


def test_an_operator_approves_it(superuser, own_product):
    services.product_approve(product=own_product, actor=superuser)

    own_product.refresh_from_db()
    assert own_product.status == ProductStatus.ACTIVE


@pytest.mark.parametrize(
    "decide",
    [
        lambda product, actor: services.product_approve(product=product, actor=actor),
        lambda product, actor: services.product_reject(product=product, actor=actor, reason="not good enough"),
        lambda product, actor: services.product_set_handmade_mark(product=product, actor=actor, granted=True),
    ],
    ids=["approve", "reject", "handmade mark"],
)
def test_no_review_of_ones_own_product_through_the_service(cooperative_admin, own_product, decide):
    with pytest.raises(FourEyesRefused):
        decide(own_product, cooperative_admin)

    own_product.refresh_from_db()
    assert (own_product.status, own_product.handmade_in_morocco) == (ProductStatus.IN_REVIEW, False)
    assert not ProductEvent.objects.filter(product=own_product).exclude(changes__has_key="photos").exists()
