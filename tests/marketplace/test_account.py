"""Password change and reset, e-mail verification (marketplace/accounts.py)."""

from urllib.parse import parse_qs, urlparse

import pytest
from django.core import mail

from marketplace import accounts
from marketplace.models import User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Cedar-and-saffron-41"


def login(api_client, email, password):
    return api_client.post("/api/v1/auth/login/", {"email": email, "password": password})


@pytest.fixture
def mailed(django_capture_on_commit_callbacks):
    """Run a request and the e-mails it queues on commit; answers the response."""

    def run(request, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return request(*args, **kwargs)

    return run


def link_query(message) -> dict:
    url = next(word for word in message.body.split() if word.startswith("http"))
    return {name: values[0] for name, values in parse_qs(urlparse(url).query).items()}


def test_password_change_checks_the_old_password(client_for, user):
    response = client_for(user).post(
        "/api/v1/auth/password/change/", {"old_password": "wrong", "new_password": NEW_PASSWORD}
    )

    assert response.status_code == 400
    assert "old_password" in response.json()["error"]["fields"]
    user.refresh_from_db()
    assert not user.check_password(NEW_PASSWORD)


def test_password_change_applies_djangos_validators(client_for, user, password):
    response = client_for(user).post(
        "/api/v1/auth/password/change/", {"old_password": password, "new_password": "1234"}
    )

    assert response.status_code == 400
    assert "new_password" in response.json()["error"]["fields"]


def test_password_change_ends_the_other_sessions_and_answers_a_new_pair(api_client, user, password):
    other_device = login(api_client, user.email, password).json()
    this_device = login(api_client, user.email, password).json()
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {this_device['access']}")

    response = api_client.post(
        "/api/v1/auth/password/change/", {"old_password": password, "new_password": NEW_PASSWORD}
    )

    assert response.status_code == 200, response.json()
    refreshed = api_client.post("/api/v1/auth/refresh/", {"refresh": other_device["refresh"]})
    assert refreshed.status_code == 401
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {response.json()['access']}")
    assert api_client.get("/api/v1/me/").status_code == 200


def test_password_reset_mails_a_link_in_the_users_language_that_sets_a_new_password(api_client, mailed):
    user = UserFactory(preferred_language="fr")

    asked = mailed(api_client.post, "/api/v1/auth/password/reset/", {"email": user.email.upper()})
    link = link_query(mail.outbox[-1])
    confirmed = api_client.post("/api/v1/auth/password/reset/confirm/", {**link, "new_password": NEW_PASSWORD})

    assert asked.status_code == 202
    # Signed in French (the subject's own translation comes with the lead's catalogs).
    assert "L'équipe Souk" in mail.outbox[-1].body
    assert confirmed.status_code == 204, confirmed.json()
    assert login(api_client, user.email, NEW_PASSWORD).status_code == 200


def test_a_reset_link_works_once(api_client, user, mailed):
    mailed(api_client.post, "/api/v1/auth/password/reset/", {"email": user.email})
    link = link_query(mail.outbox[-1])
    api_client.post("/api/v1/auth/password/reset/confirm/", {**link, "new_password": NEW_PASSWORD})

    again = api_client.post("/api/v1/auth/password/reset/confirm/", {**link, "new_password": "Another-one-77-x"})

    assert again.status_code == 400
    assert again.json()["error"]["code"] == "link_invalid"


def test_a_reset_link_expires(api_client, user, settings, mailed):
    mailed(api_client.post, "/api/v1/auth/password/reset/", {"email": user.email})
    link = link_query(mail.outbox[-1])

    settings.PASSWORD_RESET_TIMEOUT = -1  # any link is older than that
    response = api_client.post("/api/v1/auth/password/reset/confirm/", {**link, "new_password": NEW_PASSWORD})

    assert response.status_code == 400


def test_a_reset_for_an_unknown_address_answers_the_same_and_sends_nothing(api_client, mailed):
    response = mailed(api_client.post, "/api/v1/auth/password/reset/", {"email": "nobody@example.com"})

    assert response.status_code == 202
    assert mail.outbox == []


def test_registering_sends_the_verification_link_that_verifies_the_address(api_client, mailed):
    mailed(
        api_client.post,
        "/api/v1/auth/register/",
        {"email": "layla@example.es", "password": NEW_PASSWORD, "preferred_language": "es"},
    )
    message = mail.outbox[-1]

    response = api_client.post("/api/v1/auth/email/verify/", {"token": link_query(message)["token"]})

    assert message.to == ["layla@example.es"]
    assert response.status_code == 200, response.json()
    assert response.json()["email_verified_at"]
    assert User.objects.get(email="layla@example.es").email_verified_at is not None


def test_a_verification_link_expires(api_client, client_for, user, monkeypatch, mailed):
    mailed(client_for(user).post, "/api/v1/auth/email/verify/send/")
    token = link_query(mail.outbox[-1])["token"]
    monkeypatch.setattr(accounts, "EMAIL_VERIFICATION_DAYS", -1)  # any link is older than that

    response = api_client.post("/api/v1/auth/email/verify/", {"token": token})

    assert response.status_code == 400
    user.refresh_from_db()
    assert user.email_verified_at is None


def test_a_tampered_verification_token_is_refused(api_client, client_for, user, mailed):
    mailed(client_for(user).post, "/api/v1/auth/email/verify/send/")
    token = link_query(mail.outbox[-1])["token"]

    response = api_client.post("/api/v1/auth/email/verify/", {"token": token[:-2] + "xx"})

    assert response.status_code == 400
