"""The TypeScript types openapi-typescript generates from the live schema,
untouched, type-check under `tsc --strict` with the buyer's journey written
on them (clients/typescript/journey.ts), which node then runs against a
live server with openapi-fetch."""

import json
import os
import shutil
import subprocess
import threading

import pytest

from tests.contract.conftest import TYPESCRIPT_CLIENT
from tests.contract.world import BUYER_EMAIL, BUYER_PASSWORD, SEARCH_WORD
from tests.payments.stripe_kit import SECRET_KEY as STRIPE_SECRET_KEY

NODE_MODULES = TYPESCRIPT_CLIENT / "node_modules"
JOURNEY_SECONDS = 120

pytestmark = [pytest.mark.postgres, pytest.mark.node]


def _node(*arguments, cwd, timeout=300):
    return subprocess.run(
        [shutil.which("node"), *map(str, arguments)], cwd=cwd, capture_output=True, text=True, timeout=timeout
    )


@pytest.fixture(scope="module")
def typescript_build(schema_path, tmp_path_factory):
    """The journey beside the types generated from the live schema, compiled:
    (the folder, the generator's run, the compiler's run)."""
    folder = tmp_path_factory.mktemp("typescript-client")
    for name in ("journey.ts", "tsconfig.json", "package.json"):
        shutil.copy(TYPESCRIPT_CLIENT / name, folder / name)
    (folder / "node_modules").symlink_to(NODE_MODULES, target_is_directory=True)
    # A property with a default is optional, as OpenAPI says (the generator's
    # own default makes it required, also in request bodies).
    generated = _node(
        NODE_MODULES / "openapi-typescript" / "bin" / "cli.js", schema_path, "--output", "schema.d.ts",
        "--default-non-nullable", "false", cwd=folder,
    )  # fmt: skip
    compiled = _node(NODE_MODULES / "typescript" / "bin" / "tsc", "--project", "tsconfig.json", "--strict", cwd=folder)
    return folder, generated, compiled


def _warnings(run) -> list[str]:
    printed = (run.stdout + run.stderr).splitlines()
    return [line for line in printed if "⚠" in line or "warn" in line.lower() or line in run.stderr.splitlines()]


def test_the_typescript_types_are_generated_without_a_warning_and_pass_tsc_strict(typescript_build):
    _folder, generated, compiled = typescript_build

    assert (generated.returncode, _warnings(generated), compiled.returncode, compiled.stdout + compiled.stderr) == (
        0,
        [],
        0,
        "",
    )


def _journey_run(folder, *, api_url: str, stripe_url: str, world) -> tuple[int, dict, str]:
    """Run the compiled journey, answering its questions on stdin (world.QUESTIONS):
    (its exit status, what it saw, what it printed)."""
    environment = {
        **os.environ, "SOUK_API_URL": api_url, "STRIPE_EMULATOR_URL": stripe_url,
        "STRIPE_SECRET_KEY": STRIPE_SECRET_KEY, "BUYER_EMAIL": BUYER_EMAIL, "BUYER_PASSWORD": BUYER_PASSWORD,
        "SEARCH_WORD": SEARCH_WORD,
    }  # fmt: skip
    node = subprocess.Popen(
        [shutil.which("node"), "build/journey.js"], cwd=folder, env=environment, text=True,
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip
    watchdog = threading.Timer(JOURNEY_SECONDS, node.kill)
    watchdog.start()
    seen, printed = {}, []
    try:
        for line in node.stdout:
            printed.append(line)
            word, _, rest = line.strip().partition(" ")
            if word == "ask":
                question, _, argument = rest.partition(" ")
                node.stdin.write(world.answer(question, argument) + "\n")
                node.stdin.flush()
            elif word == "seen":
                seen = json.loads(rest)
        status = node.wait()
    finally:
        watchdog.cancel()
        node.kill()
    return status, seen, "".join(printed) + node.stderr.read()


@pytest.mark.django_db(transaction=True)
def test_a_buyer_goes_through_the_marketplace_with_the_generated_typescript_types(
    typescript_build, live_server, stripe_to_live_server, world
):
    folder, _generated, compiled = typescript_build
    assert compiled.returncode == 0, compiled.stdout

    status, seen, printed = _journey_run(folder, api_url=live_server.url, stripe_url=stripe_to_live_server.url,
                                         world=world)  # fmt: skip

    assert (status, seen) == (
        0,
        {
            "email_verified": True,
            "browsed": [["Tapis berbère", "USD"]] + [[f"Théière en cuivre {number}", "USD"] for number in (1, 2, 3)],
            "found": [f"Théière en cuivre {number}" for number in (1, 2, 3)],
            "parcels": 3,
            "card": "succeeded",
            "status": "paid",
            "refunded_pieces": 1,
            "exported_orders": [seen.get("order_number")],
            "login_after_deletion": 401,
            "order_number": seen.get("order_number"),
        },
    ), printed
