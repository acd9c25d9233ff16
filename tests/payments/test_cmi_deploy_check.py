"""`check --deploy` warns when the CMI settings are still the local emulator's."""

from django.core.checks import run_checks


def deploy_check_ids() -> set[str]:
    return {message.id for message in run_checks(include_deployment_checks=True)}


def test_the_emulators_store_key_and_addresses_are_flagged(settings):
    settings.CMI_STORE_KEY = "souk_local_cmi_store_key"
    settings.CMI_GATEWAY_URL = "http://127.0.0.1:8421/fim/est3Dgate"

    assert {"payments.W001", "payments.W002"} <= deploy_check_ids()


def test_a_merchants_own_settings_pass(settings):
    settings.CMI_STORE_KEY = "a-real-store-key-from-cmi"
    settings.CMI_GATEWAY_URL = "https://payment.cmi.co.ma/fim/est3Dgate"
    settings.CMI_API_URL = "https://payment.cmi.co.ma/fim/api"

    assert not {"payments.W001", "payments.W002"} & deploy_check_ids()
