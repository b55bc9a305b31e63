"""Browser tests: Playwright's sync API driving Debian's Chromium against pytest-django's
live_server (which implies transactional_db)."""

import os
from collections.abc import Iterator

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS, headless=True
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):  # type: ignore[no-untyped-def]
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()


# Rows the data migrations seed (visit rules per star, price-class schemes, tier standards):
# a browser test's live_server flushes the database after it, so the next one would find none.
SEEDS = [
    ("jinye.visits.migrations.0002_default_visit_rules", "add_defaults"),
    ("jinye.catalog.migrations.0002_default_price_class_schemes", "create_defaults"),
    ("jinye.people.migrations.0002_tier_standard_defaults", "load"),
]


@pytest.fixture(autouse=True)
def _seeded_rows(transactional_db) -> None:  # type: ignore[no-untyped-def]
    """Seed again what the migrations seed (each seed is get_or_create, so this is idempotent)."""
    from importlib import import_module

    from django.apps import apps

    for module, function in SEEDS:
        getattr(import_module(module), function)(apps, None)
