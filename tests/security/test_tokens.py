"""Access tokens die with their session: logout, rotation, a password change,
a deactivation or "log out everywhere" refuses them at once, not when they
expire (marketplace/api/authentication.py)."""

import pytest
from rest_framework.test import APIClient
from rest_framework_simplejwt.tokens import RefreshToken

from marketplace import services
from tests.concurrency import at_once
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

ME = "/api/v1/me/"


def log_in(user) -> dict:
    response = APIClient().post("/api/v1/auth/login/", {"email": user.email, "password": PASSWORD})
    assert response.status_code == 200, response.json()
    return response.json()


def me(access: str):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {access}")
    return client.get(ME)


def refresh(refresh_token: str):
    return APIClient().post("/api/v1/auth/refresh/", {"refresh": refresh_token})


def logout(refresh_token: str, **extra):
    return APIClient().post("/api/v1/auth/logout/", {"refresh": refresh_token, **extra})


def assert_refused(response, code="token_revoked"):
    assert response.status_code == 401, response.content
    assert response.json()["error"]["code"] == code


def test_after_logout_the_same_access_token_is_refused(user):
    tokens = log_in(user)
    assert me(tokens["access"]).status_code == 200

    assert logout(tokens["refresh"]).status_code == 204

    assert_refused(me(tokens["access"]))


def test_after_a_refresh_the_old_access_token_is_refused_and_the_new_one_works(user):
    tokens = log_in(user)

    rotated = refresh(tokens["refresh"])

    assert rotated.status_code == 200
    assert_refused(me(tokens["access"]))
    assert me(rotated.json()["access"]).status_code == 200
    assert_refused(refresh(tokens["refresh"]), code="token_not_valid")


def test_logging_out_one_device_leaves_the_other_signed_in(user):
    phone, laptop = log_in(user), log_in(user)

    logout(phone["refresh"])

    assert_refused(me(phone["access"]))
    assert me(laptop["access"]).status_code == 200
    assert refresh(laptop["refresh"]).status_code == 200


def test_log_out_everywhere_ends_every_device(user):
    phone, laptop = log_in(user), log_in(user)

    assert logout(phone["refresh"], everywhere=True).status_code == 204

    assert_refused(me(laptop["access"]))
    assert_refused(refresh(laptop["refresh"]))
    assert me(log_in(user)["access"]).status_code == 200, "a new sign-in works again"


def test_a_password_change_refuses_every_token_issued_before(user):
    tokens = log_in(user)

    # What the changepassword command, password reset and Django's forms do.
    user.set_password("A-new-mint-tea-password-7")
    user.save()

    assert_refused(me(tokens["access"]))
    assert_refused(refresh(tokens["refresh"]))


def test_a_password_changed_in_the_admin_refuses_the_users_tokens(user, superuser, client):
    tokens = log_in(user)
    client.force_login(superuser)
    new_password = "A-new-mint-tea-password-7"

    response = client.post(
        f"/admin/marketplace/user/{user.pk}/password/", {"password1": new_password, "password2": new_password}
    )

    assert response.status_code == 302, response.content
    user.refresh_from_db()
    assert user.check_password(new_password)
    assert_refused(me(tokens["access"]))
    assert_refused(refresh(tokens["refresh"]))


def admin_change_form(user, **changes) -> dict:
    form = {
        "email": user.email,
        "full_name": user.full_name,
        "preferred_language": user.preferred_language,
        "date_joined_0": user.date_joined.strftime("%Y-%m-%d"),
        "date_joined_1": user.date_joined.strftime("%H:%M:%S"),
        "_save": "Save",
    }
    flags = {"is_active": user.is_active, "is_staff": user.is_staff, "is_superuser": user.is_superuser, **changes}
    form.update({name: "on" for name, value in flags.items() if value})
    return form


def test_a_user_deactivated_in_the_admin_is_refused_even_once_reactivated(user, superuser, client):
    tokens = log_in(user)
    client.force_login(superuser)
    change = f"/admin/marketplace/user/{user.pk}/change/"

    response = client.post(change, admin_change_form(user, is_active=False))

    assert response.status_code == 302, response.content
    user.refresh_from_db()
    assert not user.is_active
    assert_refused(me(tokens["access"]), code="user_inactive")
    assert_refused(refresh(tokens["refresh"]), code="user_inactive")

    client.post(change, admin_change_form(user, is_active=True))

    user.refresh_from_db()
    assert user.is_active
    assert_refused(me(tokens["access"]))
    assert_refused(refresh(tokens["refresh"]))


def test_a_user_deactivated_without_the_admin_is_refused(user):
    tokens = log_in(user)

    user.is_active = False
    user.save()

    assert_refused(me(tokens["access"]), code="user_inactive")


def test_sessions_end_service_refuses_the_tokens_it_ended(user):
    tokens = log_in(user)

    services.user_sessions_end(user=user)

    assert_refused(me(tokens["access"]))


def test_a_token_without_a_session_is_refused(user):
    # simplejwt's own tokens carry no session: they could not be revoked.
    bare = RefreshToken.for_user(user)

    assert_refused(me(str(bare.access_token)), code="token_not_valid")
    assert_refused(refresh(str(bare)))


def test_authenticating_a_token_costs_one_query(user, django_assert_max_num_queries):
    access = log_in(user)["access"]
    client = APIClient()
    client.force_authenticate(user)
    with django_assert_max_num_queries(100) as anonymous_auth:
        assert client.get(ME).status_code == 200

    with django_assert_max_num_queries(len(anonymous_auth) + 1):
        assert me(access).status_code == 200


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_refreshes_of_one_token_at_once_give_one_new_pair(user):
    tokens = log_in(user)

    statuses = at_once(lambda: refresh(tokens["refresh"]).status_code)

    assert sorted(statuses) == [200, 401]
