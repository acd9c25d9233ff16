"""Headless Chromium for the admin tests: one browser per module, a fresh
context (cookies, storage) per test, against pytest-django's live_server."""

import pytest

from tests.conftest import CHROMIUM

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TIMEOUT_MS = 10_000


@pytest.fixture(scope="module")
def _async_unsafe_allowed():
    # Playwright's sync API keeps an event loop running in the main thread, so
    # Django would refuse every ORM call made by the test (and by the database
    # flush of the transactional tests). Module-scoped so that it outlives the
    # flush that follows each test and covers the whole life of the browser.
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        yield


@pytest.fixture(scope="module")
def browser(_async_unsafe_allowed):
    if not CHROMIUM:
        pytest.skip("needs headless Chromium: apt-get install chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def _plain_static_storage(settings):
    # Tests run with DEBUG off, where the manifest storage needs `collectstatic`
    # to have run; the live server serves the app directories' files instead.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def page(browser, live_server, _plain_static_storage):
    # An English-speaking browser: whatever the admin shows in another language
    # comes from the user's preferred_language, not from Accept-Language.
    context = browser.new_context(base_url=live_server.url, locale="en-US", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    yield page
    context.close()
