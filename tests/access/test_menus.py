"""Menus offer only what the reader may do: every link in the navigation of the dashboard and
the supply pages opens for that role (no link leads to a refusal)."""

import re

import pytest
from django.test import Client

from jinye.org.models import Role
from tests.factories import make_area, make_department, make_staff

pytestmark = pytest.mark.django_db

NAV = re.compile(r"<nav>(.*?)</nav>", re.S)
SUBNAV = re.compile(r'<p class="subnav">(.*?)</p>', re.S)
HREF = re.compile(r'href="(/[^"]*)"')


def _links(html: str) -> set[str]:
    parts = NAV.findall(html) + SUBNAV.findall(html)
    return {h for part in parts for h in HREF.findall(part) if "logout" not in h}


@pytest.mark.parametrize("role", [r.value for r in Role])
def test_every_menu_link_opens_for_the_role(role: str) -> None:
    dept = make_department()
    staff = make_staff(role, area=make_area(dept), dept=dept)
    client = Client()
    client.force_login(staff.user)
    links = _links(client.get("/").content.decode())
    links |= _links(client.get("/supply/").content.decode())
    assert links, "the navigation has links"
    refused = {url: client.get(url).status_code for url in sorted(links)}
    assert {u: s for u, s in refused.items() if s in (403, 404, 500)} == {}


def test_only_those_who_may_see_the_entry_links() -> None:
    dept = make_department()
    area = make_area(dept)
    clerk = make_staff(Role.ORDER_CLERK, area=area, dept=dept)
    inspector = make_staff(Role.INSPECTOR, area=area, dept=dept)
    cm = make_staff(Role.CUSTOMER_MANAGER, area=area, dept=dept)
    links = {}
    for who in (clerk, inspector, cm):
        client = Client()
        client.force_login(who.user)
        links[who.role] = _links(client.get("/").content.decode())
    assert "/supply/orders/new/" in links[Role.ORDER_CLERK]
    assert "/supply/demands/new/" not in links[Role.ORDER_CLERK]
    assert not {"/supply/orders/new/", "/supply/demands/new/"} & links[Role.INSPECTOR]
    assert "/supply/demands/new/" in links[Role.CUSTOMER_MANAGER]
