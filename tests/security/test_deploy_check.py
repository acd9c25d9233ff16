"""`manage.py check --deploy` is clean with the production environment that
README.md documents: the test reads that block, so the two cannot drift."""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MARKER = "<!-- production-environment:"
PLACEHOLDER = re.compile(r"<[^<>]+>")


def readme_production_environment() -> dict[str, str]:
    readme = (ROOT / "README.md").read_text()
    after_marker = readme[readme.index(MARKER) :]
    block = re.search(r"```sh\n(.*?)```", after_marker, re.S).group(1)
    environment = {}
    for line in block.splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            name, value = line.split("=", 1)
            environment[name] = value
    return environment


def filled_in(environment: dict[str, str]) -> dict[str, str]:
    """The README's <placeholders> are the operator's secrets: a fresh random one each."""
    return {
        name: PLACEHOLDER.sub(lambda _match: secrets.token_urlsafe(50), value) for name, value in environment.items()
    }


def test_the_readme_documents_a_production_environment():
    environment = readme_production_environment()

    assert environment["DEBUG"] == "0"
    assert {"SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "REDIS_URL", "SECURE_HSTS_SECONDS"} <= set(environment)
    assert PLACEHOLDER.fullmatch(environment["SECRET_KEY"]), "the README must not publish a usable SECRET_KEY"


def check_deploy(environment: dict[str, str], home: Path) -> tuple[int, str]:
    # Only these variables: none of the test suite's own (SECURE_SSL_REDIRECT=0, its SECRET_KEY).
    environment = {**environment, "PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(home)}
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
    )
    return result.returncode, result.stdout + result.stderr


def test_check_deploy_is_clean_with_the_readmes_production_environment(tmp_path):
    returncode, output = check_deploy(filled_in(readme_production_environment()), tmp_path)

    assert returncode == 0, output
    assert "System check identified no issues" in output, output
    assert "WARNING" not in output, output


def test_check_deploy_warns_without_the_readmes_hsts_setting(tmp_path):
    # The check above can fail: the same environment without HSTS is refused.
    environment = filled_in(readme_production_environment()) | {"SECURE_HSTS_SECONDS": "0"}

    returncode, output = check_deploy(environment, tmp_path)

    assert returncode != 0
    assert "security.W004" in output
