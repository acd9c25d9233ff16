"""The OpenAPI schema the apps are built from: every endpoint in it, with no
generator errors (a view the generator cannot read drops out of /api/docs/)."""

from drf_spectacular.drainage import GENERATOR_STATS
from drf_spectacular.generators import SchemaGenerator


def test_the_schema_has_every_endpoint_and_no_generator_errors_or_warnings(db):
    GENERATOR_STATS._error_cache.clear()
    GENERATOR_STATS._warn_cache.clear()

    schema = SchemaGenerator().get_schema(request=None, public=True)

    # A warning is a guessed enum name ("StatusBbcEnum"), an operationId made unique
    # with a number, or a view the generator could not read: all change the apps' code.
    assert (dict(GENERATOR_STATS._error_cache), dict(GENERATOR_STATS._warn_cache)) == ({}, {})
    expected = {
        "/api/v1/products/", "/api/v1/products/{slug}/", "/api/v1/cart/", "/api/v1/checkout/",
        "/api/v1/orders/{number}/payment/", "/api/v1/my/orders/{id}/refunds/", "/api/v1/my/balance/",
    }  # fmt: skip
    assert expected <= set(schema["paths"])


def test_a_read_only_choice_field_that_may_be_blank_allows_the_blank_in_the_schema(db):
    schema = SchemaGenerator().get_schema(request=None, public=True)

    # A return not decided yet answers "disposition": "": a client that
    # trusts the schema must accept it (its generated enum refused it).
    assert {"$ref": "#/components/schemas/BlankEnum"} in schema["components"]["schemas"]["Return"]["properties"][
        "disposition"
    ]["oneOf"]
