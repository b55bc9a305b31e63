"""The one settings module for the test suite: the project's settings plus what only tests want.

Set in pyproject.toml (``DJANGO_SETTINGS_MODULE = "tests.settings"``); nothing else in the
suite overrides settings globally."""

from jinye.settings import *  # noqa: F403

# Factories create several logins per test; PBKDF2's deliberate slowness buys nothing here.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Django's test client logs in without a request, which django-axes refuses; the lockout
# tests (tests/web/test_login_lockout.py) switch it back on and go through the real login.
AXES_ENABLED = False
