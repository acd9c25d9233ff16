"""The permission matrix: every URL pattern of the API (and the webhooks,
health, schema and docs) with every method its view allows, and every
registered admin model (list, change, history, delete, add, each action,
each list filter, the autocomplete of each related field), for each role of
tests/security/matrix_world.py. What each role gets is declared in one table
each: matrix_api.API and matrix_admin.ADMIN. A URL pattern, method or admin
model without a row fails, and so does a row whose pattern or model is gone.

HEAD and OPTIONS are left out: HEAD is GET without its body, OPTIONS the
metadata of the same view behind the same permission classes.

Each request runs in a savepoint rolled back after it, so that every role
meets the world as it was built (a cancel, a delete or an action of one role
is gone before the next). Every mismatch of a test is reported at once:
role, method, URL, status seen and status expected.
"""

import json
from urllib.parse import parse_qsl, urlencode, urlsplit

import pytest
from django.apps import apps
from django.contrib import admin
from django.core.cache import cache
from django.db import transaction
from django.test import Client, RequestFactory, override_settings
from django.urls import URLResolver, get_resolver, reverse
from rest_framework.test import APIClient

from tests.rollback import rolled_back
from tests.security.matrix_admin import ADMIN, SUPERUSER_ONLY
from tests.security.matrix_api import API, FUNCTION_VIEW_METHODS, NOT_API, PATH, outcome_matches
from tests.security.matrix_world import PAYOUT_SETTINGS, ROLES, world_build

pytestmark = pytest.mark.django_db

MD5_HASHER = "django.contrib.auth.hashers.MD5PasswordHasher"  # as tests/conftest.py's _isolated
SKIPPED_METHODS = {"head", "options"}


# --- the world, once for the module ------------------------------------------------------------


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    """Made once for the module, in a transaction rolled back after its last
    test (as TestCase.setUpTestData does)."""
    media_root = str(tmp_path_factory.mktemp("matrix-media"))
    private_media_root = str(tmp_path_factory.mktemp("matrix-private"))
    module_transaction = transaction.atomic()
    with django_db_blocker.unblock():
        module_transaction.__enter__()
    try:
        with (
            django_db_blocker.unblock(),
            override_settings(
                MEDIA_ROOT=media_root,
                PRIVATE_MEDIA_ROOT=private_media_root,
                PASSWORD_HASHERS=[MD5_HASHER],
                **PAYOUT_SETTINGS,
            ),
        ):
            built = world_build()
        built.media_root = media_root
        built.private_media_root = private_media_root
        yield built
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            module_transaction.__exit__(None, None, None)


@pytest.fixture(autouse=True)
def _world_settings(settings, world):
    settings.MEDIA_ROOT = world.media_root  # where the world's files are
    settings.PRIVATE_MEDIA_ROOT = world.private_media_root
    for name, value in PAYOUT_SETTINGS.items():
        setattr(settings, name, value)


def _rolled_back(send):
    """One request in a savepoint rolled back after it, with fresh throttle counts."""
    cache.clear()
    with rolled_back():
        response = send()
    return response


def _report(mismatches: list[str], title: str) -> None:
    assert not mismatches, f"{title}: {len(mismatches)} mismatch(es)\n  " + "\n  ".join(mismatches)


# --- the API -------------------------------------------------------------------------------------


def _patterns(patterns=None, prefix="", namespace=""):
    """(key, route, pattern) of every URL pattern outside the admin; key is
    the pattern's name (namespaced) or, unnamed, its route."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            if route.startswith("admin/"):
                continue
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _patterns(pattern.url_patterns, route, inner)
        else:
            yield (f"{namespace}{pattern.name}" if pattern.name else route), route, pattern


def _methods(key, pattern) -> list[str] | None:
    if key in FUNCTION_VIEW_METHODS:
        return FUNCTION_VIEW_METHODS[key]
    callback = pattern.callback
    view_class = getattr(callback, "cls", None) or getattr(callback, "view_class", None)
    if view_class is None:
        return None  # a function view: say its methods in FUNCTION_VIEW_METHODS
    allowed = set(view_class.http_method_names) - SKIPPED_METHODS
    actions = getattr(callback, "actions", None)  # a viewset's route: its methods, as the view allows them
    names = [name for name in actions if name in allowed] if actions else [n for n in allowed if hasattr(view_class, n)]
    return sorted(name.upper() for name in names)


def test_every_url_pattern_and_method_has_a_row():
    found, unknown = set(), []
    for key, route, pattern in _patterns():
        if any(key.startswith(left_out) for left_out in NOT_API):
            continue
        methods = _methods(key, pattern)
        if methods is None:
            unknown.append(f"{key} ({route}): a function view; list its methods in FUNCTION_VIEW_METHODS")
            continue
        found.update((key, method) for method in methods)
    missing = sorted(found - set(API))
    gone = sorted(set(API) - found)
    stale_paths = sorted(set(PATH) - {key for key, _method in found})
    assert (unknown, missing, gone, stale_paths) == ([], [], [], []), (
        f"function views without methods: {unknown}\n"
        f"patterns + methods without a row in matrix_api.API: {missing}\n"
        f"rows of matrix_api.API for no pattern: {gone}\n"
        f"matrix_api.PATH entries for no pattern: {stale_paths}"
    )


def _placeholders(body, world):
    """Bodies name rows of the world by placeholder: "__product__" is its slug, "__photo__" its id."""
    values = {"__product__": world.product.slug, "__photo__": world.photo.pk}
    if isinstance(body, dict):
        return {name: _placeholders(value, world) for name, value in body.items()}
    if isinstance(body, list):
        return [_placeholders(value, world) for value in body]
    return values.get(body, body) if isinstance(body, str) else body


def _api_client(world, role) -> APIClient:
    client = APIClient()
    client.raise_request_exception = False  # a server error is an answer here: 500, reported
    if world.tokens[role]:
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {world.tokens[role]}")
    return client


@pytest.mark.parametrize("key,method", sorted(API), ids=[f"{method} {key}" for key, method in sorted(API)])
def test_api_answers_each_role_as_its_row_says(world, key, method):
    row = API[key, method]
    url = reverse(key, kwargs=PATH[key](world) if key in PATH else {})
    if row.query:
        url = f"{url}?{row.query}"
    body = json.dumps(_placeholders({} if row.body is None else row.body, world))
    mismatches = []
    for role in ROLES:
        client = _api_client(world, role)
        if method == "GET":
            response = _rolled_back(lambda: client.get(url))  # noqa: B023  (called at once)
        else:
            response = _rolled_back(
                lambda: client.generic(method, url, body, content_type="application/json")  # noqa: B023
            )
        expected = row.expected[role]
        if not outcome_matches(expected, response.status_code):
            mismatches.append(f"{role}: {method} {url} -> {response.status_code}, expected {expected}")
    _report(mismatches, f"{method} {key}")


def test_every_api_row_names_every_role():
    incomplete = {f"{method} {key}": sorted(set(ROLES) - set(row.expected)) for (key, method), row in API.items()}
    assert {name: roles for name, roles in incomplete.items() if roles} == {}


# --- the admin -----------------------------------------------------------------------------------

NON_STAFF = ("anonymous", "buyer", "other_buyer", "artisan", "other_artisan", "pending_artisan",
             "suspended_artisan", "deactivated")  # fmt: skip
COOPERATIVE_ADMINS = {"cooperative_admin": ("own", "other"), "other_cooperative_admin": ("other", "own")}

LOGIN = "login page"
HIDDEN = "hidden"  # 403, 404, or the admin's "does not exist" redirect to its index
OK = 200


def _label(model) -> str:
    return model._meta.label


STANDARD_PAGES = ("changelist", "add", "history", "delete", "change")


def test_every_admin_model_has_a_row():
    registered = {_label(model) for model in admin.site._registry}
    assert (sorted(registered - set(ADMIN)), sorted(set(ADMIN) - registered)) == ([], []), (
        "(registered models without a row in matrix_admin.ADMIN, rows for models no longer registered)"
    )


def test_every_admin_page_of_a_model_is_in_its_row():
    """A page an admin adds (get_urls) is a page the matrix must try: its row names it in row_pages."""
    unknown = []
    for model, model_admin in admin.site._registry.items():
        prefix = f"{model._meta.app_label}_{model._meta.model_name}_"
        known = {prefix + page for page in STANDARD_PAGES} | set(ADMIN[_label(model)].row_pages)
        names = {pattern.name for pattern in model_admin.get_urls() if pattern.name}  # unnamed: the old URL shape
        unknown.extend(sorted(names - known))
    assert unknown == [], "admin pages no row of matrix_admin.ADMIN names (row_pages)"


@pytest.fixture(scope="module")
def admin_clients(world, django_db_blocker):
    """A test client per role, signed in through the session (anonymous: not),
    once for the module: the sessions live in the world's transaction."""
    clients = {}
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=[MD5_HASHER]):
        for role in ROLES:
            client = Client(raise_request_exception=False)
            if world.users[role] is not None:
                client.force_login(world.users[role])
            clients[role] = client
    return clients


def _admin_outcome(response):
    if response.status_code == 302:
        location = response.headers["Location"]
        if urlsplit(location).path == reverse("admin:login"):
            return LOGIN
        return f"302 to {location}"
    return response.status_code


def _outcome_matches(expected, seen) -> bool:
    if expected == HIDDEN:
        return seen in (403, 404) or (isinstance(seen, str) and seen.startswith("302 to /admin/"))
    return seen == expected


def _role_expectation(row, role, *, of_a_row=False):
    """What `role` gets on a page of a model, before scoping decides: the login
    page, a refusal, or None (the page is theirs to see; the caller says more).
    A page of one row (`of_a_row`) may refuse staff as "no such row" too: the
    admin's history page looks the row up in their (empty) list first."""
    if role in NON_STAFF:
        return LOGIN
    if role == "staff":
        return HIDDEN if of_a_row else 403
    if role in COOPERATIVE_ADMINS and row.kind == SUPERUSER_ONLY:
        return HIDDEN if of_a_row else 403
    return None


def _admin_url(model, view, obj=None):
    name = f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}"
    return reverse(name, args=[obj.pk]) if obj is not None else reverse(name)


def _listed_pks(response) -> set:
    context = response.context
    if context is None or "cl" not in context:
        return set()
    return {obj.pk for obj in context["cl"].result_list}


def _objects(row, world):
    return {"own": row.own(world), "other": row.other(world)}


@pytest.mark.parametrize("label", sorted(ADMIN))
def test_admin_pages_answer_each_role_as_its_row_says(world, admin_clients, label):
    """Changelist, change, history and delete of each row, and add."""
    row = ADMIN[label]
    model = apps.get_model(label)
    objects = _objects(row, world)
    mismatches = []

    def check(role, url, expected, *, listing=None):
        """`listing`: (their own row, the other cooperative's): the list shows the first, not the second."""
        response = _rolled_back(lambda: admin_clients[role].get(url))
        seen = _admin_outcome(response)
        if not _outcome_matches(expected, seen):
            mismatches.append(f"{role}: GET {url} -> {seen}, expected {expected}")
        elif listing is not None:
            listed = _listed_pks(response)
            if listing[1].pk in listed:
                mismatches.append(f"{role}: GET {url} lists {listing[1]!r} (pk {listing[1].pk}) of another cooperative")
            if listing[0].pk not in listed:
                mismatches.append(f"{role}: GET {url} does not list their own {listing[0]!r} (pk {listing[0].pk})")

    def posted_at(role, theirs):
        """The change form saved and the delete confirmed on the other cooperative's row: refused, nothing changed."""
        for view, data in (("change", {}), ("delete", {"post": "yes"})):
            url = _admin_url(model, view, theirs)

            def send():
                snapshot = _snapshot(model, theirs)
                response = admin_clients[role].post(url, data)  # noqa: B023
                return response, snapshot != _snapshot(model, theirs)

            response, changed = _rolled_back(send)
            seen = _admin_outcome(response)
            if changed or not _outcome_matches(HIDDEN, seen):
                mismatches.append(
                    f"{role}: POST {url} -> {seen}{' and changed the data' if changed else ''}, expected {HIDDEN}"
                )

    for role in ROLES:
        before = _role_expectation(row, role)
        on_a_row = _role_expectation(row, role, of_a_row=True)
        scoped = role in COOPERATIVE_ADMINS and before is None
        mine, theirs = (
            (objects[name] for name in COOPERATIVE_ADMINS[role]) if scoped else (objects["own"], objects["other"])
        )
        check(role, _admin_url(model, "changelist"), before or OK, listing=(mine, theirs) if scoped else None)
        for obj, in_scope in ((mine, True), (theirs, False)) if scoped else ((mine, True),):
            view_expected = on_a_row or (OK if in_scope else HIDDEN)
            check(role, _admin_url(model, "change", obj), view_expected)
            check(role, _admin_url(model, "history", obj), view_expected)
            if on_a_row:
                delete_expected = on_a_row
            elif role == "superuser":
                delete_expected = OK if row.superuser_deletes else 403
            else:
                delete_expected = 403 if in_scope else HIDDEN  # cooperative admins never delete
            check(role, _admin_url(model, "delete", obj), delete_expected)
            for page in row.row_pages:
                check(role, reverse(f"admin:{page}", args=[obj.pk]), view_expected)
        adds = row.superuser_adds if role == "superuser" else scoped and row.cooperative_admin_adds
        add_expected = before or (OK if adds else 403)
        check(role, _admin_url(model, "add"), add_expected)
        if scoped:
            posted_at(role, theirs)
    _report(mismatches, label)


def _world_counts() -> dict:
    """Rows per table (sessions aside): an action that did something shows here."""
    return {
        _label(model): model._default_manager.count()
        for model in apps.get_models()
        if model._meta.label not in ("sessions.Session", "admin.LogEntry")
    }


def _snapshot(model, obj):
    return list(model._default_manager.filter(pk=obj.pk).values()), _world_counts()


def _action_cases():
    cases = []
    for label in sorted(ADMIN):
        model = apps.get_model(label)
        model_admin = admin.site._registry[model]
        request = RequestFactory().get("/admin/")
        request.user = type("Operator", (), {"is_superuser": True, "is_active": True, "is_staff": True,
                                             "has_perm": lambda *a, **k: True})()  # fmt: skip
        cases.extend((label, name) for name in sorted(model_admin.get_actions(request)))
    return cases


@pytest.mark.parametrize("label,action", _action_cases())
def test_admin_actions_never_act_on_what_a_role_may_not_touch(world, admin_clients, label, action):
    """POST the action with the other cooperative's row selected (with a
    reason and confirmed, as the intermediate pages ask): refused, or nothing
    changed anywhere."""
    row = ADMIN[label]
    model = apps.get_model(label)
    objects = _objects(row, world)
    if row.action_rows:
        objects = {"own": row.action_rows[0](world), "other": row.action_rows[1](world)}
    url = _admin_url(model, "changelist")
    mismatches = []
    for role in ROLES:
        before = _role_expectation(row, role)
        scoped = role in COOPERATIVE_ADMINS and before is None
        target = objects[COOPERATIVE_ADMINS[role][1]] if scoped else objects["own"]
        data = {"action": action, "_selected_action": [target.pk], "confirm": "1", "reason": "matrix", "post": "yes"}

        def send():
            if not scoped:  # noqa: B023
                return admin_clients[role].post(url, data), False  # noqa: B023
            snapshot = _snapshot(model, target)  # noqa: B023
            response = admin_clients[role].post(url, data)  # noqa: B023
            return response, snapshot != _snapshot(model, target)  # noqa: B023

        response, changed = _rolled_back(send)
        seen = _admin_outcome(response)
        if before is not None:
            if seen != before:
                mismatches.append(f"{role}: POST {url} action={action} -> {seen}, expected {before}")
        elif scoped:
            handed_a_file = "attachment" in response.headers.get("Content-Disposition", "")
            if changed or handed_a_file or seen == 500:
                done = "changed the data" if changed else "answered a file" if handed_a_file else "failed"
                mismatches.append(
                    f"{role}: POST {url} action={action} on {target!r} of another cooperative -> {seen} and "
                    f"{done}; expected a refusal or nothing done"
                )
        elif seen in (LOGIN, 403, 404, 500):
            mismatches.append(f"{role}: POST {url} action={action} -> {seen}, expected the action to run")
    _report(mismatches, f"{label} action {action}")


# --- list filters ---

# Of a filter by value (statuses, regions, categories): the first choices; of a
# filter by the list's own related rows (RelatedOnlyFieldListFilter: its
# artisans, cooperatives, batches), every one, the other cooperative's included.


def _filter_queries(world, admin_clients, model, choices_per_filter) -> list[str]:
    """The query strings of the list filters' choices, as the superuser's changelist offers them."""
    response = admin_clients["superuser"].get(_admin_url(model, "changelist"))
    assert response.status_code == 200, f"superuser's changelist of {_label(model)}: {response.status_code}"
    cl = response.context["cl"]
    queries = []
    for spec in cl.filter_specs:
        related = isinstance(spec, admin.RelatedOnlyFieldListFilter)
        choices = [choice["query_string"] for choice in spec.choices(cl) if choice["query_string"] != "?"]
        choices = [query for query in choices if dict(parse_qsl(query.lstrip("?")))]
        queries.extend(choices if related else choices[:choices_per_filter])
    if cl.date_hierarchy:
        queries.append("?" + urlencode({f"{cl.date_hierarchy}__year": "2026"}))
    return list(dict.fromkeys(queries))


@pytest.mark.parametrize("label", sorted(ADMIN))
def test_admin_list_filters_answer_each_role_as_its_row_says(world, admin_clients, label):
    """Each list filter's choices (and the date hierarchy): a cooperative admin
    gets only their own rows whatever the filter, everyone else as on the list."""
    row = ADMIN[label]
    model = apps.get_model(label)
    objects = _objects(row, world)
    base = _admin_url(model, "changelist")
    # Only the superuser gets past the door of a superuser-only list: one choice a filter is enough there.
    queries = _filter_queries(world, admin_clients, model, 1 if row.kind == SUPERUSER_ONLY else 2)
    mismatches = []
    for query in queries:
        url = base + query
        for role in ROLES:
            before = _role_expectation(row, role)
            scoped = role in COOPERATIVE_ADMINS and before is None
            response = _rolled_back(lambda: admin_clients[role].get(url))  # noqa: B023
            seen = _admin_outcome(response)
            if before is not None:
                if seen != before:
                    mismatches.append(f"{role}: GET {url} -> {seen}, expected {before}")
                continue
            if seen != OK and not (scoped and isinstance(seen, str) and "e=1" in seen):
                mismatches.append(f"{role}: GET {url} -> {seen}, expected 200")
            theirs = objects[COOPERATIVE_ADMINS[role][1]] if scoped else None
            if theirs is not None and theirs.pk in _listed_pks(response):
                mismatches.append(f"{role}: GET {url} lists {theirs!r} of another cooperative")
    _report(mismatches, f"{label} list filters ({len(queries)} queries)")


# --- autocomplete ---


def _autocomplete_cases():
    """Every forward relation of a registered model to a registered model
    whose admin can search (the only ones the autocomplete view serves)."""
    cases = []
    for model in sorted(admin.site._registry, key=_label):
        for field in model._meta.get_fields():
            if not (
                field.is_relation and field.concrete and (field.many_to_one or field.many_to_many or field.one_to_one)
            ):
                continue
            target_admin = admin.site._registry.get(field.remote_field.model)
            if target_admin is not None and target_admin.search_fields:
                cases.append((_label(model), field.name))
    return cases


@pytest.mark.parametrize("label,field_name", _autocomplete_cases())
def test_admin_autocomplete_answers_each_role_as_the_target_row_says(world, admin_clients, label, field_name):
    model = apps.get_model(label)
    field = model._meta.get_field(field_name)
    target_label = _label(field.remote_field.model)
    target_row = ADMIN[target_label]
    targets = _objects(target_row, world)
    url = (
        reverse("admin:autocomplete")
        + "?"
        + urlencode(
            {
                "app_label": model._meta.app_label,
                "model_name": model._meta.model_name,
                "field_name": field_name,
                "term": "",
            }
        )
    )
    mismatches = []
    for role in ROLES:
        before = _role_expectation(target_row, role)
        scoped = role in COOPERATIVE_ADMINS and before is None
        response = _rolled_back(lambda: admin_clients[role].get(url))  # noqa: B023
        seen = _admin_outcome(response)
        expected = before or OK
        if seen != expected:
            mismatches.append(f"{role}: GET {url} -> {seen}, expected {expected}")
            continue
        if scoped:
            theirs = targets[COOPERATIVE_ADMINS[role][1]]
            offered = {str(result["id"]) for result in response.json()["results"]}
            if str(theirs.pk) in offered:
                mismatches.append(f"{role}: GET {url} offers {target_label} {theirs!r} of another cooperative")
    _report(mismatches, f"autocomplete {label}.{field_name} -> {target_label}")
