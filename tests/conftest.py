"""Fixtures shared by every test. Factories are plain functions in ``tests/factories.py``;
the test settings (fast password hasher…) are ``tests/settings.py``."""

import pytest

from jinye.org.models import MarketingDepartment
from tests.factories import make_department


@pytest.fixture
def dept() -> MarketingDepartment:
    return make_department()
