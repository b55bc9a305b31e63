"""Django settings, read from the environment.

- ``DATABASE_URL``: a PostgreSQL URL; without it, a SQLite file under ``var/``.
- ``JINYE_VAR_DIR``: where the SQLite file, uploads and collected static files live.
- ``JINYE_SECRET_KEY`` (default: a random key generated once in ``JINYE_VAR_DIR``),
  ``JINYE_DEBUG``, ``JINYE_ALLOWED_HOSTS``.
- ``JINYE_PRODUCTION=1``: production mode behind HTTPS (HSTS, secure cookies, HTTPS redirect;
  ``jinye manage check --deploy`` is clean). It refuses to start with DEBUG on or with a
  default or weak secret key. ``JINYE_PROXY_SSL_HEADER=1`` when a proxy terminates TLS and
  sets ``X-Forwarded-Proto``; ``JINYE_CSRF_TRUSTED_ORIGINS`` (comma-separated) for its origin.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from jinye.secret_key import load_secret_key

PACKAGE_DIR = Path(__file__).resolve().parent
_REPO_DIR = PACKAGE_DIR.parent.parent
VAR_DIR = Path(
    os.environ.get(
        "JINYE_VAR_DIR",
        _REPO_DIR / "var" if (_REPO_DIR / "pyproject.toml").exists() else Path.cwd() / "var",
    )
)
VAR_DIR.mkdir(parents=True, exist_ok=True)

PRODUCTION = os.environ.get("JINYE_PRODUCTION", "0") == "1"
SECRET_KEY = load_secret_key(VAR_DIR, os.environ.get("JINYE_SECRET_KEY"), production=PRODUCTION)
DEBUG = os.environ.get("JINYE_DEBUG", "0") == "1"
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("Refusing to start in production mode with JINYE_DEBUG=1.")
ALLOWED_HOSTS = os.environ.get("JINYE_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "jinye.org",
    "jinye.catalog",
    "jinye.retailers",
    "jinye.orders",
    "jinye.dataio",
    "jinye.demo",
    "jinye.ratings",
    "jinye.visits",
    "jinye.targets",
    "jinye.reports",
    "jinye.supply",
    "ninja",  # serves the API docs' Swagger UI from its own static files, not a CDN
    "jinye.people",
    "jinye.forecasts",
    "jinye.portal",
    "csp",
    "axes",  # login lockout; after the apps so that its checks see the whole configuration
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "jinye.middleware.LimitRequestSize",
    "jinye.middleware.AnswerLockTimeouts",
    "jinye.middleware.RejectNulCharacters",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "jinye.portal.middleware.RetailerFence",
    "jinye.org.middleware.ForcePasswordChange",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes requires: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "jinye.urls"
WSGI_APPLICATION = "jinye.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "jinye.access.context_processors.access",
                "jinye.portal.context_processors.portal",
            ],
        },
    },
]

_sqlite_path = VAR_DIR / "jinye.sqlite3"
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{_sqlite_path}", conn_max_age=60, conn_health_checks=True
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        # IMMEDIATE makes every transaction take the write lock up front, so two
        # writers queue instead of failing on lock upgrade (order intake relies on it).
        "transaction_mode": "IMMEDIATE",
        "timeout": 30,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# django-axes checks every login (staff, retailers and the admin share the login views, and the
# API's session comes from them) before Django's own backend: after AXES_FAILURE_LIMIT wrong
# passwords for one username the login is refused for AXES_COOLOFF_TIME, even with the right
# password. Per username, not per address: a shop's or an office's staff share one address.
# `jinye manage axes_reset_username NAME` lifts a lockout early.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = ["username"]
# axes.W006 asks for the address as a lockout parameter too; one office's address would then
# be locked by five typos of five colleagues. Nothing but another username bypasses this lock.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "jinye.webkit.locked_out"
AXES_VERBOSE = False
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
# Figures grouped in thousands in Chinese too (Django's Chinese locale groups by 万, unseparated).
FORMAT_MODULE_PATH = ["jinye.formats"]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)  # whitenoise warns on a missing root; files come from finders
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
MEDIA_ROOT = VAR_DIR / "media"
# Uploads (issue 15 item 2): a request's fields other than files stay small; a file over
# 2.5 MB waits on disk, not in a worker's memory. Spreadsheets are bounded by SHEET_LIMITS
# (jinye.sheets.readers.Limits: file, unpacked and row limits; a larger request body is
# refused from its length by jinye.middleware.LimitRequestSize).
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024 + 512 * 1024

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}

# Content-Security-Policy on every response: scripts only from our own static files (no inline
# script, no event-handler attribute, no eval), nothing from another origin. Inline styles stay
# allowed: ECharts positions its tooltips with them and they cannot run code.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, "'unsafe-inline'"],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# A session lasts a working day, not Django's two weeks.
SESSION_COOKIE_AGE = 12 * 60 * 60
SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = 365 * 24 * 60 * 60
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    if os.environ.get("JINYE_PROXY_SSL_HEADER", "0") == "1":
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    CSRF_TRUSTED_ORIGINS = [
        o for o in os.environ.get("JINYE_CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
    ]
