"""Swagger UI at /api/docs/ and ReDoc at /api/redoc/, under the site's
Content-Security-Policy, with nothing loaded from another host: their files
are the site's own static files (drf-spectacular-sidecar), so both work
offline and behind a firewall (tests/browser/test_api_docs_browser.py cuts
the network).

Swagger UI: the split view serves the start-up script as a file of its own,
so no inline script is needed. The template's one inline <style> is allowed
by its hash; tests/security/test_headers.py recomputes it from the page, so a
new drf-spectacular template fails there, not in a browser. Its stylesheet
draws icons as data: images.

ReDoc: our own template (no web fonts from a CDN, no inline script: the
<redoc> element is read by the bundle itself). ReDoc writes its styles at run
time (styled-components) and runs its search index in a blob: web worker, so
its page alone allows inline styles and blob: workers.
"""

from csp.constants import UNSAFE_INLINE
from csp.decorators import csp_update
from drf_spectacular.views import SpectacularRedocView, SpectacularSwaggerSplitView

SWAGGER_UI_INLINE_STYLE = "'sha256-MMpT0iDxyjALd9PdfepImGX3DBfJPXZ4IlDWdPAgtn0='"

SWAGGER_UI_POLICY = {"style-src": [SWAGGER_UI_INLINE_STYLE], "img-src": ["data:"]}
REDOC_POLICY = {"style-src": [UNSAFE_INLINE], "img-src": ["data:"], "worker-src": ["blob:"]}


class RedocView(SpectacularRedocView):
    template_name = "marketplace/redoc.html"


api_docs = csp_update(SWAGGER_UI_POLICY)(SpectacularSwaggerSplitView.as_view(url_name="schema"))
api_redoc = csp_update(REDOC_POLICY)(RedocView.as_view(url_name="schema"))
