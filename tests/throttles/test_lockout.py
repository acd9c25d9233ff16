"""Login lockout (django-axes): AXES_FAILURE_LIMIT failed sign-ins of one
e-mail from one address lock that pair, in the admin and in the API."""

import pytest
from axes.models import AccessAttempt
from django.test import Client

pytestmark = pytest.mark.django_db

ADMIN_LOGIN = "/admin/login/"
API_LOGIN = "/api/v1/auth/login/"


@pytest.fixture
def staff(superuser):
    return superuser


def admin_login(client, user, password, **extra):
    return client.post(ADMIN_LOGIN, {"username": user.email, "password": password, "next": "/admin/"}, **extra)


def test_admin_login_locks_after_the_set_number_of_failures(staff, password, settings):
    settings.AXES_FAILURE_LIMIT = 3
    client = Client()

    failures = [admin_login(client, staff, "wrong") for _ in range(3)]
    with_the_right_password = admin_login(client, staff, password)

    assert [response.status_code for response in failures] == [200, 200, 429]
    assert with_the_right_password.status_code == 429
    assert "Too many failed sign-in attempts" in with_the_right_password.content.decode()
    assert with_the_right_password["Retry-After"] == "900"  # 15 minutes
    assert "_auth_user_id" not in client.session


def test_the_default_limit_is_five_failures(staff):
    client = Client()

    statuses = [admin_login(client, staff, "wrong").status_code for _ in range(5)]

    assert statuses == [200, 200, 200, 200, 429]


def test_the_lock_holds_the_pair_not_the_account_nor_the_address(staff, password, user, settings):
    settings.AXES_FAILURE_LIMIT = 2
    client = Client()
    for _ in range(2):
        admin_login(client, staff, "wrong")

    same_account_elsewhere = admin_login(Client(), staff, password, REMOTE_ADDR="192.0.2.50")
    other_account_same_address = admin_login(Client(), user, "wrong")

    assert same_account_elsewhere.status_code == 302
    assert other_account_same_address.status_code == 200  # the form again, not the lock


def test_the_e_mail_is_compared_as_accounts_compare_it(staff, settings):
    settings.AXES_FAILURE_LIMIT = 2
    client = Client()

    first = client.post(ADMIN_LOGIN, {"username": staff.email.upper(), "password": "wrong"})
    second = client.post(ADMIN_LOGIN, {"username": f" {staff.email} ", "password": "wrong"})

    assert (first.status_code, second.status_code) == (200, 429)


def test_api_login_locks_with_a_429_in_the_error_shape(api_client, user, password, settings):
    settings.AXES_FAILURE_LIMIT = 3

    failures = [api_client.post(API_LOGIN, {"email": user.email, "password": "wrong"}) for _ in range(3)]
    right = api_client.post(API_LOGIN, {"email": user.email, "password": password})

    assert [response.status_code for response in failures] == [401, 401, 429]
    assert right.status_code == 429
    assert right.json()["error"] == {
        "code": "locked_out",
        "message": "Too many failed sign-in attempts for this account from your network. Try again in 15 minutes.",
        "fields": {},
        "request_id": right["X-Request-ID"],
    }
    assert right["Retry-After"] == "900"  # 15 minutes


def test_a_failed_api_login_is_kept_despite_the_request_transaction(api_client, user):
    api_client.post(API_LOGIN, {"email": user.email, "password": "wrong"})

    assert AccessAttempt.objects.get().failures_since_start == 1


def test_a_successful_api_login_clears_the_pairs_failures(api_client, user, password, settings):
    settings.AXES_FAILURE_LIMIT = 3
    for _ in range(2):
        api_client.post(API_LOGIN, {"email": user.email, "password": "wrong"})

    success = api_client.post(API_LOGIN, {"email": user.email, "password": password})
    later = [api_client.post(API_LOGIN, {"email": user.email, "password": "wrong"}).status_code for _ in range(2)]

    assert success.status_code == 200
    assert later == [401, 401]


def test_an_absurd_e_mail_is_a_401_not_a_500(api_client):
    response = api_client.post(API_LOGIN, {"email": "a" * 5000 + "@example.com", "password": "wrong"})

    assert response.status_code == 401
    assert len(AccessAttempt.objects.get().username) == 255


def test_the_test_clients_login_still_works(client, staff, password):
    assert client.login(email=staff.email, password=password)
    assert client.get("/admin/").status_code == 200


def test_the_admin_login_form_counts_against_the_login_limits(staff, rates, settings):
    settings.NUM_PROXIES = 1
    rates(login_ip="3/day", login_email="2/day")

    one_account = [
        admin_login(Client(), staff, "wrong", HTTP_X_FORWARDED_FOR=address).status_code
        for address in ["203.0.113.1", "203.0.113.2", "203.0.113.3"]
    ]
    many_accounts = [
        Client().post(
            ADMIN_LOGIN, {"username": f"staff{n}@example.com", "password": "x"}, HTTP_X_FORWARDED_FOR="203.0.113.9"
        )
        for n in range(4)
    ]

    assert one_account == [200, 200, 429]
    assert [response.status_code for response in many_accounts] == [200, 200, 200, 429]
    assert "Request was throttled" in many_accounts[-1].content.decode()
    assert int(many_accounts[-1]["Retry-After"]) > 0
