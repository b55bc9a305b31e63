import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def english():
    """Messages are asserted in English here; the pages' Chinese is checked in test_views."""
    with translation.override("en"):
        yield
