"""Swagger UI at /api/docs/, under the site's Content-Security-Policy.

Swagger UI's files come from a CDN (drf-spectacular's SWAGGER_UI_DIST): this
page alone may load scripts and styles from that folder, its favicon, and the
data: images of Swagger UI's stylesheet. The split view serves the start-up
script as a file of its own, so no inline script is needed. The template's
one inline <style> is allowed by its hash; tests/security/test_headers.py
recomputes it from the page, so a new drf-spectacular template fails there,
not in a browser.
"""

from csp.decorators import csp_update
from drf_spectacular.settings import spectacular_settings
from drf_spectacular.views import SpectacularSwaggerSplitView

SWAGGER_UI_INLINE_STYLE = "'sha256-MMpT0iDxyjALd9PdfepImGX3DBfJPXZ4IlDWdPAgtn0='"


def swagger_ui_policy() -> dict:
    folder = spectacular_settings.SWAGGER_UI_DIST.rstrip("/") + "/"
    policy = {"script-src": [folder], "style-src": [folder, SWAGGER_UI_INLINE_STYLE], "img-src": ["data:"]}
    if spectacular_settings.SWAGGER_UI_FAVICON_HREF:
        policy["img-src"].append(spectacular_settings.SWAGGER_UI_FAVICON_HREF)
    return policy


api_docs = csp_update(swagger_ui_policy())(SpectacularSwaggerSplitView.as_view(url_name="schema"))
