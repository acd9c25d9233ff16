"""The marketplace's commission rate for a sale: the most specific rule wins.

Precedence: the artisan's own rule, then their cooperative's, then the rule of
the product's category or of its nearest ancestor that has one, then the
default rule (no target), then settings.COMMISSION_DEFAULT_PERCENT.

Rating many lines (a capture) loads the rules once with `commission_rules_load`
and passes them to `commission_rate_for(..., rules=...)`: two queries for the
whole order, whatever its size.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db.models import Q

from catalog.models import Category
from payments.models import CommissionRule


@dataclass
class CommissionRules:
    """The rules that can apply to some artisans, by target, and the category tree."""

    by_artisan: dict[int, CommissionRule] = field(default_factory=dict)
    by_cooperative: dict[int, CommissionRule] = field(default_factory=dict)
    by_category: dict[int, CommissionRule] = field(default_factory=dict)
    default: CommissionRule | None = None
    # category id → parent id, for walking up to the nearest ancestor with a rule.
    category_parent: dict[int, int | None] = field(default_factory=dict)


def commission_rules_load(*, artisans) -> CommissionRules:
    """Every rule that could rate a sale of these artisans (theirs, their
    cooperatives', every category rule, the default), and the category tree."""
    artisan_ids = {artisan.pk for artisan in artisans}
    cooperative_ids = {artisan.cooperative_id for artisan in artisans if artisan.cooperative_id}
    relevant = (
        Q(artisan_id__in=artisan_ids)
        | Q(cooperative_id__in=cooperative_ids)
        | Q(category__isnull=False)
        | Q(artisan__isnull=True, cooperative__isnull=True, category__isnull=True)
    )
    rules = CommissionRules()
    for rule in CommissionRule.objects.filter(relevant):
        if rule.artisan_id:
            rules.by_artisan[rule.artisan_id] = rule
        elif rule.cooperative_id:
            rules.by_cooperative[rule.cooperative_id] = rule
        elif rule.category_id:
            rules.by_category[rule.category_id] = rule
        else:
            rules.default = rule
    if rules.by_category:
        # The tree is small (tens of rows) and only needed when some category has a rule.
        rules.category_parent = dict(Category.objects.values_list("pk", "parent_id"))
    return rules


def _category_rule(rules: CommissionRules, category_id: int | None) -> CommissionRule | None:
    seen = set()
    while category_id is not None and category_id not in seen:  # `seen`: a cycle in bad data stops here
        seen.add(category_id)
        rule = rules.by_category.get(category_id)
        if rule is not None:
            return rule
        category_id = rules.category_parent.get(category_id)
    return None


def commission_rate_for(
    *, artisan, category, rules: CommissionRules | None = None
) -> tuple[Decimal, CommissionRule | None]:
    """(rate in percent, the rule that gave it, or None for the setting).
    `category` is a Category, its id, or None (a product since deleted)."""
    if rules is None:
        rules = commission_rules_load(artisans=[artisan])
    category_id = getattr(category, "pk", category)
    rule = (
        rules.by_artisan.get(artisan.pk)
        or (rules.by_cooperative.get(artisan.cooperative_id) if artisan.cooperative_id else None)
        or _category_rule(rules, category_id)
        or rules.default
    )
    if rule is None:
        return Decimal(settings.COMMISSION_DEFAULT_PERCENT), None
    return rule.rate_percent, rule
