"""Load exchange rates (units per 1 MAD) from a JSON feed: a URL or a file.
The format is described in marketplace/exchange_rates.py."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from marketplace.exchange_rates import ExchangeRatesError, exchange_rates_load, public_source


class Command(BaseCommand):
    help = "Load exchange rates from a JSON feed (http(s) URL or file path). Idempotent."

    def add_arguments(self, parser):
        parser.add_argument(
            "--source",
            default=None,
            help="URL or file path of the feed (default: the EXCHANGE_RATES_SOURCE setting).",
        )

    def handle(self, *args, source=None, **options):
        source = source or getattr(settings, "EXCHANGE_RATES_SOURCE", "")
        if not source:
            raise CommandError("No source: pass --source URL_OR_PATH or set EXCHANGE_RATES_SOURCE.")
        try:
            created = exchange_rates_load(source=source)
        except ExchangeRatesError as error:
            raise CommandError(f"Exchange rates not loaded: {error}") from error
        self.stdout.write(self.style.SUCCESS(f"{created} exchange rate(s) created from {public_source(source)}."))
