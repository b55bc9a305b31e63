"""A browser's date picker (<input type=date>) takes only ISO dates: every date field shows
its value as YYYY-MM-DD in Chinese as in English (Django's Chinese format, 2026/12/01, left
the coverage dates blank on first load)."""

import re

import pytest
from django.conf import settings
from django.test import Client

from jinye.org.models import Role
from tests.factories import make_staff

pytestmark = pytest.mark.django_db

DATE_INPUT = re.compile(r"<input\b[^>]*\btype=\"date\"[^>]*>")
VALUE = re.compile(r'\bvalue="([^"]*)"')
PAGES = ["/visits/coverage/", "/forecasts/", "/targets/surveys/"]


@pytest.mark.parametrize("lang", ["zh-hans", "en"])
def test_date_fields_show_iso_dates(lang: str):
    client = Client()
    client.force_login(make_staff(Role.DIRECTOR).user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
    values = []
    for url in PAGES:
        body = client.get(url).content.decode()
        values += [m.group(1) for tag in DATE_INPUT.findall(body) if (m := VALUE.search(tag))]
    coverage = client.get("/visits/coverage/").content.decode()
    assert len(DATE_INPUT.findall(coverage)) == 2
    assert len(values) >= 2 and all(re.fullmatch(r"\d{4}-\d{2}-\d{2}", v) for v in values), values


def test_coverage_takes_back_the_dates_it_shows():
    client = Client()
    client.force_login(make_staff(Role.DIRECTOR).user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    response = client.get("/visits/coverage/", {"start": "2026-11-03", "end": "2026-11-20"})
    assert (response.context["cov"].start.isoformat(), response.context["cov"].end.isoformat()) == (
        "2026-11-03",
        "2026-11-20",
    )
    assert 'value="2026-11-03"' in response.content.decode()
