"""Product search on PostgreSQL (catalog/search.py); nothing on other databases.

- extensions pg_trgm and unaccent (both trusted: a database owner may create them);
- text search configuration `souk_search`: `simple` (no stemming: fine for
  Arabic and mixed scripts) with accents removed by unaccent;
- a GIN index on the weighted document of all titles (A) and descriptions (B).
  The expression is exactly what `catalog.search.document()` compiles to; if
  one changes, change the other, or searches go back to sequential scans;
- a GIN trigram index on each title, for the fuzzy `title %> query` match.

No model field changes: the indexes are expressions, outside Django's model state.
"""

from django.db import migrations


class PostgresOnlySQL(migrations.RunSQL):
    """RunSQL that does nothing on other databases (SQLite for `make run`), both ways."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


LANGUAGES = ("en", "fr", "es", "ar")


def concatenated(field):
    return " || ' ' || ".join(f"COALESCE(\"{field}_{code}\", '')" for code in LANGUAGES)


DOCUMENT = (
    f"setweight(to_tsvector('souk_search'::regconfig, {concatenated('title')}), 'A')"
    f" || setweight(to_tsvector('souk_search'::regconfig, {concatenated('description')}), 'B')"
)

TRIGRAM_INDEXES = [
    (
        f'CREATE INDEX "catalog_product_title_{code}_trgm" ON "catalog_product"'
        f' USING gin ("title_{code}" gin_trgm_ops)',
        f'DROP INDEX IF EXISTS "catalog_product_title_{code}_trgm"',
    )
    for code in LANGUAGES
]


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0002_seed_categories"),
    ]

    operations = [
        PostgresOnlySQL(
            "CREATE EXTENSION IF NOT EXISTS pg_trgm",
            "DROP EXTENSION IF EXISTS pg_trgm",
        ),
        PostgresOnlySQL(
            "CREATE EXTENSION IF NOT EXISTS unaccent",
            "DROP EXTENSION IF EXISTS unaccent",
        ),
        PostgresOnlySQL(
            [
                "CREATE TEXT SEARCH CONFIGURATION souk_search (COPY = pg_catalog.simple)",
                "ALTER TEXT SEARCH CONFIGURATION souk_search"
                " ALTER MAPPING FOR word, hword, hword_part, numword, numhword, hword_numpart WITH unaccent, simple",
            ],
            "DROP TEXT SEARCH CONFIGURATION IF EXISTS souk_search",
        ),
        PostgresOnlySQL(
            f'CREATE INDEX "catalog_product_search_document" ON "catalog_product" USING gin (({DOCUMENT}))',
            'DROP INDEX IF EXISTS "catalog_product_search_document"',
        ),
        PostgresOnlySQL(
            [forwards for forwards, _ in TRIGRAM_INDEXES],
            [backwards for _, backwards in TRIGRAM_INDEXES],
        ),
    ]
