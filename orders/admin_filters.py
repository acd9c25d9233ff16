"""List filters that offer only the values present in the rows the user sees."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django_countries import countries


class CountriesPresentFilter(admin.SimpleListFilter):
    """Destination countries that have orders among the visible rows, by
    name, instead of the ~250 countries of the world."""

    title = _("destination country")
    parameter_name = "shipping_country"

    def lookups(self, request, model_admin):
        codes = model_admin.get_queryset(request).order_by().values_list(self.parameter_name, flat=True).distinct()
        return sorted(((code, countries.name(code)) for code in codes if code), key=lambda pair: str(pair[1]))

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(**{self.parameter_name: self.value()})
        return queryset


class OrderCountriesPresentFilter(CountriesPresentFilter):
    parameter_name = "order__shipping_country"
