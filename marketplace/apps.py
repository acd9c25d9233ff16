from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MarketplaceConfig(AppConfig):
    name = "marketplace"
    verbose_name = _("Marketplace")

    def ready(self):
        # Every admin module is imported by now (the admin's own ready comes first).
        from marketplace.admin_security import admin_site_secure

        admin_site_secure()
        # Other apps' names, as the admin's sidebar shows them to operators.
        from django.apps import apps
        from django.utils.translation import gettext_lazy as _

        if apps.is_installed("axes"):
            apps.get_app_config("axes").verbose_name = _("Sign-in lockouts")
