"""Shared fixtures.

Servers: tests marked `postgres` need DATABASE_URL to point at PostgreSQL,
tests marked `redis` need REDIS_URL, tests marked `browser` need Chromium,
tests marked `node` need node and the TypeScript client's packages
(clients/typescript/node_modules, installed by `make test`).
Without them those tests are skipped with the reason shown in the summary;
with REQUIRE_SERVICES=1 (CI) a missing server fails the run instead.
"""

import importlib
import os
import shutil
from pathlib import Path

import pytest
from celery.result import _set_task_join_will_block
from django.conf import settings
from django.core.cache import cache
from django.test import Client
from django.utils import translation
from rest_framework.test import APIClient

from config.celery import app as celery_app
from tests.factories import PASSWORD, ArtisanFactory, CooperativeFactory, UserFactory, admin_of

REQUIRE_SERVICES = os.environ.get("REQUIRE_SERVICES") == "1"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
TYPESCRIPT_PACKAGES = Path(__file__).resolve().parent.parent / "clients" / "typescript" / "node_modules"


def redis_reachable() -> bool:
    if not settings.REDIS_URL:
        return False
    import redis

    try:
        return bool(redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=1).ping())
    except redis.RedisError:
        return False


def _missing(marker_name: str) -> str | None:
    if marker_name == "postgres" and settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        return "needs PostgreSQL: set DATABASE_URL=postgres://..."
    if marker_name == "redis" and not redis_reachable():
        return "needs Redis: set REDIS_URL=redis://... to a running server"
    if marker_name == "browser" and not CHROMIUM:
        return "needs headless Chromium: apt-get install chromium"
    if marker_name == "node" and not (shutil.which("node") and TYPESCRIPT_PACKAGES.is_dir()):
        return "needs node and clients/typescript/node_modules: apt-get install nodejs npm, then make test"
    return None


def pytest_configure(config):
    # Tests run tasks in process unless they start a real worker (see celery_worker).
    celery_app.conf.task_always_eager = True


SKIPPED_FOR_A_SERVER = pytest.StashKey[bool]()


def pytest_runtest_setup(item):
    for marker_name in ("postgres", "redis", "browser", "node"):
        if item.get_closest_marker(marker_name) is None:
            continue
        reason = _missing(marker_name)
        if reason is None:
            continue
        if REQUIRE_SERVICES:
            pytest.fail(f"REQUIRE_SERVICES=1 but this test {reason}", pytrace=False)
        item.stash[SKIPPED_FOR_A_SERVER] = True
        pytest.skip(reason)


# Data migrations that fill reference tables (crafts, categories, rates,
# shipping, tax and insurance tables, Trade Pact thresholds). A transactional
# test (live_server, a real worker, races) ends by emptying every table, so
# their RunPython steps are replayed after it (tests/test_reference_data.py
# fails on a seeding migration missing here).
REFERENCE_DATA_MIGRATIONS = [
    "artisans.migrations.0002_seed_crafts",
    "catalog.migrations.0002_seed_categories",
    "marketplace.migrations.0003_seed_exchange_rates",
    "orders.migrations.0002_seed_shipping_and_taxes",
    "orders.migrations.0008_insured_shipping",
    "analytics.migrations.0001_trade_pact_threshold",
]


def reference_data_reseed():
    from django.apps import apps
    from django.db import connection
    from django.db.migrations import RunPython

    with connection.schema_editor(atomic=True) as schema_editor:
        for module_name in REFERENCE_DATA_MIGRATIONS:
            for operation in importlib.import_module(module_name).Migration.operations:
                if isinstance(operation, RunPython):
                    operation.code(apps, schema_editor)


def _is_transactional(item) -> bool:
    marker = item.get_closest_marker("django_db")
    if marker is not None and (marker.kwargs.get("transaction") or (marker.args and marker.args[0])):
        return True
    return bool({"transactional_db", "live_server"} & set(getattr(item, "fixturenames", ())))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    # After every fixture is torn down, so after the transactional test's flush.
    result = yield
    # Skipped for a missing server, before its fixtures: no test database to refill.
    if _is_transactional(item) and not item.stash.get(SKIPPED_FOR_A_SERVER, False) and nextitem is not None:
        from pytest_django.plugin import blocking_manager_key

        with item.config.stash[blocking_manager_key].unblock():
            reference_data_reseed()
    return result


@pytest.fixture(autouse=True)
def _isolated(settings, tmp_path):
    from orders.shipping import landed_cost_tables_forget

    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.PRIVATE_MEDIA_ROOT = str(tmp_path / "private")
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.SEED_DEMO_PHOTO_PIXELS = 200
    # seed_demo's two years of orders (demo/export_history.py): only tests/demo/test_seed_demo_exports.py reads them.
    settings.SEED_DEMO_EXPORT_HISTORY = False
    # No collectstatic before tests: serve the admin's files unhashed.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    cache.clear()
    landed_cost_tables_forget()
    # A worker started in process (celery.contrib.testing.worker) marks the
    # process as one where joining a result would block, and its pool can set
    # the mark again after start_worker clears it: a later test's
    # `.delay().get()` would then raise "Never call result.get() within a task".
    _set_task_join_will_block(False)
    # A request's language stays active in the test's thread after the answer
    # (LocaleMiddleware does not deactivate it): the next test starts in English.
    with translation.override(settings.LANGUAGE_CODE):
        yield
    cache.clear()


# The webhook secret of the test Stripe endpoint; tests sign their payloads with it.
STRIPE_WEBHOOK_SECRET = "whsec_souk_tests_only"


@pytest.fixture(scope="session")
def local_stripe_server():
    """One local Stripe emulator (localstripe, in a thread, 127.0.0.1) for the session."""
    from devtools.local_stripe import LocalStripe

    server = LocalStripe().start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def local_cmi_server():
    """One local CMI emulator (devtools/local_cmi.py, in a thread, 127.0.0.1) for the session."""
    from devtools.local_cmi import LocalCmi

    server = LocalCmi().start()
    yield server
    server.stop()


@pytest.fixture(autouse=True)
def provider_requests(settings, local_stripe_server, local_cmi_server, cmi_requests):
    """Every test talks to the local emulators, never to api.stripe.com or
    CMI, and fails if a request to one leaves while a database transaction
    of ours is open. Answers Stripe's recording HTTP client
    (tests.provider_calls); `cmi_requests` is CMI's."""
    from payments.providers import provider_use, providers_reset
    from payments.providers.cmi import CmiProvider
    from payments.providers.stripe import StripeProvider
    from tests.provider_calls import TransactionCheckingClient

    settings.CMI_GATEWAY_URL = local_cmi_server.gateway_url
    settings.CMI_API_URL = local_cmi_server.api_url
    settings.STRIPE_SECRET_KEY = "sk_test_souk"
    settings.STRIPE_PUBLISHABLE_KEY = "pk_test_souk"
    settings.STRIPE_WEBHOOK_SECRET = STRIPE_WEBHOOK_SECRET
    settings.STRIPE_API_BASE = local_stripe_server.url
    providers_reset()
    http_client = TransactionCheckingClient(timeout=settings.STRIPE_TIMEOUT_SECONDS)
    provider_use(StripeProvider.from_settings(http_client=http_client))
    provider_use(CmiProvider.from_settings(session=cmi_requests))
    yield http_client
    providers_reset()
    inside = http_client.inside_transactions() + cmi_requests.inside_transactions()
    assert not inside, f"requests sent to the payment provider inside a database transaction: {inside}"
    local_cmi_server.reset()
    local_stripe_server.slow_down(0)
    local_stripe_server.wipe()  # its requests slow down as its store grows


@pytest.fixture
def cmi_requests():
    """The recording HTTP session of the test's CMI provider (tests.provider_calls)."""
    from tests.provider_calls import TransactionCheckingSession

    return TransactionCheckingSession()


@pytest.fixture
def api_client():
    return APIClient()


@pytest.fixture
def user(db):
    return UserFactory()


@pytest.fixture
def password():
    return PASSWORD


@pytest.fixture
def client_for():
    """An API client signed in as the given user."""

    def make(user):
        client = APIClient()
        client.force_authenticate(user)
        return client

    return make


@pytest.fixture
def cooperative(db):
    return CooperativeFactory()


@pytest.fixture
def cooperative_admin(db, cooperative):
    return admin_of(cooperative)


@pytest.fixture
def admin_client_for():
    """A Django test client (for the admin's pages) signed in as the given
    user: a new one each call, so two users never share a session."""

    def make(user):
        client = Client()
        client.force_login(user)
        return client

    return make


@pytest.fixture
def superuser(db):
    return UserFactory(is_staff=True, is_superuser=True)


@pytest.fixture
def artisan(db, cooperative):
    return ArtisanFactory(cooperative=cooperative)
