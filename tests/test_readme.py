"""The README's configuration table names every variable the settings read."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_every_environment_variable_is_documented():
    settings_source = (ROOT / "config" / "settings.py").read_text()
    read = set(re.findall(r'env(?:\.\w+)?\("([A-Z_]+)"', settings_source))
    readme = (ROOT / "README.md").read_text()

    undocumented = sorted(name for name in read if f"`{name}`" not in readme)

    assert read, "no variables found: the pattern no longer matches settings.py"
    assert undocumented == []
