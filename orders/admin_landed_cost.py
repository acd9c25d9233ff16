"""Shipping zones, services, rates and the duties and taxes tables in the
admin: platform operators (superusers) only. Imported by orders/admin.py.

A tax changes from a date by "Save as new" on its rule with a later
"effective from" and the same name: each version answers for its own dates
(see orders.duties)."""

from django import forms
from django.contrib import admin, messages
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from marketplace import effects
from marketplace.admin_security import SuperuserOnlyAdmin
from marketplace.money import SUPPORTED_CURRENCIES
from orders.models import InsurancePremium, ShippingRate, ShippingService, ShippingZone, TaxKind, TaxRule
from orders.shipping import landed_cost_tables_invalidate

PERCENTAGE_KINDS = {TaxKind.VAT, TaxKind.DUTY, TaxKind.SURCHARGE}
FLAT_KINDS = {TaxKind.FLAT_PER_TARIFF_LINE, TaxKind.FLAT_PER_PARCEL}


# --- shipping ------------------------------------------------------------------------------


class ShippingZoneForm(forms.ModelForm):
    class Meta:
        model = ShippingZone
        fields = ["code", "name", "countries", "is_rest_of_world"]

    def clean(self):
        cleaned = super().clean()
        others = ShippingZone.objects.exclude(pk=self.instance.pk)
        countries = {str(getattr(country, "code", country)) for country in cleaned.get("countries") or []}
        taken = sorted(
            f"{code} ({zone.code})"
            for zone in others
            for code in {country.code for country in zone.countries} & countries
        )
        if taken:
            self.add_error("countries", _("Already in another zone: %(taken)s.") % {"taken": ", ".join(taken)})
        if cleaned.get("is_rest_of_world") and others.filter(is_rest_of_world=True).exists():
            self.add_error("is_rest_of_world", _("Another zone is already the rest of the world."))
        return cleaned


class TablesInvalidatingAdmin(SuperuserOnlyAdmin):
    """Every process keeps the zones, rates and tax rules in memory
    (orders.shipping.landed_cost_table): forget them once a change is committed."""

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        effects.after_commit(landed_cost_tables_invalidate)

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        effects.after_commit(landed_cost_tables_invalidate)

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        effects.after_commit(landed_cost_tables_invalidate)


@admin.register(ShippingZone)
class ShippingZoneAdmin(TablesInvalidatingAdmin, TranslationAdmin):
    form = ShippingZoneForm
    list_display = ["code", "name", "country_list", "is_rest_of_world"]
    search_fields = ["code", "name_en", "name_fr", "name_es", "name_ar"]

    @admin.display(description=_("countries"))
    def country_list(self, obj):
        return ", ".join(country.code for country in obj.countries)


@admin.register(ShippingService)
class ShippingServiceAdmin(TablesInvalidatingAdmin, TranslationAdmin):
    list_display = ["code", "name", "carrier", "kind", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["code", "name_en", "name_fr", "carrier"]


class ShippingRateForm(forms.ModelForm):
    class Meta:
        model = ShippingRate
        fields = ["service", "zone", "max_weight_grams", "price_mad", "transit_days_min", "transit_days_max"]

    def clean(self):
        cleaned = super().clean()
        low, high = cleaned.get("transit_days_min"), cleaned.get("transit_days_max")
        if low is not None and high is not None and low > high:
            self.add_error("transit_days_max", _("At least the minimum number of days."))
        return cleaned


@admin.register(ShippingRate)
class ShippingRateAdmin(TablesInvalidatingAdmin):
    form = ShippingRateForm
    list_display = ["service", "zone", "max_weight_grams", "price_mad", "transit_days_min", "transit_days_max"]
    list_display_links = ["max_weight_grams"]
    list_editable = ["price_mad", "transit_days_min", "transit_days_max"]
    list_filter = ["service", "zone"]
    list_select_related = ["service", "zone"]
    ordering = ["service__code", "zone__code", "max_weight_grams"]

    def get_changelist_form(self, request, **kwargs):
        # The list's inline edits go through the same checks as the change form.
        kwargs.setdefault("form", ShippingRateForm)
        return super().get_changelist_form(request, **kwargs)


@admin.register(InsurancePremium)
class InsurancePremiumAdmin(TablesInvalidatingAdmin):
    """The dated insurance table: a new premium from a date is a new row with a
    later "valid from"; orders placed before it keep the old one."""

    list_display = ["service", "zone", "rate_percent", "minimum_mad", "valid_from"]
    list_filter = ["service", "zone"]
    list_select_related = ["service", "zone"]
    ordering = ["service__code", "zone__code", "-valid_from"]


# --- duties and taxes ----------------------------------------------------------------------


def _currency_choices():
    return [("", "—"), *((code, code) for code in SUPPORTED_CURRENCIES)]


class TaxRuleForm(forms.ModelForm):
    amount_currency = forms.ChoiceField(label=_("flat amount currency"), choices=_currency_choices, required=False)
    threshold_currency = forms.ChoiceField(label=_("threshold currency"), choices=_currency_choices, required=False)

    class Meta:
        model = TaxRule
        fields = [
            "name",
            "countries",
            "kind",
            "channel",
            "rate_percent",
            "base_includes_shipping",
            "amount",
            "amount_currency",
            "consignment_min",
            "consignment_max",
            "threshold_currency",
            "collectable_at_checkout",
            "effective_from",
            "effective_to",
            "source",
        ]

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        if kind in PERCENTAGE_KINDS:
            if cleaned.get("rate_percent") is None:
                self.add_error("rate_percent", _("A percentage rule needs its rate."))
            if cleaned.get("amount") is not None:
                self.add_error("amount", _("A percentage rule has no flat amount."))
        elif kind in FLAT_KINDS:
            if cleaned.get("amount") is None:
                self.add_error("amount", _("A flat rule needs its amount."))
            if not cleaned.get("amount_currency"):
                self.add_error("amount_currency", _("A flat rule needs the currency of its amount."))
            if cleaned.get("rate_percent") is not None:
                self.add_error("rate_percent", _("A flat rule has no percentage."))
        low, high = cleaned.get("consignment_min"), cleaned.get("consignment_max")
        if (low is not None or high is not None) and not cleaned.get("threshold_currency"):
            self.add_error("threshold_currency", _("A value band needs the currency it is expressed in."))
        if low is not None and high is not None and low >= high:
            self.add_error("consignment_max", _("The band's upper limit must be above its lower limit."))
        start, end = cleaned.get("effective_from"), cleaned.get("effective_to")
        if start and end and end < start:
            self.add_error("effective_to", _("Not before the start date."))
        return cleaned


@admin.register(TaxRule)
class TaxRuleAdmin(TablesInvalidatingAdmin):
    form = TaxRuleForm
    save_as = True  # "Save as new": a new version of the rule from a later date
    list_display = ["name", "country_list", "kind", "rate", "band", "channel", "collectable_at_checkout",
                    "effective_from", "effective_to"]  # fmt: skip
    list_filter = ["kind", "channel", "collectable_at_checkout"]
    search_fields = ["name"]
    date_hierarchy = "effective_from"
    fieldsets = [
        (None, {
            "fields": ["name", "countries", "kind", "channel"],
            "description": _("To change a rule from a date, open it and use “Save as new” with a later “effective "
                             "from” and the same name: the newest version in force wins, the old one keeps "
                             "answering for earlier dates."),
        }),
        (_("Amount"), {"fields": ["rate_percent", "base_includes_shipping", "amount", "amount_currency"]}),
        (_("Consignments concerned (goods value, shipping excluded)"),
         {"fields": ["consignment_min", "consignment_max", "threshold_currency"]}),
        (_("Collection and dates"), {"fields": ["collectable_at_checkout", "effective_from", "effective_to",
                                                "source"]}),
    ]  # fmt: skip

    @admin.display(description=_("countries"))
    def country_list(self, obj):
        return ", ".join(country.code for country in obj.countries)

    @admin.display(description=_("rate"))
    def rate(self, obj):
        if obj.rate_percent is not None:
            return f"{obj.rate_percent.normalize():f} %"
        if obj.amount is not None:
            return f"{obj.amount} {obj.amount_currency}"
        return "—"

    @admin.display(description=_("consignment value"))
    def band(self, obj):
        currency = obj.threshold_currency
        if obj.consignment_min is not None and obj.consignment_max is not None:
            return f"> {obj.consignment_min} ≤ {obj.consignment_max} {currency}"
        if obj.consignment_min is not None:
            return f"> {obj.consignment_min} {currency}"
        if obj.consignment_max is not None:
            return f"≤ {obj.consignment_max} {currency}"
        return _("any")

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        for other in _differently_named_overlaps(obj):
            self.message_user(
                request,
                _("“%(other)s” also applies to some of these countries and dates with the same kind and channel; "
                  "both will be charged. If this rule replaces it, give it the same name or end the other one.")
                % {"other": other.name},
                messages.WARNING,
            )  # fmt: skip


def _differently_named_overlaps(rule: TaxRule) -> list[TaxRule]:
    """Rules that a staff member probably meant to replace: same kind and
    channel, a shared country, overlapping dates, but another name (so both apply)."""
    countries = {country.code for country in rule.countries}
    overlapping = TaxRule.objects.exclude(pk=rule.pk).filter(kind=rule.kind, channel=rule.channel)
    overlapping = overlapping.filter(Q(effective_to__isnull=True) | Q(effective_to__gte=rule.effective_from))
    if rule.effective_to is not None:
        overlapping = overlapping.filter(effective_from__lte=rule.effective_to)
    return [
        other
        for other in overlapping
        if other.name != rule.name
        and countries & {country.code for country in other.countries}
        and _bands_overlap(rule, other)
    ]


def _bands_overlap(a: TaxRule, b: TaxRule) -> bool:
    if (a.threshold_currency or "") != (b.threshold_currency or ""):
        return True  # different currencies: cannot tell, warn
    a_low, a_high = a.consignment_min, a.consignment_max
    b_low, b_high = b.consignment_min, b.consignment_max
    below = a_high is not None and b_low is not None and a_high <= b_low
    above = b_high is not None and a_low is not None and b_high <= a_low
    return not (below or above)
