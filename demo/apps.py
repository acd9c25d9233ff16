from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """Demo data and the seed_demo command: the top floor, which may import
    every app and which no app imports."""

    name = "demo"
    verbose_name = _("Demo data")
