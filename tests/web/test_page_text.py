"""Every page of the demo reads cleanly in both languages, for every demo login.

The demo county is built once (small scale), each demo account crawls the pages it can reach
(GET only, same site, no downloads) in Chinese and in English, and the visible text is checked:

- English pages show no Chinese: headings, labels, buttons, menus, help, explanations, table
  cells, placeholders and tooltips alike; names and other text people typed into the database
  are taken out first, and ``<code>`` (file column names, codes) is verbatim;
- Chinese pages show no untranslated English words (beyond a few codes such as KPI, SKU);
- no page shows a Python repr (``['…'``, ``{'…'``, ``True``, ``False``, ``None``), an internal
  choice value (``level_up``, ``evaluated``) or a float with more than four decimals.

The data is built and crawled inside one transaction that is rolled back, so nothing is left
for the tests that run after these.
"""

import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.test import Client
from django.utils import timezone

from jinye.demo.activity import derive_demo_activity
from jinye.demo.build import DEMO_ACCOUNTS, build_demo_county

SCALE = 0.03
ROLES = ["director", "mm01", "cm01", "clerk01", "deliverer01", "inspector01", "shop01"]
LANGS = ["zh-hans", "en"]
MAX_PAGES = 150
PER_SHAPE = 1  # pages per URL shape (/retailers/N/ ...): the same template says the same things
SKIP = re.compile(
    r"^/(accounts/logout|i18n|admin|api|static|media)/|/export|/template/|download"
    r"|\.(xlsx|csv|docx|pdf|png)$|[?&]format="
)

# Attributes a reader sees (placeholders, tooltips, what a screen reader says).
SHOWN_ATTRS = ("placeholder", "aria-label", "title")
# Elements whose text is not checked for language: the language switcher names each language
# in itself, the brand shows 金叶 beside "Jinye" on purpose, <code> is verbatim (file column
# names, codes).
EXEMPT_CLASSES = {"lang", "brand"}
VOID = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "track",
    "wbr",
}

CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]")
ENGLISH_WORD = re.compile(r"(?<![A-Za-z0-9_])[A-Za-z]{3,}(?![A-Za-z0-9_])")
REPR = re.compile(r"\[['\"]|\{['\"]|(?<![A-Za-z0-9_])(True|False|None)(?![A-Za-z0-9_])")
LONG_FLOAT = re.compile(r"\d\.\d{5,}")
# Words a Chinese page may show in Latin letters: codes, units, brands of the trade.
LATIN_OK = {
    "KPI",
    "SKU",
    "Jinye",
    "Excel",
    "Word",
    "xlsx",
    "csv",
    "CSV",
    "YYYY",
    "MM",
    "DD",
    "UTF",
    "GBK",
    "MAE",
    "MASE",
    "max",
}
# A latitude, longitude pair is shown to the metre on purpose.
COORDINATES = re.compile(r"^-?\d{1,3}\.\d+, -?\d{1,3}\.\d+$")
# "None yet." and "None." are English, not a repr.
ENGLISH_NONE = re.compile(r"^None( [a-z]|\.)")


@dataclass
class Page:
    """What a page shows: each piece of visible text, and whether it is verbatim (<code>)."""

    texts: list[tuple[str, bool]] = field(default_factory=list)
    links: list[str] = field(default_factory=list)


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = Page()
        self.stack: list[tuple[str, bool]] = []  # open tag, exempt from the language checks

    def _hidden(self) -> bool:
        return any(tag in ("script", "style", "textarea", "template") for tag, _ in self.stack)

    def _verbatim(self) -> bool:
        return any(exempt or tag == "code" for tag, exempt in self.stack)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        exempt = bool(set(a.get("class", "").split()) & EXEMPT_CLASSES)
        if tag == "a" and a.get("href"):
            self.page.links.append(a["href"])
        shown = [a.get(name, "") for name in SHOWN_ATTRS]
        if tag == "input" and a.get("type") in ("submit", "button"):
            shown.append(a.get("value", ""))
        for text in filter(None, shown):
            self.page.texts.append((text, exempt or self._verbatim()))
        if tag not in VOID:
            self.stack.append((tag, exempt))

    def handle_endtag(self, tag: str) -> None:
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                return

    def handle_data(self, data: str) -> None:
        if data.strip() and not self._hidden():
            self.page.texts.append((data.strip(), self._verbatim()))


def read_page(html: str) -> Page:
    reader = _Reader()
    reader.feed(html)
    return reader.page


def _shape(url: str) -> str:
    parts = urlsplit(url)
    keys = sorted(q.split("=")[0] for q in parts.query.split("&") if q)
    return re.sub(r"\d+", "N", parts.path) + "?" + "&".join(keys)


def data_strings() -> list[str]:
    """Text stored in the database that pages show as it is: names, addresses, what users
    typed. Longest first, so a name is removed before a shorter one inside it."""
    wanted = {
        "catalog.Brand": ["name", "manufacturer"],
        "catalog.Sku": ["name", "code"],
        "org.Company": ["name"],
        "org.MarketingDepartment": ["name"],
        "org.MarketArea": ["name"],
        "org.Staff": ["name"],
        "retailers.Retailer": ["name", "owner", "address", "licence_no"],
        "forecasts.ForecastCorrection": ["reason"],
        "people.CareerDecision": ["decision_reason"],
        "people.Objection": ["text", "ruling"],
        "people.Expert": ["reason"],
        "people.TierStandardChange": ["reason"],
        "people.WorkDocument": ["body", "review_comment"],
        "visits.Visit": ["guidance_content", "observations", "complaints"],
        "targets.InventorySurvey": ["name"],
        "auth.User": ["username"],
    }
    found: set[str] = set()
    for label, names in wanted.items():
        model = apps.get_model(label)
        for row in model._default_manager.values_list(*names):
            found.update(str(v).strip() for v in row if v)
    return sorted(found, key=len, reverse=True)


def choice_values() -> set[str]:
    """Internal values of the project's choices that differ from their English label."""
    values: set[str] = set()
    for model in apps.get_models():
        if not model.__module__.startswith("jinye."):
            continue
        for f in model._meta.get_fields():
            for value, label in getattr(f, "flatchoices", None) or []:
                if isinstance(value, str) and value.lower() != str(label).lower():
                    values.add(value)
    return values


@dataclass
class Checker:
    lang: str
    data: list[str]
    enums: set[str]

    def problems(self, page: Page) -> Iterator[str]:
        for text, verbatim in page.texts:
            if not verbatim:
                text = self._without_data(text)
            yield from self._anywhere(text, verbatim)
            if not verbatim:
                yield from self._language(text)

    def _without_data(self, text: str) -> str:
        for value in self.data:
            if value in text:
                text = text.replace(value, " ")
        return text

    def _anywhere(self, text: str, verbatim: bool) -> Iterator[str]:
        m = REPR.search(text)
        if m and not (self.lang == "en" and m.group(1) == "None" and ENGLISH_NONE.match(text)):
            yield f"repr: {text[:120]!r}"
        if LONG_FLOAT.search(text) and not COORDINATES.match(text):
            yield f"long float: {text[:120]!r}"
        for word in [] if verbatim else re.findall(r"[a-z][a-z_]*[a-z]", text):
            if word in self.enums and ("_" in word or text.strip() == word or self.lang != "en"):
                yield f"choice value {word!r}: {text[:120]!r}"

    def _language(self, text: str) -> Iterator[str]:
        if self.lang == "en":
            if CJK.search(text):
                yield f"Chinese: {text[:120]!r}"
        else:
            words = [w for w in ENGLISH_WORD.findall(text) if w not in LATIN_OK]
            if words:
                yield f"English {words[:5]}: {text[:120]!r}"


def crawl(username: str, lang: str, checker: Checker) -> list[str]:
    """Visit what ``username`` can reach from the home page; return the problems found."""
    client = Client()
    client.force_login(User.objects.get(username=username))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
    queue, seen, shapes = ["/"], {"/"}, defaultdict(int)
    failures: list[str] = []
    visited = 0
    while queue and visited < MAX_PAGES:
        url = queue.pop(0)
        response = client.get(url, follow=True)
        visited += 1
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        here = response.request["PATH_INFO"]
        page = read_page(response.content.decode())
        # One line per kind of problem on a page: a table of fifty alike rows is one finding.
        kinds = {re.sub(r"\d+(\.\d+)?", "9", p): p for p in checker.problems(page)}
        failures.extend(f"{username}/{lang} {url}: {problem}" for problem in kinds.values())
        for href in page.links:
            target = urljoin(here, href.split("#")[0])
            parts = urlsplit(target)
            target = parts.path + (f"?{parts.query}" if parts.query else "")
            if parts.netloc not in ("", "testserver") or SKIP.search(target):
                continue
            if target in seen or shapes[_shape(target)] >= PER_SHAPE:
                continue
            seen.add(target)
            shapes[_shape(target)] += 1
            queue.append(target)
    return failures


@pytest.fixture(scope="module")
def crawl_report(django_db_setup, django_db_blocker) -> dict[tuple[str, str], list[str]]:
    """Build the demo, crawl it as every account in both languages, roll everything back."""
    today = timezone.localdate()
    with django_db_blocker.unblock(), transaction.atomic():
        build_demo_county(seed=2026, today=today, replace=False, scale=SCALE)
        derive_demo_activity(seed=2026, today=today)
        data, enums = data_strings(), choice_values()
        report = {
            (user, lang): crawl(user, lang, Checker(lang, data, enums))
            for user in ROLES
            for lang in LANGS
        }
        transaction.set_rollback(True)
    return report


def test_every_demo_account_is_crawled():
    assert set(ROLES) == {a.username for a in DEMO_ACCOUNTS} - {"mm02", "mm03"}


@pytest.mark.parametrize(("user", "lang"), [(u, lang) for u in ROLES for lang in LANGS])
@pytest.mark.django_db  # the fixture builds in its own transaction; this sets the test DB up
def test_pages_read_cleanly(crawl_report, user: str, lang: str):
    failures = crawl_report[(user, lang)]
    if failures:
        pytest.fail(f"{len(failures)} problems:\n" + "\n".join(failures), pytrace=False)


@pytest.mark.parametrize(
    ("lang", "html", "found"),
    [
        ("en", "<th>Status</th><td>红旗超市</td>", []),  # a shop's name is data
        ("en", "<th>状态</th>", ["Chinese: '状态'"]),
        ("en", "<p>Cartons (条)</p>", ["Chinese: 'Cartons (条)'"]),
        ("en", "<input placeholder='原因'>", ["Chinese: '原因'"]),
        ("en", "<td><code>许可证号</code></td>", []),
        ("en", "<script>var s = '状态';</script>", []),
        ("en", "<p>None yet.</p><p>None.</p>", []),
        ("en", "<td>None</td>", ["repr: 'None'"]),
        ("zh-hans", "<p>reasons: ['甲']</p>", ["repr", "English ['reasons']"]),
        ("zh-hans", "<td>kind: level_up</td>", ["choice value 'level_up'", "English ['kind']"]),
        ("en", "<td>0.9832635983</td>", ["long float: '0.9832635983'"]),
        ("en", "<td>33.022982, 110.734394</td>", []),
        ("zh-hans", "<th>KPI</th><td>S001</td>", []),
        ("zh-hans", "<th>Retailer</th>", ["English ['Retailer']"]),
    ],
)
def test_checker_finds_what_it_should(lang: str, html: str, found: list[str]):
    checker = Checker(lang, ["红旗超市"], {"level_up", "large"})
    problems = list(checker.problems(read_page(html)))
    assert len(problems) == len(found) and all(
        p.startswith(f) for p, f in zip(problems, found, strict=True)
    ), problems
