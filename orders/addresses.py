"""Shipping addresses: postal codes checked and written the way each
country's post writes them, phone numbers in E.164 (what carriers' labels and
SMS notices want), and the serializer the checkout uses."""

import re

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_countries import countries as all_countries
from django_countries.serializer_fields import CountryField
from rest_framework import serializers
from rest_framework.fields import ChoiceField

from marketplace.api.serializers import StrictSerializer

# On the normalised form (upper case, country's own spacing), whole string.
POSTAL_CODE_PATTERNS = {
    "US": re.compile(r"\d{5}(?:-\d{4})?"),  # ZIP or ZIP+4
    "CA": re.compile(r"[ABCEGHJ-NPRSTVXY]\d[ABCEGHJ-NPRSTV-Z] \d[ABCEGHJ-NPRSTV-Z]\d"),
    # Royal Mail's formats (A9, A99, AA9, AA99, A9A, AA9A) and the letters each position may hold.
    "GB": re.compile(
        r"GIR 0AA"
        r"|(?:[A-PR-UWYZ]\d{1,2}|[A-PR-UWYZ][A-HK-Y]\d{1,2}|[A-PR-UWYZ]\d[A-HJKPSTUW]|[A-PR-UWYZ][A-HK-Y]\d[ABEHMNPRVWXY])"
        r" \d[ABD-HJLNP-UW-Z]{2}"
    ),
    "FR": re.compile(r"(?:0[1-9]|[1-8]\d|9[0-8])\d{3}"),  # département 01-98 (2A/2B Corsica are 20xxx)
    "ES": re.compile(r"(?:0[1-9]|[1-4]\d|5[0-2])\d{3}"),  # province 01-52
    "DE": re.compile(r"(?:0[1-9]|[1-9]\d)\d{3}"),
    "IT": re.compile(r"\d{5}"),
    "NL": re.compile(r"[1-9]\d{3} (?!SA|SD|SS)[A-Z]{2}"),  # 1234 AB; SA, SD and SS are never issued
    "BE": re.compile(r"[1-9]\d{3}"),
    "MA": re.compile(r"[1-9]\d{4}"),
    "PT": re.compile(r"[1-9]\d{3}-\d{3}"),
    "AT": re.compile(r"[1-9]\d{3}"),
    "LU": re.compile(r"\d{4}"),  # written L-1234 on letters; stored as the four digits
    "IE": re.compile(r"(?:[AC-FHKNPRTV-Y]\d{2}|D6W) [0-9AC-FHKNPRTV-Y]{4}"),  # Eircode
}
POSTAL_CODE_EXAMPLES = {
    "US": "20500, 20500-0003",
    "CA": "K1A 0B1",
    "GB": "SW1A 1AA",
    "FR": "75001",
    "ES": "28013",
    "DE": "10115",
    "IT": "00184",
    "NL": "1012 AB",
    "BE": "1000",
    "MA": "30000",
    "PT": "1100-148",
    "AT": "1010",
    "LU": "1009",
    "IE": "D02 X285",
}
# Countries with a pattern where an address may still have no code.
POSTAL_CODE_OPTIONAL = frozenset({"IE"})

_SPACES = re.compile(r"\s+")


def _space_before_last(code: str, count: int) -> str:
    compact = code.replace(" ", "")
    return f"{compact[:-count]} {compact[-count:]}" if len(compact) > count else compact


def _us(code: str) -> str:
    compact = re.sub(r"[ -]", "", code)
    return f"{compact[:5]}-{compact[5:]}" if len(compact) == 9 and compact.isdigit() else code.replace(" ", "")


def _pt(code: str) -> str:
    compact = re.sub(r"[ -]", "", code)
    return f"{compact[:4]}-{compact[4:]}" if len(compact) == 7 and compact.isdigit() else code


def _lu(code: str) -> str:
    return re.sub(r"^L ?- ?", "", code)


def _nl(code: str) -> str:
    compact = code.replace(" ", "")
    return f"{compact[:4]} {compact[4:]}" if re.fullmatch(r"\d{4}[A-Z]{2}", compact) else code


_NORMALISERS = {
    "US": _us,
    "CA": lambda code: _space_before_last(code, 3),
    "GB": lambda code: _space_before_last(code, 3),
    "IE": lambda code: _space_before_last(code, 4),
    "NL": _nl,
    "PT": _pt,
    "LU": _lu,
}


def _country(country) -> str:
    return str(getattr(country, "code", country) or "").strip().upper()


def postal_code_normalise(country, code: str) -> str:
    """`code` as the post of `country` writes it ("sw1a1aa" → "SW1A 1AA",
    "1012ab" → "1012 AB", "123456789" → "12345-6789"). Raises
    django.core.exceptions.ValidationError when it cannot be a postal code of
    that country. Countries without a known pattern get the code upper-cased
    with single spaces (and may have none)."""
    country = _country(country)
    code = _SPACES.sub(" ", str(code or "")).strip().upper()
    pattern = POSTAL_CODE_PATTERNS.get(country)
    if pattern is None:
        return code
    if not code:
        if country in POSTAL_CODE_OPTIONAL:
            return ""
        raise ValidationError(_("A postal code is required for this country."), code="required")
    code = _NORMALISERS.get(country, lambda value: value.replace(" ", ""))(code)
    if not pattern.fullmatch(code):
        raise ValidationError(
            _("“%(code)s” is not a postal code of %(country)s (for example: %(example)s).")
            % {
                "code": code,
                "country": all_countries.name(country) or country,
                "example": POSTAL_CODE_EXAMPLES.get(country, ""),
            },
            code="invalid_postal_code",
        )
    return code


def phone_normalise(phone: str, country) -> str:
    """`phone` in E.164 ("+33612345678"). A number without an international
    prefix ("06 12 34 56 78") is read as a number of `country`, the address's
    country. Raises django.core.exceptions.ValidationError when it is not a
    valid (assigned) number."""
    region = _country(country) or None
    invalid = ValidationError(
        _("Enter a valid phone number, with its international prefix if it is not a number of the address's country."),
        code="invalid_phone",
    )
    try:
        number = phonenumbers.parse(str(phone or ""), region)
    except phonenumbers.NumberParseException as error:
        raise invalid from error
    if not phonenumbers.is_valid_number(number):
        raise invalid
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


class CountryCodeField(CountryField):
    """django-countries' field with its choices built once per language.

    DRF re-creates a serializer's fields for every instance, and a ChoiceField
    turns its choices (every country, its name translated) into three dicts
    each time: about 0.3 ms, several times a checkout. Reading a country never
    needs them (`to_internal_value` asks `countries` directly); the schema and
    the browsable API do, and they get the same dicts, named in the language
    of the request that built them first."""

    _choices_by_language: dict = {}

    def _set_choices(self, choices):
        if self.countries is not all_countries:  # a field's own list: built as django-countries does
            ChoiceField._set_choices(self, choices)
            return
        language = get_language()
        cached = self._choices_by_language.get(language)
        if cached is None:
            ChoiceField._set_choices(self, choices)
            cached = (self.grouped_choices, self._choices, self.choice_strings_to_values)
            self._choices_by_language[language] = cached
        self.grouped_choices, self._choices, self.choice_strings_to_values = cached

    choices = property(ChoiceField._get_choices, _set_choices)


class ShippingAddressSerializer(StrictSerializer):
    """Where a parcel goes. Valid data has the postal code and the phone number
    normalised and the country as its ISO code ("FR")."""

    name = serializers.CharField(max_length=150)
    line1 = serializers.CharField(max_length=200)
    line2 = serializers.CharField(max_length=200, allow_blank=True, default="")
    city = serializers.CharField(max_length=100)
    region = serializers.CharField(max_length=100, allow_blank=True, default="")
    postal_code = serializers.CharField(max_length=20, allow_blank=True, default="")
    country = CountryCodeField()
    phone = serializers.CharField(max_length=32)

    def validate(self, attrs):
        country = attrs["country"]
        errors = {}
        try:
            attrs["postal_code"] = postal_code_normalise(country, attrs.get("postal_code", ""))
        except ValidationError as error:
            errors["postal_code"] = error.messages
        try:
            attrs["phone"] = phone_normalise(attrs["phone"], country)
        except ValidationError as error:
            errors["phone"] = error.messages
        if errors:
            raise serializers.ValidationError(errors)
        return attrs
