"""Hostile request bodies answer 4xx in the error shape, never 500, and are
not logged as server errors: on every URL pattern under /api/ and /webhooks/
that takes a body (walked from config.urls, so a new endpoint is covered
without a new line here), then through the parsers of the endpoints that
read multipart forms, and in the admin (Django's 400 page there)."""

import io
import json
import logging
import re
from urllib.parse import urlencode

import pytest
from django.test import Client
from django.urls import URLResolver, get_resolver, resolve
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from PIL import Image
from rest_framework.test import APIRequestFactory

from marketplace.api.limits import JSON_MAX_DEPTH, json_nesting_exceeds
from tests.factories import ArtisanFactory, ProductFactory

pytestmark = pytest.mark.django_db

MiB = 1024 * 1024
BODY_METHODS = ("post", "put", "patch")


def _walk(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern))
        else:
            yield prefix + str(pattern.pattern), pattern.callback


def _body_methods(callback) -> list[str]:
    actions = getattr(callback, "actions", None)  # a DRF viewset's {method: action}
    if actions:
        return [method for method in BODY_METHODS if method in actions]
    view_class = getattr(callback, "cls", None) or getattr(callback, "view_class", None)
    if view_class is not None:
        return [method for method in BODY_METHODS if hasattr(view_class, method)]
    return ["post"]  # a plain function: the Stripe webhook, the API's catch-all 404


_PARAMETER = re.compile(r"<(?:\w+:)?\w+>|\(\?P<\w+>[^)]*\)")


def _concrete_path(route: str) -> str:
    """Every path parameter as "1": the limits are judged before any lookup."""
    return "/" + _PARAMETER.sub("1", route).replace("^", "").replace("$", "")


def body_endpoints() -> list[tuple[str, str]]:
    endpoints = []
    for route, callback in _walk(get_resolver().url_patterns):
        if not route.lstrip("^").startswith(("api/", "webhooks/")):
            continue
        path = _concrete_path(route)
        assert resolve(path).func is callback, f"{route} was not filled in right: {path}"
        endpoints += [(method.upper(), path) for method in _body_methods(callback)]
    return endpoints


ENDPOINTS = body_endpoints()

# The three: JSON 1,000 levels deep, an 11 MiB body, 2,000 form fields.
NESTED_JSON = b'{"a":' * 1000 + b"1" + b"}" * 1000
NESTED_ARRAYS = b"[" * 1000 + b"]" * 1000
HUGE_JSON = b'{"bio": "' + b"a" * (11 * MiB) + b'"}'
MANY_FIELDS = urlencode([(f"field{index}", "x") for index in range(2000)]).encode()

HOSTILE_BODIES = {
    "nested-object": (NESTED_JSON, "application/json", 400, "too_deeply_nested"),
    "nested-array": (NESTED_ARRAYS, "application/json; charset=utf-8", 400, "too_deeply_nested"),
    "11-MiB-json": (HUGE_JSON, "application/json", 413, "request_too_large"),
    "11-MiB-multipart": (HUGE_JSON, "multipart/form-data; boundary=x", 413, "request_too_large"),
    "2000-fields": (MANY_FIELDS, "application/x-www-form-urlencoded", 400, "too_many_fields"),
}


def error_of(response) -> dict:
    body = response.json()
    assert set(body) == {"error"}, body
    assert set(body["error"]) == {"code", "message", "fields", "request_id"}, body
    assert body["error"]["message"]
    return body["error"]


def errors_logged(caplog) -> list[str]:
    return [f"{record.name}: {record.getMessage()}" for record in caplog.records if record.levelno >= logging.ERROR]


def test_the_walk_finds_the_endpoints_that_take_a_body():
    assert ("POST", "/webhooks/stripe/") in ENDPOINTS
    assert ("POST", "/api/v1/my/products/1/photos/") in ENDPOINTS
    assert ("PATCH", "/api/v1/my/products/1/variants/1/") in ENDPOINTS
    assert ("PATCH", "/api/v1/artisans/me/") in ENDPOINTS
    assert len(ENDPOINTS) > 30


@pytest.fixture(params=["anonymous", "superuser"])
def client(request, superuser):
    client = Client()
    if request.param == "superuser":
        client.force_login(superuser)
    return client


@pytest.mark.parametrize("kind", HOSTILE_BODIES)
def test_a_hostile_body_is_refused_in_the_error_shape_on_every_endpoint(client, kind, caplog):
    body, content_type, status, code = HOSTILE_BODIES[kind]
    caplog.set_level(logging.INFO)
    answers = {}
    for method, path in ENDPOINTS:
        response = client.generic(method, path, body, content_type=content_type)
        answers[f"{method} {path}"] = (response.status_code, error_of(response)["code"])

    assert answers == dict.fromkeys(answers, (status, code))
    assert errors_logged(caplog) == []


def test_a_content_length_that_is_not_a_number_is_a_400(client, caplog):
    responses = [
        client.generic(method, path, b"{}", content_type="application/json", CONTENT_LENGTH="12abc")
        for method, path in ENDPOINTS
    ]

    assert {(response.status_code, error_of(response)["code"]) for response in responses} == {(400, "bad_request")}
    assert errors_logged(caplog) == []


def test_too_many_query_fields_are_a_400_not_a_500(client, caplog):
    query = urlencode([(f"q{index}", "x") for index in range(2000)])

    response = client.get(f"/api/v1/products/?{query}")

    assert response.status_code == 400
    assert error_of(response)["code"] == "too_many_fields"
    assert errors_logged(caplog) == []


def test_malformed_json_is_a_400_parse_error(client, caplog):
    response = client.post("/api/v1/auth/login/", b'{"email": "a@example.com", ', content_type="application/json")

    assert response.status_code == 400
    assert error_of(response)["code"] == "parse_error"
    assert errors_logged(caplog) == []


def test_json_as_deep_as_the_limit_is_read(client):
    body = b'{"a":' * (JSON_MAX_DEPTH - 1) + b"[1]" + b"}" * (JSON_MAX_DEPTH - 1)

    response = client.post("/api/v1/auth/login/", body, content_type="application/json")

    assert response.status_code == 400
    assert error_of(response)["code"] == "invalid"  # the serializer's answer: the body got through


@pytest.mark.parametrize(
    ("body", "too_deep"),
    [
        (b'{"a": [1, {"b": "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["}]}', False),
        (b'["\\"[[[[", ' * 20 + b"1" + b"]" * 20, False),
        (b"[" * 65 + b"]" * 65, True),
        (b"[" + b"[]," * 100 + b"[" * 64 + b"]" * 65, True),
        (b'["' + b"\\" * 8 + b'", ' + b"[" * 65 + b"]" * 66, True),  # eight backslashes: the string ends
        (b'["' + b"\\" * 9 + b'"' + b"[" * 70 + b'"]', False),  # nine: the quote is escaped
        (b"[" * 64 + b"]" * 64, False),
        (b"[" * 60 + b'"[[[[[[", ' * 1000 + b'""' + b"]" * 60, False),
    ],
)
def test_json_depth_is_counted_outside_strings(body, too_deep):
    assert JSON_MAX_DEPTH == 64
    assert json_nesting_exceeds(body) is too_deep


def _depth(value) -> int:
    children = value.values() if isinstance(value, dict) else value if isinstance(value, list) else None
    return 0 if children is None else 1 + max(map(_depth, children), default=0)


_TRICKY_TEXT = st.text(alphabet='[]{}"\\/ ab\u00e9\u062a\n')
_JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | _TRICKY_TEXT,
    lambda children: st.lists(children, max_size=3) | st.dictionaries(_TRICKY_TEXT, children, max_size=3),
    max_leaves=12,
)


@hypothesis_settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(value=_JSON_VALUES, wrappers=st.lists(st.sampled_from(["list", "dict"]), max_size=80))
def test_json_depth_agrees_with_the_parsed_value(value, wrappers):
    for wrapper in wrappers:
        value = [value] if wrapper == "list" else {"[{": value}
    body = json.dumps(value, ensure_ascii=False).encode()

    assert json_nesting_exceeds(body) is (_depth(value) > JSON_MAX_DEPTH)


# --- the parsers: what only reading the body shows --------------------------


def test_the_json_parser_answers_deep_nesting_without_the_middleware():
    """A view reached without the middleware still answers 400: Python's json
    module raises RecursionError a thousand levels down, the parser turns it
    into the refusal."""
    view = resolve("/api/v1/auth/login/").func
    request = APIRequestFactory().generic("POST", "/api/v1/auth/login/", NESTED_JSON, "application/json")

    response = view(request)

    assert response.status_code == 400
    assert response.data["error"]["code"] == "too_deeply_nested"


@pytest.fixture
def owner_and_product(db):
    artisan = ArtisanFactory()
    return artisan.user, ProductFactory(artisan=artisan)


def jpeg(size=(64, 48)) -> io.BytesIO:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 120, 40)).save(buffer, format="JPEG")
    buffer.seek(0)
    buffer.name = "photo.jpg"
    return buffer


def test_a_multipart_form_with_too_many_fields_is_a_400(client_for, owner_and_product, caplog):
    owner, product = owner_and_product
    fields = {f"field{index}": "x" for index in range(2000)}

    response = client_for(owner).post(
        f"/api/v1/my/products/{product.pk}/photos/", {"image": jpeg(), **fields}, format="multipart"
    )

    assert response.status_code == 400
    assert error_of(response)["code"] == "too_many_fields"
    assert product.photos.count() == 0
    assert errors_logged(caplog) == []


def test_a_multipart_field_above_the_memory_limit_is_a_413(client_for, owner_and_product, settings, caplog):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 4096
    owner, product = owner_and_product

    response = client_for(owner).post(
        f"/api/v1/my/products/{product.pk}/photos/", {"image": jpeg(), "alt_text": "x" * 8192}, format="multipart"
    )

    assert response.status_code == 413
    assert error_of(response)["code"] == "request_too_large"
    assert errors_logged(caplog) == []


def test_a_photo_above_the_upload_limit_is_refused_with_a_clear_message(
    client_for, owner_and_product, settings, caplog
):
    settings.PHOTO_MAX_UPLOAD_BYTES = 20_000
    owner, product = owner_and_product
    noise = Image.effect_noise((400, 400), 90).convert("RGB")
    buffer = io.BytesIO()
    noise.save(buffer, format="PNG")
    assert 20_000 < buffer.tell() < 512 * 1024  # within the form's envelope: photo_clean judges it
    buffer.seek(0)
    buffer.name = "big.png"

    response = client_for(owner).post(
        f"/api/v1/my/products/{product.pk}/photos/", {"image": buffer}, format="multipart"
    )

    assert response.status_code == 400
    error = error_of(response)
    assert error["code"] == "invalid"
    assert "too big" in error["fields"]["image"][0]
    assert errors_logged(caplog) == []


def test_a_photo_far_above_the_upload_limit_is_a_413_before_it_is_read(client_for, owner_and_product, settings):
    settings.PHOTO_MAX_UPLOAD_BYTES = 20_000
    owner, product = owner_and_product
    buffer = io.BytesIO(b"\xff\xd8" + b"\0" * (600 * 1024))
    buffer.name = "huge.jpg"

    response = client_for(owner).post(
        f"/api/v1/my/products/{product.pk}/photos/", {"image": buffer}, format="multipart"
    )

    assert response.status_code == 413
    assert error_of(response)["code"] == "request_too_large"


def test_the_webhook_refuses_a_body_too_large_for_an_event_with_a_413(client):
    body = b'{"id": "evt_1", "data": "' + b"a" * (600 * 1024) + b'"}'

    response = client.post("/webhooks/stripe/", body, content_type="application/json", HTTP_STRIPE_SIGNATURE="t=1")

    assert response.status_code == 413
    assert error_of(response)["code"] == "request_too_large"


# --- the admin: Django's own 400 page, never a 500 --------------------------


def test_the_admin_answers_a_hostile_form_with_a_400(superuser):
    artisan = ArtisanFactory()
    client = Client()
    client.force_login(superuser)
    url = f"/admin/artisans/artisanprofile/{artisan.pk}/change/"

    too_many = client.post(url, MANY_FIELDS, content_type="application/x-www-form-urlencoded")
    too_big = client.post(url, b"a=" + b"x" * (11 * MiB), content_type="application/x-www-form-urlencoded")

    assert (too_many.status_code, too_big.status_code) == (400, 400)
