"""Production mode: the secret key is generated once and kept, a default or weak key stops the
start, and ``jinye manage check --deploy`` has nothing to say about the production settings.

The settings module runs in a fresh interpreter each time (it reads the environment at import),
with its own data directory."""

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from jinye.secret_key import KNOWN_KEYS, load_secret_key, weakness

STRONG = "k" * 30 + "0123456789abcdefghij-_AB"  # 54 characters, many distinct


def _run(code_or_args: list[str], var_dir: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("JINYE_", "DJANGO_")) and k != "DATABASE_URL"
    }
    environment |= {"DJANGO_SETTINGS_MODULE": "jinye.settings", "JINYE_VAR_DIR": str(var_dir)}
    environment |= env
    return subprocess.run(
        [sys.executable, *code_or_args],
        capture_output=True,
        text=True,
        env=environment,
        timeout=120,
    )


def _settings_key(var_dir: Path, **env: str) -> subprocess.CompletedProcess[str]:
    code = "from django.conf import settings; print(settings.SECRET_KEY)"
    return _run(["-c", code], var_dir, **env)


def test_the_first_run_generates_a_private_key_and_later_runs_keep_it(tmp_path: Path) -> None:
    first = _settings_key(tmp_path)
    assert first.returncode == 0, first.stderr
    key = first.stdout.strip()
    stored = tmp_path / "secret_key"
    assert stored.read_text().strip() == key
    assert weakness(key) is None and key not in KNOWN_KEYS
    assert stat.S_IMODE(stored.stat().st_mode) == 0o600
    again = _settings_key(tmp_path, JINYE_PRODUCTION="1")
    assert again.returncode == 0, again.stderr
    assert again.stdout.strip() == key
    other = tmp_path / "other"
    other.mkdir()
    assert _settings_key(other).stdout.strip() != key, "two installations share a key"


@pytest.mark.parametrize(
    "key",
    [
        "jinye-demo-insecure-key-change-me-in-production",
        "django-insecure-" + "x1y2z3" * 10,
        "short-but-random-Q7v",
        "ab" * 40,
    ],
)
def test_production_mode_refuses_a_default_or_weak_key(tmp_path: Path, key: str) -> None:
    refused = _settings_key(tmp_path, JINYE_PRODUCTION="1", JINYE_SECRET_KEY=key)
    assert refused.returncode != 0
    assert "Refusing to start in production mode" in refused.stderr
    assert key not in refused.stderr, "the refusal must not print the key"
    # Outside production mode (the demo, development) the same key is accepted.
    assert _settings_key(tmp_path, JINYE_SECRET_KEY=key).stdout.strip() == key


def test_production_mode_refuses_debug(tmp_path: Path) -> None:
    refused = _settings_key(tmp_path, JINYE_PRODUCTION="1", JINYE_DEBUG="1")
    assert refused.returncode != 0 and "JINYE_DEBUG" in refused.stderr


def test_a_weak_key_in_the_key_file_is_refused_in_production(tmp_path: Path) -> None:
    (tmp_path / "secret_key").write_text("jinye-demo-insecure-key-change-me-in-production\n")
    with pytest.raises(ImproperlyConfigured, match="secret_key"):
        load_secret_key(tmp_path, None, production=True)
    assert load_secret_key(tmp_path, STRONG, production=True) == STRONG


def test_check_deploy_is_clean_with_the_production_settings(tmp_path: Path) -> None:
    """The CI step the issue asks for: any deployment warning fails the suite."""
    result = _run(
        ["-m", "jinye.cli", "manage", "check", "--deploy", "--fail-level", "WARNING"],
        tmp_path,
        JINYE_PRODUCTION="1",
        JINYE_ALLOWED_HOSTS="jinye.example.org",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_catches_the_demo_settings(tmp_path: Path) -> None:
    """The same check on the demo settings (plain HTTP) does warn: the check is not blind."""
    result = _run(
        ["-m", "jinye.cli", "manage", "check", "--deploy", "--fail-level", "WARNING"], tmp_path
    )
    assert result.returncode != 0
    assert "security.W004" in result.stderr + result.stdout  # no HSTS outside production
