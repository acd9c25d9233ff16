"""Public prices: always in MAD and in the buyer's currency, with the time of
the exchange rate used. One rate lookup per request, not per product."""

from dataclasses import dataclass
from decimal import Decimal

from marketplace.api.money import money
from marketplace.money import convert_from_mad, convert_to_mad, rates_snapshot


@dataclass(frozen=True)
class Pricing:
    currency: str
    language: str
    rate: Decimal | None  # units of `currency` per MAD; None for MAD itself
    rate_at: str | None

    @classmethod
    def for_request(cls, currency: str, language: str, *, generation=None) -> "Pricing":
        if currency == "MAD":
            return cls(currency, language, None, None)
        return cls.from_rates(currency, language, rates_snapshot(generation=generation))

    @classmethod
    def from_rates(cls, currency: str, language: str, rates: dict) -> "Pricing":
        """`rates`: a marketplace.money.rates_snapshot() the caller already holds."""
        exchange_rate = rates.get(currency)
        if exchange_rate is None:
            # No rate loaded for it: show MAD rather than a wrong number.
            return cls("MAD", language, None, None)
        return cls(currency, language, exchange_rate.rate, exchange_rate.effective_at.isoformat())

    def to_mad(self, amount: Decimal) -> Decimal:
        """A price typed in the buyer's currency (a filter bound), in MAD."""
        return amount if self.rate is None else convert_to_mad(amount, self.currency, self.rate)

    def price(self, amount_mad: Decimal | None) -> dict | None:
        """A Money (marketplace.api.money), or None for no price."""
        if amount_mad is None:
            return None
        amount = amount_mad if self.rate is None else convert_from_mad(amount_mad, self.currency, self.rate)
        return money(amount, self.currency, amount_mad, language=self.language)
