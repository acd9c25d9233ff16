"""Every row lock lives in its app's locks.py (DESIGN.md, Layout), where the
one lock order is written: a select_for_update, or an advisory lock, written
anywhere else fails here."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SKIPPED = {".venv", "var", "tests", "node_modules", "migrations", ".git"}  # var: runtime data, the smoke's venv


def locks_outside_locks_modules(root: Path) -> list[str]:
    """`path:line` of every select_for_update or pg_advisory lock in a module not named locks.py."""
    found = []
    for path in sorted(root.rglob("*.py")):
        relative = path.relative_to(root)
        if SKIPPED & set(relative.parts[:-1]) or path.name == "locks.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
            attribute = isinstance(node, ast.Attribute) and node.attr == "select_for_update"
            advisory = isinstance(node, ast.Constant) and isinstance(node.value, str) and "pg_advisory" in node.value
            if attribute or advisory:
                found.append(f"{relative}:{node.lineno}")
    return found


def test_every_row_lock_is_in_a_locks_module():
    assert locks_outside_locks_modules(ROOT) == []


def test_a_lock_taken_inline_is_found(tmp_path):
    (tmp_path / "shop").mkdir()
    (tmp_path / "shop" / "services.py").write_text(
        "def pay(order_id):\n    return Order.objects.select_for_update().get(pk=order_id)\n"
    )
    (tmp_path / "shop" / "payouts.py").write_text('LOCK = "SELECT pg_advisory_xact_lock(%s)"\n')
    (tmp_path / "shop" / "locks.py").write_text(
        "def order_lock(pk):\n    return Order.objects.select_for_update().get(pk=pk)\n"
    )
    assert locks_outside_locks_modules(tmp_path) == ["shop/payouts.py:1", "shop/services.py:2"]
