"""The admin and the API answer from one rule: for every user of a grid
(an operator, each cooperative's admin, an admin of A who also sells in B,
a plain artisan), the admin's lists, change pages and inlines hold exactly
what the permission modules let that user see, and name each actor as the
API does. A difference between the two fails here."""

from dataclasses import dataclass
from decimal import Decimal

import pytest

from artisans import services
from artisans.models import VerificationEvent, VerificationStatus
from artisans.permissions import artisans_managed_by
from catalog.permissions import products_managed_by
from orders.models import ArtisanOrder
from orders.permissions import artisan_order_may_be_seen_by, artisan_orders_visible_to
from payments.models import Refund, RefundItemKind
from payments.permissions import refund_items_visible_to, refunds_visible_to
from tests.factories import ArtisanFactory, CooperativeFactory, UserFactory, admin_of
from tests.payments.ledger_builders import line_refund, paid_order, refund_build

pytestmark = pytest.mark.django_db

ADMIN_USERS = ["operator", "admin_a", "admin_b", "selling_admin"]
ARTISAN_ORDERS = "/admin/orders/artisanorder/"
REFUNDS = "/admin/payments/refund/"
ARTISANS = "/admin/artisans/artisanprofile/"


@dataclass
class Grid:
    operator: object
    admin_a: object
    admin_b: object
    selling_admin: object  # administers A, sells in B
    seller: object  # an artisan of A, not staff
    applicant: object  # an artisan of A awaiting review


@pytest.fixture
def grid(db):
    cooperative_a, cooperative_b = CooperativeFactory(), CooperativeFactory()
    admin_a, admin_b, selling_admin = admin_of(cooperative_a), admin_of(cooperative_b), admin_of(cooperative_a)
    artisan_a = ArtisanFactory(cooperative=cooperative_a)
    artisan_b = ArtisanFactory(cooperative=cooperative_b)
    own_in_b = ArtisanFactory(cooperative=cooperative_b, user=selling_admin)
    both = paid_order(artisans=[artisan_a, artisan_b])
    part_a, part_b = both.parts
    line_refund(both, part_a, 1)
    refund_build(
        payment=both.payment,
        items=[
            {"kind": RefundItemKind.SHIPPING, "artisan_order": part_a, "amount_mad": Decimal("100.00")},
            {"kind": RefundItemKind.SHIPPING, "artisan_order": part_b, "amount_mad": Decimal("120.00")},
        ],
    )
    own = paid_order(artisans=[own_in_b])
    line_refund(own, own.parts[0], 1)
    only_b = paid_order(artisans=[artisan_b])
    line_refund(only_b, only_b.parts[0], 1)
    operator = UserFactory(is_staff=True, is_superuser=True)
    applicant = ArtisanFactory(cooperative=cooperative_a, verification_status=VerificationStatus.PENDING)
    services.artisan_verify(artisan=applicant, actor=operator)
    services.artisan_suspend(artisan=applicant, actor=admin_a, reason="Reported")
    services.artisan_reinstate(artisan=applicant, actor=selling_admin)
    return Grid(operator, admin_a, admin_b, selling_admin, artisan_a.user, applicant)


def listed_ids(response) -> set[int]:
    assert response.status_code == 200
    return {row.pk for row in response.context["cl"].result_list}


def ids(queryset) -> set[int]:
    return set(queryset.values_list("pk", flat=True))


@pytest.mark.parametrize("who", ADMIN_USERS)
def test_the_admin_lists_the_artisan_orders_the_api_rule_lets_them_see(grid, admin_client_for, who):
    user = getattr(grid, who)
    client = admin_client_for(user)

    assert listed_ids(client.get(ARTISAN_ORDERS)) == ids(artisan_orders_visible_to(user))
    for artisan_order in ArtisanOrder.objects.all():
        page = client.get(f"{ARTISAN_ORDERS}{artisan_order.pk}/change/")
        assert (page.status_code == 200) == artisan_order_may_be_seen_by(user, artisan_order), artisan_order


@pytest.mark.parametrize("who", ADMIN_USERS)
def test_the_admin_lists_the_refunds_and_items_the_api_rule_lets_them_see(grid, admin_client_for, who):
    user = getattr(grid, who)
    client = admin_client_for(user)

    assert listed_ids(client.get(REFUNDS)) == ids(refunds_visible_to(user))
    for refund in Refund.objects.all():
        page = client.get(f"{REFUNDS}{refund.pk}/change/")
        visible = ids(refund_items_visible_to(user, refund))
        assert (page.status_code == 200) == bool(visible), refund
        if visible:
            assert ids(page.context["inline_admin_formsets"][0].formset.queryset) == visible


@pytest.mark.parametrize("who", ADMIN_USERS)
def test_the_admin_lists_the_artisans_the_api_lists_as_managed(grid, admin_client_for, client_for, who):
    user = getattr(grid, who)

    api = client_for(user).get("/api/v1/manage/artisans/", {"page_size": 100}).json()

    assert listed_ids(admin_client_for(user).get(ARTISANS)) == ids(artisans_managed_by(user))
    assert {artisan["id"] for artisan in api["results"]} == ids(artisans_managed_by(user))


@pytest.mark.parametrize("who", ADMIN_USERS)
def test_the_admin_lists_the_products_of_the_artisans_they_manage(grid, admin_client_for, who):
    user = getattr(grid, who)

    listed = listed_ids(admin_client_for(user).get("/admin/catalog/product/"))

    assert listed == ids(products_managed_by(user))
    assert listed  # every user of the grid manages an artisan with products


@pytest.mark.parametrize("who", ADMIN_USERS)
def test_the_admin_names_each_actor_as_the_api_does(grid, admin_client_for, client_for, who):
    user = getattr(grid, who)
    api = client_for(user).get(f"/api/v1/manage/artisans/{grid.applicant.pk}/")
    page = admin_client_for(user).get(f"{ARTISANS}{grid.applicant.pk}/change/")
    if user == grid.admin_b:  # another cooperative's artisan: refused by both
        assert (api.status_code, page.status_code) == (404, 302)
        return
    api = api.json()
    (events,) = [inline for inline in page.context["inline_admin_formsets"] if inline.opts.model is VerificationEvent]
    shown = sorted((form.instance.from_status, form.instance.to_status, str(events.opts.actor_shown(form.instance)))
                   for form in events.formset.forms)  # fmt: skip

    assert shown == sorted(
        (event["from_status"], event["to_status"], event["actor"]) for event in api["verification_events"]
    )
    assert len(shown) == 3
    assert (grid.operator.email in str(shown)) == (user == grid.operator)


def test_a_user_the_admin_refuses_sees_nothing_there_whatever_the_api_shows_them(grid, admin_client_for):
    client = admin_client_for(grid.seller)

    assert artisan_orders_visible_to(grid.seller).exists()  # their own parcel, in the API
    assert client.get(ARTISAN_ORDERS).status_code == 302  # to the admin's sign-in
    assert client.get(REFUNDS).status_code == 302
