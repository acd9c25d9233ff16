"""Exchange rates in the admin: platform operators (superusers) only.
Imported by marketplace/admin.py."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from marketplace import effects
from marketplace.admin_security import SuperuserOnlyAdmin
from marketplace.models import ExchangeRate
from marketplace.money import BASE_CURRENCY, SUPPORTED_CURRENCIES, rates_snapshot_invalidate


class ExchangeRateForm(forms.ModelForm):
    currency = forms.ChoiceField(
        label=_("currency"), choices=[(code, code) for code in SUPPORTED_CURRENCIES if code != BASE_CURRENCY]
    )

    class Meta:
        model = ExchangeRate
        fields = ["currency", "rate", "effective_at", "source"]


@admin.register(ExchangeRate)
class ExchangeRateAdmin(SuperuserOnlyAdmin):
    form = ExchangeRateForm
    list_display = ["currency", "rate", "effective_at", "source"]
    list_filter = ["currency", "source", "effective_at"]
    date_hierarchy = "effective_at"
    search_fields = ["currency", "source"]
    ordering = ["currency", "-effective_at"]
    readonly_fields = ["created_at"]

    # The catalog caches the rates in force for a minute: forget them once a change is committed.
    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        effects.after_commit(rates_snapshot_invalidate)

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        effects.after_commit(rates_snapshot_invalidate)

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        effects.after_commit(rates_snapshot_invalidate)
