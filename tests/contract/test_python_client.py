"""The Python client openapi-python-client generates from the live schema,
untouched, takes a buyer through the marketplace (tests/contract/python_journey.py)."""

import importlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GENERATOR_CONFIG = ROOT / "clients" / "python" / "openapi-python-client.yaml"
PACKAGE = "souk_api_client"
JOURNEY = "tests.contract.python_journey"

pytestmark = pytest.mark.postgres


@pytest.fixture(scope="module")
def python_client(schema_path, tmp_path_factory):
    """(the generator's exit status, what it printed); the package importable."""
    folder = tmp_path_factory.mktemp("python-client")
    # Its post-generation hooks run ruff, which is in this environment's bin/.
    path = f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"
    generated = subprocess.run(
        [sys.executable, "-m", "openapi_python_client", "generate", "--path", str(schema_path),
         "--output-path", str(folder / PACKAGE), "--meta", "none", "--config", str(GENERATOR_CONFIG),
         "--fail-on-warning"],
        capture_output=True, text=True, timeout=300, env={**os.environ, "PATH": path},
    )  # fmt: skip
    sys.path.insert(0, str(folder))
    yield generated.returncode, generated.stdout + generated.stderr
    sys.path.remove(str(folder))
    for name in [name for name in sys.modules if name == JOURNEY or name.split(".")[0] == PACKAGE]:
        del sys.modules[name]


def test_the_python_client_is_generated_without_a_warning(python_client):
    status, printed = python_client

    assert (status, [line for line in printed.splitlines() if "warning" in line.lower()]) == (0, []), printed


@pytest.mark.django_db(transaction=True)
def test_a_buyer_goes_through_the_marketplace_with_the_generated_python_client(
    python_client, live_server, stripe_to_live_server, world
):
    status, printed = python_client
    assert status == 0, printed
    journey = importlib.import_module(JOURNEY).journey

    seen = journey(api_url=live_server.url, stripe=stripe_to_live_server, world=world)

    assert seen == {
        "email_verified": True,
        "browsed": [("Tapis berbère", "USD")] + [(f"Théière en cuivre {number}", "USD") for number in (1, 2, 3)],
        "found": [f"Théière en cuivre {number}" for number in (1, 2, 3)],
        "parcels": 3,
        "card": "succeeded",
        "status": "paid",
        "refunded_pieces": 1,
        "exported_orders": [seen["order_number"]],
        "login_after_deletion": 401,
        "order_number": seen["order_number"],
    }
