"""Django settings for Tripwire.

Every value comes from the environment through `tripwire_site.env`; `.env.example` lists each
variable with its default. With nothing set, Tripwire runs on SQLite under ./data with the django-q2
ORM broker: no other service is needed.
"""

from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path
from typing import Any

import dj_database_url
import django_stubs_ext

from tripwire_site.env import (
    env_bool,
    env_choice,
    env_float,
    env_int,
    env_list,
    env_path,
    env_secret,
    env_str,
)

# Lets `ModelAdmin[User]` and friends be written at runtime, as the type checker wants them.
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent.parent

DATA_DIR = env_path("TRIPWIRE_DATA_DIR", BASE_DIR / "data")
DATA_DIR.mkdir(parents=True, exist_ok=True)
ARTIFACTS_DIR = DATA_DIR / "artifacts"
ARTIFACTS_DIR.mkdir(parents=True, exist_ok=True)


def _secret_key() -> str:
    configured = env_secret("TRIPWIRE_SECRET_KEY")
    if configured:
        return configured
    key_file = DATA_DIR / "secret_key"
    try:
        # O_EXCL: when the web process and a worker start together, exactly one writes the key.
        fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return key_file.read_text(encoding="utf-8").strip()
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        key = secrets.token_urlsafe(50)
        handle.write(key)
    return key


SECRET_KEY = _secret_key()
DEBUG = env_bool("TRIPWIRE_DEBUG", False)
ALLOWED_HOSTS = env_list("TRIPWIRE_ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("TRIPWIRE_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_q",
    "corsheaders",
    "django_htmx",
    "csp",
    "core",
    "suites",
    "runs",
    "insights",
    "issues",
    "generation",
    "recording",
]

MIDDLEWARE = [
    # Outermost: it sees every answer, including those of the middleware below it.
    "core.middleware.ApiErrorsAsJson",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "csp.middleware.CSPMiddleware",
]

ROOT_URLCONF = "tripwire_site.urls"
WSGI_APPLICATION = "tripwire_site.wsgi.application"

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
                "core.context_processors.navigation",
            ],
        },
    },
]


def _databases() -> dict[str, Any]:
    url = env_secret("TRIPWIRE_DATABASE_URL")
    if url:
        # Persistent connections: the ORM broker reconnects per task otherwise (~70 ms each on TCP).
        return {
            "default": dj_database_url.parse(
                url, conn_max_age=600, conn_health_checks=True
            )
        }
    return {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": DATA_DIR / "tripwire.sqlite3",
            "OPTIONS": {
                # The web process and the workers share the file: wait for locks instead of failing,
                # and take the write lock at BEGIN so a read-then-write never deadlocks.
                "timeout": 20,
                "transaction_mode": "IMMEDIATE",
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            },
        }
    }


DATABASES = _databases()
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "core.User"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"
    },
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 8},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "/login"
LOGIN_REDIRECT_URL = "/"

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
# Serve straight from the app folders: no collectstatic step on a fresh checkout.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

# Screenshot checks post full-page PNGs as base64; Django's 2.5 MB default is too small.
DATA_UPLOAD_MAX_MEMORY_SIZE = 32 * 1024 * 1024

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

# The pages' policy: scripts only from this server (htmx is a file too), no plugins, no framing.
# Inline styles are allowed: the server-rendered SVG charts carry theirs. The trace viewer's
# pages widen this for themselves (runs/views_trace.py).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "font-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# Served over https (directly or behind a proxy that terminates TLS): one switch for what
# `check --deploy` asks. The proxy must set X-Forwarded-Proto; http requests are redirected.
HTTPS = env_bool("TRIPWIRE_HTTPS", False)
if HTTPS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = True
    # Health checks come from load balancers over plain http inside the network.
    SECURE_REDIRECT_EXEMPT = [r"^health", r"^api/v1/health"]
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("TRIPWIRE_HSTS_SECONDS", 31_536_000, minimum=0)
    # Both bind every host of the domain to https, so they are the operator's call (check
    # --deploy's W005/W021 stay until they are made).
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("TRIPWIRE_HSTS_SUBDOMAINS", False)
    SECURE_HSTS_PRELOAD = env_bool("TRIPWIRE_HSTS_PRELOAD", False)

# Dashboards on other origins calling the API from a browser. Off unless origins are listed.
CORS_ALLOWED_ORIGINS = env_list("TRIPWIRE_CORS_ORIGINS", [])
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_CREDENTIALS = False

# --- API -----------------------------------------------------------------------------------------

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["core.api.authentication.BearerAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["core.api.parsers.JsonParser"],
    "DEFAULT_PAGINATION_CLASS": "core.api.pagination.Pagination",
    "DEFAULT_METADATA_CLASS": "core.api.metadata.ApiMetadata",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "core.api.exception_handler.handle_exception",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "UNAUTHENTICATED_USER": None,
}

SESSION_HOURS = env_int("TRIPWIRE_SESSION_HOURS", 12, minimum=1)
# Pages sign in with a session cookie that lasts as long as an API session token.
SESSION_COOKIE_AGE = 3600 * SESSION_HOURS
SIMPLE_JWT = {
    "ACCESS_TOKEN_LIFETIME": timedelta(hours=SESSION_HOURS),
    "AUTH_HEADER_TYPES": ("Bearer",),
    "USER_ID_FIELD": "id",
    "USER_ID_CLAIM": "user_id",
    "SIGNING_KEY": SECRET_KEY,
    "ALGORITHM": "HS256",
    "UPDATE_LAST_LOGIN": False,
    # A session token carries a digest of the password hash: changing the password ends it.
    "CHECK_REVOKE_TOKEN": True,
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Tripwire API",
    "DESCRIPTION": (
        "Self-hosted, self-healing end-to-end testing. Authenticate with "
        "`Authorization: Bearer <jwt or tw_ API token>`."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SCHEMA_PATH_PREFIX": "/api/v1",
    # Several resources have a `status`; name each choice set so clients get stable type names.
    "ENUM_NAME_OVERRIDES": {
        "RunStatusEnum": "runs.models.RunStatus",
        "IssueStatusEnum": "issues.models.IssueStatus",
        "SeverityEnum": "issues.models.Severity",
        "CheckStatusEnum": ["passed", "failed"],
    },
    "PREPROCESSING_HOOKS": ["core.api.schema.only_api_v1"],
}

# --- Runs, browser, model ------------------------------------------------------------------------

MAX_CONCURRENT_RUNS = env_int("TRIPWIRE_MAX_CONCURRENT_RUNS", 2, minimum=1)
RUN_TIMEOUT = env_int("TRIPWIRE_RUN_TIMEOUT", 1800, minimum=10)
BROWSER_PATH = env_str("TRIPWIRE_BROWSER_PATH")
HEADLESS = env_bool("TRIPWIRE_HEADLESS", True)
# A queue worker keeps one Chromium between runs (a fresh context per run) instead of launching
# one per run, and restarts it after this many runs. Off: every run launches its own.
REUSE_BROWSER = env_bool("TRIPWIRE_REUSE_BROWSER", True)
BROWSER_MAX_RUNS = env_int("TRIPWIRE_BROWSER_MAX_RUNS", 50, minimum=1)
ASSERT_TIMEOUT_MS = env_int("TRIPWIRE_ASSERT_TIMEOUT_MS", 5000, minimum=0)
HEARTBEAT_SECONDS = env_int("TRIPWIRE_HEARTBEAT_SECONDS", 10, minimum=1)
# How long a stopping worker lets its running runs finish before it stops and re-queues them.
WORKER_GRACE_SECONDS = env_int("TRIPWIRE_WORKER_GRACE_SECONDS", 30, minimum=0)
# Evidence per run: a Playwright trace per case, and a PNG after every step or only at failures.
# Full evidence costs roughly a third of a fast run's time; CI gates may prefer the lean setting.
TRACE = env_bool("TRIPWIRE_TRACE", True)
SCREENSHOTS = env_choice("TRIPWIRE_SCREENSHOTS", "steps", ("steps", "failures"))
# Recorder (recording/): 0 = off. Otherwise the recorder's Chromium listens for DevTools on this
# local port, so a test (or a remote-control tool) can drive it; never expose it beyond localhost.
RECORD_DEBUG_PORT = env_int("TRIPWIRE_RECORD_DEBUG_PORT", 0, minimum=0)

LLM_BASE_URL = env_str("TRIPWIRE_LLM_BASE_URL")
LLM_MODEL = env_str("TRIPWIRE_LLM_MODEL", "gpt-4o-mini")
LLM_API_KEY = env_secret("TRIPWIRE_LLM_API_KEY") or env_secret("OPENAI_API_KEY")
LLM_TIMEOUT = env_float("TRIPWIRE_LLM_TIMEOUT", 60.0)
LLM_MAX_CALLS_PER_STEP = env_int("TRIPWIRE_LLM_MAX_CALLS_PER_STEP", 8, minimum=1)
LLM_MAX_CALLS_PER_RUN = env_int("TRIPWIRE_LLM_MAX_CALLS_PER_RUN")
LLM_VISION = env_bool("TRIPWIRE_LLM_VISION", True)
# Everything one step (or assertion, or capture) may spend with the model, retries included.
LLM_STEP_TIMEOUT = env_float("TRIPWIRE_LLM_STEP_TIMEOUT", 300.0)

# Suite generation (generation/): how far a crawl goes, and how long fetching a document may take.
GENERATE_MAX_PAGES = env_int("TRIPWIRE_GENERATE_MAX_PAGES", 15, minimum=1)
GENERATE_TIMEOUT = env_int("TRIPWIRE_GENERATE_TIMEOUT", 120, minimum=5)
# Actions the explorer may try after the crawl (0 turns exploring off: page and form cases only).
GENERATE_MAX_ACTIONS = env_int("TRIPWIRE_GENERATE_MAX_ACTIONS", 60, minimum=0)
GENERATE_FETCH_TIMEOUT = env_float("TRIPWIRE_GENERATE_FETCH_TIMEOUT", 20.0)
# Long work a web request does itself, per web process: past these it answers 429 `busy`.
GENERATE_CONCURRENCY = env_int("TRIPWIRE_GENERATE_CONCURRENCY", 1, minimum=1)
CHECKS_CONCURRENCY = env_int("TRIPWIRE_CHECKS_CONCURRENCY", 4, minimum=1)

ADMIN_EMAIL = env_str("TRIPWIRE_ADMIN_EMAIL")
ADMIN_PASSWORD = env_secret("TRIPWIRE_ADMIN_PASSWORD")
# Where people open Tripwire: links in issues, chat messages and mirrored trackers point at its
# pages. TRIPWIRE_PUBLIC_BASE_URL is the earlier name, still read.
PUBLIC_BASE_URL = env_str("TRIPWIRE_PUBLIC_URL") or env_str(
    "TRIPWIRE_PUBLIC_BASE_URL", "http://127.0.0.1:8400"
)
# Invites are always shown to the admin as a link; with an SMTP host they are also mailed.
EMAIL_HOST = env_str("TRIPWIRE_EMAIL_HOST", "")
EMAIL_PORT = env_int("TRIPWIRE_EMAIL_PORT", 587, minimum=1)
EMAIL_HOST_USER = env_str("TRIPWIRE_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = env_secret("TRIPWIRE_EMAIL_PASSWORD") or ""
EMAIL_USE_TLS = env_bool("TRIPWIRE_EMAIL_TLS", True)
DEFAULT_FROM_EMAIL = env_str("TRIPWIRE_EMAIL_FROM", "tripwire@localhost")
INVITE_DAYS = 7
# Requests the server sends itself (checks, webhooks, log backends, trackers, generation):
# CIDRs, addresses or host names; see core/outbound.py for the defaults they add to.
OUTBOUND_ALLOW = env_list("TRIPWIRE_OUTBOUND_ALLOW", [])
OUTBOUND_DENY = env_list("TRIPWIRE_OUTBOUND_DENY", [])

# --- Issues, trackers, notifications, log backends (defaults for InstanceSettings) --------------

FILE_ISSUES = env_str("FILE_ISSUES", "tripwire")
GITHUB_TOKEN = env_secret("GITHUB_TOKEN")
GITHUB_REPO = env_str("GITHUB_REPO")
GITHUB_API_URL = env_str("GITHUB_API_URL", "https://api.github.com")
GITLAB_TOKEN = env_secret("GITLAB_TOKEN")
GITLAB_PROJECT = env_str("GITLAB_PROJECT")
GITLAB_URL = env_str("GITLAB_URL", "https://gitlab.com")
JIRA_BASE = env_str("JIRA_BASE")
JIRA_EMAIL = env_str("JIRA_EMAIL")
JIRA_TOKEN = env_secret("JIRA_TOKEN")
JIRA_PROJECT = env_str("JIRA_PROJECT")
SLACK_WEBHOOK_URL = env_secret("SLACK_WEBHOOK_URL")
TEAMS_WEBHOOK_URL = env_secret("TEAMS_WEBHOOK_URL")
NOTIFY_ON = env_choice("NOTIFY_ON", "failures", ("failures", "always", "never"))
LOG_BACKEND = env_str("LOG_BACKEND")
LOKI_URL = env_str("LOKI_URL")
LOKI_SELECTOR = env_str("LOKI_SELECTOR", '{job=~".+"}')
LOG_FILE_PATH = env_str("LOG_FILE_PATH")
LOG_HTTP_URL = env_str("LOG_HTTP_URL")
DATADOG_API_URL = env_str("DATADOG_API_URL", "https://api.datadoghq.com")
DATADOG_API_KEY = env_secret("DATADOG_API_KEY")
DATADOG_APP_KEY = env_secret("DATADOG_APP_KEY")
DATADOG_QUERY = env_str("DATADOG_QUERY")
ELASTICSEARCH_URL = env_str("ELASTICSEARCH_URL")
ELASTICSEARCH_INDEX = env_str("ELASTICSEARCH_INDEX", "*")
ELASTICSEARCH_API_KEY = env_secret("ELASTICSEARCH_API_KEY")
ELASTICSEARCH_TRACE_FIELD = env_str("ELASTICSEARCH_TRACE_FIELD")
# Seconds per request to a tracker, webhook or log backend; a slow one never holds up a run for long.
INTEGRATION_TIMEOUT = env_float("TRIPWIRE_INTEGRATION_TIMEOUT", 10.0)

# --- Queue ---------------------------------------------------------------------------------------

_REDIS_URL = env_secret("TRIPWIRE_REDIS_URL")
# A task is handed out again `retry` seconds after a worker picked it up, so `retry` must outlast the
# longest run (timeout) or a long run would execute twice; core.system_checks refuses anything else.
Q_CLUSTER: dict[str, Any] = {
    # Instances sharing one Redis need different names, or they take each other's runs.
    "name": env_str("TRIPWIRE_QUEUE_NAME", "tripwire"),
    "workers": MAX_CONCURRENT_RUNS,
    "timeout": RUN_TIMEOUT + 60,
    "retry": RUN_TIMEOUT + 180,
    "max_attempts": 1,
    "ack_failures": True,
    "catch_up": False,
    "poll": 0.2,
    "save_limit": 500,
    "label": "Queue",
}
if _REDIS_URL:
    Q_CLUSTER["redis"] = _REDIS_URL
else:
    Q_CLUSTER["orm"] = "default"

# --- Logging -------------------------------------------------------------------------------------

LOG_LEVEL = env_choice(
    "TRIPWIRE_LOG_LEVEL", "info", ("debug", "info", "warning", "error")
).upper()
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "django": {"handlers": ["console"], "level": "WARNING", "propagate": False},
        "django_q": {"handlers": ["console"], "level": "WARNING", "propagate": False},
        # Its DEBUG lines carry request paths, and a webhook URL's path is its secret.
        "urllib3": {"level": "WARNING"},
    },
}
