"""Deployment checks (`manage.py check --deploy`) of the payment providers'
settings: the defaults point at the local CMI emulator, whose store key is
public, so a production server left on them would accept forged callbacks."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Tags, Warning, register

# The local emulator's (devtools/local_cmi.py): fine under `make run`, forgeable anywhere else.
EMULATOR_STORE_KEY = "souk_local_cmi_store_key"
LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1"}


@register(Tags.security, deploy=True)
def cmi_settings_check(app_configs, **kwargs):
    problems = []
    if settings.CMI_STORE_KEY == EMULATOR_STORE_KEY:
        problems.append(
            Warning(
                "CMI_STORE_KEY is the local emulator's public key: anyone could sign a callback that pays an order.",
                hint="Set CMI_STORE_KEY to the store key of your CMI merchant account.",
                id="payments.W001",
            )
        )
    for name in ("CMI_GATEWAY_URL", "CMI_API_URL"):
        if urlsplit(getattr(settings, name)).hostname in LOOPBACK_HOSTS:
            problems.append(
                Warning(
                    f"{name} points at this machine (the local CMI emulator), not at CMI.",
                    hint=f"Set {name} to CMI's address (payment.cmi.co.ma in production).",
                    id="payments.W002",
                )
            )
    return problems
