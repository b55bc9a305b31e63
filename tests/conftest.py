"""Fixtures shared by every test. Factories are plain functions in ``tests/factories.py``;
the test settings (fast password hasher…) are ``tests/settings.py``."""

import pytest
from django.utils import translation
from hypothesis import HealthCheck, settings

from jinye.org.models import MarketingDepartment
from tests.factories import make_department

# Property tests judge results, not speed: a loaded 2-core machine must not fail them on
# Hypothesis's timing checks (per-example deadline, too-slow data generation).
settings.register_profile("jinye", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("jinye")


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
