"""Loading exchange rates from a feed: a URL (http/https) or a local file.

The feed is JSON, rates in units of the currency per 1 MAD:

    {
      "base": "MAD",
      "effective_at": "2026-11-29T00:00:00+00:00",
      "rates": {"USD": "0.108", "EUR": "0.093", "GBP": "0.081", "CAD": "0.15"}
    }

- `base` must be "MAD".
- `effective_at` is ISO 8601 with a UTC offset ("Z" or "+01:00"); it may lie
  in the future (the rates wait until then).
- `rates` values are strings or JSON numbers (read as Decimal, never as
  float), positive, at most 8 decimals. Keys are ISO 4217 codes: a code
  Souk does not sell in (JPY) is skipped, an unknown code is an error, and
  "MAD" may appear only with the value 1.

A feed is loaded whole or not at all. Loading is idempotent: a currency that
already has a row at that `effective_at` is left as it is (rates in force
are history: a buyer may have been shown them). A correction is published
with a new `effective_at`.
"""

import json
import logging
import urllib.error
import urllib.request
from datetime import datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from babel.numbers import list_currencies
from django.db import transaction

from marketplace import effects
from marketplace.models import ExchangeRate
from marketplace.money import BASE_CURRENCY, SUPPORTED_CURRENCIES, rates_snapshot_invalidate

logger = logging.getLogger(__name__)

FETCH_TIMEOUT_SECONDS = 10
MAX_FEED_BYTES = 1024 * 1024
MAX_RATE_DECIMALS = 8  # ExchangeRate.rate: decimal_places=8
MAX_RATE = Decimal(10) ** 10  # ExchangeRate.rate: max_digits=18


class ExchangeRatesError(Exception):
    """The feed could not be read or is not valid; nothing was written."""


class ExchangeRatesFetchError(ExchangeRatesError):
    """The feed's server could not be reached or answered an error: worth retrying."""


def _is_url(source: str) -> bool:
    return urlsplit(source).scheme.lower() in ("http", "https")


def public_source(source: str) -> str:
    """What the rows remember as their source: a URL without credentials or
    query (API keys live there), or the file path."""
    if not _is_url(source):
        return source[:200]
    parts = urlsplit(source)
    host = parts.hostname or ""
    netloc = f"{host}:{parts.port}" if parts.port else host
    return urlunsplit((parts.scheme, netloc, parts.path, "", ""))[:200]


def _read(source: str, timeout: float) -> bytes:
    if _is_url(source):
        request = urllib.request.Request(source, headers={"Accept": "application/json", "User-Agent": "souk-rates/1"})
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                body = response.read(MAX_FEED_BYTES + 1)
        except urllib.error.HTTPError as error:
            raise ExchangeRatesFetchError(f"{public_source(source)} answered HTTP {error.code}.") from error
        except (urllib.error.URLError, OSError) as error:
            reason = getattr(error, "reason", error)
            raise ExchangeRatesFetchError(f"Could not fetch {public_source(source)}: {reason}.") from error
    else:
        if "://" in source:
            raise ExchangeRatesError(f"Unsupported source {source!r}: give an http(s) URL or a file path.")
        path = Path(source).expanduser()
        try:
            with path.open("rb") as feed:
                body = feed.read(MAX_FEED_BYTES + 1)
        except OSError as error:
            raise ExchangeRatesError(f"Could not read {path}: {error.strerror or error}.") from error
    if len(body) > MAX_FEED_BYTES:
        raise ExchangeRatesError(f"{public_source(source)} is larger than {MAX_FEED_BYTES} bytes.")
    return body


def _decimal(value, where: str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, (str, int, Decimal)):
        raise ExchangeRatesError(f"{where}: expected a decimal number, got {value!r}.")
    try:
        number = Decimal(value.strip() if isinstance(value, str) else value)
    except InvalidOperation:
        raise ExchangeRatesError(f"{where}: {value!r} is not a decimal number.") from None
    if not number.is_finite() or number <= 0:
        raise ExchangeRatesError(f"{where}: must be a positive number, got {value!r}.")
    if number >= MAX_RATE or -number.normalize().as_tuple().exponent > MAX_RATE_DECIMALS:
        raise ExchangeRatesError(
            f"{where}: {value!r} does not fit (below 10^10, at most {MAX_RATE_DECIMALS} decimals)."
        )
    return number


def parse_feed(body: bytes) -> tuple[datetime, dict[str, Decimal]]:
    """(effective_at, {currency: rate}) of the Souk currencies in a feed; raises ExchangeRatesError."""
    try:
        feed = json.loads(body, parse_float=Decimal, parse_constant=lambda name: name)
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ExchangeRatesError(f"Not valid JSON: {error}.") from None
    if not isinstance(feed, dict):
        raise ExchangeRatesError('Expected a JSON object with "base", "effective_at" and "rates".')

    base = feed.get("base")
    if base != BASE_CURRENCY:
        raise ExchangeRatesError(f'"base" must be "{BASE_CURRENCY}", got {base!r}.')

    effective_at = feed.get("effective_at")
    try:
        effective_at = datetime.fromisoformat(effective_at)
    except (TypeError, ValueError):
        raise ExchangeRatesError(f'"effective_at" must be an ISO 8601 date-time, got {effective_at!r}.') from None
    if effective_at.utcoffset() is None:
        raise ExchangeRatesError(f'"effective_at" needs a UTC offset ("Z" or "+01:00"), got {feed["effective_at"]!r}.')

    rates = feed.get("rates")
    if not isinstance(rates, dict) or not rates:
        raise ExchangeRatesError('"rates" must be a non-empty object of {"USD": "0.108", ...}.')

    known = list_currencies()
    loaded = {}
    for code, value in rates.items():
        if not (isinstance(code, str) and len(code) == 3 and code.isalpha() and code.isupper() and code in known):
            raise ExchangeRatesError(f'"rates": {code!r} is not an ISO 4217 currency code.')
        rate = _decimal(value, f'"rates"."{code}"')
        if code == BASE_CURRENCY:
            if rate != 1:
                raise ExchangeRatesError(f'"rates"."{BASE_CURRENCY}" can only be 1 in a {BASE_CURRENCY} feed.')
            continue
        if code in SUPPORTED_CURRENCIES:
            loaded[code] = rate
    if not loaded:
        raise ExchangeRatesError(f'"rates" has none of {", ".join(SUPPORTED_CURRENCIES[1:])}.')
    return effective_at, loaded


def exchange_rates_load(*, source: str, timeout: float = FETCH_TIMEOUT_SECONDS) -> int:
    """Load the feed at `source` (URL or file path); returns how many rows
    were created (0 when it was already loaded). Raises ExchangeRatesError
    (ExchangeRatesFetchError when the server failed) and writes nothing then."""
    source = (source or "").strip()
    if not source:
        raise ExchangeRatesError("No exchange-rate source: give a URL or a file path (setting EXCHANGE_RATES_SOURCE).")
    effective_at, rates = parse_feed(_read(source, timeout))

    created = 0
    with transaction.atomic():
        for currency, rate in sorted(rates.items()):
            row, was_created = ExchangeRate.objects.get_or_create(
                currency=currency,
                effective_at=effective_at,
                defaults={"rate": rate, "source": public_source(source)},
            )
            created += was_created
            if not was_created and row.rate != rate:
                logger.warning(
                    "Kept %s rate %s at %s; %s says %s (publish corrections with a new effective_at).",
                    currency, row.rate, effective_at.isoformat(), public_source(source), rate,
                )  # fmt: skip
        effects.after_commit(rates_snapshot_invalidate)
    logger.info("Loaded %d exchange rate(s) effective %s from %s.", created, effective_at, public_source(source))
    return created
