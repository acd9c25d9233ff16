"""simplejwt's own messages (login and token errors) come in the request's
language: the app is registered, so its catalogs load (issue 16)."""

import pytest

pytestmark = pytest.mark.django_db


def test_a_failed_login_reads_french_with_accept_language_fr(api_client, user):
    response = api_client.post(
        "/api/v1/auth/login/", {"email": user.email, "password": "nope"}, HTTP_ACCEPT_LANGUAGE="fr"
    )

    assert response.status_code == 401
    assert response.json()["error"]["message"] == "Aucun compte actif n'a été trouvé avec les identifiants fournis"


def test_a_failed_login_reads_arabic_with_accept_language_ar(api_client, user):
    response = api_client.post(
        "/api/v1/auth/login/", {"email": user.email, "password": "nope"}, HTTP_ACCEPT_LANGUAGE="ar"
    )

    assert response.json()["error"]["message"] == "لم يتم العثور على حساب نشط للبيانات المقدمة"


def test_a_broken_refresh_token_reads_french(api_client):
    response = api_client.post("/api/v1/auth/refresh/", {"refresh": "not-a-token"}, HTTP_ACCEPT_LANGUAGE="fr")

    assert response.status_code == 401
    assert response.json()["error"]["message"] != "Token is invalid or expired"
