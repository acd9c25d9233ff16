"""The public catalog's answers are what the OpenAPI schema says: every key
documented, nothing undocumented, at every depth (the apps' models are
generated from the schema, and the views build plain dicts)."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from drf_spectacular.generators import SchemaGenerator
from PIL import Image

from catalog import photos
from tests.factories import ArtisanFactory, CooperativeFactory, ProductFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def schema():
    return SchemaGenerator().get_schema(request=None, public=True)


def resolve(schema, node):
    while "$ref" in node:
        node = schema["components"]["schemas"][node["$ref"].rsplit("/", 1)[1]]
    if "allOf" in node:  # a nullable reference
        node = {**resolve(schema, node["allOf"][0]), "nullable": node.get("nullable", False)}
    return node


def mismatches(schema, node, value, where="") -> list[str]:
    """Where `value` and its schema disagree: keys missing from either side, nulls not allowed."""
    node = resolve(schema, node)
    if value is None:
        return [] if node.get("nullable") else [f"{where}: null, not nullable"]
    if isinstance(value, list):
        return [problem for item in value for problem in mismatches(schema, node["items"], item, f"{where}[]")]
    if isinstance(value, dict) and "properties" in node:
        documented, given = set(node["properties"]), set(value)
        problems = [f"{where}.{key}: not documented" for key in sorted(given - documented)]
        problems += [f"{where}.{key}: documented, missing" for key in sorted(set(node.get("required", [])) - given)]
        for key in sorted(given & documented):
            problems += mismatches(schema, node["properties"][key], value[key], f"{where}.{key}")
        return problems
    return []


def answer_schema(schema, path: str):
    return schema["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]["schema"]


@pytest.fixture
def listed_products(django_capture_on_commit_callbacks):
    in_a_cooperative = ProductFactory(artisan=ArtisanFactory(cooperative=CooperativeFactory()))
    independent = ProductFactory(artisan=ArtisanFactory(cooperative=None))
    image = io.BytesIO()
    Image.new("RGB", (1000, 700), (180, 90, 40)).save(image, "PNG")
    with django_capture_on_commit_callbacks(execute=True):  # the renditions task
        photos.photo_add(
            product=in_a_cooperative, image=SimpleUploadedFile("tagine.png", image.getvalue()),
            alt_text={"en": "A blue tagine"}, actor=in_a_cooperative.artisan.user,
        )  # fmt: skip
    return in_a_cooperative, independent


@pytest.mark.parametrize("pagination", ["", "?cursor="], ids=["page numbers", "cursor"])
def test_the_product_list_is_what_the_schema_says(api_client, schema, listed_products, pagination):
    body = api_client.get(f"/api/v1/products/{pagination}").json()

    assert len(body["results"]) == 2
    assert mismatches(schema, answer_schema(schema, "/api/v1/products/"), body) == []


def test_the_product_detail_is_what_the_schema_says(api_client, schema, listed_products):
    body = api_client.get(f"/api/v1/products/{listed_products[0].slug}/").json()

    assert body["photos"] and body["variants"]
    assert mismatches(schema, answer_schema(schema, "/api/v1/products/{slug}/"), body) == []


def test_the_category_list_is_what_the_schema_says(api_client, schema):
    body = api_client.get("/api/v1/categories/").json()

    assert mismatches(schema, answer_schema(schema, "/api/v1/categories/"), body) == []


def test_the_list_and_the_detail_have_their_own_operation_ids(schema):
    ids = (schema["paths"]["/api/v1/products/"]["get"]["operationId"],
           schema["paths"]["/api/v1/products/{slug}/"]["get"]["operationId"])  # fmt: skip

    assert ids == ("products_list", "products_retrieve")


def test_the_checker_sees_an_undocumented_key(schema):
    card = answer_schema(schema, "/api/v1/products/")

    assert mismatches(
        schema, card, {"currency": "MAD", "rate_at": None, "next": None, "previous": None, "results": [], "extra": 1}
    ) == [".extra: not documented"]
