"""The portal's settings, all read from the environment.

Every value has an embedded default that needs no server: SQLite and kombu's filesystem broker, both under
``var/``, so the portal runs on one machine with nothing else installed. Production points ``DATABASE_URL``
at PostgreSQL and ``CELERY_BROKER_URL`` at Redis. The README's configuration table lists every variable.
"""

from datetime import timedelta
from pathlib import Path

import django_stubs_ext
import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from portal.evidence_storage import evidence_storage_config
from portal.observability.errors import error_tracking_init

# Django's generic classes take their type arguments at run time too (``forms.ModelForm[Brand]``), as
# django-stubs declares them and mypy strict requires them.
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

# Local state (SQLite database, filesystem broker, collected static files) lives here.
VAR_DIR = Path(env.str("PORTAL_VAR_DIR", default=str(BASE_DIR / "var"))).resolve()
VAR_DIR.mkdir(parents=True, exist_ok=True)

# `make run` writes the local settings here once (a development key, DJANGO_DEBUG=1), so that commands typed
# after it (`manage.py check_compliance ...`) load the same settings. The environment still wins, and a
# server or container that never ran `make run` has no such file.
LOCAL_ENV_FILE = VAR_DIR / "local.env"
if LOCAL_ENV_FILE.is_file():
    environ.Env.read_env(LOCAL_ENV_FILE, overwrite=False)

DEBUG = env.bool("DJANGO_DEBUG", default=False)

SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. It is required when DJANGO_DEBUG=0; "
            "set DJANGO_DEBUG=1 to run with a development-only key, or run `make local-env` (which `make run` "
            "does) once in the checkout for local settings."
        )
    SECRET_KEY = "django-insecure-development-only-key-never-use-in-production"  # noqa: S105 - DEBUG only

ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "portal.apps.PortalConfig",
    "portal.apps.PortalAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "csp",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_celery_beat",
    "django_celery_results",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "tendlc",
]

MIDDLEWARE = [
    # First, so every later middleware's log lines and answers (redirects included) carry the request id.
    "portal.observability.request_ids.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "portal.timezones.UserTimeZoneMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "portal.sessions.IdleSessionMiddleware",
    "portal.two_factor.TwoFactorRequiredMiddleware",
    # Last, as django-axes requires: it turns a locked-out sign-in into the login page saying so.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"
ASGI_APPLICATION = "portal.asgi.application"

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
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------------------

DATABASES = {
    "default": env.db_url(
        "DATABASE_URL",
        default=f"sqlite:///{VAR_DIR / 'portal.sqlite3'}",
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Web, worker and beat share one SQLite file under `make run`: WAL lets readers proceed during a write,
    # IMMEDIATE transactions and a busy timeout turn lock contention into a short wait instead of
    # "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Sign-in protection (README "Sign-in protection") ---------------------------------------------------

# django-axes first: it refuses a locked-out sign-in before a password is checked. It needs the request in
# ``authenticate``, which Django's login form passes; API tokens and the webhook never call it.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("LOGIN_COOLOFF_MINUTES", default=15))
# Per account and address together: a guesser elsewhere cannot lock a colleague out of their own desk.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "portal.lockout.lockout_response"
# The portal's own admin page (tendlc.admin.sign_in_lockouts: plain words, an unlock action) replaces axes'.
AXES_ENABLE_ADMIN = False
# Quiet at start-up (its banner would open every management command's output); lockouts are still logged.
AXES_VERBOSE = False
# How many proxies in front of the portal append to X-Forwarded-For (portal.lockout.client_address).
LOGIN_PROXY_COUNT = env.int("LOGIN_PROXY_COUNT", default=0)
AXES_CLIENT_IP_CALLABLE = "portal.lockout.client_address"
# Two-factor sign-in (django-otp, tendlc.services.two_factor): anyone may turn it on; on, this makes
# superusers and Compliance admins set it up before any other admin page.
PORTAL_REQUIRE_TWO_FACTOR_FOR_ADMINS = env.bool("PORTAL_REQUIRE_TWO_FACTOR_FOR_ADMINS", default=False)
OTP_TOTP_ISSUER = "10DLC compliance portal"
# Signed out after this long without a page the person opened (portal.sessions says what counts).
SESSION_IDLE_MINUTES = env.int("SESSION_IDLE_MINUTES", default=30)

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"  # the server's, and the API's; the admin shows the user's (portal/timezones.py)
FORMAT_MODULE_PATH = "portal.formats"
USE_I18N = True
USE_TZ = True

# --- Static files ---------------------------------------------------------------------------------------

STATIC_URL = "static/"
STATIC_ROOT = Path(env.str("DJANGO_STATIC_ROOT", default=str(VAR_DIR / "static")))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "static"]
# Hashed names need `collectstatic` first; development and tests serve the files as they are.
_static_storage = (
    "whitenoise.storage.CompressedManifestStaticFilesStorage"
    if env.bool("DJANGO_STATIC_MANIFEST", default=not DEBUG)
    else "django.contrib.staticfiles.storage.StaticFilesStorage"
)

# --- Kept files (campaign evidence, the link checks' page snapshots) ---------------------------------------

# Opt-in screenshots, consent text and page snapshots, read only through the portal's own views (never a public
# URL: no MEDIA_URL). On this machine's disk by default; EVIDENCE_STORAGE_URL=s3://bucket/prefix?region=...&endpoint_url=...
# puts the evidence in an S3-compatible object store through django-storages, credentials from boto3's usual
# environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY) or the machine's role.
MEDIA_ROOT = Path(env.str("DJANGO_MEDIA_ROOT", default=str(VAR_DIR / "media"))).resolve()
EVIDENCE_STORAGE_URL = env.str("EVIDENCE_STORAGE_URL", default="")
# The largest file kept as evidence, in bytes (10 MB holds a full-page screenshot or a signed PDF).
EVIDENCE_MAX_BYTES = env.int("EVIDENCE_MAX_BYTES", default=10 * 1024 * 1024)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": _static_storage},
    "evidence": evidence_storage_config(url=EVIDENCE_STORAGE_URL),
}

# --- Security (secure by default outside debug; each switch can be turned off behind a TLS proxy) -------

SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=not DEBUG)
# Load balancers probe /healthz over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_SECURE = env.bool("DJANGO_SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
CSRF_FAILURE_VIEW = "tendlc.admin.refusals.csrf_failure"
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("DJANGO_SECURE_HSTS_PRELOAD", default=False)
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env.bool("DJANGO_SECURE_PROXY_SSL_HEADER", default=False) else None
)
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
# Every page loads only the portal's own scripts, styles, images and fonts, and none inline: the admin's and
# our templates pass values to static scripts in data attributes. Images also as data: URIs (Swagger UI's
# icons); no plugin, no framing, forms post only here.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# --- Cache ----------------------------------------------------------------------------------------------

# What must hold across web processes and machines lives here: the REST API's throttles and the assignment
# task page's poll claim. Local memory by default (one process, nothing to install); production sets a
# redis:// URL, which django-environ maps to Django's own RedisCache.
CACHES = {"default": env.cache_url("CACHE_URL", default="locmemcache://")}

# --- REST API (tendlc/api) ------------------------------------------------------------------------------

REST_FRAMEWORK = {
    # Tokens for other systems (issued and revoked by admins under "API tokens", kept only as hashes); the
    # session for a person trying the interactive docs while logged in to the admin (with two-factor sign-in
    # where the admin requires it).
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "tendlc.api.authentication.ApiTokenAuthentication",
        "tendlc.api.authentication.TwoFactorSessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["tendlc.api.permissions.PortalModelPermissions"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    # JSON as DRF reads it, bounded in depth and numbers (tendlc.api.parsers says which bodies it refuses).
    "DEFAULT_PARSER_CLASSES": [
        "tendlc.api.parsers.PortalJSONParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.SearchFilter",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "tendlc.api.pagination.PortalPagination",
    "DEFAULT_THROTTLE_CLASSES": ["tendlc.api.throttling.SharedUserRateThrottle"],
    # Per user: a user's tokens share one allowance.
    "DEFAULT_THROTTLE_RATES": {"user": env.str("API_THROTTLE_RATE", default="600/min")},
    "EXCEPTION_HANDLER": "tendlc.api.errors.exception_handler",
    "DEFAULT_SCHEMA_CLASS": "tendlc.api.schema.PortalAutoSchema",
}
API_CHOICE_SETS = (
    "EntityType", "Vertical", "StockExchange", "AltBusinessIdType", "IdentityStatus", "BrandStatus",
    "BrandRelationship", "CampaignStatus", "CampaignActivity", "SubmissionStatus", "AssignmentStatus",
    "TaskStatus", "OtpDeliveryStatus", "FeedbackCategory",
)  # fmt: skip
# The schema and docs describe an API for signed-in callers: they need a token or an admin session too unless
# published (tendlc.api.permissions.SchemaReaders reads this per request).
API_SCHEMA_PUBLIC = env.bool("API_SCHEMA_PUBLIC", default=False)
SPECTACULAR_SETTINGS = {
    "TITLE": "10DLC compliance portal API",
    "DESCRIPTION": "Brands, campaigns and phone-number assignments of the portal, and its workflows.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["tendlc.api.permissions.SchemaReaders"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    # No validator badge: it would send the schema's address to validator.swagger.io.
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "validatorUrl": None},
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # One name per choice set: left to itself drf-spectacular names a "status" enum after its component and
    # field, so Campaign.status (ACTIVE/EXPIRED) collided with the campaign status enum and took its values.
    "ENUM_NAME_OVERRIDES": {
        **{f"{name}Enum": f"tendlc.choices.{name}" for name in API_CHOICE_SETS},
        "AuditOutcomeEnum": "tendlc.models.audit.AuditOutcome",
        "DeliveryModeEnum": "tendlc.models.notifications.DeliveryMode",
        "NotificationKindEnum": "tendlc.models.notifications.NotificationKind",
        "SyncRunStateEnum": "tendlc.models.sync.SyncRunState",
        "WebhookEventStateEnum": "tendlc.models.webhooks.WebhookEventState",
    },
}

# --- Retention (tendlc/services/retention.py) -----------------------------------------------------------


def retention_days(name: str, default: int) -> int:
    """Days one kind of record is kept before the daily prune deletes it (0 keeps it forever), read from the
    environment variable ``name``; anything but a whole number of days stops the portal, naming the variable."""
    raw = env.str(name, default=str(default)).strip()
    if not (raw.isascii() and raw.isdigit()):
        raise ImproperlyConfigured(
            f"{name} must be a whole number of days (0 keeps the records forever), not {raw!r}."
        )
    return int(raw)


# What happened to what stays long: a campaign renews yearly, and two years keep the whole cycle before the
# current one for a carrier or TCR asking why a status changed or who did what. A webhook event, sync run or
# audit entry a kept timeline entry links to stays as long as that entry, so the timeline keeps its "why".
RETENTION_STATUS_CHANGES_DAYS = retention_days("RETENTION_STATUS_CHANGES_DAYS", 730)
RETENTION_AUDIT_DAYS = retention_days("RETENTION_AUDIT_DAYS", 730)
# Processed and reviewed webhook events: long past any redelivery or replay; failed ones stay for a person.
RETENTION_WEBHOOK_EVENTS_DAYS = retention_days("RETENTION_WEBHOOK_EVENTS_DAYS", 90)
RETENTION_SYNC_RUNS_DAYS = retention_days("RETENTION_SYNC_RUNS_DAYS", 90)
RETENTION_TASK_RESULTS_DAYS = retention_days("RETENTION_TASK_RESULTS_DAYS", 7)
# Read notifications with their sent e-mails, the events they told of, and the daily digests' records.
RETENTION_NOTIFICATIONS_DAYS = retention_days("RETENTION_NOTIFICATIONS_DAYS", 90)
# Link checks a newer check of the same campaign replaced, and checks of the builder's unsubmitted content.
RETENTION_LINK_CHECKS_DAYS = retention_days("RETENTION_LINK_CHECKS_DAYS", 180)
# A number upload checked and shown but never confirmed, with its rows.
RETENTION_UPLOAD_PREVIEWS_DAYS = retention_days("RETENTION_UPLOAD_PREVIEWS_DAYS", 1)

# --- Celery ---------------------------------------------------------------------------------------------

CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="filesystem://localhost/")
if CELERY_BROKER_URL.startswith("filesystem://"):
    # Producer and consumers must share one folder: the queue is a directory of message files.
    CELERY_BROKER_DIR = VAR_DIR / "celery-broker"
    for folder in ("queue", "control"):
        (CELERY_BROKER_DIR / folder).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(CELERY_BROKER_DIR / "queue"),
        "data_folder_out": str(CELERY_BROKER_DIR / "queue"),
        "control_folder": str(CELERY_BROKER_DIR / "control"),
        "store_processed": False,
    }
CELERY_BROKER_CONNECTION_TIMEOUT = env.float("CELERY_BROKER_CONNECTION_TIMEOUT", default=4.0)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_RESULT_BACKEND = env.str("CELERY_RESULT_BACKEND", default="django-db")
CELERY_RESULT_EXTENDED = True
# The daily prune (tendlc/services/retention.py) deletes the database backend's results in batches; set here
# too, beat's database scheduler would add its own `celery.backend_cleanup`, one unbounded DELETE. Other
# backends (Redis) expire results themselves, after the same number of days.
CELERY_RESULT_EXPIRES = (
    None
    if CELERY_RESULT_BACKEND == "django-db" or not RETENTION_TASK_RESULTS_DAYS
    else RETENTION_TASK_RESULTS_DAYS * 24 * 3600
)
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
# A task is acknowledged after it ran, so a worker killed mid-task leaves it to be redelivered; tasks are
# written to be idempotent for that reason.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=540)
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=600)
# On Redis a delivered task is unacknowledged until it ends (acks_late); one still unacknowledged after this
# many seconds is handed to another worker. It must outlast a task's whole life (the hard time limit, plus a
# sync unit's retry countdown, 60 s at most), and the shorter it is the sooner a killed worker's tasks run
# again: Redis' default is an hour. Celery asks for the same value in all three places it reads it
# (https://docs.celeryq.dev/en/stable/getting-started/backends-and-brokers/redis.html#redis-caveats). A webhook
# retry waits up to an hour, longer than this: its message may be redelivered before it is due, and
# processing an event twice is harmless (a processed event is skipped).
CELERY_VISIBILITY_TIMEOUT = env.int("CELERY_VISIBILITY_TIMEOUT", default=CELERY_TASK_TIME_LIMIT + 300)
if CELERY_BROKER_URL.startswith(("redis://", "rediss://")):
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": CELERY_VISIBILITY_TIMEOUT}
CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS = {"visibility_timeout": CELERY_VISIBILITY_TIMEOUT}
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"

# --- The 10DLC API --------------------------------------------------------------------------------------

TELNYX_API_KEY = env.str("TELNYX_API_KEY", default="")
TELNYX_API_BASE_URL = env.str("TELNYX_API_BASE_URL", default="https://api.telnyx.com/v2")
# Base64 of the ed25519 public key that signs incoming webhooks.
TELNYX_PUBLIC_KEY = env.str("TELNYX_PUBLIC_KEY", default="")
# Seconds a new webhook event waits for others about the same record, so one API read serves them all
# (tendlc/services/webhook_coalescing.py); 0 reads each event on its own.
WEBHOOK_COALESCE_SECONDS = env.float("WEBHOOK_COALESCE_SECONDS", default=2.0)
# A Redis where Telnyx's deliveries wait for a worker to store them in batches (tendlc/webhooks/buffer.py), so a
# burst is taken in at Redis' pace; empty stores each delivery as it arrives. The broker's Redis by default.
WEBHOOK_BUFFER_URL = env.str(
    "WEBHOOK_BUFFER_URL",
    default=CELERY_BROKER_URL if CELERY_BROKER_URL.startswith(("redis://", "rediss://")) else "",
)
# Where Telnyx (or the sandbox) reaches this portal, e.g. https://portal.example.com: new brands and campaigns
# then offer the portal's own webhook endpoint as their webhook URL. Empty: no default is offered.
PORTAL_PUBLIC_URL = env.str("PORTAL_PUBLIC_URL", default="")

# --- Notifications' e-mail -------------------------------------------------------------------------------
# Django's e-mail framework; `make run` sets the console backend, so notifications show in its terminal.
EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
EMAIL_USE_SSL = env.bool("EMAIL_USE_SSL", default=False)
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=20)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="10DLC portal <noreply@localhost>")
# API requests per second that syncs make, across all workers together (0 turns the cap off). Telnyx
# publishes no fixed figure for the 10DLC endpoints and answers 429 past its limit; 20 keeps a full sync of
# thousands of brands to minutes while leaving room for the portal's other calls.
TENDLC_API_RATE_LIMIT = env.float("TENDLC_API_RATE_LIMIT", default=20.0)
# Seconds a sync's lock outlives its last heartbeat: how long a crashed sync can block the next one.
TENDLC_SYNC_LOCK_TTL = env.int("TENDLC_SYNC_LOCK_TTL", default=300)
# A running sync writes a heartbeat this often (seconds) while any of its work is under way, however long a
# page takes; one silent for TENDLC_SYNC_STALE_AFTER seconds has crashed, and whatever starts the next sync
# closes it first. Silence must outlast the longest pause between a run's units (a unit's retry waits 60 s at
# most) and stay well under the lock's TTL, so a crash is found before the lock would have let go.
TENDLC_SYNC_HEARTBEAT = env.float("TENDLC_SYNC_HEARTBEAT", default=15.0)
TENDLC_SYNC_STALE_AFTER = env.float("TENDLC_SYNC_STALE_AFTER", default=120.0)

# --- Link checks (tendlc/services/link_fetch.py) ------------------------------------------------------

# Seconds to connect to a site, and to wait for each read of its answer; a page still arriving after
# LINK_CHECK_TOTAL_SECONDS is given up as too slow.
LINK_CHECK_CONNECT_TIMEOUT = env.float("LINK_CHECK_CONNECT_TIMEOUT", default=5.0)
LINK_CHECK_READ_TIMEOUT = env.float("LINK_CHECK_READ_TIMEOUT", default=10.0)
LINK_CHECK_TOTAL_SECONDS = env.float("LINK_CHECK_TOTAL_SECONDS", default=30.0)
# Bytes of a page read at most: a policy page is tens of kilobytes; more is stopped and reported.
LINK_CHECK_MAX_BYTES = env.int("LINK_CHECK_MAX_BYTES", default=2_000_000)
# Redirects followed at most, each hop's host checked like the first.
LINK_CHECK_MAX_REDIRECTS = env.int("LINK_CHECK_MAX_REDIRECTS", default=5)
# True lets the check open private, loopback and link-local addresses: only for tests that serve pages on this
# machine. Off, a URL whose host is (or resolves to) such an address is refused unopened, so a URL typed into
# a campaign cannot make the portal reach its own network.
LINK_CHECK_ALLOW_PRIVATE_ADDRESSES = env.bool("LINK_CHECK_ALLOW_PRIVATE_ADDRESSES", default=False)
# Live campaigns checked by one task of the weekly run (its time limit allows ten at the slowest).
LINK_CHECK_BATCH_SIZE = env.int("LINK_CHECK_BATCH_SIZE", default=10)

# --- Health (portal/health.py) --------------------------------------------------------------------------

# Seconds the detailed health view waits for a worker to answer its ping.
HEALTH_WORKER_PING_TIMEOUT = env.float("HEALTH_WORKER_PING_TIMEOUT", default=1.0)
# Seconds since beat last started a scheduled task after which it counts as late: several schedules run every
# minute, and django-celery-beat writes their last run to the database every 3 minutes.
HEALTH_BEAT_LATE_AFTER = env.int("HEALTH_BEAT_LATE_AFTER", default=600)
# Seconds a stored webhook event may wait unprocessed (the sweep runs every minute) before health fails.
HEALTH_WEBHOOK_LATE_AFTER = env.int("HEALTH_WEBHOOK_LATE_AFTER", default=900)

# --- Logging and error tracking -------------------------------------------------------------------------

# `json`: one JSON object per line for a log collector; python-json-logger turns each record, its `extra`
# fields included, into one, so the request, webhook event, task and API request ids become searchable fields.
LOG_FORMAT = env.str("LOG_FORMAT", default="plain")
if LOG_FORMAT not in ("plain", "json"):
    raise ImproperlyConfigured(f"LOG_FORMAT must be plain or json, not {LOG_FORMAT!r}.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"context": {"()": "tendlc.log_context.ContextFilter"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"},
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": LOG_FORMAT,
            "filters": ["context"],
        },
    },
    "root": {"handlers": ["console"], "level": env.str("DJANGO_LOG_LEVEL", default="INFO")},
}

SENTRY_DSN = env.str("SENTRY_DSN", default="")
error_tracking_init(
    dsn=SENTRY_DSN,
    environment=env.str("SENTRY_ENVIRONMENT", default=""),
    secrets=[TELNYX_API_KEY, SECRET_KEY],
)
