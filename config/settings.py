"""Souk settings: one module, every value that differs between machines comes
from the environment (see the table in README.md)."""

from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import environ
from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env.str("SECRET_KEY", default="insecure-development-key-change-me-0123456789" if DEBUG else "")
if not SECRET_KEY:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
CSRF_FAILURE_VIEW = "marketplace.views.csrf_failure"  # JSON under /api/
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")

VAR_DIR = BASE_DIR / "var"
VAR_DIR.mkdir(exist_ok=True)

INSTALLED_APPS = [
    # modeltranslation patches the admin, so it comes before it.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework_simplejwt.token_blacklist",
    "django_filters",
    "drf_spectacular",
    "django_countries",
    "marketplace",
    "artisans",
    "catalog",
    "orders",
    "payments",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "marketplace.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "marketplace.middleware.ApiErrorMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'souk.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = True
# Seconds a connection is kept between requests (0: one per request).
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "marketplace.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_HASHERS = env.list(
    "PASSWORD_HASHERS",
    default=[
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
        "django.contrib.auth.hashers.Argon2PasswordHasher",
    ],
)

LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("fr", _("French")),
    ("es", _("Spanish")),
    ("ar", _("Arabic")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Africa/Casablanca"
USE_I18N = True
USE_TZ = True

MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en", "fr", "ar", "es")

STATIC_URL = "static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=str(VAR_DIR / "static"))
Path(STATIC_ROOT).mkdir(parents=True, exist_ok=True)
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=str(VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Request bodies without files; uploaded files above FILE_UPLOAD_MAX_MEMORY_SIZE go to a temp file.
# Under /api/ and /webhooks/ a body over these limits answers 4xx before a view
# reads it, as JSON nested deeper than 64 levels does (marketplace/api/limits.py).
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
# Photos: refused above these limits (marketplace/images.py, catalog/photos.py).
PHOTO_MAX_UPLOAD_BYTES = env.int("PHOTO_MAX_UPLOAD_BYTES", default=10 * 1024 * 1024)
PHOTO_MAX_PIXELS = env.int("PHOTO_MAX_PIXELS", default=40_000_000)
PHOTO_MAX_PER_PRODUCT = env.int("PHOTO_MAX_PER_PRODUCT", default=20)

# Redis is optional: without it the cache is per process and Celery tasks run
# in the caller's process (see config/celery.py).
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "marketplace.cache_backend.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# "memory://" only keeps kombu quiet: with no REDIS_URL every task runs eagerly.
CELERY_BROKER_URL = REDIS_URL or "memory://localhost/"
CELERY_RESULT_BACKEND = REDIS_URL or None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Workers keep their database connections as web processes do, by CONN_MAX_AGE
# (config/celery.py); Celery's own recycling, every this many tasks, is a backstop.
CELERY_DB_REUSE_MAX = 1000
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE: dict = {
    "exchange-rates-refresh": {
        "task": "marketplace.tasks.exchange_rates_refresh",
        "schedule": crontab(minute=15, hour="*/6"),
    },
    "photo-renditions-sweep": {"task": "catalog.tasks.photo_renditions_sweep", "schedule": crontab(minute="*/10")},
    "orders-expire-unpaid": {"task": "orders.tasks.orders_expire_unpaid", "schedule": crontab(minute="*")},
    "webhook-events-sweep": {"task": "payments.tasks.webhook_events_sweep", "schedule": crontab(minute="*/2")},
    "payments-cancel-for-cancelled-orders": {
        "task": "payments.tasks.payments_cancel_for_cancelled_orders",
        "schedule": crontab(minute="*/5"),
    },
    "payout-batch-weekly": {
        "task": "payments.tasks.payout_batch_create",
        "schedule": crontab(minute=0, hour=6, day_of_week="mon"),
    },
}
# An order not paid within this many minutes is cancelled and its stock given back.
ORDER_PAYMENT_TIMEOUT_MINUTES = env.int("ORDER_PAYMENT_TIMEOUT_MINUTES", default=30)
# A guest cart's token stops working after this many days without use.
CART_TOKEN_DAYS = env.int("CART_TOKEN_DAYS", default=30)
# Where the MAD exchange rates come from: an http(s) URL or a file (format in marketplace/exchange_rates.py).
EXCHANGE_RATES_SOURCE = env.str("EXCHANGE_RATES_SOURCE", default="")

EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Souk <no-reply@souk.example>")
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)

# --- Payments ---
# Which provider takes card payments (payments/providers/). Only "stripe" so far.
PAYMENT_PROVIDER = env.str("PAYMENT_PROVIDER", default="stripe")
STRIPE_SECRET_KEY = env.str("STRIPE_SECRET_KEY", default="")
STRIPE_PUBLISHABLE_KEY = env.str("STRIPE_PUBLISHABLE_KEY", default="")
STRIPE_WEBHOOK_SECRET = env.str("STRIPE_WEBHOOK_SECRET", default="")
# Empty means api.stripe.com; `make run` and the tests point it at a local emulator.
STRIPE_API_BASE = env.str("STRIPE_API_BASE", default="")
# Seconds a signed webhook may be old before it is refused (replays).
STRIPE_WEBHOOK_TOLERANCE = env.int("STRIPE_WEBHOOK_TOLERANCE", default=300)
# An event still unapplied after this many minutes is queued again by the sweep.
WEBHOOK_SWEEP_AFTER_MINUTES = env.int("WEBHOOK_SWEEP_AFTER_MINUTES", default=5)
# The marketplace's commission when no category, cooperative or artisan rule says otherwise.
COMMISSION_DEFAULT_PERCENT = Decimal(env.str("COMMISSION_DEFAULT_PERCENT", default="12.00"))
# Days after delivery before an artisan order's money may be paid out (returns, disputes).
PAYOUT_HOLD_DAYS = env.int("PAYOUT_HOLD_DAYS", default=7)
# An artisan's payable balance below this stays for next week's batch.
PAYOUT_MINIMUM_MAD = Decimal(env.str("PAYOUT_MINIMUM_MAD", default="100.00"))

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework_simplejwt.authentication.JWTAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_PAGINATION_CLASS": "marketplace.api.pagination.PageNumberPagination",
    "PAGE_SIZE": 20,
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "marketplace.api.errors.api_exception_handler",
    # DRF's own, answering Django's client errors while parsing as 4xx.
    "DEFAULT_PARSER_CLASSES": [
        "marketplace.api.parsers.JSONParser",
        "marketplace.api.parsers.FormParser",
        "marketplace.api.parsers.MultiPartParser",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "auth": env.str("AUTH_THROTTLE_RATE", default="10/minute"),
    },
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}

SIMPLE_JWT = {
    "ACCESS_TOKEN_LIFETIME": timedelta(minutes=env.int("JWT_ACCESS_MINUTES", default=15)),
    "REFRESH_TOKEN_LIFETIME": timedelta(days=env.int("JWT_REFRESH_DAYS", default=30)),
    "ROTATE_REFRESH_TOKENS": True,
    "BLACKLIST_AFTER_ROTATION": True,
    "UPDATE_LAST_LOGIN": True,
    "SIGNING_KEY": env.str("JWT_SIGNING_KEY", default=SECRET_KEY),
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Souk API",
    "DESCRIPTION": "Marketplace for Moroccan artisans and cooperatives.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    # One stable name per choice set, for the apps' generated code (without
    # these the generator invents names such as "StatusBbcEnum").
    "ENUM_NAME_OVERRIDES": {
        "ArtisanOrderStatusEnum": "orders.models.ArtisanOrderStatus",
        "PayoutStatusEnum": "payments.models.PayoutStatus",
        "VerificationStatusEnum": "artisans.models.VerificationStatus",
        "MoroccanRegionEnum": "marketplace.regions.MoroccanRegion",
        "LanguageEnum": "config.settings.LANGUAGES",
        "CurrencyEnum": "marketplace.money.SUPPORTED_CURRENCIES",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}, "celery.app.trace": {"level": "WARNING"}},
}

if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=False)
    CSRF_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=False)

# --- Export paperwork (orders/paperwork) -------------------------------------------------
# Figures from the trade rules (UPU, EU-Morocco and US-Morocco agreements): editable
# here, never written in the code. Amounts are Decimal strings.
# The marketplace as it appears on every document (the party selling on the artisan's behalf).
PAPERWORK_MARKETPLACE_NAME = env.str("PAPERWORK_MARKETPLACE_NAME", default="Souk")
PAPERWORK_MARKETPLACE_ADDRESS = env.str("PAPERWORK_MARKETPLACE_ADDRESS", default="Casablanca, Morocco")
PAPERWORK_MARKETPLACE_ICE = env.str("PAPERWORK_MARKETPLACE_ICE", default="")
# CN22 up to this value (in SDR) and gross weight (in grams); CN23 above either.
PAPERWORK_CN22_MAX_SDR = env.str("PAPERWORK_CN22_MAX_SDR", default="300")
PAPERWORK_CN22_MAX_GRAMS = env.int("PAPERWORK_CN22_MAX_GRAMS", default=2000)
# MAD per SDR (IMF special drawing right): 300 SDR ≈ USD 420 in 2026, at the demo USD rate ≈ 12.96 MAD.
PAPERWORK_SDR_IN_MAD = env.str("PAPERWORK_SDR_IN_MAD", default="12.96")
# EU-Morocco: any exporter may declare origin on the invoice up to this value per consignment;
# above it only an approved exporter may, otherwise an EUR.1 certificate is needed.
PAPERWORK_EU_ORIGIN_DECLARATION_MAX_EUR = env.str("PAPERWORK_EU_ORIGIN_DECLARATION_MAX_EUR", default="6000")
# Destinations whose imports take the EU-Morocco origin declaration (EU member states).
# fmt: off
PAPERWORK_EU_COUNTRIES = env.list("PAPERWORK_EU_COUNTRIES", default=[
    "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE",
    "IT", "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE",
])
# fmt: on
# Destinations whose importers claim the US-Morocco FTA with a certification of origin.
PAPERWORK_US_FTA_COUNTRIES = env.list("PAPERWORK_US_FTA_COUNTRIES", default=["US", "PR"])
# Failed renderings are retried this many times by Celery (with exponential back-off).
PAPERWORK_MAX_RETRIES = env.int("PAPERWORK_MAX_RETRIES", default=5)
CELERY_BEAT_SCHEDULE["paperwork-sweep"] = {
    "task": "orders.paperwork.tasks.export_documents_sweep",
    "schedule": crontab(minute="*/15"),
}
# WeasyPrint logs every rendering step at INFO.
LOGGING["loggers"]["weasyprint"] = {"level": "WARNING"}
LOGGING["loggers"]["fontTools"] = {"level": "WARNING"}
# --- end of export paperwork ---------------------------------------------------------------
