import pytest

from marketplace.models import User

pytestmark = pytest.mark.django_db


def register(api_client, **overrides):
    body = {"email": "Amina@Example.com", "password": "Tagine-and-mint-tea-9", "full_name": "Amina", **overrides}
    return api_client.post("/api/v1/auth/register/", body, format="json")


def test_register_creates_a_user_and_returns_a_token_pair(api_client):
    response = register(api_client)

    assert response.status_code == 201, response.json()
    assert set(response.json()["tokens"]) == {"access", "refresh"}
    assert User.objects.get().email == "amina@example.com"


def test_register_refuses_a_weak_password_naming_the_field(api_client):
    response = register(api_client, password="123")

    assert response.status_code == 400
    assert "password" in response.json()["error"]["fields"]
    assert not User.objects.exists()


def test_register_twice_with_the_same_email_is_refused(api_client):
    register(api_client)

    response = register(api_client, email="amina@EXAMPLE.com")

    assert response.status_code == 400
    assert "email" in response.json()["error"]["fields"]


def test_login_returns_tokens_that_open_me(api_client, user, password):
    tokens = api_client.post("/api/v1/auth/login/", {"email": user.email, "password": password}).json()

    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {tokens['access']}")
    response = api_client.get("/api/v1/me/")

    assert response.json()["email"] == user.email


def test_login_with_a_wrong_password_is_401_in_the_error_shape(api_client, user):
    response = api_client.post("/api/v1/auth/login/", {"email": user.email, "password": "nope"})

    assert response.status_code == 401
    assert response.json()["error"]["code"] == "no_active_account"


def test_refresh_gives_a_new_access_token(api_client, user, password):
    tokens = api_client.post("/api/v1/auth/login/", {"email": user.email, "password": password}).json()

    response = api_client.post("/api/v1/auth/refresh/", {"refresh": tokens["refresh"]})

    assert response.status_code == 200
    assert response.json()["access"] != tokens["access"]


def test_logout_revokes_the_refresh_token(api_client, user, password):
    tokens = api_client.post("/api/v1/auth/login/", {"email": user.email, "password": password}).json()

    logout = api_client.post("/api/v1/auth/logout/", {"refresh": tokens["refresh"]})
    refresh = api_client.post("/api/v1/auth/refresh/", {"refresh": tokens["refresh"]})

    assert logout.status_code == 204
    assert refresh.status_code == 401
    assert refresh.json()["error"]["code"] == "token_not_valid"


def test_me_patch_changes_name_and_language(client_for, user):
    response = client_for(user).patch("/api/v1/me/", {"full_name": "Nadia B.", "preferred_language": "ar"})

    user.refresh_from_db()
    assert response.status_code == 200
    assert (user.full_name, user.preferred_language) == ("Nadia B.", "ar")


def test_me_refuses_to_change_the_email_or_staff_flag(client_for, user):
    response = client_for(user).patch("/api/v1/me/", {"is_staff": True, "email": "x@example.com"})

    user.refresh_from_db()
    assert response.status_code == 400
    assert set(response.json()["error"]["fields"]) == {"is_staff", "email"}
    assert not user.is_staff


def test_me_needs_authentication(api_client):
    response = api_client.get("/api/v1/me/")

    assert response.status_code == 401
    assert response.json()["error"]["code"] == "not_authenticated"


def test_login_is_throttled(api_client, user, settings):
    settings.THROTTLE_RATES = {**settings.THROTTLE_RATES, "login_ip": "3/day"}

    statuses = [
        api_client.post("/api/v1/auth/login/", {"email": user.email, "password": "wrong"}).status_code for _ in range(4)
    ]

    assert statuses == [401, 401, 401, 429]


def test_register_is_throttled(api_client, settings):
    settings.THROTTLE_RATES = {**settings.THROTTLE_RATES, "register_ip": "1/day"}

    first = api_client.post("/api/v1/auth/register/", {"email": "a@example.com", "password": "x"})
    second = api_client.post("/api/v1/auth/register/", {"email": "b@example.com", "password": "x"})

    assert (first.status_code, second.status_code) == (400, 429)
    assert second.json()["error"]["code"] == "throttled"


def test_me_patch_sets_a_preferred_currency_and_refuses_an_unknown_one(client_for, user):
    client = client_for(user)

    accepted = client.patch("/api/v1/me/", {"preferred_currency": "EUR"})
    refused = client.patch("/api/v1/me/", {"preferred_currency": "BTC"})

    user.refresh_from_db()
    assert accepted.status_code == 200 and refused.status_code == 400
    assert user.preferred_currency == "EUR"
