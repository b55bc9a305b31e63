"""Generated counties shared by the demo tests (generation is pure and takes about a second)."""

from datetime import date

import pytest

from jinye.demo.generator import DemoCounty, generate_county

TODAY = date(2026, 11, 22)


@pytest.fixture(scope="session")
def full_county() -> DemoCounty:
    """The default county the CLI builds: seed 2026, full scale."""
    return generate_county(2026, TODAY)


@pytest.fixture(scope="session")
def small_county() -> DemoCounty:
    return generate_county(11, TODAY, scale=0.2)
