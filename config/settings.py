"""Souk settings: one module, every value that differs between machines comes
from the environment (see the table in README.md)."""

import re
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

from config.storages import local_storages, s3_storages

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
# Web shops on other origins that may call the API from a browser (django-cors-headers),
# e.g. https://shop.example; none by default. Only the API, and no cookies: tokens go in a header.
CORS_ALLOWED_ORIGINS = env.list("CORS_ALLOWED_ORIGINS", default=[])
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_CREDENTIALS = False
CORS_ALLOW_HEADERS = (
    "accept", "accept-language", "authorization", "content-type", "idempotency-key", "if-none-match",
    "x-cart-token", "x-request-id",
)  # fmt: skip
CORS_EXPOSE_HEADERS = ["Location", "Link", "Idempotent-Replayed", "Retry-After", "X-Request-ID", "ETag"]

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
    # Registered for its translations (login and token errors in the buyer's language).
    "rest_framework_simplejwt",
    "rest_framework_simplejwt.token_blacklist",
    "axes",
    "django_filters",
    "drf_spectacular",
    "csp",
    "corsheaders",
    "django_countries",
    "simple_history",
    "marketplace",
    "artisans",
    "catalog",
    "orders",
    "payments",
    # Returns and damage claims: above payments, whose refund service they call.
    "returns",
    # A person's account deleted (anonymised across orders, payments, returns, reviews) and exported.
    "accounts",
    # Export figures and Trade Pact eligibility: reads the others, nothing below imports it.
    "analytics",
    # The top floor: demo data and the seed_demo command.
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    # Before CommonMiddleware, as django-cors-headers asks: a preflight is answered here.
    "corsheaders.middleware.CorsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "marketplace.middleware.UserLanguageMiddleware",
    # The audit trail records the request's user (DRF sets it on the request too).
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "marketplace.middleware.ApiErrorMiddleware",
    "marketplace.api.throttles.RateLimitMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into its answer.
    "axes.middleware.AxesMiddleware",
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
# No request-wide transaction: each service is its own (DESIGN.md), so a view
# can call a payment provider between two of them without holding a lock.
DATABASES["default"]["ATOMIC_REQUESTS"] = False
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
# Formats Django's own locales leave in US order (Arabic date times): config/formats/<language>/.
FORMAT_MODULE_PATH = ["config.formats"]
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
# Export documents without object storage: a folder that no URL serves, outside MEDIA_ROOT.
PRIVATE_MEDIA_ROOT = env.path("PRIVATE_MEDIA_ROOT", default=str(VAR_DIR / "private"))
if Path(PRIVATE_MEDIA_ROOT).resolve().is_relative_to(Path(MEDIA_ROOT).resolve()):
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("PRIVATE_MEDIA_ROOT must not be inside MEDIA_ROOT: MEDIA_URL would serve it.")
# Object storage (S3 API): both buckets set, or neither (then the two folders above).
# What goes where and why: marketplace/storage.py; the buckets' setup: README.
S3_PUBLIC_BUCKET = env.str("S3_PUBLIC_BUCKET", default="")
S3_PRIVATE_BUCKET = env.str("S3_PRIVATE_BUCKET", default="")
# Seconds a signed URL of a private file (an export document) keeps working.
PRIVATE_URL_SECONDS = env.int("PRIVATE_URL_SECONDS", default=300)
if bool(S3_PUBLIC_BUCKET) != bool(S3_PRIVATE_BUCKET):
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("Set both S3_PUBLIC_BUCKET and S3_PRIVATE_BUCKET, or neither.")
if S3_PUBLIC_BUCKET:
    _media_storages = s3_storages(
        public_bucket=S3_PUBLIC_BUCKET,
        private_bucket=S3_PRIVATE_BUCKET,
        endpoint_url=env.str("S3_ENDPOINT_URL", default=""),
        client_endpoint_url=env.str("S3_CLIENT_ENDPOINT_URL", default=""),
        access_key=env.str("S3_ACCESS_KEY_ID", default=""),
        secret_key=env.str("S3_SECRET_ACCESS_KEY", default=""),
        region=env.str("S3_REGION", default=""),
        addressing_style=env.str("S3_ADDRESSING_STYLE", default=""),
        public_acl=env.str("S3_PUBLIC_ACL", default=""),
        private_url_seconds=PRIVATE_URL_SECONDS,
    )
else:
    _media_storages = local_storages()
STORAGES = {
    **_media_storages,
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
    CACHES = {
        "default": {
            "BACKEND": "marketplace.cache_backend.RedisCache",
            "LOCATION": REDIS_URL,
            # A Redis that stops answering costs half a second once per process
            # every few seconds, not a hung request (redis-py waits forever by
            # default): the backend then answers without it (fails soft).
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
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
    "pending-tasks-sweep": {"task": "marketplace.tasks.pending_tasks_sweep", "schedule": crontab(minute="*")},
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
# Which provider takes a payment is a rule, not a setting (payments.services.payment_provider_choose):
# dirhams and buyers who ask for it go to CMI, the other currencies to Stripe.
STRIPE_SECRET_KEY = env.str("STRIPE_SECRET_KEY", default="")
STRIPE_PUBLISHABLE_KEY = env.str("STRIPE_PUBLISHABLE_KEY", default="")
STRIPE_WEBHOOK_SECRET = env.str("STRIPE_WEBHOOK_SECRET", default="")
# Empty means api.stripe.com; `make run` and the tests point it at a local emulator.
STRIPE_API_BASE = env.str("STRIPE_API_BASE", default="")
# Seconds a signed webhook may be old before it is refused (replays).
STRIPE_WEBHOOK_TOLERANCE = env.int("STRIPE_WEBHOOK_TOLERANCE", default=300)
# Seconds a call to Stripe may take (the SDK's own default is 80): a buyer
# waiting at checkout gets "retry the payment" rather than a hung request.
STRIPE_TIMEOUT_SECONDS = env.float("STRIPE_TIMEOUT_SECONDS", default=10)
# CMI, the Moroccan interbank card platform (payments/providers/cmi.py). The defaults point at the
# local emulator of `make run` (devtools/local_cmi.py); production sets every one of them.
CMI_CLIENT_ID = env.str("CMI_CLIENT_ID", default="600000000")
CMI_STORE_KEY = env.str("CMI_STORE_KEY", default="souk_local_cmi_store_key")
CMI_GATEWAY_URL = env.str("CMI_GATEWAY_URL", default="http://127.0.0.1:8421/fim/est3Dgate")
CMI_API_URL = env.str("CMI_API_URL", default="http://127.0.0.1:8421/fim/api")
# The back-office API user; empty: refunds wait for staff to do them in CMI's merchant back office.
CMI_API_USER = env.str("CMI_API_USER", default="souk_api")
CMI_API_PASSWORD = env.str("CMI_API_PASSWORD", default="souk_api_password")
# Where CMI posts its server-to-server callback, and where the buyer's browser comes back (ok/, fail/).
CMI_CALLBACK_URL = env.str("CMI_CALLBACK_URL", default=f"{SITE_URL}/webhooks/cmi/")
CMI_RETURN_URL = env.str("CMI_RETURN_URL", default=f"{SITE_URL}/pay/cmi/")
CMI_TIMEOUT_SECONDS = env.float("CMI_TIMEOUT_SECONDS", default=10)
# A CMI payment still pending after this many minutes is read back from CMI's status API by the sweep.
CMI_RECONCILE_AFTER_MINUTES = env.int("CMI_RECONCILE_AFTER_MINUTES", default=10)
# What each provider keeps of a capture, in percent of it, booked per capture (payments.ledger): the rates
# of the merchant contracts; 0 books nothing.
STRIPE_FEE_PERCENT = Decimal(env.str("STRIPE_FEE_PERCENT", default="0"))
CMI_FEE_PERCENT = Decimal(env.str("CMI_FEE_PERCENT", default="0"))
# An event still unapplied after this many minutes is queued again by the sweep.
WEBHOOK_SWEEP_AFTER_MINUTES = env.int("WEBHOOK_SWEEP_AFTER_MINUTES", default=5)
# The marketplace's commission when no category, cooperative or artisan rule says otherwise.
COMMISSION_DEFAULT_PERCENT = Decimal(env.str("COMMISSION_DEFAULT_PERCENT", default="12.00"))
# Days after delivery before an artisan order's money may be paid out (returns, disputes).
PAYOUT_HOLD_DAYS = env.int("PAYOUT_HOLD_DAYS", default=7)
# An artisan's payable balance below this stays for next week's batch.
PAYOUT_MINIMUM_MAD = Decimal(env.str("PAYOUT_MINIMUM_MAD", default="100.00"))
# A refund worth more than this (MAD) is never made by its buyer, nor by its artisan acting
# as a cooperative admin or operator: someone else makes it (payments.permissions).
REFUND_FOUR_EYES_ABOVE_MAD = Decimal(env.str("REFUND_FOUR_EYES_ABOVE_MAD", default="1000.00"))

# --- Throttles and login lockout (marketplace/api/throttles.py, marketplace/lockout.py) ---
# Proxies in front of the web nodes that append the client's address to
# X-Forwarded-For (a TLS proxy, a load balancer: 1 each). 0: REMOTE_ADDR is the
# client and the header is ignored (marketplace/client_ip.py).
NUM_PROXIES = env.int("NUM_PROXIES", default=0)
# Requests per client and period, by scope. Per IP limits are generous (a
# carrier's shared address or an office hides many people); the per-account
# ones are the tight ones.
THROTTLE_RATES = {
    "login_ip": "20/minute",
    "login_email": "20/hour",  # one account, from any number of addresses
    "register_ip": "20/hour",
    "refresh_ip": "60/minute",
    # Reset links asked for (marketplace/api/account.py), also used by the verification link's resend.
    "password_reset_ip": "10/hour",
    "password_reset_email": "3/hour",
    "checkout_ip": "30/hour",
    "checkout_account": "15/hour",  # a buyer's account or a guest's e-mail
    "cart": "120/minute",
    "cart_create_ip": "60/hour",  # new guest carts
    "order_token": "60/minute",  # order pages opened with the e-mailed token
    # Stripe retries a 429 with back-off for days, so nothing is lost; this is
    # far above our volume and only bounds what one sender makes us verify.
    "webhook": "600/minute",
}
# e.g. THROTTLE_RATES=login_ip=30/minute,webhook=1200/minute
_throttle_overrides = env.dict("THROTTLE_RATES", default={})
_throttle_errors = sorted(
    f"{scope}={rate}"
    for scope, rate in _throttle_overrides.items()
    if scope not in THROTTLE_RATES or not re.fullmatch(r"\d+/(s|sec|second|m|min|minute|h|hour|d|day)", rate)
)
if _throttle_errors:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(f"THROTTLE_RATES: unknown scope or rate: {', '.join(_throttle_errors)}")
THROTTLE_RATES.update(_throttle_overrides)

# django-axes: AXES_FAILURE_LIMIT failed sign-ins of one e-mail from one
# address lock that pair for the cool-off (why the pair: marketplace/lockout.py).
AUTHENTICATION_BACKENDS = [
    "marketplace.lockout.LoginLockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "marketplace.client_ip.client_ip_or_none"
AXES_USERNAME_CALLABLE = "marketplace.lockout.login_username"
AXES_LOCKOUT_CALLABLE = "marketplace.lockout.lockout_response"

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # simplejwt's, with revocation: marketplace/api/authentication.py
        "marketplace.api.authentication.SessionJWTAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_PAGINATION_CLASS": "marketplace.api.pagination.PageNumberPagination",
    "PAGE_SIZE": 20,
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        # DRF's, with an unknown ordering a 400 naming `ordering`.
        "marketplace.api.filters.StrictOrderingFilter",
    ],
    "DEFAULT_SCHEMA_CLASS": "marketplace.api.schema.ApiAutoSchema",
    "EXCEPTION_HANDLER": "marketplace.api.errors.api_exception_handler",
    # JSON only, so the schema offers one body type per operation (generated
    # clients break on form variants); the views taking files (photos,
    # returns, the artisan application) set their own multipart parsers.
    # DRF's own, answering Django's client errors while parsing as 4xx.
    "DEFAULT_PARSER_CLASSES": ["marketplace.api.parsers.JSONParser"],
    "DEFAULT_THROTTLE_RATES": THROTTLE_RATES,
    "NUM_PROXIES": NUM_PROXIES,
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
    # Operation ids, summaries and the errors services add: config/api_operations.py.
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "config.api_operations.operations_document",
    ],
    # One stable name per choice set, for the apps' generated code (without
    # these the generator invents names such as "StatusBbcEnum").
    "ENUM_NAME_OVERRIDES": {
        "ArtisanOrderStatusEnum": "orders.models.ArtisanOrderStatus",
        "PayoutStatusEnum": "payments.models.PayoutStatus",
        "VerificationStatusEnum": "artisans.models.VerificationStatus",
        "MoroccanRegionEnum": "marketplace.regions.MoroccanRegion",
        "LanguageEnum": "config.settings.LANGUAGES",
        "CurrencyEnum": "marketplace.money.SUPPORTED_CURRENCIES",
        "ReturnKindEnum": "returns.models.ReturnKind",
        "ReturnStatusEnum": "returns.models.ReturnStatus",
        "PaymentProviderEnum": "payments.providers.PROVIDER_NAMES",
        "OrderStatusEnum": "orders.models.OrderStatus",
        "PaymentStatusEnum": "payments.models.PaymentStatus",
        "RefundStatusEnum": "payments.models.RefundStatus",
        "RefundItemKindEnum": "payments.models.RefundItemKind",
        "ServiceKindEnum": "orders.models.ServiceKind",
        "TaxKindEnum": "orders.models.TaxKind",
        "IncotermEnum": "orders.models.Incoterm",
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

# --- HTTPS, security headers and cookies (`check --deploy` is clean with the README's
# production environment; tests/security/test_deploy_check.py runs it) ---
if not DEBUG:
    # The TLS-terminating proxy says the original scheme; it must set (not pass on) this header.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Plain HTTP is redirected to HTTPS, except the health check that the container
# probes itself over HTTP. SECURE_SSL_REDIRECT=0 only for a server without TLS in
# front of it (the test suite, the benchmarks on loopback).
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
# Sent on HTTPS answers only. Browsers remember it: start low (300) on a new domain.
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
# Preloading is a promise to browsers that is slow to take back: the operator opts in.
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
# Django's defaults, written out because the tests hold them: nosniff, same-origin referrers, DENY framing.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Cookies never leave over plain HTTP once DEBUG is off. Browsers accept Secure
# cookies from http://localhost, so a local smoke run without TLS still signs in.
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
# Every answer: HTML pages (the admin, the browsable API) load only their own
# files; JSON needs nothing. /api/docs/ adds what Swagger UI takes from its CDN
# (marketplace/api/docs.py).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [NONE],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [NONE],
    },
}

# --- Export paperwork (orders/paperwork) -------------------------------------------------
# Figures from the trade rules (UPU, EU-Morocco and US-Morocco agreements): editable
# here, never written in the code. Amounts are Decimal strings.
# The marketplace as it appears on every document (the party selling on the artisan's behalf).
PAPERWORK_MARKETPLACE_NAME = env.str("PAPERWORK_MARKETPLACE_NAME", default="Souk")
# The address as given (street, city: printed as is), without the country: the country is a
# code, printed by name in each document's language ("Maroc", "Marruecos", "المغرب").
PAPERWORK_MARKETPLACE_ADDRESS = env.str("PAPERWORK_MARKETPLACE_ADDRESS", default="Casablanca")
PAPERWORK_MARKETPLACE_COUNTRY = env.str("PAPERWORK_MARKETPLACE_COUNTRY", default="MA")
PAPERWORK_MARKETPLACE_ICE = env.str("PAPERWORK_MARKETPLACE_ICE", default="")
# The marketplace's IOSS number (EU Import One-Stop Shop: "IM" and 10 digits), printed on the
# commercial invoice and the CN22/CN23 of every parcel whose VAT was collected at checkout
# under IOSS (orders.paperwork.rules.vat_collected_under_ioss). With DEBUG on, a FAKE number
# for the demo (IM5040000000 is no one's registration); off, empty until the operator sets it
# (the documents then say the VAT was collected but no IOSS number is registered).
MARKETPLACE_IOSS_NUMBER = env.str("MARKETPLACE_IOSS_NUMBER", default="IM5040000000" if DEBUG else "")
# A parcel's gross weight at ready_to_ship is at least its goods' net weight plus this much
# packaging. 50 g is about the lightest wrapping a piece travels in (a padded envelope or a
# thin carton with paper): low enough never to refuse an honest light parcel, high enough to
# refuse a weight copied from the goods alone or typed short.
PARCEL_PACKAGING_MIN_GRAMS = env.int("PARCEL_PACKAGING_MIN_GRAMS", default=50)
# The services carry no size limits of their own (orders.models.ShippingService): the UPU
# parcel limits, which Colissimo and Amana apply to international parcels, hold for all.
PARCEL_MAX_SIDE_CM = env.int("PARCEL_MAX_SIDE_CM", default=150)  # the longest side
PARCEL_MAX_LENGTH_AND_GIRTH_CM = env.int("PARCEL_MAX_LENGTH_AND_GIRTH_CM", default=300)  # longest + 2 × (the others)

# How long the link in the "how was your parcel?" e-mail stays valid (orders/satisfaction.py).
SATISFACTION_LINK_DAYS = env.int("SATISFACTION_LINK_DAYS", default=30)

# Returns and damage claims (returns/services.py): opened within this many days of delivery;
# a piece worth at most this (MAD) may be refunded without being sent back; photos a request.
RETURNS_WINDOW_DAYS = env.int("RETURNS_WINDOW_DAYS", default=14)
RETURNS_REFUND_WITHOUT_RETURN_MAX_MAD = Decimal(env.str("RETURNS_REFUND_WITHOUT_RETURN_MAX_MAD", default="500.00"))
RETURNS_PHOTO_MAX_COUNT = env.int("RETURNS_PHOTO_MAX_COUNT", default=5)
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
# Orders of deleted accounts, anonymised once delivered or cancelled (accounts/services.py).
CELERY_BEAT_SCHEDULE["accounts-anonymise-finished"] = {
    "task": "accounts.tasks.accounts_anonymise_finished",
    "schedule": crontab(minute=40),
}
# The export dashboard's daily roll-up (analytics.rollup): the changed days often, every day at night.
CELERY_BEAT_SCHEDULE["export-rollup-refresh"] = {
    "task": "analytics.tasks.export_rollup_refresh",
    "schedule": crontab(minute="*/5"),
}
CELERY_BEAT_SCHEDULE["export-rollup-rebuild"] = {
    "task": "analytics.tasks.export_rollup_refresh",
    "schedule": crontab(minute=40, hour=3),
    "kwargs": {"full": True},
}
CELERY_BEAT_SCHEDULE["paperwork-sweep"] = {
    "task": "orders.paperwork.tasks.export_documents_sweep",
    "schedule": crontab(minute="*/15"),
}
# WeasyPrint logs every rendering step at INFO.
LOGGING["loggers"]["weasyprint"] = {"level": "WARNING"}
LOGGING["loggers"]["fontTools"] = {"level": "WARNING"}
# --- end of export paperwork ---------------------------------------------------------------

# --- Failing soft: Redis or PostgreSQL down (issue 13) ------------------------------------
# Neither a stopped Redis nor an unreachable database holds a request for long.
# The cache fails soft by itself (marketplace/cache_backend.py, CACHES above).
# The broker: a publish gets one connection attempt of half a second
# (marketplace/effects.py), then the work is stored and swept.
CELERY_BROKER_CONNECTION_TIMEOUT = 0.5
CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": 0.5, "socket_timeout": 0.5}
# Nothing reads a task's result: none is stored, and no caller subscribes to a
# result store that may be down (Celery's Redis result backend retries ~20 s).
CELERY_TASK_IGNORE_RESULT = True
# Were a result ever stored: a second at most per attempt, and one retry.
CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = 0.5
CELERY_REDIS_SOCKET_TIMEOUT = 1
CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS = {"retry_policy": {"max_retries": 1, "timeout": 1.0}}
# PostgreSQL: a connection that cannot be opened fails within this many seconds
# (libpq waits as long as the operating system otherwise); the API then answers
# 503 in the error shape and /healthz 503 naming the database (marketplace/database.py).
DATABASE_CONNECT_TIMEOUT = env.int("DATABASE_CONNECT_TIMEOUT", default=2)
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("connect_timeout", DATABASE_CONNECT_TIMEOUT)
# --- end of failing soft -------------------------------------------------------------------

# --- Docs offline, observability, readiness (README: Operations) --------------------------
# Swagger UI and ReDoc are served from the site's own static files
# (drf-spectacular-sidecar): /api/docs/ works with no network beyond the site.
INSTALLED_APPS.append("drf_spectacular_sidecar")
SPECTACULAR_SETTINGS.update(
    {
        "SWAGGER_UI_DIST": "SIDECAR",
        "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
        "REDOC_DIST": "SIDECAR",
        # Swagger UI would otherwise fetch a badge from validator.swagger.io.
        "SWAGGER_UI_SETTINGS": {"validatorUrl": None},
    }
)
# First, so every answer (a redirect, a 404, a 500 page too) carries X-Request-ID
# and every log line of the request names it (marketplace/request_id.py).
MIDDLEWARE.insert(0, "marketplace.request_id.RequestIdMiddleware")
MIDDLEWARE.insert(1, "marketplace.metrics.RequestMetricsMiddleware")
# Logs: one JSON object a line in production, plain text in development.
LOG_FORMAT = env.str("LOG_FORMAT", default="plain" if DEBUG else "json")
if LOG_FORMAT not in ("json", "plain"):
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(f"LOG_FORMAT must be json or plain, not {LOG_FORMAT!r}.")
LOGGING["filters"] = {"request_id": {"()": "marketplace.request_id.RequestIdLogFilter"}}
LOGGING["formatters"]["plain"]["format"] = "%(asctime)s %(levelname)s %(name)s [%(request_id)s]: %(message)s"
LOGGING["formatters"]["json"] = {
    "()": "pythonjsonlogger.json.JsonFormatter",
    # Each record's own extra fields follow these; "time" is ISO 8601 in UTC.
    "format": "%(levelname)s %(name)s %(message)s %(request_id)s",
    "rename_fields": {"levelname": "level", "name": "logger"},
    "timestamp": "time",
}
LOGGING["handlers"]["console"]["formatter"] = LOG_FORMAT
LOGGING["handlers"]["console"]["filters"] = ["request_id"]
# Celery's worker and beat keep these handlers (by default they replace the root's with their own plain ones).
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
# Errors to Sentry when a DSN is set (nothing is sent otherwise).
SENTRY_DSN = env.str("SENTRY_DSN", default="")
if SENTRY_DSN:
    import sentry_sdk

    sentry_sdk.init(
        dsn=SENTRY_DSN,
        environment=env.str("SENTRY_ENVIRONMENT", default="production"),
        traces_sample_rate=env.float("SENTRY_TRACES_SAMPLE_RATE", default=0.0),
        send_default_pii=False,
    )
# /metrics (Prometheus) answers only these client addresses (marketplace/client_ip.py)
# or a request with `Authorization: Bearer <METRICS_TOKEN>`; anyone else gets a 404.
METRICS_ALLOWED_IPS = env.list("METRICS_ALLOWED_IPS", default=["127.0.0.1", "::1"])
METRICS_TOKEN = env.str("METRICS_TOKEN", default="")
# A Celery worker serves its own counters (tasks failed, webhook events applied,
# documents generated) on this port; 0: not served.
CELERY_METRICS_PORT = env.int("CELERY_METRICS_PORT", default=0)
# Readiness (/readyz): each worker writes a heartbeat to Redis this often, and
# counts as alive while its last one is younger than the max age; beat counts as
# running while it started or sent a scheduled task within its max age (it sends two each minute).
WORKER_HEARTBEAT_SECONDS = env.int("WORKER_HEARTBEAT_SECONDS", default=15)
WORKER_HEARTBEAT_MAX_AGE_SECONDS = env.int("WORKER_HEARTBEAT_MAX_AGE_SECONDS", default=60)
BEAT_HEARTBEAT_MAX_AGE_SECONDS = env.int("BEAT_HEARTBEAT_MAX_AGE_SECONDS", default=180)
CELERY_BEAT_SCHEDULER = "config.celery:HeartbeatScheduler"
# Prometheus scrapes and the orchestrator's probes come over plain HTTP from inside.
SECURE_REDIRECT_EXEMPT += [r"^metrics$", r"^readyz$"]
# --- end of docs offline, observability, readiness ------------------------------------------
