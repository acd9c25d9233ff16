"""The OpenAPI schema as a contract generated clients can trust (issue 16):
every operation documents its errors in the API's error shape, every body is
a named, typed component offered in one media type, operation ids read as
verbs, every app has its tag and every operation a summary, guests are
marked where they are welcome, enums, filters and orderings are typed.

The schema is generated in process, as /api/schema/ serves it."""

import pytest
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.plumbing import get_doc

from config.api_operations import OPERATIONS, TAG_DESCRIPTIONS

VERBS = {
    "list", "retrieve", "create", "update", "delete", "add", "remove", "apply", "verify", "reject", "suspend",
    "reinstate", "submit", "archive", "upload", "reorder", "cancel", "review", "answer", "advance", "measure",
    "download", "place", "start", "return", "decide", "register", "login", "refresh", "logout",
    "change", "request", "confirm", "send", "export", "replace",
}  # fmt: skip
ERROR_REF = "#/components/schemas/Error"


@pytest.fixture(scope="module")
def schema(django_db_blocker):
    with django_db_blocker.unblock():
        return SchemaGenerator().get_schema(request=None, public=True)


def operations(schema):
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            yield method.upper(), path, operation


def resolve(schema, node):
    while "$ref" in node:
        node = schema["components"]["schemas"][node["$ref"].rsplit("/", 1)[1]]
    return node


def free_form_objects(schema, node, where, seen):
    """Where a body (or a part of one) is an object whose fields are not told."""
    if "$ref" in node:
        name = node["$ref"].rsplit("/", 1)[1]
        if name in seen:
            return []
        seen.add(name)
        return free_form_objects(schema, resolve(schema, node), name, seen)
    found = []
    for key in ("allOf", "oneOf", "anyOf"):
        for index, part in enumerate(node.get(key, [])):
            found += free_form_objects(schema, part, f"{where}.{key}{index}", seen)
    if node.get("type") == "object" or "properties" in node:
        extra = node.get("additionalProperties")
        if not node.get("properties") and (extra in (None, True, {}) or extra == {"type": "object"}):
            found.append(where)
        for name, field in node.get("properties", {}).items():
            found += free_form_objects(schema, field, f"{where}.{name}", seen)
        if isinstance(extra, dict) and extra:
            found += free_form_objects(schema, extra, f"{where}.*", seen)
    if node.get("type") == "array":
        found += free_form_objects(schema, node.get("items", {}), f"{where}[]", seen)
    return found


def bodies(operation):
    body = operation.get("requestBody")
    if body:
        for media, content in body["content"].items():
            yield f"request {media}", content.get("schema")
    for status, response in operation["responses"].items():
        for media, content in response.get("content", {}).items():
            yield f"{status} {media}", content.get("schema")


def test_every_operation_documents_its_errors_in_the_error_shape(schema):
    missing = []
    for method, path, operation in operations(schema):
        errors = {status: answer for status, answer in operation["responses"].items() if status[0] in "45"}
        shaped = {
            status
            for status, answer in errors.items()
            if answer.get("content", {}).get("application/json", {}).get("schema") == {"$ref": ERROR_REF}
        }
        if not errors or shaped != set(errors) or "503" not in errors:
            missing.append(f"{method} {path}")

    assert missing == []
    assert resolve(schema, {"$ref": ERROR_REF})["required"] == ["error"]


def test_login_documents_its_token_pair(schema):
    answer = schema["paths"]["/api/v1/auth/login/"]["post"]["responses"]["200"]
    body = resolve(schema, answer["content"]["application/json"]["schema"])

    assert set(body["required"]) == {"access", "refresh"}


def test_the_errors_follow_what_the_operation_can_answer(schema):
    answered = {
        (method, path): set(operation["responses"]) for method, path, operation in operations(schema)
    }  # fmt: skip

    assert {"400", "401", "429"} <= answered[("POST", "/api/v1/auth/login/")]
    assert "401" not in answered[("POST", "/api/v1/auth/register/")]  # no authentication there
    assert {"404", "410"} <= answered[("PATCH", "/api/v1/cart/lines/{variant_id}/")]
    assert {"409", "404"} <= answered[("POST", "/api/v1/orders/{number}/cancel/")]
    assert "403" in answered[("GET", "/api/v1/manage/artisans/")]
    assert "404" not in answered[("GET", "/api/v1/products/")]


def test_every_body_is_typed_and_offered_in_one_media_type(schema):
    untyped, several = [], []
    for method, path, operation in operations(schema):
        body = operation.get("requestBody")
        if body and len(body["content"]) != 1:
            several.append(f"{method} {path}")
        for where, body_schema in bodies(operation):
            if body_schema is None:
                untyped.append(f"{method} {path} {where}")
                continue
            untyped += [
                f"{method} {path} {where}: {part}" for part in free_form_objects(schema, body_schema, "", set())
            ]

    assert several == []
    assert untyped == []


def test_only_the_operations_taking_files_are_multipart(schema):
    multipart = {
        f"{method} {path}"
        for method, path, operation in operations(schema)
        if "multipart/form-data" in operation.get("requestBody", {}).get("content", {})
    }

    assert multipart == {
        "POST /api/v1/artisans/",
        "PATCH /api/v1/artisans/me/",
        "POST /api/v1/my/products/{product_id}/photos/",
        "POST /api/v1/orders/{number}/lines/{line_id}/return/",
    }


def test_operation_ids_read_as_verbs(schema):
    wrong = []
    for method, path, operation in operations(schema):
        operation_id = operation["operationId"]
        verb = operation_id.rsplit("_", 1)[-1]
        collection_post = method == "POST" and "get" in schema["paths"][path] and not path.endswith("}/")
        if operation_id.startswith("v1_") or verb not in VERBS:
            wrong.append(operation_id)
        elif verb == "create" and not collection_post:
            wrong.append(operation_id)  # an action is named by what it does (orders_cancel)
        elif verb == "retrieve" and _is_a_list(schema, operation):
            wrong.append(operation_id)

    assert wrong == []


def _is_a_list(schema, operation):
    answer = operation["responses"].get("200", {}).get("content", {}).get("application/json", {})
    body = resolve(schema, answer.get("schema", {}))
    return body.get("type") == "array" or "results" in body.get("properties", {})


def test_every_app_has_its_tag_and_every_operation_one_tag_and_a_summary(schema):
    tags = {method + " " + path: operation.get("tags", []) for method, path, operation in operations(schema)}
    without_summary = [
        f"{method} {path}" for method, path, operation in operations(schema) if not operation.get("summary")
    ]

    assert {name for names in tags.values() for name in names} == set(TAG_DESCRIPTIONS)
    assert [where for where, names in tags.items() if len(names) != 1] == []
    assert [tag["name"] for tag in schema["tags"]] == list(TAG_DESCRIPTIONS)
    assert without_summary == []


def test_every_row_of_the_operations_table_is_an_operation(schema):
    documented = {(method, path.removeprefix("/api/v1")) for method, path, _ in operations(schema)}

    assert set(OPERATIONS) == documented


def test_no_internal_docstring_is_shown_to_the_api_users(schema):
    generator = SchemaGenerator()
    generator._initialise_endpoints()
    docstrings = {get_doc(view.__class__) for _, _, _, view in generator.endpoints} - {""}
    shown = [operation.get("description", "") for _, _, operation in operations(schema)]
    shown += [component.get("description", "") for component in schema["components"]["schemas"].values()]

    assert docstrings & set(shown) == set()
    assert [text for text in shown if text.startswith(('"""', "Helper"))] == []


def test_guest_operations_allow_anonymous_clients_and_the_others_do_not(schema):
    security = {(method, path): operation.get("security") for method, path, operation in operations(schema)}
    guest = [
        ("POST", "/api/v1/auth/register/"), ("POST", "/api/v1/auth/login/"), ("GET", "/api/v1/products/"),
        ("GET", "/api/v1/cart/"), ("POST", "/api/v1/cart/lines/"), ("POST", "/api/v1/checkout/"),
    ]  # fmt: skip

    assert all(security[key][0] == {} for key in guest)
    assert {} not in security[("GET", "/api/v1/me/")]
    assert {"jwtAuth": []} in security[("GET", "/api/v1/me/")]


def test_enums_are_typed(schema):
    untyped = []
    for name, component in schema["components"]["schemas"].items():
        for field_name, field in component.get("properties", {}).items():
            if field_name in ("status", "currency", "incoterm", "kind") or field_name.endswith("_status"):
                field = field.get("allOf", [field])[0] if "allOf" in field else field
                if "$ref" not in field and "enum" not in field and "oneOf" not in field:
                    untyped.append(f"{name}.{field_name}")

    assert untyped == []


def test_the_catalog_filters_are_typed_and_ordering_is_an_enum(schema):
    parameters = {
        parameter["name"]: parameter["schema"]
        for parameter in schema["paths"]["/api/v1/products/"]["get"]["parameters"]
    }

    assert parameters["in_stock"]["type"] == parameters["made_to_order"]["type"] == "boolean"
    assert parameters["min_price"]["type"] == parameters["max_price"]["type"] == "number"
    assert set(parameters["ordering"]["enum"]) == {"newest", "price", "-price", "rating"}


def test_every_component_is_used_by_an_operation(schema):
    used, todo = set(), [schema["paths"]]
    while todo:
        node = todo.pop()
        if isinstance(node, dict):
            name = node.get("$ref", "").rsplit("/", 1)[-1]
            if name and name not in used:
                used.add(name)
                todo.append(schema["components"]["schemas"][name])
            todo += list(node.values())
        elif isinstance(node, list):
            todo += node

    assert set(schema["components"]["schemas"]) - used == set()
