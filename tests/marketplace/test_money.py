"""Money: rounding, conversion from MAD, rates in force, formatting per
locale, the request's currency, and loading exchange-rate feeds."""

import functools
import json
import threading
from datetime import timedelta
from decimal import Decimal
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import CommandError, call_command
from django.test import RequestFactory
from django.utils import timezone, translation
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request

from marketplace import admin_money  # noqa: F401  (registers ExchangeRateAdmin until marketplace/admin.py imports it)
from marketplace.api.errors import api_exception_handler
from marketplace.currency import currency_for_request
from marketplace.exchange_rates import ExchangeRatesError, ExchangeRatesFetchError, exchange_rates_load
from marketplace.models import ExchangeRate
from marketplace.money import (
    SUPPORTED_CURRENCIES,
    Money,
    RateUnavailable,
    convert_from_mad,
    convert_to_mad,
    format_money,
    quantize,
    rate_in_force,
    rates_snapshot,
    to_minor_units,
)
from marketplace.tasks import exchange_rates_refresh
from tests.factories import UserFactory

DATA = Path(__file__).parent / "data"
D = Decimal


def rate(currency, value, *, at, source="test"):
    return ExchangeRate.objects.create(currency=currency, rate=D(value), effective_at=at, source=source)


def write_feed(path, *, effective_at, rates, base="MAD"):
    path.write_text(json.dumps({"base": base, "effective_at": effective_at, "rates": rates}))
    return str(path)


# --- Rounding and conversion: half up at the minor unit, in one place --------


@pytest.mark.parametrize(
    ("amount", "expected"),
    [("0.125", "0.13"), ("0.135", "0.14"), ("2.675", "2.68"), ("0.124999", "0.12"), ("-0.125", "-0.13"), ("7", "7.00")],
)
def test_quantize_rounds_half_up_at_the_minor_unit(amount, expected):
    assert str(quantize(D(amount), "USD")) == expected


def test_every_supported_currency_has_two_minor_digits():
    assert SUPPORTED_CURRENCIES == ("MAD", "USD", "EUR", "GBP", "CAD")
    assert {code: str(quantize(D("1.005"), code)) for code in SUPPORTED_CURRENCIES} == dict.fromkeys(
        SUPPORTED_CURRENCIES, "1.01"
    )


def test_convert_from_mad_rounds_half_up_where_banking_rounding_would_go_down():
    # 45 MAD x 0.093 = 4.185 EUR: half up gives 4.19 (half even would give 4.18).
    assert convert_from_mad(D("45"), "EUR", D("0.093")) == D("4.19")
    assert convert_from_mad(D("100"), "USD", D("0.108")) == D("10.80")


def test_convert_back_to_mad_rounds_half_up_at_the_dirham_minor_unit():
    # 1.5 USD / 0.08 = 18.75 MAD; 1.00 USD / 0.108 = 9.259259... MAD.
    assert convert_to_mad(D("1.5"), "USD", D("0.08")) == D("18.75")
    assert convert_to_mad(D("1.00"), "USD", D("0.108")) == D("9.26")
    assert convert_to_mad(D("0.0025"), "EUR", D("0.5")) == D("0.01")  # 0.005 MAD, half up
    assert convert_to_mad(D("7"), "MAD") == D("7.00")


def test_convert_to_mad_needs_no_rate():
    assert convert_from_mad(D("249.999"), "MAD") == D("250.00")


def test_floats_are_refused():
    with pytest.raises(TypeError):
        convert_from_mad(12.5, "USD", D("0.108"))
    with pytest.raises(TypeError):
        convert_from_mad(D("12.5"), "USD", 0.108)
    with pytest.raises(TypeError):
        Money(1.5, "USD")


def test_unsupported_currency_is_refused():
    with pytest.raises(ValueError, match="JPY"):
        convert_from_mad(D("10"), "JPY", D("16.2"))


def test_minor_units_for_stripe():
    assert to_minor_units(D("12.34"), "USD") == 1234
    assert to_minor_units(D("10"), "EUR") == 1000
    assert to_minor_units(D("0.50"), "MAD") == 50
    with pytest.raises(ValueError, match="quantize"):
        to_minor_units(D("12.345"), "USD")


def test_money_is_a_decimal_with_its_currency():
    price = Money.from_mad(D("450.00"), "GBP", D("0.081"))
    assert price == Money(D("36.45"), "GBP")
    assert price.minor_units == 3645
    assert price.format("en") == "£36.45"
    with pytest.raises(ValueError):
        Money(D("1.001"), "USD")


# --- Rates in force ------------------------------------------------------------


@pytest.mark.django_db
def test_rate_in_force_is_the_newest_already_effective_and_ignores_future_ones():
    now = timezone.now()
    rate("USD", "0.100", at=now - timedelta(days=2))
    newest = rate("USD", "0.105", at=now - timedelta(hours=1))
    rate("USD", "0.200", at=now + timedelta(hours=1))

    assert rate_in_force("USD") == newest
    assert rate_in_force("usd", at=now - timedelta(days=1)).rate == D("0.100")
    assert rate_in_force("USD", at=now + timedelta(hours=2)).rate == D("0.200")
    assert rate_in_force("MAD") is None


@pytest.mark.django_db
def test_convert_with_a_rates_snapshot():
    now = timezone.now()
    rate("EUR", "0.0930", at=now - timedelta(minutes=5))
    rate("EUR", "0.5000", at=now + timedelta(minutes=5))
    snapshot = rates_snapshot(["EUR", "MAD"])

    assert set(snapshot) == {"EUR"}
    assert convert_from_mad(D("250.00"), "EUR", snapshot["EUR"]) == D("23.25")
    assert convert_from_mad(D("250.00"), "MAD", snapshot.get("MAD")) == D("250.00")
    with pytest.raises(ValueError, match="not USD"):
        convert_from_mad(D("250.00"), "USD", snapshot["EUR"])


@pytest.mark.django_db
def test_a_currency_without_a_rate_is_a_clear_error():
    ExchangeRate.objects.filter(currency="CAD").delete()
    snapshot = rates_snapshot()

    assert "CAD" not in snapshot
    with pytest.raises(RateUnavailable) as caught:
        convert_from_mad(D("100"), "CAD", snapshot.get("CAD"))
    assert caught.value.fields == {"currency": ["No exchange rate in force."]}


@pytest.mark.django_db
def test_seeded_demo_rates_exist_after_migrations():
    seeded = {row.currency: row.rate for row in ExchangeRate.objects.filter(source="demo seed")}
    assert seeded == {"USD": D("0.108"), "EUR": D("0.093"), "GBP": D("0.081"), "CAD": D("0.15")}


@pytest.mark.django_db
def test_rates_snapshot_is_one_query_then_cached(django_assert_max_num_queries, django_assert_num_queries):
    now = timezone.now()
    for currency in ("USD", "EUR", "GBP", "CAD"):
        rate(currency, "0.5", at=now - timedelta(days=3))
        rate(currency, "0.1", at=now - timedelta(minutes=1))

    with django_assert_max_num_queries(1):
        snapshot = rates_snapshot()
    with django_assert_num_queries(0):
        assert rates_snapshot() == snapshot

    assert set(snapshot) == {"USD", "EUR", "GBP", "CAD"}
    assert {row.rate for row in snapshot.values()} == {D("0.1")}


@pytest.mark.django_db
def test_rates_snapshot_at_a_past_moment_is_not_cached(django_assert_num_queries):
    now = timezone.now()
    rate("USD", "0.5", at=now - timedelta(days=3))
    rate("USD", "0.1", at=now - timedelta(minutes=1))

    for _ in range(2):
        with django_assert_num_queries(1):
            assert rates_snapshot(["USD"], at=now - timedelta(days=1))["USD"].rate == D("0.5")


@pytest.mark.django_db
def test_loading_rates_invalidates_the_cached_snapshot(tmp_path, django_capture_on_commit_callbacks):
    assert rates_snapshot(["USD"])["USD"].rate == D("0.108")  # the demo seed, now cached
    effective_at = (timezone.now() - timedelta(minutes=1)).isoformat()

    with django_capture_on_commit_callbacks(execute=True):
        exchange_rates_load(source=write_feed(tmp_path / "r.json", effective_at=effective_at, rates={"USD": "0.11"}))

    assert rates_snapshot(["USD"])["USD"].rate == D("0.11")


# --- Formatting, per the reader's language ---------------------------------------


@pytest.mark.parametrize(
    ("locale", "currency", "expected"),
    [
        ("en", "USD", "$12.34"),
        ("en", "MAD", "MAD12.34"),
        # French: a no-break space (U+00A0) before the sign, a narrow one (U+202F) between thousands.
        ("fr", "EUR", "12,34\xa0€"),
        ("fr", "USD", "12,34\xa0$US"),
        ("es", "EUR", "12,34\xa0€"),
        ("ar", "MAD", "\u200f12,34\xa0د.م.\u200f"),
        ("fr-ca", "CAD", "12,34\xa0$CA"),
        ("de", "GBP", "£12.34"),  # a language Souk does not speak: en_US
    ],
)
def test_format_money_per_locale(locale, currency, expected):
    assert format_money(D("12.34"), currency, locale) == expected


def test_format_money_groups_thousands_and_rounds_half_up():
    assert format_money(D("1234.5"), "EUR", "fr") == "1\u202f234,50\xa0€"
    assert format_money(D("1234.5"), "EUR", "es") == "1.234,50\xa0€"
    assert format_money(D("12345.5"), "EUR", "es") == "12.345,50\xa0€"
    assert format_money(D("0.125"), "USD", "en") == "$0.13"  # Babel alone would say $0.12


def test_format_money_defaults_to_the_active_language():
    with translation.override("fr"):
        assert format_money(D("5"), "EUR") == "5,00\xa0€"


# --- The request's currency -------------------------------------------------------


@pytest.fixture
def get():
    factory = RequestFactory()

    def make(query="", accept_language=None, user=None, drf=True):
        headers = {"HTTP_ACCEPT_LANGUAGE": accept_language} if accept_language else {}
        request = factory.get(f"/api/v1/products/{query}", **headers)
        request.user = user or AnonymousUser()
        if not drf:
            return request
        request = Request(request)
        request.user = user or AnonymousUser()
        return request

    return make


@pytest.mark.django_db
def test_query_parameter_beats_preferred_currency_beats_accept_language(get):
    buyer = UserFactory(preferred_currency="GBP")

    assert currency_for_request(get("?currency=cad", accept_language="fr-FR", user=buyer)) == "CAD"
    assert currency_for_request(get("?currency=EUR", drf=False)) == "EUR"
    assert currency_for_request(get(accept_language="fr-FR", user=buyer)) == "GBP"
    assert currency_for_request(get("?currency=", accept_language="fr-FR", user=buyer)) == "GBP"
    assert currency_for_request(get(accept_language="fr-FR", user=UserFactory(preferred_currency=""))) == "EUR"
    assert currency_for_request(get(accept_language="fr-FR", user=UserFactory(preferred_currency="XYZ"))) == "EUR"
    assert currency_for_request(get()) == "MAD"


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("en-US,en;q=0.9", "USD"),
        ("en-GB,en;q=0.9", "GBP"),
        ("fr-FR,fr;q=0.9", "EUR"),
        ("es-ES", "EUR"),
        ("de-DE,de;q=0.9,en;q=0.5", "EUR"),
        ("nl-BE", "EUR"),
        ("fr-CA,fr;q=0.8", "CAD"),
        ("en-CA", "CAD"),
        ("ar-MA,ar;q=0.9,fr;q=0.8", "MAD"),
        ("fr-MA", "MAD"),
        ("fr", "EUR"),
        ("en", "USD"),
        ("ar", "MAD"),
        ("zh-Hant-TW", "MAD"),  # no currency for Taiwan, nor for Chinese: the default
        ("en-AU,fr-FR;q=0.8", "EUR"),  # the region Souk has no currency for gives way to the next tag
        ("es-419,es;q=0.9", "EUR"),
        ("en;q=0.5,fr-CA;q=0.9", "CAD"),  # by quality, not by position
        ("en-US;q=0,en-GB", "GBP"),
        ("*", "MAD"),
        ("not a header;q=x", "MAD"),
    ],
)
def test_accept_language_picks_the_currency_of_the_region_then_of_the_language(get, header, expected):
    assert currency_for_request(get(accept_language=header)) == expected


def test_unknown_currency_is_a_400_naming_the_field(get):
    with pytest.raises(ValidationError) as caught:
        currency_for_request(get("?currency=BTC", accept_language="en-US"))

    assert list(caught.value.detail) == ["currency"]
    response = api_exception_handler(caught.value, {})
    assert response.status_code == 400
    assert response.data["error"]["code"] == "invalid"
    assert response.data["error"]["fields"] == {
        "currency": ["“BTC” is not a supported currency. Choose one of: MAD, USD, EUR, GBP, CAD."]
    }


# --- Loading rate feeds --------------------------------------------------------------


@pytest.fixture
def http_server(tmp_path):
    """Serves tmp_path/www on 127.0.0.1 from a thread; yields its base URL."""
    root = tmp_path / "www"
    root.mkdir()

    class QuietHandler(SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield root, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
    thread.join()


def loaded(effective_at="2026-11-28T00:00:00+00:00"):
    return {
        row.currency: (row.rate, row.source)
        for row in ExchangeRate.objects.filter(effective_at=effective_at).order_by("currency")
    }


@pytest.mark.django_db
def test_load_from_a_file_skips_currencies_souk_does_not_sell_in():
    source = str(DATA / "rates.json")

    assert exchange_rates_load(source=source) == 4
    assert loaded() == {
        "CAD": (D("0.1512"), source),
        "EUR": (D("0.0931"), source),
        "GBP": (D("0.0809"), source),
        "USD": (D("0.1079"), source),
    }


@pytest.mark.django_db
def test_second_load_of_the_same_feed_creates_nothing():
    source = str(DATA / "rates.json")
    exchange_rates_load(source=source)

    assert exchange_rates_load(source=source) == 0
    assert ExchangeRate.objects.filter(effective_at="2026-11-28T00:00:00Z").count() == 4


@pytest.mark.django_db
def test_a_loaded_rate_is_never_rewritten(tmp_path, caplog):
    exchange_rates_load(source=str(DATA / "rates.json"))
    corrected = write_feed(
        tmp_path / "c.json", effective_at="2026-11-28T01:00:00+01:00", rates={"USD": "0.2", "EUR": "0.0931"}
    )

    assert exchange_rates_load(source=corrected) == 0
    assert loaded()["USD"][0] == D("0.1079")
    assert "Kept USD rate 0.10790000" in caplog.text


@pytest.mark.django_db
def test_load_from_a_url(http_server):
    root, base_url = http_server
    (root / "rates.json").write_bytes((DATA / "rates.json").read_bytes())

    assert exchange_rates_load(source=f"{base_url}/rates.json?access_key=secret") == 4
    # The rows name the feed, not the API key in its query.
    assert {source for _rate, source in loaded().values()} == {f"{base_url}/rates.json"}


@pytest.mark.django_db
def test_an_unreachable_feed_is_a_fetch_error(http_server):
    _root, base_url = http_server
    with pytest.raises(ExchangeRatesFetchError, match="HTTP 404"):
        exchange_rates_load(source=f"{base_url}/missing.json")


@pytest.mark.parametrize(
    ("feed", "message"),
    [
        ({"base": "USD", "effective_at": "2026-11-28T00:00:00Z", "rates": {"EUR": "0.9"}}, '"base" must be "MAD"'),
        ({"base": "MAD", "effective_at": "2026-11-28", "rates": {"USD": "0.1"}}, "needs a UTC offset"),
        ({"base": "MAD", "effective_at": "yesterday", "rates": {"USD": "0.1"}}, "ISO 8601"),
        ({"base": "MAD", "effective_at": "2026-11-28T00:00:00Z", "rates": {}}, "non-empty"),
        ({"base": "MAD", "effective_at": "2026-11-28T00:00:00Z", "rates": {"USD": "0.1", "EUR": "-0.09"}}, "positive"),
        ({"base": "MAD", "effective_at": "2026-11-28T00:00:00Z", "rates": {"USD": "0.1", "EUR": "0"}}, "positive"),
        ({"base": "MAD", "effective_at": "2026-11-28T00:00:00Z", "rates": {"USD": "abc"}}, "not a decimal"),
        ({"base": "MAD", "effective_at": "2026-11-28T00:00:00Z", "rates": {"USD": True}}, "decimal number"),
        ({"base": "MAD", "effective_at": "2026-11-28T00:00:00Z", "rates": {"USD": "0.1", "usd": "0.1"}}, "ISO 4217"),
        ({"base": "MAD", "effective_at": "2026-11-28T00:00:00Z", "rates": {"USD": "0.1", "XYZ": "2"}}, "ISO 4217"),
        ({"base": "MAD", "effective_at": "2026-11-28T00:00:00Z", "rates": {"USD": "0.1234567891"}}, "8 decimals"),
        ({"base": "MAD", "effective_at": "2026-11-28T00:00:00Z", "rates": {"MAD": "2"}}, "can only be 1"),
        ({"base": "MAD", "effective_at": "2026-11-28T00:00:00Z", "rates": {"JPY": "16.2"}}, "has none of"),
        ([1, 2, 3], "JSON object"),
    ],
)
@pytest.mark.django_db
def test_an_invalid_feed_is_refused_and_nothing_is_written(tmp_path, feed, message):
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(feed))
    before = ExchangeRate.objects.count()

    with pytest.raises(ExchangeRatesError, match=message):
        exchange_rates_load(source=str(path))
    assert ExchangeRate.objects.count() == before


@pytest.mark.parametrize(
    ("source", "message"),
    [("", "No exchange-rate source"), ("/no/such/rates.json", "Could not read"), ("ftp://x/r.json", "Unsupported")],
)
@pytest.mark.django_db
def test_a_missing_or_unsupported_source_is_a_clear_error(source, message):
    with pytest.raises(ExchangeRatesError, match=message):
        exchange_rates_load(source=source)


@pytest.mark.django_db
def test_not_json_is_a_clear_error(tmp_path):
    path = tmp_path / "rates.json"
    path.write_text("<html>Service unavailable</html>")
    with pytest.raises(ExchangeRatesError, match="Not valid JSON"):
        exchange_rates_load(source=str(path))


# --- Command, task, admin ---------------------------------------------------------------


@pytest.mark.django_db
def test_command_loads_from_source_or_setting(settings, capsys):
    call_command("load_exchange_rates", "--source", str(DATA / "rates.json"))
    assert "4 exchange rate(s) created" in capsys.readouterr().out

    settings.EXCHANGE_RATES_SOURCE = str(DATA / "rates.json")
    call_command("load_exchange_rates")
    assert "0 exchange rate(s) created" in capsys.readouterr().out


@pytest.mark.django_db
def test_command_without_a_source_says_what_to_set(settings, tmp_path):
    settings.EXCHANGE_RATES_SOURCE = ""
    with pytest.raises(CommandError, match="EXCHANGE_RATES_SOURCE"):
        call_command("load_exchange_rates")
    with pytest.raises(CommandError, match='"base" must be "MAD"'):
        call_command(
            "load_exchange_rates", "--source", write_feed(tmp_path / "x.json", effective_at="", rates={}, base="")
        )


@pytest.mark.django_db
def test_refresh_task_loads_the_configured_feed(settings):
    settings.EXCHANGE_RATES_SOURCE = str(DATA / "rates.json")
    assert exchange_rates_refresh.delay().get() == 4

    settings.EXCHANGE_RATES_SOURCE = ""
    assert exchange_rates_refresh.delay().get() == 0


@pytest.mark.django_db
def test_exchange_rates_admin_is_for_superusers(client, superuser, cooperative_admin):
    url = "/admin/marketplace/exchangerate/"
    client.force_login(superuser)
    response = client.get(url, {"currency": "USD"})
    assert response.status_code == 200
    assert "demo seed" in response.content.decode()

    client.force_login(cooperative_admin)
    assert client.get(url).status_code == 403
