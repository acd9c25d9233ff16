"""The examples in the OpenAPI schema (config/api_examples.py) are valid
bodies of their operations: each is checked against its body's schema, with
no field the schema does not name, so an example cannot outlive a change of
the contract. And the main operations of a buyer's app have one."""

import pytest
from drf_spectacular.generators import SchemaGenerator
from jsonschema import Draft7Validator

MAIN_OPERATIONS = {
    "auth_register", "auth_login", "products_list", "cart_retrieve", "cart_lines_add", "checkout_place",
    "orders_retrieve",
}  # fmt: skip


@pytest.fixture(scope="module")
def schema(django_db_blocker):
    with django_db_blocker.unblock():
        return SchemaGenerator().get_schema(request=None, public=True)


def json_schema(schema, node, seen=()):
    """OpenAPI 3.0's schema object as JSON Schema: references inlined,
    `nullable` as a null alternative, objects closed to unnamed fields."""
    if "$ref" in node:
        name = node["$ref"].rsplit("/", 1)[1]
        assert name not in seen, f"recursive component {name}"
        return json_schema(schema, schema["components"]["schemas"][name], (*seen, name))
    node = dict(node)
    nullable = node.pop("nullable", False)
    for key in ("allOf", "oneOf", "anyOf"):
        if key in node:
            node[key] = [json_schema(schema, part, seen) for part in node[key]]
    if "properties" in node:
        node["properties"] = {name: json_schema(schema, field, seen) for name, field in node["properties"].items()}
        node.setdefault("additionalProperties", False)
    if isinstance(node.get("additionalProperties"), dict):
        node["additionalProperties"] = json_schema(schema, node["additionalProperties"], seen)
    if "items" in node:
        node["items"] = json_schema(schema, node["items"], seen)
    return {"anyOf": [node, {"type": "null"}]} if nullable else node


def examples(schema):
    for methods in schema["paths"].values():
        for operation in methods.values():
            bodies = [("request", operation.get("requestBody", {})), *operation["responses"].items()]
            for where, body in bodies:
                for media in body.get("content", {}).values():
                    for example in media.get("examples", {}).values():
                        yield operation["operationId"], where, media["schema"], example["value"]


def test_every_example_is_a_valid_body_of_its_operation(schema):
    wrong = []
    for operation_id, where, body_schema, value in examples(schema):
        validator = Draft7Validator(json_schema(schema, body_schema))
        wrong += [
            f"{operation_id} {where} {'.'.join(map(str, error.absolute_path))}: {error.message}"
            for error in validator.iter_errors(value)
        ]

    assert wrong == []


def test_the_main_operations_of_a_buyers_app_have_examples(schema):
    with_examples = {operation_id for operation_id, *_ in examples(schema)}

    assert with_examples >= MAIN_OPERATIONS
