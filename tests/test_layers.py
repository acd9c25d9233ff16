"""The apps' layers (DESIGN.md, Layout) as `make lint` checks them: import-linter's
contract in pyproject.toml passes on the project, and fails on an import that breaks it."""

import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")
CONTRACT_NAME = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]["contracts"][0]["name"]


def lint_imports(project: Path) -> subprocess.CompletedProcess:
    # As `make lint` runs it: from the project's folder, which lint-imports puts on sys.path.
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-logo", "--no-cache"], cwd=project, capture_output=True, text=True, timeout=120
    )


def project_copy(target: Path) -> Path:
    """The packages the contract names (their .py files only) and pyproject.toml."""
    settings = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
    for package in settings["root_packages"]:
        shutil.copytree(
            ROOT / package,
            target / package,
            ignore=lambda folder, names: [
                name
                for name in names
                if name == "__pycache__" or not (name.endswith(".py") or (Path(folder) / name).is_dir())
            ],
        )
    shutil.copy(ROOT / "pyproject.toml", target / "pyproject.toml")
    return target


def test_the_project_keeps_its_layers():
    result = lint_imports(ROOT)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 1 kept, 0 broken." in result.stdout


def test_the_kernel_importing_an_app_above_it_fails_the_lint(tmp_path):
    project = project_copy(tmp_path)
    money = project / "marketplace" / "money.py"
    money.write_text(money.read_text() + "\nimport payments.models  # noqa\n")

    result = lint_imports(project)

    assert result.returncode != 0
    assert "Contracts: 0 kept, 1 broken." in result.stdout
    assert f"{CONTRACT_NAME} BROKEN" in " ".join(result.stdout.split())  # the report wraps long lines
    assert "marketplace is not allowed to import payments" in result.stdout
    assert "marketplace.money -> payments.models" in result.stdout


def test_an_app_importing_the_demo_data_fails_the_lint(tmp_path):
    project = project_copy(tmp_path)
    services = project / "catalog" / "services.py"
    services.write_text(services.read_text() + "\nfrom demo import showcase  # noqa\n")

    result = lint_imports(project)

    assert result.returncode != 0
    assert "catalog is not allowed to import demo" in result.stdout
