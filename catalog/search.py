"""Product search in the four languages of the shop.

On PostgreSQL a product matches when either
- its titles (weight A) or descriptions (weight B), in any language, match the
  words of the query in full-text search, with the `souk_search` text search
  configuration: `simple` (no stemming, so Arabic and mixed scripts work)
  with accents removed by `unaccent` ("theiere" finds "Théière"); or
- one of its titles is close to the query by trigram word similarity, so
  misspellings and transliterations match ("tajin", "tagine" → "Tajine de Safi").

`search_rank` adds the full-text rank of the titles and their best similarity to
the query, plus a little for a title in the buyer's language: a title match
comes before a description-only match.

Both conditions are served by indexes: a GIN trigram index per title column
(catalog/migrations/0003_search.py) and a GIN index on `search_document`, a
tsvector column PostgreSQL keeps from the titles (weight A) and descriptions
(weight B), beside `search_titles` for the rank (0005_search_columns.py). The
two are outside Django's model state, so loading products never reads them;
`StoredColumn` names them in queries. Other databases (SQLite for `make run`)
fall back to `icontains` on the same fields, with a constant rank.
"""

from django.contrib.postgres.lookups import TrigramWordSimilar
from django.contrib.postgres.search import (
    SearchQuery,
    SearchRank,
    SearchVectorExact,
    SearchVectorField,
    TrigramWordSimilarity,
)
from django.db import connections
from django.db.models import Expression, F, FloatField, Q, QuerySet, Value
from django.db.models.functions import Coalesce, Greatest
from django.utils.translation import gettext
from rest_framework.exceptions import ValidationError

MAX_QUERY_LENGTH = 200
# The languages whose columns are indexed by migration 0003_search; a new
# language in settings.LANGUAGES needs its columns added there and here.
LANGUAGES = ("en", "fr", "es", "ar")
TITLE_FIELDS = tuple(f"title_{code}" for code in LANGUAGES)
DESCRIPTION_FIELDS = tuple(f"description_{code}" for code in LANGUAGES)
SEARCH_CONFIG = "souk_search"  # `simple` + unaccent, created by migration 0003_search
# Lowest word similarity (pg_trgm) for a title to match: "tajine" vs "Tagine from Safi"
# is 0.4; at 1/3 a five-letter word matches any title word starting with the same two
# letters ("tagin" → "Tapis"), hence just above it.
TRIGRAM_THRESHOLD = 0.35
# Extra rank for a title in the buyer's language, times its similarity to the query.
LANGUAGE_BOOST = 0.2


def search_products(queryset: QuerySet, query: str, language: str | None = None) -> QuerySet:
    """Filter `queryset` to the products matching `query`, annotated with `search_rank`.

    The caller orders: `.order_by("-search_rank", ...)`. An empty query returns
    the queryset unchanged (no `search_rank`); a query over 200 characters is
    refused with a ValidationError on the "search" field.
    """
    text = " ".join((query or "").replace("\x00", " ").split())
    if not text:
        return queryset
    if len(text) > MAX_QUERY_LENGTH:
        raise ValidationError(
            {"search": [gettext("Search for at most %(limit)d characters.") % {"limit": MAX_QUERY_LENGTH}]}
        )
    if connections[queryset.db].vendor == "postgresql":
        return _search_postgresql(queryset, text, _language_code(language))
    return _search_fallback(queryset, text)


class StoredColumn(Expression):
    """A product column PostgreSQL keeps and Django's model does not know
    (the search vectors). Like Django's own column reference it follows the
    table's alias, also when the query becomes a subquery."""

    def __init__(self, name: str, alias: str | None = None):
        super().__init__(output_field=SearchVectorField())
        self.name, self.alias = name, alias

    def resolve_expression(self, query=None, allow_joins=True, reuse=None, summarize=False, for_save=False):
        resolved = self.copy()
        resolved.alias = query.get_initial_alias()
        return resolved

    def relabeled_clone(self, change_map):
        return StoredColumn(self.name, change_map.get(self.alias, self.alias))

    def as_sql(self, compiler, connection):
        return f"{compiler.quote_name_unless_alias(self.alias)}.{connection.ops.quote_name(self.name)}", []


def document() -> StoredColumn:
    """The weighted tsvector of all titles (A) and descriptions (B)."""
    return StoredColumn("search_document")


def _language_code(language: str | None) -> str | None:
    code = (language or "")[:2].lower()
    return code if code in LANGUAGES else None


def _search_postgresql(queryset: QuerySet, text: str, language: str | None) -> QuerySet:
    _set_trigram_threshold(queryset.db)
    words = SearchQuery(text, config=SEARCH_CONFIG, search_type="websearch")
    # One bitmap scan ORing the five indexes. `title %> text` is
    # word_similarity(text, title) >= threshold; the trigram index only proposes
    # rows, which are rechecked against the whole condition, so the trigram tests
    # come first: a row they accept never parses its descriptions.
    matches = Q.create([TrigramWordSimilar(F(field), text) for field in TITLE_FIELDS], connector=Q.OR)
    matches |= Q(SearchVectorExact(document(), words))
    # The rank reads the titles only, so description-only matches rank lowest.
    title_rank = SearchRank(StoredColumn("search_titles"), words)
    similarity = Coalesce(Greatest(*(TrigramWordSimilarity(text, field) for field in TITLE_FIELDS)), 0.0)
    rank = title_rank + similarity
    if language:
        rank += LANGUAGE_BOOST * Coalesce(TrigramWordSimilarity(text, f"title_{language}"), 0.0)
    return queryset.filter(matches).annotate(search_rank=rank)


def _set_trigram_threshold(alias: str) -> None:
    # The `%>` operator (the only form the trigram index serves) compares with
    # this setting, 0.6 by default. Constant, so harmless for the rest of the session.
    with connections[alias].cursor() as cursor:
        cursor.execute("SELECT set_config('pg_trgm.word_similarity_threshold', %s, false)", [str(TRIGRAM_THRESHOLD)])


def _search_fallback(queryset: QuerySet, text: str) -> QuerySet:
    """Every word of the query in some title or description (case-insensitive)."""
    for word in text.split():
        queryset = queryset.filter(
            Q.create([(f"{field}__icontains", word) for field in TITLE_FIELDS + DESCRIPTION_FIELDS], connector=Q.OR)
        )
    return queryset.annotate(search_rank=Value(0.0, output_field=FloatField()))
