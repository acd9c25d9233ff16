"""Stored search vectors on PostgreSQL (catalog/search.py); nothing elsewhere.

The GIN index of 0003_search was on an expression: PostgreSQL rechecks every
row the trigram indexes propose against the whole condition, so a common word
("tagine": ~1,000 candidates in 10,000 products) parsed each candidate's four
descriptions again, and the rank parsed its titles again. Here the two
vectors are columns, kept by a trigger that fires on insert and on updates
that name a title or a description (Django's save() names every column; the
checkout's bulk updates of stock and summaries name none of them, so they
cost nothing more):

- `search_titles`: the titles in the four languages, weight A (the rank);
- `search_document`: that plus the descriptions, weight B (the match), under
  a GIN index that replaces the expression index.

The columns are outside Django's model state (loading a product never reads
them); catalog.search reads them through `StoredColumn`.
"""

import importlib

from django.db import migrations

initial_search = importlib.import_module("catalog.migrations.0003_search")
PostgresOnlySQL = initial_search.PostgresOnlySQL
LANGUAGES = initial_search.LANGUAGES
TEXT_COLUMNS = [f"{field}_{code}" for field in ("title", "description") for code in LANGUAGES]


def concatenated_new(field: str) -> str:
    return " || ' ' || ".join(f"COALESCE(NEW.\"{field}_{code}\", '')" for code in LANGUAGES)


FUNCTION = f"""
CREATE FUNCTION catalog_product_search_vectors() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.search_titles := setweight(to_tsvector('souk_search'::regconfig, {concatenated_new("title")}), 'A');
    NEW.search_document := NEW.search_titles
        || setweight(to_tsvector('souk_search'::regconfig, {concatenated_new("description")}), 'B');
    RETURN NEW;
END
$$
"""

TRIGGER = (
    "CREATE TRIGGER catalog_product_search_vectors"
    f" BEFORE INSERT OR UPDATE OF {', '.join(TEXT_COLUMNS)} ON catalog_product"
    " FOR EACH ROW EXECUTE FUNCTION catalog_product_search_vectors()"
)


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0004_reviews"),
    ]

    operations = [
        PostgresOnlySQL(
            [
                "ALTER TABLE catalog_product ADD COLUMN search_titles tsvector, ADD COLUMN search_document tsvector",
                FUNCTION,
                TRIGGER,
                # Fills the rows already there (the trigger fires on an update naming a title).
                "UPDATE catalog_product SET title_en = title_en",
                'CREATE INDEX "catalog_product_search_document_stored" ON catalog_product USING gin (search_document)',
                'DROP INDEX IF EXISTS "catalog_product_search_document"',
            ],
            [
                'CREATE INDEX "catalog_product_search_document" ON "catalog_product"'
                f" USING gin (({initial_search.DOCUMENT}))",
                "DROP TRIGGER IF EXISTS catalog_product_search_vectors ON catalog_product",
                "DROP FUNCTION IF EXISTS catalog_product_search_vectors()",
                "ALTER TABLE catalog_product DROP COLUMN IF EXISTS search_titles,"
                " DROP COLUMN IF EXISTS search_document",
            ],
        ),
    ]
