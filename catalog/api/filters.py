from decimal import Decimal

import django_filters
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import ValidationError

from catalog import selectors
from catalog.models import Product
from catalog.search import search_products
from marketplace.api.filters import StrictBooleanFilter
from marketplace.regions import MoroccanRegion

ORDERINGS = {
    "newest": ("-created_at", "-id"),
    "price": ("min_price_mad", "id"),
    "-price": ("-min_price_mad", "-id"),
    "rating": ("-rating_average", "-rating_count", "-id"),
}


class ProductFilter(django_filters.FilterSet):
    """Public catalog filters. Price bounds are in the buyer's currency; the
    view hands the request's Pricing to the filter set."""

    category = django_filters.CharFilter(method="filter_category", help_text=_("Category slug, with its children."))
    artisan = django_filters.CharFilter(field_name="artisan__slug")
    cooperative = django_filters.CharFilter(field_name="artisan__cooperative__slug")
    region = django_filters.ChoiceFilter(field_name="region_of_origin", choices=MoroccanRegion.choices)
    min_price = django_filters.NumberFilter(method="filter_min_price", min_value=0)
    max_price = django_filters.NumberFilter(method="filter_max_price", min_value=0)
    in_stock = StrictBooleanFilter(method="filter_in_stock")
    made_to_order = StrictBooleanFilter()
    material = django_filters.CharFilter(field_name="materials__slug")
    q = django_filters.CharFilter(method="filter_search", help_text=_("Words to search for, in any language."))
    # What many clients send; the same search as `q` (given both, `q` wins).
    search = django_filters.CharFilter(method="filter_search_alias", help_text=_("The same as `q`."))
    ordering = django_filters.ChoiceFilter(
        method="filter_ordering", choices=[(key, key) for key in ORDERINGS], empty_label=None
    )

    class Meta:
        model = Product
        fields = []

    def __init__(self, *args, pricing=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.pricing = pricing

    def filter_category(self, queryset, name, value):
        ids = selectors.category_descendant_ids(value)
        if ids is None:
            raise ValidationError({"category": [_("Unknown category.")]})
        return queryset.filter(category_id__in=ids)

    def _to_mad(self, value):
        return self.pricing.to_mad(Decimal(value)) if self.pricing else Decimal(value)

    def filter_min_price(self, queryset, name, value):
        return queryset.filter(min_price_mad__gte=self._to_mad(value))

    def filter_max_price(self, queryset, name, value):
        return queryset.filter(min_price_mad__lte=self._to_mad(value))

    def filter_in_stock(self, queryset, name, value):
        return queryset.filter(total_stock__gt=0) if value else queryset.filter(total_stock=0)

    def filter_search(self, queryset, name, value):
        return search_products(queryset, value, get_language())

    def filter_search_alias(self, queryset, name, value):
        if self.data.get("q", "").strip():
            return queryset
        return self.filter_search(queryset, name, value)

    def filter_ordering(self, queryset, name, value):
        return queryset.order_by(*ORDERINGS[value])

    @property
    def qs(self):
        queryset = super().qs
        if "ordering" not in self.data or not self.data.get("ordering"):
            searching = bool(self.data.get("q", "").strip() or self.data.get("search", "").strip())
            queryset = (
                queryset.order_by("-search_rank", "-id") if searching else queryset.order_by(*ORDERINGS["newest"])
            )
        return queryset
