"""The one shape of money in the API's answers, the `Money` component:

    {"amount": "12.34", "currency": "EUR", "mad": "134.50", "formatted": "12,34 €"}

`amount` is in `currency`, `mad` the same value in dirhams (the base currency,
what artisans set and are paid in), both decimal strings at the currency's
minor unit; `formatted` is `amount` written for the request's language
(marketplace.money.format_money). A generated client has one Money type to
show, whatever the endpoint.

Requests keep plain decimal strings: what a client sends is a price an artisan
sets in MAD (`price_mad`) or a filter bound, never a Money.
"""

from collections.abc import Mapping
from decimal import Decimal
from functools import lru_cache

from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from marketplace.money import BASE_CURRENCY, SUPPORTED_CURRENCIES, format_money, quantize

AMOUNT = {"max_digits": 14, "decimal_places": 2}

# Babel's formatting is most of a product card's cost, and a catalog shows the
# same few thousand prices again and again: remember them (per language).
formatted = lru_cache(maxsize=16384)(format_money)


class MoneySerializer(serializers.Serializer):
    amount = serializers.DecimalField(**AMOUNT, help_text=_("In `currency`, at its minor unit."))
    currency = serializers.ChoiceField(choices=SUPPORTED_CURRENCIES)
    mad = serializers.DecimalField(**AMOUNT, help_text=_("The same value in MAD, the marketplace's base currency."))
    formatted = serializers.CharField(help_text=_("`amount` for display, in the request's language."))


def money(amount, currency: str, mad=None, *, language: str | None = None) -> dict:
    """A Money body; `mad` may be left out for an amount in MAD. `language`:
    of `formatted`, the active one by default."""
    if mad is None:
        if currency != BASE_CURRENCY:
            raise ValueError(f"An amount in {currency} needs its MAD value.")
        mad = amount
    amount = quantize(Decimal(amount), currency)
    return {
        "amount": str(amount),
        "currency": currency,
        "mad": str(quantize(Decimal(mad), BASE_CURRENCY)),
        "formatted": formatted(amount, currency, language or get_language()),
    }


def money_mad(amount_mad) -> dict:
    return money(amount_mad, BASE_CURRENCY, amount_mad)


@extend_schema_field(MoneySerializer)
class MoneyField(serializers.Field):
    """A model's amount and its `<amount>_mad` twin as one Money, read-only.

    `amount`: the attribute (default: the field's name); `mad`: its MAD twin
    (default `<amount>_mad`); `currency`: the dotted path of the currency
    (default `currency`), or `mad_only=True` for amounts kept in MAD alone
    (what artisans are paid), then `amount` is the MAD attribute."""

    def __init__(self, amount=None, *, mad=None, currency="currency", mad_only=False, **kwargs):
        self.amount_attribute, self.mad_attribute = amount, mad
        self.currency_path, self.mad_only = currency, mad_only
        super().__init__(source="*", read_only=True, **kwargs)

    def bind(self, field_name, parent):
        super().bind(field_name, parent)
        self.amount_attribute = self.amount_attribute or field_name
        if not self.mad_only:
            self.mad_attribute = self.mad_attribute or f"{self.amount_attribute}_mad"

    def to_representation(self, instance):
        amount = _read(instance, self.amount_attribute)
        if amount is None:
            return None
        if self.mad_only:
            return money_mad(amount)
        currency = instance
        for name in self.currency_path.split("."):
            currency = _read(currency, name)
        return money(amount, currency, _read(instance, self.mad_attribute))


def _read(instance, name):
    return instance[name] if isinstance(instance, Mapping) else getattr(instance, name)
