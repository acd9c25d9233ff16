"""Which currency a request wants its prices in.

Precedence, first match wins:

1. `?currency=usd` (any case). An unsupported code is an error (400 naming
   the field "currency"), never silently replaced. A blank value is ignored.
2. The signed-in user's `preferred_currency`, when set and supported.
3. Accept-Language, tags in order of preference (q). A tag with a region
   decides by the region's currency: US → USD, GB → GBP, CA → CAD,
   MA → MAD, EU members and the other euro users → EUR (EUR also for the EU
   countries without the euro: the nearest currency Souk shows). A region
   Souk has no currency for (en-AU, es-MX) does not decide: the next tag
   may. A bare language decides only where one market dominates:
   en → USD (the USA buy ~44% of Morocco's craft exports), fr, es, de, it,
   nl, pt… → EUR (France and Spain come next; Latin American browsers send
   a region), ar (and Darija, Tamazight) → MAD.
4. MAD, the currency artisans price in.
"""

from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError

from marketplace.money import BASE_CURRENCY, SUPPORTED_CURRENCIES

# The euro area in 2026 (Bulgaria from 1 January 2026) and the countries using the euro without being in it.
EURO_REGIONS = (
    "AT", "BE", "BG", "HR", "CY", "EE", "FI", "FR", "DE", "GR", "IE", "IT", "LV", "LT", "LU", "MT", "NL", "PT",
    "SK", "SI", "ES", "AD", "MC", "SM", "VA", "ME", "XK",
)  # fmt: skip
# EU members keeping their own currency: EUR is the closest Souk offers.
EU_NON_EURO_REGIONS = ("CZ", "DK", "HU", "PL", "RO", "SE")
REGION_CURRENCIES = {
    "US": "USD",
    "GB": "GBP",
    "UK": "GBP",  # not ISO 3166, but sent by some browsers
    "CA": "CAD",
    "MA": "MAD",
    **dict.fromkeys(EURO_REGIONS + EU_NON_EURO_REGIONS, "EUR"),
}
# Languages spoken mostly in the euro area.
EURO_LANGUAGES = (
    "fr", "es", "de", "it", "nl", "pt", "el", "fi", "et", "lv", "lt", "sk", "sl", "hr", "mt", "ga", "lb", "ca", "eu",
    "gl",
)  # fmt: skip
# A bare language (no region): only where one market dominates.
LANGUAGE_CURRENCIES = {
    "en": "USD",
    "ar": "MAD",
    "ary": "MAD",  # Moroccan Arabic (Darija)
    "zgh": "MAD",  # Standard Moroccan Tamazight
    "tzm": "MAD",
    "ber": "MAD",
    **dict.fromkeys(EURO_LANGUAGES, "EUR"),
}

MAX_ACCEPT_LANGUAGE = 500  # Django's own limit for the header


def _accept_language_tags(header: str) -> list[str]:
    """Language tags of an Accept-Language header, most preferred first
    (ties keep the header's order); q=0 and malformed entries are dropped."""
    weighted = []
    for position, item in enumerate(header[:MAX_ACCEPT_LANGUAGE].split(",")):
        tag, _sep, params = item.strip().partition(";")
        quality = 1.0
        params = params.strip()
        if params.startswith("q="):
            try:
                quality = float(params[2:])
            except ValueError:
                continue
        if tag and quality > 0:
            weighted.append((-quality, position, tag.strip()))
    return [tag for _q, _p, tag in sorted(weighted)]


def currency_for_language_tag(tag: str) -> str | None:
    """The currency one Accept-Language tag points to, or None if it does not say."""
    language, *rest = tag.replace("_", "-").split("-")
    if rest and len(rest[0]) == 4:  # a script (zh-Hant-TW, sr-Latn-ME) comes before the region
        rest = rest[1:]
    # BCP 47: a region is 2 letters or 3 digits (es-419), right after language and script.
    if rest and ((len(rest[0]) == 2 and rest[0].isalpha()) or (len(rest[0]) == 3 and rest[0].isdigit())):
        return REGION_CURRENCIES.get(rest[0].upper())
    return LANGUAGE_CURRENCIES.get(language.lower())


def currency_from_accept_language(header: str) -> str | None:
    for tag in _accept_language_tags(header):
        currency = currency_for_language_tag(tag)
        if currency:
            return currency
    return None


def currency_for_request(request) -> str:
    """The currency to show prices in for this request (Django HttpRequest or
    DRF Request). Raises rest_framework ValidationError({"currency": [...]})
    for an unsupported `?currency=`."""
    params = request.query_params if hasattr(request, "query_params") else request.GET
    asked = params.get("currency", "").strip()
    if asked:
        if asked.upper() in SUPPORTED_CURRENCIES:
            return asked.upper()
        raise ValidationError(
            {
                "currency": [
                    _("“%(currency)s” is not a supported currency. Choose one of: %(choices)s.")
                    % {"currency": asked[:10], "choices": ", ".join(SUPPORTED_CURRENCIES)}
                ]
            }
        )

    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        preferred = (user.preferred_currency or "").upper()
        if preferred in SUPPORTED_CURRENCIES:
            return preferred

    return currency_from_accept_language(request.META.get("HTTP_ACCEPT_LANGUAGE", "")) or BASE_CURRENCY
