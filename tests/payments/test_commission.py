"""Which commission rate a sale pays: the most specific rule wins."""

from decimal import Decimal

import pytest

from catalog.models import Category
from payments.commission import commission_rate_for, commission_rules_load
from payments.models import CommissionRule, LineCommission
from tests.factories import ArtisanFactory
from tests.payments.ledger_builders import paid_order

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree():
    """A parent category, its child and grandchild (made here: the seeded tree may change)."""
    parent = Category.objects.create(slug="test-parent", name="Parent", default_hs_code="6912.00")
    child = Category.objects.create(slug="test-child", name="Child", default_hs_code="6912.00", parent=parent)
    grandchild = Category.objects.create(slug="test-grandchild", name="Grandchild", default_hs_code="6912.00",
                                         parent=child)  # fmt: skip
    return parent, child, grandchild


@pytest.fixture
def every_rule(artisan, tree):
    parent, _child, _grandchild = tree
    return {
        "artisan": CommissionRule.objects.create(rate_percent=Decimal("5.00"), artisan=artisan),
        "cooperative": CommissionRule.objects.create(rate_percent=Decimal("8.00"), cooperative=artisan.cooperative),
        "category": CommissionRule.objects.create(rate_percent=Decimal("10.00"), category=parent),
        "default": CommissionRule.objects.create(rate_percent=Decimal("15.00")),
    }


def test_the_artisans_own_rule_wins(artisan, tree, every_rule):
    assert commission_rate_for(artisan=artisan, category=tree[2]) == (Decimal("5.00"), every_rule["artisan"])


def test_then_the_cooperatives_rule(artisan, tree, every_rule):
    every_rule["artisan"].delete()

    assert commission_rate_for(artisan=artisan, category=tree[2]) == (Decimal("8.00"), every_rule["cooperative"])


def test_then_the_nearest_ancestor_categorys_rule(artisan, tree, every_rule):
    every_rule["artisan"].delete()
    every_rule["cooperative"].delete()

    assert commission_rate_for(artisan=artisan, category=tree[2]) == (Decimal("10.00"), every_rule["category"])


def test_a_nearer_category_rule_beats_its_ancestors(artisan, tree, every_rule):
    every_rule["artisan"].delete()
    every_rule["cooperative"].delete()
    child_rule = CommissionRule.objects.create(rate_percent=Decimal("9.50"), category=tree[1])

    assert commission_rate_for(artisan=artisan, category=tree[2]) == (Decimal("9.50"), child_rule)


def test_then_the_default_rule(artisan, tree, every_rule):
    for name in ("artisan", "cooperative", "category"):
        every_rule[name].delete()

    assert commission_rate_for(artisan=artisan, category=tree[2]) == (Decimal("15.00"), every_rule["default"])


def test_without_any_rule_the_setting(artisan, tree, settings):
    settings.COMMISSION_DEFAULT_PERCENT = Decimal("12.00")

    assert commission_rate_for(artisan=artisan, category=tree[2]) == (Decimal("12.00"), None)


def test_a_category_rule_does_not_apply_to_another_branch(artisan, tree, settings):
    settings.COMMISSION_DEFAULT_PERCENT = Decimal("12.00")
    CommissionRule.objects.create(rate_percent=Decimal("3.00"), category=tree[1])
    other = Category.objects.create(slug="test-other", name="Other", default_hs_code="6912.00", parent=tree[0])

    assert commission_rate_for(artisan=artisan, category=other)[0] == Decimal("12.00")


def test_another_cooperatives_rule_does_not_apply(artisan, settings):
    settings.COMMISSION_DEFAULT_PERCENT = Decimal("12.00")
    CommissionRule.objects.create(rate_percent=Decimal("2.00"), cooperative=ArtisanFactory().cooperative)

    assert commission_rate_for(artisan=artisan, category=None)[0] == Decimal("12.00")


def test_an_artisan_without_a_cooperative_falls_through_to_category(tree):
    independent = ArtisanFactory(cooperative=None)
    rule = CommissionRule.objects.create(rate_percent=Decimal("7.00"), category=tree[0])

    assert commission_rate_for(artisan=independent, category=tree[2]) == (Decimal("7.00"), rule)


def test_rating_from_preloaded_rules_needs_no_query(artisan, tree, every_rule, django_assert_num_queries):
    rules = commission_rules_load(artisans=[artisan])

    with django_assert_num_queries(0):
        rate, _rule = commission_rate_for(artisan=artisan, category=tree[2].pk, rules=rules)

    assert rate == Decimal("5.00")


def test_a_capture_records_the_rule_it_used_per_line():
    artisans = [ArtisanFactory(), ArtisanFactory()]
    rule = CommissionRule.objects.create(rate_percent=Decimal("6.00"), artisan=artisans[0])

    paid_order(artisans=artisans)

    rows = list(LineCommission.objects.order_by("artisan_order__artisan_id").values_list("rule", "rate_percent"))
    assert rows[0] == (rule.pk, Decimal("6.00"))


def _capture_queries(artisan_count: int) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from payments import ledger

    artisans = [ArtisanFactory() for _ in range(artisan_count)]
    for artisan in artisans:
        ledger.account_for_artisan(artisan)  # accounts exist in the steady state
    paid = paid_order(artisans=artisans, capture=False)
    with CaptureQueriesContext(connection) as queries:
        ledger.capture_post(payment=paid.payment)
    return len(queries)


def test_a_capture_costs_the_same_queries_for_one_artisan_or_three():
    """Rules, accounts, lines and products are each read once per capture, not per line."""
    paid_order(artisans=[ArtisanFactory()])  # the system accounts exist from now on

    assert _capture_queries(3) == _capture_queries(1)
