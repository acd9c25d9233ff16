from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView

from analytics.admin_views import urls as analytics_admin_urls
from marketplace.api.docs import api_docs, api_redoc
from marketplace.api.errors import api_not_found
from marketplace.health import healthz
from marketplace.metrics import metrics_view
from marketplace.readiness import readyz
from marketplace.views import home
from payments.api.webhooks import cmi_callback, cmi_return, stripe_webhook

api_v1 = [
    path("", include("marketplace.api.urls")),
    path("", include("artisans.api.urls")),
    path("", include("catalog.api.urls")),
    path("", include("orders.api.urls")),
    path("", include("payments.api.urls")),
    path("", include("payments.api.urls_artisan")),
    path("", include("returns.api.urls")),
    path("", include("accounts.api.urls")),
    path("", include("analytics.api.urls")),
]

urlpatterns = [
    path("", home, name="home"),
    path("healthz", healthz, name="healthz"),
    path("readyz", readyz, name="readyz"),
    path("metrics", metrics_view, name="metrics"),
    # Pages on the admin site that belong to no model: the export dashboard and eligibility report.
    path("admin/analytics/", include(analytics_admin_urls())),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("webhooks/stripe/", stripe_webhook, name="stripe-webhook"),
    path("webhooks/cmi/", cmi_callback, name="cmi-callback"),
    re_path(r"^pay/cmi/(?P<outcome>ok|fail)/$", cmi_return, name="cmi-return"),
    path("api/v1/", include(api_v1)),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", api_docs, name="api-docs"),
    path("api/redoc/", api_redoc, name="api-redoc"),
    path("api-auth/", include("rest_framework.urls")),
    # Anything else under /api/ is a JSON 404, in DEBUG too.
    re_path(r"^api/", api_not_found),
]
urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

handler404 = "marketplace.views.not_found"
handler500 = "marketplace.views.server_error"
