"""The menus: every item a role sees opens (200) and is called what its page is called; a page
a role may not open answers a translated 403 with a way back, a missing one a translated 404.

Each role of the organisation (and a retailer's own login) signs in, the header's menu is read
from the page as the browser gets it, and every item is requested in Chinese and in English.
"""

import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.contrib.staticfiles import finders
from django.test import Client
from django.utils import timezone

from jinye.org.models import Role
from jinye.retailers.services import do_create_login
from tests.factories import make_retailer, make_staff
from tests.supply.factories import make_world

pytestmark = pytest.mark.django_db

LANGS = ["zh-hans", "en"]
NAV = re.compile(r"<header[^>]*>.*?<nav>(.*?)</nav>", re.S)
LINK = re.compile(r'<a href="([^"]+)"[^>]*>([^<]+)</a>')
TITLE = re.compile(r"<title>(.*?)</title>", re.S)
H1 = re.compile(r"<h1[^>]*>(.*?)</h1>", re.S)
TAG = re.compile(r"<[^>]+>")
CJK = re.compile(r"[\u3400-\u9fff]")


@dataclass
class Org:
    users: dict[str, User]
    other_managers_retailer: int


@pytest.fixture
def org() -> Org:
    world = make_world(on=timezone.localdate())
    dept, area = world.manager.department, world.manager.area
    login = do_create_login(
        retailer=world.retailer, username="shop", password="Shop-2026-pw", by=None
    )
    others = make_staff(Role.CUSTOMER_MANAGER, area=area)
    users = {
        Role.DIRECTOR: make_staff(Role.DIRECTOR, dept=dept).user,
        Role.MARKET_MANAGER: world.market_manager.user,
        Role.CUSTOMER_MANAGER: world.manager.user,
        Role.ORDER_CLERK: world.clerk.user,
        Role.DELIVERER: make_staff(Role.DELIVERER, dept=dept).user,
        Role.INSPECTOR: make_staff(Role.INSPECTOR, dept=dept).user,
        "retailer": login.user,
    }
    assert set(users) == {*Role.values, "retailer"}
    return Org(users, make_retailer(manager=others).pk)


def client_for(user: User, lang: str) -> Client:
    client = Client()
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
    return client


def menu(client: Client) -> list[tuple[str, str]]:
    """(href, label) of every item in the header's menu, as the signed-in reader sees it."""
    home = client.get("/", follow=True)
    assert home.status_code == 200
    found = NAV.search(home.content.decode())
    assert found, "no menu in the header"
    return [(href, label.strip()) for href, label in LINK.findall(found.group(1))]


def text(html: str) -> str:
    return re.sub(r"\s+", " ", TAG.sub("", html)).strip()


def names_the_page(label: str, body: str) -> bool:
    """The label is one of the parts of the page's title (``Career · name``), or one of
    them names a single item of what the label lists (``Visit plan · name`` for the menu's
    ``Visit plans`` of a manager who sees only their own)."""
    title = TITLE.search(body)
    assert title, "page without a <title>"
    parts = [p.strip() for p in text(title.group(1)).split("·")[:-1]]
    return any(label in part or (part and part in label) for part in parts)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("role", [*Role.values, "retailer"])
def test_every_menu_item_opens_and_is_named_as_its_page(org: Org, role: str, lang: str):
    client = client_for(org.users[role], lang)
    items = menu(client)
    assert len(items) >= (3 if role == "retailer" else 15), items
    for href, label in items:
        response = client.get(href, follow=True)
        assert response.status_code == 200, (href, label, response.status_code)
        body = response.content.decode()
        assert names_the_page(label, body), (href, label, TITLE.search(body))
        if lang == "en":
            assert not CJK.search(label), label


def test_menu_labels_and_titles_are_one_name_per_page(org: Org):
    """The names the issue found three ways (紧俏货源投放/紧俏品规投放/配额分配记录) are one."""
    client = client_for(org.users[Role.DIRECTOR], "zh-hans")
    labels = dict(menu(client))
    assert labels["/supply/"] == "紧俏品规投放"
    subnav = client.get("/supply/quotas/").content.decode()
    assert "紧俏品规投放" in subnav and "配额分配记录" not in subnav
    assert "紧俏货源投放" not in client.get("/supply/").content.decode()


def test_career_is_in_the_menu_only_of_those_who_have_one_to_see(org: Org):
    """A customer manager opens their own career page; the others read careers through the
    committee's page (the career link would only send them there)."""
    hrefs = {role: [h for h, _ in menu(client_for(u, "en"))] for role, u in org.users.items()}
    assert "/people/career/" in hrefs[Role.CUSTOMER_MANAGER]
    assert "/people/career/" not in hrefs[Role.DIRECTOR]
    assert "/people/committee/" in hrefs[Role.DIRECTOR]


def test_forbidden_page_is_translated_and_offers_a_way_back(org: Org):
    zh = client_for(org.users[Role.ORDER_CLERK], "zh-hans")
    refused = zh.get("/portal/", HTTP_REFERER="http://testserver/retailers/")
    body = refused.content.decode()
    assert refused.status_code == 403
    assert "无权访问" in body and "这些页面" in text(body)  # the refusal's own sentence
    assert 'href="/"' in body and "返回首页" in body
    assert 'href="http://testserver/retailers/"' in body and "返回上一页" in body
    assert "Forbidden" not in body

    en = client_for(org.users[Role.ORDER_CLERK], "en").get("/portal/")
    main = text(en.content.decode().split("<main>")[1])
    assert en.status_code == 403 and "Not allowed" in main and "Back to the dashboard" in main
    assert not CJK.search(main), main
    assert "Back to the previous page" not in main  # no Referer, no second way back


def test_forbidden_page_names_the_right_refused_and_ignores_other_sites(org: Org):
    client = client_for(org.users[Role.DELIVERER], "en")
    refused = client.get("/data/import/", HTTP_REFERER="https://elsewhere.example/x")
    body = refused.content.decode()
    assert refused.status_code == 403 and "elsewhere.example" not in body
    assert "Not allowed" in body and "Your account may not open this page." not in body


def test_not_found_page_is_translated_and_offers_a_way_back(org: Org):
    """A retailer of another customer manager reads as missing, in the reader's language."""
    url = f"/retailers/{org.other_managers_retailer}/"
    zh = client_for(org.users[Role.CUSTOMER_MANAGER], "zh-hans").get(url)
    assert zh.status_code == 404 and "页面不存在" in zh.content.decode()
    en = client_for(org.users[Role.CUSTOMER_MANAGER], "en").get(url)
    main = text(en.content.decode().split("<main>")[1])
    assert "Page not found" in main and "Back to the dashboard" in main
    assert not CJK.search(main) and "matches the given query" not in main


def test_a_retailers_way_back_is_its_shop(org: Org):
    response = client_for(org.users["retailer"], "en").get("/portal/no-such-page/")
    body = response.content.decode()
    assert response.status_code == 404 and 'href="/portal/"' in body and "Back to my shop" in body


def test_every_page_names_the_favicon_and_it_is_there(org: Org):
    login_page = Client().get("/accounts/login/").content.decode()
    home = client_for(org.users[Role.DIRECTOR], "en").get("/").content.decode()
    for body in (login_page, home):
        found = re.search(r'<link rel="icon" href="/static/([^"]+)"', body)
        assert found, "no favicon link"
        path = finders.find(found.group(1))
        assert path and "<svg" in Path(str(path)).read_text()
