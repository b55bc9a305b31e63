"""The secret key that signs sessions, messages and CSRF tokens: where it comes from and when
Jinye refuses to start.

Read by ``jinye.settings`` before Django is set up, so it uses nothing of Django's settings.

- ``JINYE_SECRET_KEY`` in the environment wins.
- Otherwise the key is read from ``<data directory>/secret_key``; on the first run a random
  key is generated there (mode 0600), so every run of the same installation signs with the
  same key and no installation shares a key with another.
- In production mode a key that is known (the old built-in demo key, Django's
  ``django-insecure-`` keys) or weak (shorter than 50 characters or fewer than 5 distinct
  ones, Django's own ``check --deploy`` rule) stops the start with ``ImproperlyConfigured``.
"""

import os
import secrets
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

FILE_NAME = "secret_key"
MIN_LENGTH = 50
MIN_UNIQUE_CHARACTERS = 5
#: Keys published in Jinye's source at one time or another; never acceptable in production.
KNOWN_KEYS = frozenset({"jinye-demo-insecure-key-change-me-in-production"})
_INSECURE_PREFIX = "django-insecure"


def weakness(key: str) -> str | None:
    """Why ``key`` must not sign anything in production, or None when it may."""
    if key in KNOWN_KEYS or key.startswith(_INSECURE_PREFIX):
        return "it is a published default key"
    if len(key) < MIN_LENGTH:
        return f"it has {len(key)} characters; at least {MIN_LENGTH} are needed"
    if len(set(key)) < MIN_UNIQUE_CHARACTERS:
        return f"it has fewer than {MIN_UNIQUE_CHARACTERS} distinct characters"
    return None


def load_secret_key(var_dir: Path, configured: str | None, *, production: bool) -> str:
    """The key to use: ``configured`` when given, else the data directory's (made on the
    first run). Raises ImproperlyConfigured in production mode when the key is weak."""
    if configured:
        key, source = configured, "JINYE_SECRET_KEY"
    else:
        key, source = _stored_key(var_dir / FILE_NAME), str(var_dir / FILE_NAME)
    if production and (why := weakness(key)):
        raise ImproperlyConfigured(
            f"Refusing to start in production mode: the secret key from {source} is unsafe "
            f"({why}). Unset JINYE_SECRET_KEY to use a generated key, or set a random one."
        )
    return key


def _stored_key(path: Path) -> str:
    """The key in ``path``; written first when missing. Several processes starting at once
    agree on one key: each writes its own temporary file and only the first link wins."""
    if not path.exists():
        temporary = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w", encoding="ascii") as file:
            file.write(secrets.token_urlsafe(64))
        try:
            os.link(temporary, path)
        except FileExistsError:
            pass
        finally:
            temporary.unlink()
    key = path.read_text(encoding="ascii").strip()
    if not key:
        raise ImproperlyConfigured(f"The secret key file {path} is empty; delete it to make one.")
    return key
