"""Every side effect leaves a transaction through marketplace/effects.py
(DESIGN.md, Transactions): a transaction.on_commit, or a task's .delay,
.apply_async or send_task, written anywhere else fails here."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SKIPPED = {".venv", "var", "tests", "node_modules", "migrations", ".git"}  # var: runtime data, the smoke's venv
THE_HELPER = Path("marketplace/effects.py")
LEAVING = {"on_commit", "delay", "apply_async", "send_task"}


def effects_outside_the_helper(root: Path) -> list[str]:
    """`path:line` of every call (or import) of a way out of a transaction outside marketplace/effects.py."""
    found = []
    for path in sorted(root.rglob("*.py")):
        relative = path.relative_to(root)
        if SKIPPED & set(relative.parts[:-1]) or relative == THE_HELPER:
            continue
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
            called = isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in LEAVING
            imported = isinstance(node, ast.ImportFrom) and any(alias.name in LEAVING for alias in node.names)
            if called or imported:
                found.append(f"{relative}:{node.lineno}")
    return sorted(found)


def test_every_effect_leaves_through_the_helper():
    assert effects_outside_the_helper(ROOT) == []


def test_an_effect_sent_another_way_is_found(tmp_path):
    (tmp_path / "shop").mkdir()
    (tmp_path / "shop" / "services.py").write_text(
        "from django.db import transaction\n"
        "def pay(order):\n"
        "    transaction.on_commit(lambda: receipt_send.delay(order.pk))\n"
        "    receipt_send.apply_async(args=[order.pk])\n"
    )
    (tmp_path / "shop" / "views.py").write_text("from django.db.transaction import on_commit\n")
    (tmp_path / "marketplace").mkdir()
    (tmp_path / "marketplace" / "effects.py").write_text(
        "def after_commit(fn):\n    transaction.on_commit(fn, robust=True)\n"
    )
    assert effects_outside_the_helper(tmp_path) == [
        "shop/services.py:3",
        "shop/services.py:3",
        "shop/services.py:4",
        "shop/views.py:1",
    ]
