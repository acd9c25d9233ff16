"""Settings of the floor server: the project's own settings (same middleware,
DRF defaults, database and cache), plus the floor app and its URLs only."""

from config.settings import *  # noqa: F403
from config.settings import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "bench.floors"]
ROOT_URLCONF = "bench.floor_urls"
