"""Settings of the WPS Focal Points Network, read from the environment.

One file, no settings zoo. With nothing set the project runs in development
mode on an SQLite file beside this package, with a development secret key.
Production sets at least SECRET_KEY, ALLOWED_HOSTS and DATABASE_URL; see the
README for every variable.

Length: one settings file by choice (no settings zoo): every variable a
deployment may set is read here, in sections, each with the comment that says
what it does.
"""

import datetime
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    """Read a yes/no variable; 1/true/yes/on (any case) mean yes."""
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    """Read a comma-separated list, ignoring blanks."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_int(name, default):
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.") from exc


# Setting a real SECRET_KEY is the first step of a production set-up, so it
# flips DEBUG's default off: a deployment that forgets DEBUG=0 does not leak
# tracebacks. An explicit DEBUG always wins.
_secret_key = os.environ.get("SECRET_KEY", "").strip()
DEBUG = env_bool("DEBUG", default=not _secret_key)

if _secret_key:
    SECRET_KEY = _secret_key
elif DEBUG:
    SECRET_KEY = "django-insecure-development-only-key-never-use-in-production-0123456789"  # noqa: S105
else:
    raise ImproperlyConfigured(
        "SECRET_KEY is not set. Production (DEBUG off) needs a long random SECRET_KEY; "
        "for development set DEBUG=1 instead."
    )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
# Where the site is reached from outside, for links in emails and feeds sent
# by background workers that have no request to build them from. Production
# has no default: `check --deploy` fails until it is an https public address
# (network/core/checks.py).
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000" if DEBUG else "").rstrip("/")

INSTALLED_APPS = [
    # Before the admin: its admin classes and widgets must load first.
    "modeltranslation",
    "network.apps.SecretariatAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_countries",
    "simple_history",
    "import_export",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "anymail",
    "network",
    # After network, whose db_worker (the worker and the schedule) replaces its own.
    "django_tasks_db",
    "focalpoints",
    "meetings",
    "newsletters",
]

MIDDLEWARE = [
    "network.core.logs.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # An ETag from the finished body of every GET, and 304 to a client that has it.
    "django.middleware.http.ConditionalGetMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks, so that it sees the outcome of authentication.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "network.urls"
WSGI_APPLICATION = "network.wsgi.application"
ASGI_APPLICATION = "network.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "network.core.context_processors.viewer",
                # The "sample data" notice while the sample layer exists (issue 15).
                "network.sample.sample_notice",
            ],
        },
    },
]

# --- Database -----------------------------------------------------------------
# DATABASE_URL, e.g. postgres://user:password@127.0.0.1:5432/wps; without it an
# SQLite file in the project folder, so a newcomer needs nothing installed.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A web server and a worker share the file; wait for each other's locks
    # instead of failing with "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "transaction_mode": "IMMEDIATE"}
    )
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Accounts -------------------------------------------------------------------
AUTH_USER_MODEL = "network.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 60 * 60 * 24 * 14)
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24 * 3

# Lock an account+address pair out after repeated failed logins. The login is
# normalised (case, spaces) before it is counted, the address is the client's
# as the trusted proxies saw it (never a header the client writes), and the
# lock lasts 15 minutes: the owner, elsewhere, is not locked out (issue 12).
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_USERNAME_CALLABLE = "network.core.security.axes_username"
AXES_CLIENT_IP_CALLABLE = "network.core.security.client_address"
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# Staff who registered a TOTP device always give its code; with this on, every
# staff user must have one (network/admin_site.py).
STAFF_REQUIRE_2FA = env_bool("STAFF_REQUIRE_2FA")
OTP_TOTP_ISSUER = "WPS Focal Points Network"
AXES_USERNAME_FORM_FIELD = "username"

# --- Internationalisation -----------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("es", _("Spanish")), ("fr", _("French"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True

# Content in three languages (docs/languages.md): django-modeltranslation adds
# a column per language to the fields each app's translation.py names. The
# English column is the original text; a reader whose language has no
# translation is shown the original, marked (network.core.translations).
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_LANGUAGES = ("en", "es", "fr")
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en", "es", "fr")
# Slugs come from the English title, whatever the language of the admin.
MODELTRANSLATION_PREPOPULATE_LANGUAGE = "en"
USE_TZ = True

# --- Static and uploaded files -------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        # The manifest needs collectstatic; development serves files as they are.
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG or env_bool("PLAIN_STATIC_STORAGE")
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024


# --- Email ----------------------------------------------------------------------
# Django 6.1's MAILERS, built from EMAIL_* variables. EMAIL_BACKEND defaults to
# the console (mail printed) in development and SMTP in production. The
# "newsletters" mailer may point at a bulk provider; by default it is the same.
def _mailer(prefix):
    backend = os.environ.get(
        f"{prefix}BACKEND",
        "django.core.mail.backends.console.EmailBackend"
        if DEBUG
        else "django.core.mail.backends.smtp.EmailBackend",
    )
    options = {}
    if backend.endswith("smtp.EmailBackend"):
        options = {
            "host": os.environ.get(f"{prefix}HOST", "localhost"),
            "port": env_int(f"{prefix}PORT", 25),
            "username": os.environ.get(f"{prefix}HOST_USER", ""),
            "password": os.environ.get(f"{prefix}HOST_PASSWORD", ""),
            "use_tls": env_bool(f"{prefix}USE_TLS"),
            "use_ssl": env_bool(f"{prefix}USE_SSL"),
            "timeout": env_int(f"{prefix}TIMEOUT", 30),
        }
    return {"BACKEND": backend, "OPTIONS": options}


MAILERS = {"default": _mailer("EMAIL_")}
MAILERS["newsletters"] = (
    _mailer("NEWSLETTER_EMAIL_")
    if os.environ.get("NEWSLETTER_EMAIL_BACKEND") or os.environ.get("NEWSLETTER_EMAIL_HOST")
    else MAILERS["default"]
)
DEFAULT_FROM_EMAIL = os.environ.get(
    "DEFAULT_FROM_EMAIL", "WPS Focal Points Network <secretariat@example.org>"
)
SERVER_EMAIL = os.environ.get("SERVER_EMAIL", DEFAULT_FROM_EMAIL)
ADMINS = env_list("ADMINS")

# --- Background tasks -----------------------------------------------------------
TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default", "newsletters"],
    }
}

# --- Security -------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # the login form's JavaScript-free pages do not need it
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    # Inline style attributes (the admin's and the SVG map's) are low-risk;
    # scripts are not, so they need the per-response nonce.
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    # Behind a TLS-terminating proxy that sets X-Forwarded-Proto.
    if env_bool("BEHIND_TLS_PROXY"):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# --- REST API (partners) ----------------------------------------------------------
# Conventions in docs/api.md. Partner tokens (network.PartnerToken) are read-only;
# browsers use the session (CSRF enforced). Rates are "N/second|minute|hour|day".
REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # First, so that a request without credentials gets 401 with WWW-Authenticate.
        "network.api.authentication.PartnerTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["network.api.permissions.ApiPermission"],
    "DEFAULT_RENDERER_CLASSES": ["network.api.renderers.ORJSONRenderer"],
    # An unknown ?format= is a 400 naming it, not DRF's 404.
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "network.api.renderers.StrictFormatNegotiation",
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_PAGINATION_CLASS": "network.api.pagination.ApiPagination",
    "DEFAULT_THROTTLE_CLASSES": [
        "network.api.throttling.PartnerTokenThrottle",
        "network.api.throttling.AnonymousThrottle",
        "network.api.throttling.UserThrottle",
    ],
    "EXCEPTION_HANDLER": "network.api.exceptions.api_exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    "DATETIME_FORMAT": "iso-8601",
    "ORDERING_PARAM": "ordering",
    # How many proxies in front append to X-Forwarded-For; with none, the
    # header is ignored, so that a client cannot dodge its rate by forging it.
    "NUM_PROXIES": env_int("API_NUM_PROXIES", 1 if env_bool("BEHIND_TLS_PROXY") else 0),
}
API_THROTTLE_RATES = {
    "anonymous": os.environ.get("API_ANONYMOUS_RATE", "60/minute"),
    "partner": os.environ.get("API_PARTNER_RATE", "600/minute"),
    "user": os.environ.get("API_USER_RATE", "600/minute"),
}
API_PAGE_SIZE = 50
API_MAX_PAGE_SIZE = 500
# Counts of lists are cached per query and dropped on any write through the ORM;
# this bounds how long writes that bypass signals (bulk updates) go unseen.
API_COUNT_CACHE_SECONDS = env_int("API_COUNT_CACHE_SECONDS", 60)
SPECTACULAR_SETTINGS = {
    "TITLE": "WPS Focal Points Network API",
    "VERSION": "1.0.0",
    "DESCRIPTION": "Members, people and their appointments, regions, themes, "
    "organisations, action plans, meetings, commitments and the newsletter archive of "
    "the Women, Peace and Security Focal Points Network.\n\n"
    "Anyone may read what the public sees; partners send a token "
    "(`Authorization: Token wps_…`) for their own rate limit. People appear only "
    "with their consent to public listing, and never with contact details. "
    "Lists take `page`, `page_size` (1–500), filters, `ordering`, `updated_since` "
    "(ISO 8601) and `format=csv`; an unknown parameter or value is a 400. "
    "Answers carry an `ETag`; send it back in `If-None-Match` to get a 304. "
    "Conventions: /api/v1/docs/ and docs/api.md in the repository.",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Swagger UI's deep links put a link inside each operation's toggle button,
    # which screen readers cannot reach (axe: nested-interactive); without them
    # the path is plain text in the button.
    "SWAGGER_UI_SETTINGS": {"deepLinking": False},
    "COMPONENT_SPLIT_REQUEST": True,
    "COMPONENT_SPLIT_PATCH": True,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "network.api.schema.add_error_responses",
        # Last: partners are served only the methods they may call.
        "network.api.schema.only_permitted_methods",
    ],
    # Stable names in the OpenAPI schema for the choice sets several fields share.
    "ENUM_NAME_OVERRIDES": {
        "RoleEnum": "focalpoints.choices.Role",
        "MemberKindEnum": "network.choices.MemberKind",
        "PlanStatusEnum": "network.choices.PlanStatus",
        "PlanScopeEnum": "network.choices.PlanScope",
        "DatePrecisionEnum": "network.choices.DatePrecision",
        "MeetingKindEnum": "meetings.choices.MeetingKind",
        "MeetingStatusEnum": "meetings.choices.MeetingStatus",
        "SessionKindEnum": "meetings.choices.SessionKind",
        "SessionRoleKindEnum": "meetings.choices.SessionRoleKind",
        "RegistrationStatusEnum": "meetings.choices.RegistrationStatus",
        "CommitmentStatusEnum": "meetings.choices.CommitmentStatus",
        "EntryKindEnum": "newsletters.choices.EntryKind",
        "IssueStatusEnum": "newsletters.choices.IssueStatus",
    },
}

# --- Import / export ------------------------------------------------------------
IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_EXPORT_SKIP_ADMIN_LOG = False
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "change"
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "view"

# --- Logging --------------------------------------------------------------------
LOG_FORMAT = os.environ.get("LOG_FORMAT", "text")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "text": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {"()": "network.core.logs.JsonFormatter"},
    },
    # No signed link's secret in Django's own request records (network/core/logs.py).
    "filters": {"redact_paths": {"()": "network.core.logs.RedactPathsFilter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json" if LOG_FORMAT == "json" else "text",
            "filters": ["redact_paths"],
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # runserver logs each request itself; ours are for production servers.
        "network.requests": {"level": os.environ.get("REQUEST_LOG_LEVEL", "INFO")},
        "django.server": {"level": "WARNING"},
    },
}

# --- The network ----------------------------------------------------------------
# A person's details are due for verification after this many days.
VERIFICATION_INTERVAL_DAYS = env_int("VERIFICATION_INTERVAL_DAYS", 365)

# --- Action plans ---------------------------------------------------------------
# Limits of one action-plan import (manage.py import_action_plans, the admin).
ACTION_PLAN_IMPORT_MAX_BYTES = env_int("ACTION_PLAN_IMPORT_MAX_BYTES", 1024 * 1024)
ACTION_PLAN_IMPORT_MAX_ROWS = env_int("ACTION_PLAN_IMPORT_MAX_ROWS", 2000)

# --- Members' site (accounts, directory, self-service) -----------------------------
# django-axes shows this page (HTTP 429) to a locked-out account+address.
AXES_LOCKOUT_TEMPLATE = "registration/lockout.html"
# Signed links sent by email stop working after this many days.
INVITATION_LINK_MAX_AGE_DAYS = env_int("INVITATION_LINK_MAX_AGE_DAYS", 14)
VERIFICATION_LINK_MAX_AGE_DAYS = env_int("VERIFICATION_LINK_MAX_AGE_DAYS", 30)
# People per directory page, and the sizes a visitor may ask for with ?per_page=.
DIRECTORY_PAGE_SIZES = [25, 50, 100]

# --- Admin spreadsheets (focalpoints/resources.py) -----------------------------
# Control characters that XLSX cannot hold (pasted from PDFs into a biography)
# become U+FFFD instead of failing the whole export. Formula escaping is done by
# the resources themselves (see focalpoints/resources.py for why
# IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT is not used).
IMPORT_EXPORT_ESCAPE_ILLEGAL_CHARS_ON_EXPORT = True

# --- Newsletters ------------------------------------------------------------------
# Sender and replies of the newsletter and its confirmation emails.
NEWSLETTER_FROM_EMAIL = os.environ.get("NEWSLETTER_FROM_EMAIL", DEFAULT_FROM_EMAIL)
NEWSLETTER_REPLY_TO = env_list("NEWSLETTER_REPLY_TO")
# The right-hand side of Message-IDs (<...@domain>): the sending domain.
NEWSLETTER_MESSAGE_ID_DOMAIN = os.environ.get("NEWSLETTER_MESSAGE_ID_DOMAIN", "") or (
    NEWSLETTER_FROM_EMAIL.rpartition("@")[2].strip(" >") or "localhost"
)
# A mailbox that unsubscribes whoever writes to it (List-Unsubscribe's mailto:);
# blank leaves only the https one-click link in the header.
NEWSLETTER_UNSUBSCRIBE_MAILTO = os.environ.get("NEWSLETTER_UNSUBSCRIBE_MAILTO", "")
try:
    # Messages per second and per worker; 0 means as fast as the server takes them.
    NEWSLETTER_SEND_RATE = float(os.environ.get("NEWSLETTER_SEND_RATE", "10") or 0)
except ValueError as exc:
    raise ImproperlyConfigured(
        "NEWSLETTER_SEND_RATE must be a number of messages per second."
    ) from exc
# Attempts per delivery before a transient failure becomes a failure; the wait
# between attempts doubles from NEWSLETTER_RETRY_DELAY seconds.
NEWSLETTER_MAX_ATTEMPTS = env_int("NEWSLETTER_MAX_ATTEMPTS", 5)
NEWSLETTER_RETRY_DELAY = env_int("NEWSLETTER_RETRY_DELAY", 60)
# Deliveries read per query, and seconds a send task works before handing over
# to a fresh task (so a worker told to stop does not wait for a whole send).
NEWSLETTER_BATCH_SIZE = env_int("NEWSLETTER_BATCH_SIZE", 50)
NEWSLETTER_TASK_SLICE_SECONDS = env_int("NEWSLETTER_TASK_SLICE_SECONDS", 60)
# Wait for PostgreSQL to flush each delivery's outcome to disk (see
# newsletters/services.py: off by default; a worker's death loses nothing).
NEWSLETTER_DURABLE_COMMIT = env_bool("NEWSLETTER_DURABLE_COMMIT", False)
# How long a confirmation link is good for (seconds).
NEWSLETTER_CONFIRMATION_MAX_AGE = env_int("NEWSLETTER_CONFIRMATION_MAX_AGE", 60 * 60 * 24 * 3)
# Bearer token of the generic bounce/complaint webhook; blank disables it.
NEWSLETTER_WEBHOOK_TOKEN = os.environ.get("NEWSLETTER_WEBHOOK_TOKEN", "")
# django-anymail's tracking webhooks (/newsletters/anymail/<provider>/tracking/)
# authenticate with HTTP basic auth "user:password".
ANYMAIL = {"WEBHOOK_SECRET": os.environ.get("ANYMAIL_WEBHOOK_SECRET", "")}
# Only the providers the mailers send through get a tracking webhook (issue 12):
# by default those named by an anymail backend in MAILERS ("anymail.backends.
# mailgun.EmailBackend" → mailgun); ANYMAIL_WEBHOOK_PROVIDERS overrides.
ANYMAIL_WEBHOOK_PROVIDERS = env_list(
    "ANYMAIL_WEBHOOK_PROVIDERS",
    ",".join(
        sorted(
            {
                mailer["BACKEND"].split(".")[2]
                for mailer in MAILERS.values()
                if mailer["BACKEND"].startswith("anymail.backends.")
            }
        )
    ),
)

# --- Performance and scale-out (docs/performance.md, docs/deployment.md) ------------
# Values computed from the data (filter choices …) are cached until any write
# through the ORM, or at most this many seconds (writes that bypass signals).
DATA_CACHE_SECONDS = env_int("DATA_CACHE_SECONDS", 600)


def _cache_from_url(url):
    """CACHES["default"] from CACHE_URL: db://[table], locmem://, redis://…,
    memcached://host:port, dummy://."""
    scheme, _, rest = url.partition("://")
    if scheme == "db":
        return {
            "BACKEND": "network.core.cache_backend.DatabaseCache",
            "LOCATION": rest or "wps_cache",
            "OPTIONS": {"MAX_ENTRIES": env_int("CACHE_MAX_ENTRIES", 100_000)},
        }
    if scheme == "locmem":
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": rest}
    if scheme in ("redis", "rediss"):
        return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
    if scheme == "memcached":
        return {"BACKEND": "django.core.cache.backends.memcached.PyMemcacheCache", "LOCATION": rest}
    if scheme == "dummy":
        return {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    raise ImproperlyConfigured(
        f"CACHE_URL {url!r} is not db://[table], locmem://, redis://…, memcached://… or dummy://."
    )


# Web processes keep no state of their own: API rate buckets, cached counts
# and cached filter choices live in a cache that every process and machine
# shares. By default, in production, the database's table wps_cache (made by
# the migrations); in development (one process), each process's memory.
CACHE_URL = os.environ.get("CACHE_URL", "").strip() or ("locmem://" if DEBUG else "db://wps_cache")
CACHES = {"default": _cache_from_url(CACHE_URL)}
# Sessions are rows of the database (Django's default engine), shared too.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
# Uploaded files go through Django's storage API; an object store plugs in
# here (e.g. MEDIA_STORAGE=storages.backends.s3.S3Storage with its options as
# JSON in MEDIA_STORAGE_OPTIONS, after installing django-storages).
if os.environ.get("MEDIA_STORAGE", "").strip():
    import json as _json

    STORAGES["default"] = {
        "BACKEND": os.environ["MEDIA_STORAGE"].strip(),
        "OPTIONS": _json.loads(os.environ.get("MEDIA_STORAGE_OPTIONS", "") or "{}"),
    }

# --- Security and data protection (docs/security.md) ------------------------------
# Staff hold everyone's data: their logins last a working day, not two weeks.
STAFF_SESSION_COOKIE_AGE = env_int("STAFF_SESSION_COOKIE_AGE", 60 * 60 * 10)
# Browser features the site never uses are switched off for it and anything it embeds.
# (django-permissions-policy's middleware writes the header.)
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "camera",
        "microphone",
        "geolocation",
        "payment",
        "usb",
        "magnetometer",
        "gyroscope",
        "accelerometer",
        "display-capture",
    )
}
# Subscriptions never confirmed are deleted after this many days
# (manage.py delete_unconfirmed_subscriptions, run daily).
NEWSLETTER_UNCONFIRMED_RETENTION_DAYS = env_int("NEWSLETTER_UNCONFIRMED_RETENTION_DAYS", 30)
# Limits of a people or appointments spreadsheet imported in the admin.
SPREADSHEET_IMPORT_MAX_BYTES = env_int("SPREADSHEET_IMPORT_MAX_BYTES", 2 * 1024 * 1024)
SPREADSHEET_IMPORT_MAX_ROWS = env_int("SPREADSHEET_IMPORT_MAX_ROWS", 5000)
# Files attached to meetings (agendas, summaries): size and kinds accepted.
MEETING_DOCUMENT_MAX_BYTES = env_int("MEETING_DOCUMENT_MAX_BYTES", 20 * 1024 * 1024)

# --- The coordinator's week (docs/coordinator.md) ---------------------------------
# Invitations to meetings: how long the accept/decline link works, and reminders
# to those who have not answered (after N days, at most M times).
INVITATION_REPLY_MAX_AGE_DAYS = env_int("INVITATION_REPLY_MAX_AGE_DAYS", 90)
INVITATION_REMINDER_AFTER_DAYS = env_int("INVITATION_REMINDER_AFTER_DAYS", 7)
INVITATION_REMINDER_MAX_COUNT = env_int("INVITATION_REMINDER_MAX_COUNT", 2)
# Verification requests: unanswered ones are reminded after N days, at most M times.
VERIFICATION_REMINDER_AFTER_DAYS = env_int("VERIFICATION_REMINDER_AFTER_DAYS", 14)
VERIFICATION_REMINDER_MAX_COUNT = env_int("VERIFICATION_REMINDER_MAX_COUNT", 2)
# The scheduler (django-crontask) runs inside `manage.py db_worker`; each job can
# be switched off (SCHEDULE_<JOB>=0). Times are cron lines in TIME_ZONE.
SCHEDULED_JOBS = {
    name: env_bool(f"SCHEDULE_{name.upper()}", True)
    for name in ("verification", "invitations", "meetings", "commitments", "retention", "resume")
}
SCHEDULER_IN_WORKER = env_bool("SCHEDULER_IN_WORKER", True)
# At most this many verification requests a scheduled run (the rest wait a day).
VERIFICATION_BATCH_SIZE = env_int("VERIFICATION_BATCH_SIZE", 200)
# Scheduled reminders: registration closing within N days (to the unanswered
# invitations), commitments due within N days or past due (to the focal points).
REGISTRATION_CLOSING_REMINDER_DAYS = env_int("REGISTRATION_CLOSING_REMINDER_DAYS", 3)
COMMITMENT_REMINDER_DAYS = env_int("COMMITMENT_REMINDER_DAYS", 30)
# Members' proposals of newsletter entries, and the document library (issue 17).
NEWSLETTER_PROPOSALS_PER_DAY = env_int("NEWSLETTER_PROPOSALS_PER_DAY", 5)
LIBRARY_DOCUMENT_MAX_BYTES = env_int("LIBRARY_DOCUMENT_MAX_BYTES", 20 * 1024 * 1024)
