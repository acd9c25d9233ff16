"""Every data migration that fills a table is replayed after a transactional
test empties the database (tests/conftest.py): one left out passes alone and
fails in whichever test happens to run after a live-server test."""

import importlib
from pathlib import Path

from django.db.migrations import RunPython

from tests.conftest import REFERENCE_DATA_MIGRATIONS

ROOT = Path(__file__).resolve().parents[1]
# RunPython steps that fill no table (database triggers, not rows).
NOT_REFERENCE_DATA = {"payments.migrations.0002_ledger_append_only"}


def seeding_migrations() -> set[str]:
    found = set()
    for path in ROOT.glob("*/migrations/0*.py"):
        module_name = ".".join(path.relative_to(ROOT).with_suffix("").parts)
        operations = importlib.import_module(module_name).Migration.operations
        if any(isinstance(operation, RunPython) for operation in operations):
            found.add(module_name)
    return found - NOT_REFERENCE_DATA


def test_every_seeding_migration_is_replayed_after_a_transactional_test():
    assert seeding_migrations() == set(REFERENCE_DATA_MIGRATIONS)
