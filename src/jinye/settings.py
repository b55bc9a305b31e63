"""Django settings, read from the environment.

- ``DATABASE_URL``: a PostgreSQL URL; without it, a SQLite file under ``var/``.
- ``JINYE_VAR_DIR``: where the SQLite file, uploads and collected static files live.
- ``JINYE_SECRET_KEY``, ``JINYE_DEBUG``, ``JINYE_ALLOWED_HOSTS``.
"""

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

PACKAGE_DIR = Path(__file__).resolve().parent
_REPO_DIR = PACKAGE_DIR.parent.parent
VAR_DIR = Path(
    os.environ.get(
        "JINYE_VAR_DIR",
        _REPO_DIR / "var" if (_REPO_DIR / "pyproject.toml").exists() else Path.cwd() / "var",
    )
)
VAR_DIR.mkdir(parents=True, exist_ok=True)

SECRET_KEY = os.environ.get("JINYE_SECRET_KEY", "jinye-demo-insecure-key-change-me-in-production")
DEBUG = os.environ.get("JINYE_DEBUG", "0") == "1"
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
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
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
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
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
