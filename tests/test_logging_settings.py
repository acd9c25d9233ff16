"""The logging and error-reporting switches, as a fresh process reads them
from the environment: JSON lines with DEBUG off, plain text with DEBUG on or
LOG_FORMAT=plain, and Sentry initialised only when SENTRY_DSN is set."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PROBE = (
    "import django, logging, sentry_sdk; django.setup(); "
    "logging.getLogger('souk.probe').warning('probe line'); "
    "print('SENTRY', sentry_sdk.get_client().is_active())"
)


def run_settings(**environment) -> subprocess.CompletedProcess:
    env = {key: value for key, value in os.environ.items() if key not in ("LOG_FORMAT", "SENTRY_DSN", "DEBUG")}
    env.update(DJANGO_SETTINGS_MODULE="config.settings", SECRET_KEY="logging-settings-test", **environment)
    return subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60, check=True
    )


def probe_line(stderr: str) -> str:
    return next(line for line in stderr.splitlines() if "probe line" in line)


def test_debug_off_logs_json_and_sends_nothing_to_sentry():
    result = run_settings(DEBUG="0")

    line = json.loads(probe_line(result.stderr))
    assert (line["level"], line["logger"], line["message"], line["request_id"]) == (
        "WARNING", "souk.probe", "probe line", "-",
    )  # fmt: skip
    assert "SENTRY False" in result.stdout


@pytest.mark.parametrize("environment", [{"DEBUG": "1"}, {"DEBUG": "0", "LOG_FORMAT": "plain"}])
def test_debug_or_log_format_plain_logs_text(environment):
    line = probe_line(run_settings(**environment).stderr)

    assert line.endswith("WARNING souk.probe [-]: probe line")


def test_a_sentry_dsn_initialises_sentry_without_calling_it():
    # A closed local port: nothing is sent unless an error is reported.
    result = run_settings(DEBUG="0", SENTRY_DSN="http://public@127.0.0.1:9/1")

    assert "SENTRY True" in result.stdout
