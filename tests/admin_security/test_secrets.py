"""Secrets (tokens, client secrets, bank account numbers, password hashes,
JWT ids) are never listed, filtered, sorted, searched or shown by any admin,
to anyone, superusers included; every admin is on the one secure base."""

import re

import pytest
from django.apps import apps
from django.contrib import admin
from django.test import RequestFactory

from marketplace.admin_security import SECRET_FIELDS, SecureModelAdmin, is_secret_path
from payments.models import WebhookEvent
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

OUR_APPS = {"marketplace", "artisans", "catalog", "orders", "payments"}
SECRET_LOOKING = re.compile(r"(^|_)(token|secret|rib|iban|password|jti|account_number)(_|$)")
# Named like a secret, opens nothing: a counter raised to end a user's sessions.
NOT_SECRETS = {"marketplace.User.token_version"}


def test_every_secret_looking_column_is_declared_secret():
    """A new token or bank column must be added to SECRET_FIELDS."""
    undeclared = [
        f"{model._meta.label}.{field.name}"
        for model in apps.get_models()
        for field in model._meta.concrete_fields
        if SECRET_LOOKING.search(field.name)
        and not is_secret_path(model, field.name)
        and f"{model._meta.label}.{field.name}" not in NOT_SECRETS
    ]

    assert undeclared == []


def test_every_registered_admin_is_on_the_secure_base():
    not_secure = [label for label, model_admin in _registry() if not isinstance(model_admin, SecureModelAdmin)]
    # Our own admins declare the base themselves; only other apps' are wrapped at start-up.
    wrapped = [label for label, model_admin in _registry()
               if label.split(".")[0] in OUR_APPS and getattr(model_admin, "secured_by_wrapping", False)]  # fmt: skip

    assert (not_secure, wrapped) == ([], [])


def test_the_jwt_token_admins_are_gone():
    registered = {model._meta.label for model in admin.site._registry}

    assert {"token_blacklist.OutstandingToken", "token_blacklist.BlacklistedToken"} & registered == set()


def test_no_admin_lists_filters_searches_sorts_or_shows_a_secret(world):
    request = RequestFactory().get("/admin/")
    request.user = world.superuser
    exposed = []
    for label, model_admin in _registry():
        model = model_admin.model
        declared = {
            "list_display": model_admin.get_list_display(request),
            "list_filter": [_path(entry) for entry in model_admin.get_list_filter(request)],
            "search_fields": model_admin.get_search_fields(request),
            "sortable_by": model_admin.get_sortable_by(request),
            "date_hierarchy": [model_admin.date_hierarchy or ""],
            "fieldsets": _flat(
                name for _title, options in model_admin.get_fieldsets(request) for name in options["fields"]
            ),
            "readonly_fields": model_admin.get_readonly_fields(request),
            "form": list(model_admin.get_form(request).base_fields),
            "declared list_display": model_admin.list_display,
            "declared list_filter": [_path(entry) for entry in model_admin.list_filter],
            "declared search_fields": model_admin.search_fields,
            "declared sortable_by": model_admin.sortable_by or [],
            "declared fields": _flat(model_admin.fields or []),
            "declared readonly_fields": model_admin.readonly_fields,
        }
        for where, names in declared.items():
            exposed += [f"{label} {where}: {name}" for name in names if is_secret_path(model, name)]
        for inline in model_admin.get_inline_instances(request):
            for where in ("fields", "readonly_fields"):
                names = _flat(getattr(inline, where) or [])
                exposed += [f"{label} inline {inline.model._meta.label} {where}: {name}"
                            for name in names if is_secret_path(inline.model, name)]  # fmt: skip

    assert exposed == []


def test_the_pages_never_print_a_secret_even_to_a_superuser(world, admin_client_for):
    as_superuser = admin_client_for(world.superuser)
    WebhookEvent.objects.create(
        provider="stripe", event_id="evt_1", type="payment_intent.succeeded",
        payload={"data": {"object": {"id": "pi_1", "client_secret": world.payment.client_secret}}},
    )  # fmt: skip
    event = WebhookEvent.objects.get()
    account = world.payout_a.rib
    pages = [
        "/admin/orders/order/",
        f"/admin/orders/order/{world.order.pk}/change/",
        "/admin/payments/payment/",
        f"/admin/payments/payment/{world.payment.pk}/change/",
        "/admin/payments/payout/",
        f"/admin/payments/payout/{world.payout_a.pk}/change/",
        f"/admin/payments/payoutbatch/{world.payout_a.batch_id}/change/",
        f"/admin/artisans/artisanprofile/{world.artisan_a.pk}/change/",
        f"/admin/marketplace/user/{world.admin_a.pk}/change/",
        f"/admin/payments/webhookevent/{event.pk}/change/",
    ]
    secrets = [world.order.access_token, world.payment.client_secret, account, world.admin_a.password.split("$")[-1]]

    printed = []
    for url in pages:
        response = as_superuser.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        printed += [f"{url}: {secret[:6]}…" for secret in secrets if secret in html]

    assert printed == []
    assert "pi_1" in as_superuser.get(f"/admin/payments/webhookevent/{event.pk}/change/").content.decode()
    assert account[-4:] in as_superuser.get(f"/admin/payments/payout/{world.payout_a.pk}/change/").content.decode()


def test_the_user_page_says_whether_a_password_is_set_and_links_to_change_it(world, admin_client_for):
    html = admin_client_for(world.superuser).get(f"/admin/marketplace/user/{world.admin_a.pk}/change/").content.decode()

    assert f"/admin/marketplace/user/{world.admin_a.pk}/password/" in html
    assert "md5" not in html  # the tests' hasher: not even the algorithm of the hash is shown


def test_a_cooperative_admin_cannot_open_the_accounts(world, admin_client_for):
    assert admin_client_for(world.admin_a).get("/admin/marketplace/user/").status_code == 403


def test_declared_secrets_cover_the_issues_columns():
    assert {("orders.Order", "access_token"), ("payments.Payment", "client_secret"), ("payments.Payout", "rib"),
            ("artisans.PayoutDetails", "iban"), ("marketplace.User", "password")} <= {
        (label, name) for label, names in SECRET_FIELDS.items() for name in names
    }  # fmt: skip


def _registry():
    return sorted(((model._meta.label, model_admin) for model, model_admin in admin.site._registry.items()),
                  key=lambda pair: pair[0])  # fmt: skip


def _path(list_filter):
    if isinstance(list_filter, (tuple, list)):
        return list_filter[0]
    return list_filter if isinstance(list_filter, str) else ""


def _flat(names):
    flat = []
    for name in names:
        flat += list(name) if isinstance(name, (tuple, list)) else [name]
    return flat


def test_a_new_user_has_no_password_shown(db, admin_client_for):
    superuser = UserFactory(is_staff=True, is_superuser=True)

    response = admin_client_for(superuser).get("/admin/marketplace/user/add/")

    assert response.status_code == 200
    assert 'name="password1"' in response.content.decode()
