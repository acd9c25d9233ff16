import itertools

import pytest
from django.conf import settings
from django.db import connection
from rest_framework.exceptions import ValidationError

from catalog import search
from catalog.models import Category, Product, ProductStatus
from catalog.search import search_products

pytestmark = pytest.mark.django_db

_slugs = itertools.count()


def make_product(artisan, category="tagines-tableware", **translations):
    """A product with the given title_xx / description_xx; the rest filled in."""
    title = translations.get("title_en") or translations.get("title_fr") or "Untitled"
    return Product.objects.create(
        artisan=artisan,
        category=Category.objects.get(slug=category),
        slug=f"search-product-{next(_slugs)}",
        title=title,
        region_of_origin="marrakech-safi",
        hs_code="6912.00",
        weight_grams=1500,
        status=ProductStatus.ACTIVE,
        **translations,
    )


@pytest.fixture
def tagine(artisan):
    return make_product(
        artisan,
        title_en="Tagine from Safi",
        title_fr="Tajine de Safi",
        title_ar="طاجين آسفي",
        description_en="Glazed clay, painted by hand in blue and white.",
        description_fr="Argile émaillée, peinte à la main en bleu et blanc. Idéal pour la cuisson lente.",
        description_ar="طين مزجج مرسوم باليد",
    )


@pytest.fixture
def carpet(artisan):
    return make_product(
        artisan,
        category="carpets",
        title_en="Beni Ourain carpet",
        title_fr="Tapis Beni Ouarain",
        title_ar="زربية بني وراين",
        description_en="Hand-knotted wool from the Middle Atlas.",
        description_fr="Laine nouée à la main, Moyen Atlas.",
    )


def found(query, language=None):
    return list(search_products(Product.objects.all(), query, language).order_by("-search_rank", "-id"))


# --- both databases ---------------------------------------------------------------------------


@pytest.mark.parametrize("query", ["", "   ", "\t\n"])
def test_an_empty_query_leaves_the_queryset_unchanged(query):
    queryset = Product.objects.filter(status=ProductStatus.ACTIVE)

    assert search_products(queryset, query) is queryset


def test_a_query_over_200_characters_is_refused():
    with pytest.raises(ValidationError) as error:
        search_products(Product.objects.all(), "tagine " * 30)

    assert "search" in error.value.detail


def test_a_query_of_200_characters_is_accepted():
    search_products(Product.objects.all(), "t" * 200).count()


def test_the_indexed_languages_are_the_shop_languages():
    """A new language needs its columns in migration 0003_search and catalog.search."""
    assert [code for code, _name in settings.LANGUAGES] == list(search.LANGUAGES)


def found_by_fallback(query):
    # Called directly, so the fallback SQLite uses is tested on PostgreSQL too.
    return list(search._search_fallback(Product.objects.all(), query).order_by("-search_rank", "-id"))


def test_the_fallback_matches_icontains_on_every_language(tagine, carpet):
    assert found_by_fallback("Tagine") == [tagine]
    assert found_by_fallback("tajine SAFI") == [tagine]
    assert found_by_fallback("طاجين") == [tagine]
    assert found_by_fallback("cuisson") == [tagine]
    assert found_by_fallback("tagin") == [tagine]  # a substring, not a misspelling
    assert found_by_fallback("tajin safi tiznit") == []
    assert {product.search_rank for product in found_by_fallback("safi")} == {0.0}


# --- PostgreSQL: full text and trigrams -------------------------------------------------------


@pytest.mark.postgres
@pytest.mark.parametrize("query", ["tajine", "tagine", "طاجين", "Tagine", "TAJINE de SAFI"])
def test_each_language_finds_the_tagine_and_not_the_carpet(tagine, carpet, query):
    assert found(query) == [tagine]


@pytest.mark.postgres
@pytest.mark.parametrize("query", ["tagin", "tajin", "tajinne", "tagines", "طاجن"])
def test_a_misspelling_finds_the_tagine(tagine, carpet, query):
    assert found(query) == [tagine]


@pytest.mark.postgres
def test_a_word_of_the_french_description_finds_it(tagine, carpet):
    assert found("cuisson") == [tagine]


@pytest.mark.postgres
def test_accents_do_not_matter_in_descriptions(tagine, carpet):
    assert found("emaillee") == [tagine]
    assert found("nouee") == [carpet]


@pytest.mark.postgres
def test_all_words_must_match_in_full_text(tagine, carpet):
    assert found("cuisson lente") == [tagine]
    assert found("cuisson laine") == []


@pytest.mark.postgres
def test_a_title_match_ranks_before_a_description_only_match(artisan, tagine, carpet):
    pot = make_product(artisan, title_en="Clay cooking pot", description_en="Cooks like a tagine, on gas or embers.")

    results = found("tagine")

    assert results == [tagine, pot]
    assert results[0].search_rank > results[1].search_rank >= 0
    assert isinstance(results[0].search_rank, float)


@pytest.mark.postgres
def test_the_buyers_language_breaks_ties_between_titles(artisan):
    english = make_product(artisan, title_en="Tagine", title_fr="Plat en terre")
    french = make_product(artisan, title_en="Earthenware dish", title_fr="Tagine")

    assert found("tagine", "fr") == [french, english]
    assert found("tagine", "en-us") == [english, french]
    assert set(found("tagine", "zz")) == {english, french}


@pytest.mark.postgres
@pytest.mark.parametrize("query", ["!!!", "tag:* & | ! ( ) '\"", '"unbalanced', "-", "tagine\x00"])
def test_odd_queries_do_not_break_the_search(tagine, query):
    search_products(Product.objects.all(), query).count()


@pytest.mark.postgres
def test_the_search_is_served_by_the_indexes(tagine, carpet):
    queryset = search_products(Product.objects.all(), "tajine", "fr").order_by("-search_rank")
    with connection.cursor() as cursor:
        # A handful of rows is cheaper to scan: forbid it, so that only an
        # index-shaped query (the very expressions indexed) can avoid it.
        cursor.execute("SET LOCAL enable_seqscan = off")
        plan = queryset.explain()

    assert "Seq Scan" not in plan
    assert "catalog_product_search_document_stored" in plan
    for code in search.LANGUAGES:
        assert f"catalog_product_title_{code}_trgm" in plan


@pytest.mark.postgres
def test_the_migration_made_the_indexes_and_the_configuration():
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname FROM pg_indexes WHERE tablename = 'catalog_product'")
        indexes = {row[0] for row in cursor.fetchall()}
        cursor.execute("SELECT to_tsvector('souk_search', 'Théière طاجين')::text")
        document = cursor.fetchone()[0]

    assert {
        "catalog_product_search_document_stored",
        *(f"catalog_product_title_{c}_trgm" for c in search.LANGUAGES),
    } <= indexes
    assert document == "'theiere':1 'طاجين':2"


@pytest.mark.postgres
def test_a_title_changed_later_is_found_by_its_new_words(tagine, carpet):
    # The stored vectors follow edits: the trigger fires on updates naming a title.
    Product.objects.filter(pk=carpet.pk).update(title_en="Couscous steamer")

    assert (found("couscous"), found("carpet")) == ([carpet], [])


@pytest.mark.postgres
def test_a_description_saved_through_the_model_is_found(tagine, carpet):
    carpet.description_es = "Alfombra anudada a mano en lana virgen."
    carpet.save()

    assert found("virgen") == [carpet]


@pytest.mark.postgres
def test_the_search_works_as_a_subquery(tagine, carpet):
    # The stored columns follow the table's alias when Django relabels it (U0…).
    matching = search_products(Product.objects.all(), "tajine").values("pk")

    assert list(Product.objects.filter(pk__in=matching)) == [tagine]


@pytest.mark.postgres
def test_an_update_that_names_no_text_column_leaves_the_vectors_alone(tagine):
    with connection.cursor() as cursor:
        cursor.execute("UPDATE catalog_product SET search_document = NULL WHERE id = %s", [tagine.pk])
    Product.objects.filter(pk=tagine.pk).update(weight_grams=1600)

    # No trigger ran (it would have filled the column again): stock and summary updates stay cheap.
    assert found("tajine") == [tagine]  # still found by trigram similarity on the titles
    with connection.cursor() as cursor:
        cursor.execute("SELECT search_document IS NULL FROM catalog_product WHERE id = %s", [tagine.pk])
        assert cursor.fetchone()[0] is True
