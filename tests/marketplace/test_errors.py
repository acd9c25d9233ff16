"""Every API error is JSON in one shape, and a failed request saves nothing."""

import pytest
from django.db import transaction
from django.http import JsonResponse
from django.test import Client
from django.urls import URLResolver, get_resolver, path
from rest_framework.test import APIClient

from marketplace.models import User

pytestmark = pytest.mark.django_db


def error_of(response):
    body = response.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"code", "message", "fields", "request_id"}
    assert body["error"]["request_id"] == response["X-Request-ID"]
    return body["error"]


def test_malformed_json_is_a_400_parse_error(api_client):
    response = api_client.post("/api/v1/auth/register/", data='{"email": ', content_type="application/json")

    assert response.status_code == 400
    assert error_of(response)["code"] == "parse_error"


def test_wrong_type_is_a_400_naming_the_field(api_client):
    response = api_client.post(
        "/api/v1/auth/register/", {"email": ["a@b.c"], "password": "Tagine-and-mint-tea-9"}, format="json"
    )

    assert response.status_code == 400
    assert "email" in error_of(response)["fields"]


def test_unknown_field_is_a_400_naming_it(api_client):
    response = api_client.post(
        "/api/v1/auth/register/",
        {"email": "a@example.com", "password": "Tagine-and-mint-tea-9", "is_superuser": True},
        format="json",
    )

    assert response.status_code == 400
    assert error_of(response)["fields"]["is_superuser"] == ["Unknown field."]
    assert not User.objects.exists()


def test_too_long_string_is_a_400(api_client):
    response = api_client.post(
        "/api/v1/auth/register/",
        {"email": "a@example.com", "password": "Tagine-and-mint-tea-9", "full_name": "x" * 500},
        format="json",
    )

    assert response.status_code == 400
    assert "full_name" in error_of(response)["fields"]


def test_a_json_list_instead_of_an_object_is_a_400(api_client):
    response = api_client.post("/api/v1/auth/register/", [1, 2], format="json")

    assert response.status_code == 400
    assert error_of(response)["code"] == "invalid"


def test_unknown_api_address_is_a_json_404(api_client):
    response = api_client.get("/api/v1/no-such-thing/")

    assert response.status_code == 404
    assert error_of(response)["code"] == "not_found"


def test_a_write_to_an_unknown_api_address_is_a_json_404_not_a_csrf_page():
    # Found by the fuzz test: no route takes "null,null" as a variant id, and the
    # catch-all 404 view was the one API view Django's CSRF check applied to.
    client = APIClient(enforce_csrf_checks=True)

    response = client.patch("/api/v1/cart/lines/null,null/", {"quantity": 1}, format="json")

    assert response.status_code == 404
    assert error_of(response)["code"] == "not_found"


def test_wrong_method_is_a_json_405(api_client):
    response = api_client.delete("/api/v1/cooperatives/")

    assert response.status_code == 405
    assert error_of(response)["code"] == "method_not_allowed"


@transaction.atomic
def half_done_service():
    User.objects.create_user(email="half-done@example.com", password="x")
    raise RuntimeError("boom")


def crash(request):
    half_done_service()


def plain_write(request):
    return JsonResponse({"written": True})  # a plain Django view: Django checks its CSRF token


urlpatterns = [
    path("api/v1/crash/", crash),
    path("api/v1/plain-write/", plain_write),
    path("plain-write/", plain_write),
]


@pytest.mark.urls(__name__)
def test_a_csrf_refusal_under_the_api_is_json_in_the_error_shape():
    response = Client(enforce_csrf_checks=True).post("/api/v1/plain-write/")

    assert response.status_code == 403
    assert error_of(response)["code"] == "csrf_failed"


@pytest.mark.urls(__name__)
def test_a_csrf_refusal_elsewhere_is_djangos_page():
    response = Client(enforce_csrf_checks=True).post("/plain-write/")

    assert (response.status_code, response["Content-Type"].startswith("text/html")) == (403, True)


@pytest.mark.urls(__name__)
def test_an_unexpected_error_is_a_json_500_and_the_failed_service_wrote_nothing(client):
    client.raise_request_exception = False

    response = client.get("/api/v1/crash/")

    assert response.status_code == 500
    assert error_of(response)["code"] == "server_error"
    assert not User.objects.filter(email="half-done@example.com").exists()


def test_schema_and_docs_are_served(client):
    schema = client.get("/api/schema/")
    docs = client.get("/api/docs/")

    assert schema.status_code == 200
    assert b"/api/v1/artisans/" in schema.content
    assert docs.status_code == 200


def _api_v1_names(patterns=None, route=""):
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        full = route + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from _api_v1_names(pattern.url_patterns, full)
        elif pattern.name and full.startswith("api/v1/"):
            yield pattern.name


def test_the_api_root_lists_every_entry_point_of_the_urlconf(api_client):
    body = api_client.get("/api/v1/").json()

    assert body["artisan-list"] == "http://testserver/api/v1/artisans/"
    assert body["product-detail"] == "http://testserver/api/v1/products/{slug}/"
    assert body["paperwork-document-download"].endswith("/api/v1/artisan-orders/{pk}/documents/{document_id}/download/")
    assert body["docs"].endswith("/api/docs/")
    # Every named pattern under /api/v1/ but the root itself, and the schema, Swagger UI and ReDoc.
    assert set(body) == (set(_api_v1_names()) - {"api-root"}) | {"schema", "docs", "redoc"}
    assert len(body) > 40
