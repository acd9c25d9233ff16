"""Generated clients against a live server: the schema is read from the
server's schema view, each generator runs on it at test time, and nothing
generated is kept or edited (tests/contract/world.py does what the buyer does
not)."""

import json
from pathlib import Path

import pytest
import requests

from tests.contract.world import World
from tests.payments.conftest import local_stripe, stripe_to_live_server  # noqa: F401  (fixtures)

TYPESCRIPT_CLIENT = Path(__file__).resolve().parents[2] / "clients" / "typescript"


@pytest.fixture(scope="module")
def schema_path(live_server, tmp_path_factory):
    """The OpenAPI document the live server serves, as a file."""
    answer = requests.get(f"{live_server.url}/api/schema/", params={"format": "json"}, timeout=60)
    answer.raise_for_status()
    path = tmp_path_factory.mktemp("schema") / "openapi.json"
    path.write_text(json.dumps(answer.json()), encoding="utf-8")
    return path


@pytest.fixture
def world(db):
    return World()
