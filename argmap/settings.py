"""The one settings module of argmap, configured by environment variables.

Without DATABASE_URL argmap runs on an embedded PostgreSQL (see ``embedded_db``), which is also
the only case where insecure local defaults (DEBUG on, a development SECRET_KEY) apply.
"""

import os
import sys
from pathlib import Path
from typing import Any

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(
        f"{name} must be one of 1/0, true/false, yes/no, on/off; got {value!r}"
    )


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number; got {value!r}") from None


def env_seconds(name: str, default: int) -> int:
    """A duration in whole seconds; 0 means no limit."""
    seconds = env_int(name, default)
    if seconds < 0:
        raise ImproperlyConfigured(f"{name} must be 0 (no limit) or more seconds; got {seconds}")
    return seconds


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


DATABASE_URL = os.environ.get("DATABASE_URL", "")
EMBEDDED_DATABASE = not DATABASE_URL
DATA_DIR = Path(os.environ.get("ARGMAP_DATA_DIR") or BASE_DIR / ".argmap")

DEBUG = env_bool("DEBUG", default=EMBEDDED_DATABASE)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not (DEBUG and EMBEDDED_DATABASE):
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set it to a long random string "
            "(python -c 'import secrets; print(secrets.token_urlsafe(50))')."
        )
    SECRET_KEY = "django-insecure-local-only-embedded-database"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS is not set: list the host names argmap serves.")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
# How many reverse proxies stand in front of argmap, each appending to X-Forwarded-For; 0: none,
# and the connection's address is the visitor's (the header could be forged).
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)

INSTALLED_APPS = [
    "argmap.accounts",  # first: its changepassword command replaces Django's (revokes tokens)
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "django_htmx",
    "csp",
    "template_partials",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # Swagger UI's files, served by us (no CDN)
    "django_tasks",
    "django_tasks_db",
    "argmap.sources",
    "argmap.maps",
    "argmap.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "argmap.csp.CSPMiddleware",  # early, so that it also covers answers made by later middleware
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "argmap.query.RefuseHostileInputMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "argmap.database_errors.DatabaseUnavailableMiddleware",  # a 503 while PostgreSQL is away
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "argmap.urls"
WSGI_APPLICATION = "argmap.wsgi.application"

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

if EMBEDDED_DATABASE:
    from argmap import embedded_db

    DATABASES: dict[str, Any] = {"default": embedded_db.database_settings(DATA_DIR)}
else:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_health_checks=True)}
    if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        raise ImproperlyConfigured(
            f"DATABASE_URL must point at PostgreSQL (postgres://…); got {DATABASE_URL.split(':')[0]}://"
        )

# Every request must end before the web server gives up on its worker (gunicorn --timeout 30):
# a connection not made within DB_CONNECT_TIMEOUT seconds, or a statement still running after
# DB_STATEMENT_TIMEOUT (waiting for a lock included), fails and rolls back, and the client gets a
# 503 (argmap/database_errors.py). Management commands (migrate, import_maps of a large backup, a
# task worker) may rightly run longer statements, and nobody is waiting on a worker there: only
# the web (gunicorn, runserver) and the tests get the statement timeout.
DB_CONNECT_TIMEOUT = env_seconds("DB_CONNECT_TIMEOUT", 5)
DB_STATEMENT_TIMEOUT = env_seconds("DB_STATEMENT_TIMEOUT", 20)
MANAGEMENT_COMMAND = Path(sys.argv[0]).name == "manage.py" and sys.argv[1:2] != ["runserver"]
_database_options = DATABASES["default"].setdefault("OPTIONS", {})
if DB_CONNECT_TIMEOUT:
    _database_options["connect_timeout"] = DB_CONNECT_TIMEOUT
# Each process keeps a pool of open connections (psycopg_pool, as Django 5.2 supports): a request
# borrows one and gives it back at its end, so under ASGI, where each request runs its sync view
# in a thread of its own, connections are reused without one per thread ever made. Django needs
# CONN_MAX_AGE 0 with a pool. A request waits at most DB_CONNECT_TIMEOUT for a free connection.
# DB_POOL_SIZE 0 turns the pool off (a connection per request, kept CONN_MAX_AGE seconds).
DB_POOL_SIZE = env_int("DB_POOL_SIZE", 10)
if DB_POOL_SIZE > 0:
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    _database_options["pool"] = {
        "min_size": min(2, DB_POOL_SIZE),
        "max_size": DB_POOL_SIZE,
        "timeout": DB_CONNECT_TIMEOUT or 30,
        # While PostgreSQL is away the pool retries with growing delays; giving up early lets the
        # next request try afresh, so that the app serves again as soon as the database is back.
        "reconnect_timeout": DB_CONNECT_TIMEOUT or 30,
    }
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env_int("CONN_MAX_AGE", 60)
# Prepared statements: a query a connection has run DB_PREPARE_THRESHOLD times is prepared, and
# PostgreSQL keeps its plan. Planning cost more than running for the workspace's queries (4 of a
# restore's 6 ms on the server). It needs the parameters sent apart from the SQL (server-side
# binding). 0 turns it off (a pooler that cannot keep prepared statements, pgbouncer before 1.21
# in transaction mode). Raw SQL names its columns (no SELECT *): a prepared SELECT * fails with
# "cached plan must not change result type" once a migration adds a column.
# Their plans are generic: left to choose ("auto"), PostgreSQL planned the queries of a list of
# ids (`id = ANY(%s)`: the outline's pieces, the fallen arguments) afresh on every run, as a
# plan for two ids looks cheaper than one for any number (0.7-0.9 ms of a click's 4-6 on the
# server; bench_search's figures stayed as they were).
DB_PREPARE_THRESHOLD = env_int("DB_PREPARE_THRESHOLD", 5)
_server_settings = []  # after any options DATABASE_URL gave
if DB_PREPARE_THRESHOLD > 0:
    _database_options["server_side_binding"] = True
    _database_options["prepare_threshold"] = DB_PREPARE_THRESHOLD
    _server_settings.append("-c plan_cache_mode=force_generic_plan")
if DB_STATEMENT_TIMEOUT and not MANAGEMENT_COMMAND:
    _server_settings.append(f"-c statement_timeout={DB_STATEMENT_TIMEOUT}s")
if _server_settings:
    _database_options["options"] = " ".join(
        [_database_options.get("options", ""), *_server_settings]
    ).strip()

# Long work (map imports) runs as tasks (Django's Tasks API, the django-tasks backport), queued in
# PostgreSQL and run by `manage.py db_worker`, a process of its own that `make run` starts.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# E-mail (password resets): printed to the console unless an SMTP server is configured.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "argmap <argmap@localhost>")

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT") or BASE_DIR / "staticfiles")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Hashed, compressed names need `collectstatic`, which production runs and development skips.
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first: a bad token is then a 401 with WWW-Authenticate, not a 403.
        "argmap.accounts.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_PARSER_CLASSES": [
        "argmap.api.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "argmap.api.exceptions.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "argmap API",
    "DESCRIPTION": "Argument maps, their claims and arguments, and the documents they cite.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Several models have a "kind"; give each enum its own name in the schema.
    "ENUM_NAME_OVERRIDES": {
        "ArgumentKindEnum": "argmap.maps.models.Argument.Kind",
        "AnnotationKindEnum": "argmap.maps.models.Annotation.Kind",
        "SourceKindEnum": "argmap.sources.models.Source.Kind",
        "PassageKindEnum": "argmap.sources.models.Passage.Kind",
        "RoleEnum": "argmap.maps.models.Membership.Role",
        "LinkRoleEnum": ["viewer", "commenter", "editor"],  # what an invitation link may make
    },
}

# Production hardening; each can be relaxed through the environment (e.g. behind a TLS proxy).
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", True)
    CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
    if env_bool("SECURE_PROXY_SSL_HEADER", False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Content-Security-Policy (django-csp): scripts and styles only from our own files, no inline
# code anywhere (templates keep none; Swagger UI is served in its split form). Cytoscape's PNG and
# SVG export builds blob: and data: images. No page may be framed, and forms post only to us.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:", "blob:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

SILENCED_SYSTEM_CHECKS = env_list("SILENCED_SYSTEM_CHECKS", [])

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"pgserver": {"level": "WARNING"}},  # its start/stop chatter is not for users
}
