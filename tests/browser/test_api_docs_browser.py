"""The API docs in a real browser with the network cut: every request to a
host other than the test server is aborted, and Swagger UI (and ReDoc) still
render the API's operations, from the site's own files, under its
Content-Security-Policy."""

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LOCAL_HOSTS = {"127.0.0.1", "localhost", "[::1]", "::1"}


@pytest.fixture
def offline_page(page):
    """The page, with every request that leaves the machine aborted and noted,
    and the browser's console errors (a CSP refusal is one) noted too."""
    page.cut_off = []
    page.console_errors = []

    def route(route):
        if urlsplit(route.request.url).hostname in LOCAL_HOSTS:
            route.continue_()
        else:
            page.cut_off.append(route.request.url)
            route.abort("internetdisconnected")

    page.route("**/*", route)
    page.on("console", lambda message: message.type == "error" and page.console_errors.append(message.text))
    return page


def test_swagger_ui_renders_the_operations_with_the_network_cut(offline_page):
    page = offline_page

    page.goto("/api/docs/")

    operations = page.locator(".opblock")
    expect(operations.first).to_be_visible()
    expect(page.locator(".opblock-summary-path", has_text="/api/v1/products/{slug}/").first).to_be_visible()
    assert operations.count() > 40
    assert page.cut_off == []  # nothing even tried to leave
    assert page.console_errors == []


def test_redoc_renders_the_operations_with_the_network_cut(offline_page):
    page = offline_page

    page.goto("/api/redoc/")

    # ReDoc renders the whole spec before showing anything: on a busy 2-core
    # machine that took more than the default 5 s once the spec grew (6 s quiet).
    expect(page.get_by_role("heading", name="Souk API").first).to_be_visible(timeout=30_000)
    expect(page.locator("[data-section-id^='tag/']").first).to_be_attached()
    assert page.cut_off == []
    # ReDoc's "powered by" logo is the one thing it would fetch from its CDN: the
    # policy refuses it before it leaves, and ReDoc drops the image.
    errors = [text for text in page.console_errors if "cdn.redoc.ly/redoc/logo-mini.svg" not in text]
    assert errors == []
