"""With DEBUG off (as the tests run): HTTPS only, HSTS, a Content-Security-Policy
on every page (the admin, the API docs), Secure cookies, and the admin still
working in a real browser under that policy."""

import base64
import hashlib
import re
from html.parser import HTMLParser

import pytest
from django.contrib import admin
from django.urls import reverse

from marketplace.api.docs import SWAGGER_UI_INLINE_STYLE
from tests.browser.conftest import _async_unsafe_allowed, _plain_static_storage, browser, page  # noqa: F401
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

HTTPS = {"secure": True}  # what Django sees behind the proxy (SECURE_PROXY_SSL_HEADER)


def policy(response) -> dict[str, list[str]]:
    directives = (part.strip().split() for part in response["Content-Security-Policy"].split(";") if part.strip())
    return {name: sources for name, *sources in directives}


def test_debug_is_off_in_the_tests(settings):
    # Everything below holds for production only because the tests run like it.
    assert not settings.DEBUG


@pytest.mark.parametrize("path", ["/", "/admin/login/", "/api/docs/", "/api/redoc/", "/api/v1/"])
def test_https_answers_carry_hsts_and_the_security_headers(client, path):
    response = client.get(path, **HTTPS)

    assert response.status_code == 200
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert policy(response)["frame-ancestors"] == ["'none'"]


def test_hsts_preload_is_added_when_the_operator_opts_in(client, settings):
    settings.SECURE_HSTS_PRELOAD = True

    response = client.get("/admin/login/", **HTTPS)

    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"


def test_the_admin_may_load_only_its_own_files(client):
    csp = policy(client.get("/admin/login/", **HTTPS))

    assert csp["default-src"] == ["'none'"]
    for directive in ("script-src", "style-src", "img-src", "font-src", "connect-src", "form-action"):
        assert csp[directive] == ["'self'"], directive
    assert csp["base-uri"] == ["'none'"]


class _Resources(HTMLParser):
    """What a page loads: (directive, url) pairs and its inline scripts and styles."""

    def __init__(self):
        super().__init__()
        self.loads, self.inline_scripts, self.inline_styles, self._inline = [], [], [], None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script":
            if attrs.get("src") is not None:
                self.loads.append(("script-src", attrs["src"]))
            else:
                self._inline = self.inline_scripts
        elif tag == "style":
            self._inline = self.inline_styles
        elif tag == "link" and attrs.get("rel") == "stylesheet":
            self.loads.append(("style-src", attrs["href"]))
        elif tag == "link" and attrs.get("rel") == "icon":
            self.loads.append(("img-src", attrs["href"]))

    def handle_data(self, data):
        if self._inline is not None:
            self._inline.append(data)

    def handle_endtag(self, tag):
        self._inline = None


def allows(sources: list[str], url: str) -> bool:
    if url.startswith("/") and not url.startswith("//"):
        return "'self'" in sources
    return any(url == source or (source.endswith("/") and url.startswith(source)) for source in sources)


def sha256_source(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def test_the_api_docs_policy_allows_exactly_what_swagger_ui_loads(client):
    response = client.get("/api/docs/", **HTTPS)
    docs = _Resources()
    docs.feed(response.content.decode())
    csp = policy(response)

    assert docs.loads, "Swagger UI's page loads nothing: the template changed"
    for directive, url in docs.loads:
        assert allows(csp[directive], url), f"{directive} {csp[directive]} refuses {url}: the page goes blank"
    assert docs.inline_scripts == [], "an inline script would be refused: use the split view's script file"
    for style in docs.inline_styles:
        assert sha256_source(style) in csp["style-src"], f"allow the new inline style: {sha256_source(style)}"
    # Swagger UI's files are the site's own (drf-spectacular-sidecar): no other host at all.
    assert csp["script-src"] == ["'self'"]
    assert not [source for sources in csp.values() for source in sources if "://" in source]
    assert csp["default-src"] == ["'none'"]


def test_the_api_docs_start_up_script_is_served_from_the_site(client):
    response = client.get("/api/docs/?script=", **HTTPS)

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/javascript")
    assert b"SwaggerUIBundle(" in response.content


def test_other_pages_do_not_get_the_api_docs_exceptions(client):
    csp = policy(client.get("/admin/login/", **HTTPS))

    assert SWAGGER_UI_INLINE_STYLE not in csp["style-src"]
    assert "'unsafe-inline'" not in csp["style-src"]  # ReDoc's exception
    assert "data:" not in csp["img-src"]
    assert "worker-src" not in csp


def test_session_and_csrf_cookies_are_secure(client, superuser):
    login_page = client.get("/admin/login/", **HTTPS)
    response = client.post(
        "/admin/login/", {"username": superuser.email, "password": PASSWORD, "next": "/admin/"}, **HTTPS
    )

    assert response.status_code == 302
    assert login_page.cookies["csrftoken"]["secure"] is True
    assert response.cookies["sessionid"]["secure"] is True
    assert response.cookies["sessionid"]["httponly"] is True


def test_plain_http_is_redirected_to_https_but_the_health_check_is_not(client, settings):
    settings.SECURE_SSL_REDIRECT = True

    plain = client.get("/admin/login/")
    behind_the_proxy = client.get("/admin/login/", HTTP_X_FORWARDED_PROTO="https")
    health = client.get("/healthz")

    assert plain.status_code == 301
    assert plain["Location"] == "https://testserver/admin/login/"
    assert behind_the_proxy.status_code == 200
    assert health.status_code == 200


# --- the admin in Chromium under the policy ------------------------------------------------


def admin_pages() -> list[str]:
    pages = ["/admin/", "/admin/password_change/"]
    for model in admin.site._registry:
        info = (model._meta.app_label, model._meta.model_name)
        pages.append(reverse("admin:{}_{}_changelist".format(*info)))
    return pages


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_admin_works_in_a_browser_without_a_policy_violation(page):  # noqa: F811
    from catalog.models import ProductPhoto
    from tests.factories import ArtisanFactory, ProductFactory, UserFactory

    operator = UserFactory(is_staff=True, is_superuser=True, preferred_language="ar")
    product = ProductFactory(artisan=ArtisanFactory())
    # Its preview in the product's photo inline is HTML made in Python, not in a template.
    ProductPhoto.objects.create(product=product, original="products/zellige.jpg", width=640, height=480)
    violations = []
    page.on("console", lambda message: "Content Security Policy" in message.text and violations.append(message.text))

    page.goto("/admin/login/?next=/admin/")
    page.fill("input[name=username]", operator.email)
    page.fill("input[name=password]", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(re.compile(r"/admin/$"))
    for path in [*admin_pages(), f"/admin/catalog/product/{product.pk}/change/", "/admin/marketplace/user/add/"]:
        response = page.goto(path)
        assert response.status < 400, path

    assert page.locator("html").get_attribute("dir") == "rtl"
    assert violations == []
