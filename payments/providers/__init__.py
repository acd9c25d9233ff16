"""The payment providers, by name (which one a payment uses is
payments.services.payment_provider_choose). Providers are named here, by
hand: what runs is visible in this file."""

from payments.providers.base import PaymentProvider

_providers: dict[str, PaymentProvider] = {}


PROVIDER_NAMES = ("stripe", "cmi")


def provider_get(name: str) -> PaymentProvider:
    if name not in _providers:
        _providers[name] = _build(name)
    return _providers[name]


def _build(name: str) -> PaymentProvider:
    if name == "stripe":
        from payments.providers.stripe import StripeProvider

        return StripeProvider.from_settings()
    if name == "cmi":
        from payments.providers.cmi import CmiProvider

        return CmiProvider.from_settings()
    raise LookupError(f"Unknown payment provider {name!r}.")


def provider_use(provider: PaymentProvider) -> None:
    """Serve `provider` under its name from now on: tests install one whose
    HTTP client records what it sends (the SDK still talks HTTP)."""
    _providers[provider.name] = provider


def providers_reset() -> None:
    """Forget built providers (settings changed, e.g. in tests)."""
    _providers.clear()
