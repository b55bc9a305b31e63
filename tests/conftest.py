"""Fixtures shared by every test. Factories are plain functions in ``tests/factories.py``;
the test settings (fast password hasher…) are ``tests/settings.py``."""

import pytest
from django.utils import translation

from jinye.org.models import MarketingDepartment
from tests.factories import make_department


@pytest.fixture
def dept() -> MarketingDepartment:
    return make_department()


@pytest.fixture(autouse=True)
def _site_language():
    """Each test starts in the site's language: a request with ``Accept-Language: en`` leaves
    English active in the worker's thread (LocaleMiddleware), which would leak into the next
    test's assertions on Chinese text."""
    translation.deactivate()
    yield
    translation.deactivate()
