"""Money: amounts are Decimal with a currency, never floats.

Artisans price in MAD (the base currency). Every conversion out of MAD and
every rounding to a currency's minor unit happens here, in `quantize` (half
up), so a price shown in the catalog, charged at checkout and sent to Stripe
is the same number everywhere.

Exchange rates are `ExchangeRate` rows: `rate` units of `currency` per 1 MAD,
in force from `effective_at`. MAD itself has no row: its rate is 1.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from babel.numbers import format_currency
from django.core.cache import cache
from django.db.models import OuterRef, Subquery
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from marketplace import cache_version
from marketplace.errors import DomainError
from marketplace.models import ExchangeRate

BASE_CURRENCY = "MAD"
SUPPORTED_CURRENCIES = ("MAD", "USD", "EUR", "GBP", "CAD")
# Digits after the decimal point (ISO 4217 minor unit); Stripe agrees for all five.
MINOR_UNITS = {"MAD": 2, "USD": 2, "EUR": 2, "GBP": 2, "CAD": 2}

# Django language → Babel locale used to format amounts.
BABEL_LOCALES = {"en": "en_US", "fr": "fr_FR", "es": "es_ES", "ar": "ar_MA"}
DEFAULT_BABEL_LOCALE = "en_US"

SNAPSHOT_CACHE_SECONDS = 60
_process_snapshots: dict = {}


class RateUnavailable(DomainError):
    """No exchange rate is in force for a currency the buyer asked for."""

    status_code = 503
    code = "rate_unavailable"


def _check_currency(currency: str) -> str:
    if currency not in MINOR_UNITS:
        raise ValueError(f"Unsupported currency {currency!r}; supported: {', '.join(SUPPORTED_CURRENCIES)}.")
    return currency


def _check_amount(amount) -> Decimal:
    # bool is an int: True is not an amount.
    if isinstance(amount, Decimal):
        return amount
    if isinstance(amount, int) and not isinstance(amount, bool):
        return Decimal(amount)
    raise TypeError(f"Amounts are Decimal (or int), not {type(amount).__name__}: {amount!r}.")


def quantize(amount: Decimal, currency: str) -> Decimal:
    """Round `amount` to the minor unit of `currency`, half up (0.125 → 0.13).
    The only rounding of money in the project."""
    exponent = Decimal(1).scaleb(-MINOR_UNITS[_check_currency(currency)])
    return _check_amount(amount).quantize(exponent, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Money:
    """An amount in a currency, already at (or within) its minor unit."""

    amount: Decimal
    currency: str

    def __post_init__(self):
        _check_currency(self.currency)
        amount = _check_amount(self.amount)
        if quantize(amount, self.currency) != amount:
            raise ValueError(f"{amount} has more decimals than {self.currency} allows; use quantize() first.")
        object.__setattr__(self, "amount", amount)

    @classmethod
    def from_mad(cls, amount_mad: Decimal, currency: str, rate: "ExchangeRate | Decimal | None" = None) -> "Money":
        return cls(convert_from_mad(amount_mad, currency, rate), currency)

    @property
    def minor_units(self) -> int:
        return to_minor_units(self.amount, self.currency)

    def format(self, locale: str | None = None) -> str:
        return format_money(self.amount, self.currency, locale)


def rate_in_force(currency: str, at=None) -> ExchangeRate | None:
    """The newest rate of `currency` whose effective time is not after `at`
    (default: now); None if there is none yet, and always None for MAD."""
    at = at or timezone.now()
    return (
        ExchangeRate.objects.filter(currency=currency.upper(), effective_at__lte=at).order_by("-effective_at").first()
    )


def convert_from_mad(amount_mad: Decimal, currency: str, rate: "ExchangeRate | Decimal | None" = None) -> Decimal:
    """`amount_mad` dirhams in `currency`, rounded half up to its minor unit.

    `rate` is units of `currency` per MAD: an ExchangeRate (of that currency)
    or a Decimal, e.g. from `rates_snapshot()`. For MAD it may be omitted.
    Raises RateUnavailable when a non-MAD currency has no rate."""
    _check_currency(currency)
    amount_mad = _check_amount(amount_mad)
    return quantize(amount_mad * _rate_value(currency, rate), currency)


def _rate_value(currency: str, rate: "ExchangeRate | Decimal | None") -> Decimal:
    if isinstance(rate, ExchangeRate):
        if rate.currency != currency:
            raise ValueError(f"Rate is for {rate.currency}, not {currency}.")
        rate = rate.rate
    if rate is None:
        if currency != BASE_CURRENCY:
            raise RateUnavailable(
                _("No exchange rate for %(currency)s is available yet.") % {"currency": currency},
                fields={"currency": [_("No exchange rate in force.")]},
            )
        rate = Decimal(1)
    rate = _check_amount(rate)
    if rate <= 0:
        raise ValueError(f"Exchange rates are positive, got {rate}.")
    return rate


def convert_to_mad(amount: Decimal, currency: str, rate: "ExchangeRate | Decimal | None" = None) -> Decimal:
    """The other way: `amount` of `currency` in MAD, rounded half up to the
    dirham's minor unit (e.g. a price filter typed in USD). Same `rate` as
    convert_from_mad: units of `currency` per MAD."""
    _check_currency(currency)
    amount = _check_amount(amount)
    return quantize(amount / _rate_value(currency, rate), BASE_CURRENCY)


def to_minor_units(amount: Decimal, currency: str) -> int:
    """Integer amount in the currency's minor unit, as Stripe wants it
    (12.34 USD → 1234). Refuses amounts finer than the minor unit rather than
    rounding them silently: round with `quantize` (or `convert_from_mad`) first."""
    amount = _check_amount(amount)
    if quantize(amount, currency) != amount:
        raise ValueError(f"{amount} {currency} is not a whole number of minor units; quantize it first.")
    return int(amount.scaleb(MINOR_UNITS[currency]))


def from_minor_units(amount_minor: int, currency: str) -> Decimal:
    """The other way: 1234 USD cents → Decimal("12.34")."""
    return Decimal(int(amount_minor)).scaleb(-MINOR_UNITS[_check_currency(currency)])


def babel_locale(language: str | None = None) -> str:
    """Babel locale for a Django language code ("fr", "fr-ca", "ar"); the
    active language when None; en_US for languages Souk does not speak."""
    language = language or translation.get_language() or "en"
    return BABEL_LOCALES.get(language.replace("_", "-").split("-")[0].lower(), DEFAULT_BABEL_LOCALE)


def format_money(amount: Decimal, currency: str, locale: str | None = None) -> str:
    """The amount as a reader of `locale` (a Django language code, default the
    active one) expects it: "$12.34", "12,34 €" (fr: U+00A0 before the sign,
    U+202F between thousands). Rounded here with `quantize`, not by Babel
    (whose default is half even)."""
    return format_currency(quantize(amount, currency), currency, locale=babel_locale(locale))


# --- The rates in force, for every request of the catalog -------------------


def _snapshot_query(currencies: tuple[str, ...], at) -> dict[str, ExchangeRate]:
    """One query: for each currency, the row whose effective_at is the newest
    not after `at` (a correlated subquery, served by the unique index)."""
    newest = (
        ExchangeRate.objects.filter(currency=OuterRef("currency"), effective_at__lte=at)
        .order_by("-effective_at")
        .values("pk")[:1]
    )
    rows = ExchangeRate.objects.filter(currency__in=currencies, pk=Subquery(newest))
    return {row.currency: row for row in rows}


def rates_snapshot(currencies=None, at=None, *, generation=None) -> dict[str, ExchangeRate]:
    """{currency: ExchangeRate in force} for `currencies` (default: every
    supported one). MAD never appears (its rate is 1); a currency without a
    rate yet (or one Souk does not support) is missing. Pass the dict's `.get(currency)` to convert_from_mad.

    At most one query. With `at=None` (now) the result is cached for 60 s
    under a key of the current minute: a newly effective rate shows within a
    minute, and `rates_snapshot_invalidate()` (called after every load) makes
    the next call read the database again. An explicit `at` is not cached.
    `generation`: the public version (marketplace.cache_version) when the
    caller already holds it, which saves another cache round trip."""
    asked = {c.upper() for c in (currencies or SUPPORTED_CURRENCIES)}
    wanted = tuple(sorted(asked & set(SUPPORTED_CURRENCIES) - {BASE_CURRENCY}))
    if not wanted:
        return {}
    if at is not None:
        return _snapshot_query(wanted, at)

    now = timezone.now()
    if generation is None:
        generation = cache_version.current()[0]
    key = f"money:rates-snapshot:{generation}:{now:%Y%m%d%H%M}:{','.join(wanted)}"
    # Keyed by the public version, which every rate change moves: a copy kept
    # in this process can never be stale, and saves a cache round trip.
    snapshot = _process_snapshots.get(key)
    if snapshot is None:
        snapshot = cache.get(key)
        if snapshot is None:
            snapshot = _snapshot_query(wanted, now)
            cache.set(key, snapshot, SNAPSHOT_CACHE_SECONDS)
        if len(_process_snapshots) > 64:
            _process_snapshots.clear()
        _process_snapshots[key] = snapshot
    return snapshot


def rates_snapshot_invalidate() -> None:
    """Forget every cached snapshot and every cached public page priced with
    the old rates: snapshots are keyed by the public version, which moves."""
    cache_version.bump()
