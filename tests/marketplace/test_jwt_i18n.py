"""simplejwt's own messages (login and token errors) come in the request's
language: the app is registered, so its catalogs load (issue 16)."""

from datetime import timedelta

import pytest

from marketplace.api.authentication import SessionRefreshToken

pytestmark = pytest.mark.django_db


# simplejwt's token errors in English, as a client reads them untranslated.
ENGLISH = {"Token is invalid", "Token is expired", "Token is invalid or expired"}


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

    assert (response.status_code, response.json()["error"]["message"] in ENGLISH) == (401, False)


def test_a_bad_bearer_token_reads_arabic(api_client):
    response = api_client.get("/api/v1/me/", HTTP_AUTHORIZATION="Bearer not-a-token", HTTP_ACCEPT_LANGUAGE="ar")

    assert (response.status_code, response.json()["error"]["message"]) == (
        401, "تأشيرة المرور غير صالحة لأي نوع من أنواع التأشيرات",
    )  # fmt: skip


# The two below pass once the lead's catalogs translate simplejwt's msgids
# that simplejwt leaves untranslated (marketplace/api/jwt_messages.py).


def test_a_broken_refresh_token_reads_arabic(api_client):
    response = api_client.post("/api/v1/auth/refresh/", {"refresh": "not-a-token"}, HTTP_ACCEPT_LANGUAGE="ar")

    assert response.json()["error"]["message"] not in ENGLISH


def test_an_expired_refresh_token_reads_arabic(api_client, user):
    refresh = SessionRefreshToken.for_user(user)
    refresh.set_exp(lifetime=-timedelta(minutes=1))

    response = api_client.post("/api/v1/auth/refresh/", {"refresh": str(refresh)}, HTTP_ACCEPT_LANGUAGE="ar")

    assert response.json()["error"]["message"] not in ENGLISH
