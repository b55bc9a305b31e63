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
from collections import Counter, defaultdict
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
class Cell:
    """One table cell: its text, whether it is a numeric cell (``class="num"``) and its
    column's heading (the header row's cell above it)."""

    text: str
    num: bool
    heading: str


@dataclass
class Page:
    """What a page shows: each piece of visible text, and whether it is verbatim (<code>);
    the table rows (for figures checked against their column and their row's explanation)
    and the cards (value, label)."""

    texts: list[tuple[str, bool]] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    rows: list[list[Cell]] = field(default_factory=list)
    cards: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class _Table:
    headings: list[str] = field(default_factory=list)
    row: list[Cell] = field(default_factory=list)
    row_all_th: bool = True
    cell: list[str] | None = None
    cell_num: bool = False
    cell_th: bool = False
    cell_rows: int = 1
    column: int = 0  # the column the next cell of the row starts in
    spans: dict[int, int] = field(default_factory=dict)  # column: rows a rowspan still covers


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = Page()
        self.stack: list[tuple[str, bool]] = []  # open tag, exempt from the language checks
        self.classes: list[set[str]] = []  # the class names of each open tag
        self.tables: list[_Table] = []
        self.card: dict[str, list[str]] | None = None
        self.card_depth = 0

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
        classes = set(a.get("class", "").split())
        if tag == "table":
            self.tables.append(_Table())
        elif tag in ("td", "th") and self.tables:
            table = self.tables[-1]
            table.cell, table.cell_num, table.cell_th = [], "num" in classes, tag == "th"
            rows = a.get("rowspan", "1")
            table.cell_rows = int(rows) if rows.isdigit() else 1
        elif tag == "div" and "card" in classes and self.card is None:
            self.card, self.card_depth = {"value": [], "label": []}, len(self.stack)
        if tag not in VOID:
            self.stack.append((tag, exempt))
            self.classes.append(classes)

    def handle_endtag(self, tag: str) -> None:
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                for j in range(len(self.stack) - 1, i - 1, -1):
                    self._close(self.stack[j][0], j)
                del self.stack[i:]
                del self.classes[i:]
                return

    def _close(self, tag: str, depth: int) -> None:
        if tag == "table" and self.tables:
            self.tables.pop()
        elif tag in ("td", "th") and self.tables and self.tables[-1].cell is not None:
            table = self.tables[-1]
            text = " ".join(table.cell or [])
            while table.spans.get(table.column, 0) > 0:  # covered by a cell of a row above
                table.column += 1
            column = table.column
            heading = table.headings[column] if column < len(table.headings) else ""
            table.row.append(Cell(text, table.cell_num, heading))
            if table.cell_rows > 1:
                table.spans[column] = table.cell_rows
            table.column += 1
            table.row_all_th &= table.cell_th
            table.cell = None
        elif tag == "tr" and self.tables:
            table = self.tables[-1]
            if table.row and table.row_all_th and not table.headings:
                table.headings = [c.text for c in table.row]
            elif table.row:
                self.page.rows.append(table.row)
            table.row, table.row_all_th, table.column = [], True, 0
            table.spans = {c: n - 1 for c, n in table.spans.items() if n > 1}
        elif tag == "div" and self.card is not None and depth == self.card_depth:
            self.page.cards.append((" ".join(self.card["value"]), " ".join(self.card["label"])))
            self.card = None

    def handle_data(self, data: str) -> None:
        if data.strip() and not self._hidden():
            self.page.texts.append((data.strip(), self._verbatim()))
            if self.tables and self.tables[-1].cell is not None:
                self.tables[-1].cell.append(data.strip())
            if self.card is not None:
                for part in ("value", "label"):
                    if any(part in c for c in self.classes[self.card_depth + 1 :]):
                        self.card[part].append(data.strip())


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


# --- figures: formatted, as percentages, and agreeing with their explanations ---------------

# A quantity of 1,000 or more next to its unit, without thousands separators (``1298条``,
# ``12345 cartons``). Not part of a longer code (licence 530102100001, SKU 6901028075862,
# order numbers) nor a date (2026-03): no digit, letter, ``-``, ``/``, ``.`` or ``,`` before.
UNGROUPED_QUANTITY = re.compile(
    r"(?<![A-Za-z0-9_\-/.,:#])(\d{4,})(?:\.\d+)?\s?(万?箱|条|万?元|户|cases?\b|cartons?\b|yuan\b)"
)
# A numeric cell holding a figure of 1,000 or more without separators (a year's or a code's
# column is exempt by its heading).
UNGROUPED_CELL = re.compile(r"^[-+−]?\d{4,}(\.\d+)?\s?%?$")
# Columns whose figures are codes, not quantities.
CODE_HEADING = re.compile(r"licen|code|phone|number|no\.|year|许可证|编码|代码|电话|号|年份", re.I)
# Columns (or card labels) whose figures are shares or rates: shown as 7.00%, never 0.07.
SHARE_HEADING = re.compile(
    r"share|rate|ratio|completion|progress|bias|percentile|率|占比|完成|比重|份额|偏差|百分位", re.I
)
FRACTION = re.compile(r"^[-+−]?[01]?\.\d+$")
# Dates and deliberate ratios (存销比 1.23) are not fractions of a whole.
NOT_A_SHARE_HEADING = re.compile(r"存销比|stock.to.sales|inventory.to.sales", re.I)
LONG_PERCENT = re.compile(r"\d\.\d{3,}\s?%")


def _figure(text: str) -> int:
    return int(text.replace(",", ""))


def number_problems(page: Page) -> Iterator[str]:
    """Quantities without thousands separators; shares shown as fractions or with more than
    two decimals."""
    for text, verbatim in page.texts:
        if verbatim:
            continue
        m = UNGROUPED_QUANTITY.search(text)
        if m:
            yield f"no thousands separator: {text[:120]!r}"
        if LONG_PERCENT.search(text):
            yield f"percentage with more than two decimals: {text[:120]!r}"
    labelled = [(c.text, c.heading, c.num) for row in page.rows for c in row]
    labelled += [(value, label, True) for value, label in page.cards]
    for value, heading, num in labelled:
        value = value.strip()
        if num and UNGROUPED_CELL.match(value) and not CODE_HEADING.search(heading):
            yield f"no thousands separator in a figure: {value!r} ({heading})"
        if (
            FRACTION.match(value)
            and SHARE_HEADING.search(heading)
            and not NOT_A_SHARE_HEADING.search(heading)
        ):
            yield f"share shown as a fraction, not a percentage: {value!r} ({heading})"


# What an allocation explanation says about the week and what the retailer got.
# Supply called enough (货源充足); "met in full" (足额满足) speaks of one request and is no claim.
ENOUGH = re.compile(r"充足|(?<!not )enough for every request|supply is sufficient", re.I)
WEEK = re.compile(
    r"本周货源([\d,]+)条，全部客户共申请([\d,]+)条"
    r"|supply is ([\d,]+) cartons? and all retailers together requested ([\d,]+)"
)
GOT = re.compile(r"分得([\d,]+)条|Allotted ([\d,]+) cartons?")
ADJUSTED = re.compile(r"调整为([\d,]+)条|department to ([\d,]+) cartons?")
ALLOWANCE_HEADING = {"Allowance", "配额"}
SUPPLY_LABEL = re.compile(r"^(Supply \(cartons\)|货源（条）)$")
REQUESTED_LABEL = re.compile(r"^(Requested \(cartons\)|申请（条）)$")


def explanation_problems(page: Page) -> Iterator[str]:
    """Explanations that contradict the figures they explain: supply called enough when the
    requests exceed it (by the explanation's own figures or the page's cards), and a row's
    explanation naming another allowance than the row shows."""
    cards = {label: value for value, label in page.cards}
    supply = next((v for k, v in cards.items() if SUPPLY_LABEL.match(k)), "")
    demand = next((v for k, v in cards.items() if REQUESTED_LABEL.match(k)), "")
    short_run = bool(
        re.fullmatch(r"[\d,]+", supply)
        and re.fullmatch(r"[\d,]+", demand)
        and _figure(demand) > _figure(supply)
    )
    for text, _verbatim in page.texts:
        if not ENOUGH.search(text):
            continue
        week = WEEK.search(text)
        if week:
            said_supply, said_demand = (g for g in week.groups() if g)
            if _figure(said_demand) > _figure(said_supply):
                yield f"supply called enough although requests exceed it: {text[:160]!r}"
                continue
        if short_run:
            yield f"supply called enough although {demand} requested > {supply}: {text[:160]!r}"
    for row in page.rows:
        shown = [c.text for c in row if c.heading in ALLOWANCE_HEADING]
        for cell in row:
            said = ADJUSTED.findall(cell.text) or GOT.findall(cell.text)
            if not said or not shown or not re.fullmatch(r"[\d,]+", shown[0].strip()):
                continue
            figure = next(g for g in said[-1] if g)
            if _figure(figure) != _figure(shown[0]):
                yield f"explanation says {figure} but the row shows {shown[0]}: {cell.text[:160]!r}"


# A report for a period without orders: refused in words, never a report of zeros.
# (a period without orders, or one that has not begun).
NO_DATA = {
    "zh-hans": re.compile("没有订单记录|没有可分析的数据"),
    "en": re.compile("No orders are recorded|nothing to analyse"),
}
DOWN_100 = re.compile(
    r"下降100(\.0+)?%|减少100(\.0+)?%|down 100(\.0+)?%|−100(\.0+)?%|-100(\.0+)?%", re.I
)
ZERO = re.compile(r"^[-−]?0+([.,]0+)?\s?%?$|^—$")


def no_data_problems(page: Page, lang: str) -> Iterator[str]:
    """What a report for a period with no order shows: it must say there is no data, and
    show no fall of 100% and no table of zeros."""
    texts = [text for text, _v in page.texts]
    if not any(NO_DATA[lang].search(text) for text in texts):
        yield "no-data period: the page does not say there is no data"
    for text in texts:
        if DOWN_100.search(text):
            yield f"no-data period shows a fall of 100%: {text[:120]!r}"
    figures = [c.text.strip() for row in page.rows for c in row if c.num]
    if len(figures) >= 3 and all(ZERO.match(f) for f in figures):
        yield f"no-data period shows a table of {len(figures)} zeros"


def checked_figures(page: Page) -> Counter[str]:
    """What the figure checks had to look at on a page, so a crawl that never met an
    allowance row, a run's supply cards or a share column shows up instead of passing."""
    seen: Counter[str] = Counter()
    for row in page.rows:
        for cell in row:
            seen["numeric cells"] += cell.num
            seen["share cells"] += bool(SHARE_HEADING.search(cell.heading))
        if any(c.heading in ALLOWANCE_HEADING for c in row) and any(
            GOT.search(c.text) for c in row
        ):
            seen["allowance rows with their explanation"] += 1
    labels = [label for _v, label in page.cards]
    if any(SUPPLY_LABEL.match(x) for x in labels) and any(REQUESTED_LABEL.match(x) for x in labels):
        seen["runs with supply and requests"] += 1
    seen["explanations stating supply and requests"] += sum(
        bool(WEEK.search(text)) for text, _v in page.texts
    )
    return seen


@dataclass
class Checker:
    lang: str
    data: list[str]
    enums: set[str]
    seen: Counter[str] = field(default_factory=Counter)

    def problems(self, page: Page) -> Iterator[str]:
        for text, verbatim in page.texts:
            if not verbatim:
                text = self._without_data(text)
            yield from self._anywhere(text, verbatim)
            if not verbatim:
                yield from self._language(text)
        yield from number_problems(page)
        yield from explanation_problems(page)
        self.seen.update(checked_figures(page))

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
    failures.extend(_no_data_reports(client, username, lang, checker.seen))
    return failures


def _no_data_reports(client: Client, username: str, lang: str, seen: Counter[str]) -> Iterator[str]:
    """The operation report asked for a quarter a year ahead and one long past (no orders in
    either): wherever the account may read the report, it says so instead of printing zeros."""
    today = timezone.localdate()
    future = f"{today.year + 1}Q{(today.month - 1) // 3 + 1}"
    for period in (future, "2001Q1"):
        url = f"/reports/?period={period}"
        response = client.get(url, follow=True)
        if response.status_code != 200 or response.request["PATH_INFO"] != "/reports/":
            continue
        seen["reports for periods without orders"] += 1
        for problem in no_data_problems(read_page(response.content.decode()), lang):
            yield f"{username}/{lang} {url}: {problem}"


@pytest.fixture(scope="module")
def crawl_report(django_db_setup, django_db_blocker) -> dict[tuple[str, str], list[str]]:
    """Build the demo, crawl it as every account in both languages, roll everything back.
    What the figure checks looked at, summed over every crawl, is under ``("seen", "")``."""
    today = timezone.localdate()
    with django_db_blocker.unblock(), transaction.atomic():
        build_demo_county(seed=2026, today=today, replace=False, scale=SCALE)
        derive_demo_activity(seed=2026, today=today)
        data, enums = data_strings(), choice_values()
        seen: Counter[str] = Counter()
        report = {}
        for user in ROLES:
            for lang in LANGS:
                checker = Checker(lang, data, enums)
                report[(user, lang)] = crawl(user, lang, checker)
                seen.update(checker.seen)
        report[("seen", "")] = [f"{kind}: {n}" for kind, n in sorted(seen.items())]
        transaction.set_rollback(True)
    return report


FIGURE_CHECKS = (
    "numeric cells",
    "share cells",
    "allowance rows with their explanation",
    "runs with supply and requests",
    "explanations stating supply and requests",
    "reports for periods without orders",
)


@pytest.mark.django_db
def test_the_figure_checks_met_what_they_check(crawl_report):
    """The crawl met allowance rows with their reasons, allocation runs, share columns and
    no-data reports: a check that never met its case would pass for nothing."""
    seen = dict(line.rsplit(": ", 1) for line in crawl_report[("seen", "")])
    print(seen)  # shown with -rP: how much each check had to look at
    missing = [kind for kind in FIGURE_CHECKS if int(seen.get(kind, 0)) == 0]
    assert not missing, (missing, seen)


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


RUN_CARDS = (
    "<div class='cards'><div class='card'><div class='value'>{supply}</div>"
    "<div class='label'>货源（条）</div></div><div class='card'><div class='value'>{demand}</div>"
    "<div class='label'>申请（条）</div></div></div>"
)
ALLOWANCE_ROW = (
    "<table><thead><tr><th>零售户</th><th class='num'>配额</th><th>说明</th></tr></thead>"
    "<tbody><tr><td>甲</td><td class='num'>{shown}</td><td>{why}</td></tr></tbody></table>"
)


@pytest.mark.parametrize(
    ("html", "found"),
    [
        ("<p>计划12345条</p>", ["no thousands separator"]),
        ("<p>计划12,345条</p>", []),
        ("<p>分配1298条</p>", ["no thousands separator"]),
        ("<p>分配1,298条</p>", []),
        ("<p>Sold 4655 cases</p>", ["no thousands separator"]),
        ("<p>Revenue 123456.50 yuan</p>", ["no thousands separator"]),
        ("<p>987条</p>", []),
        ("<p>许可证号 530102100001</p>", []),  # a licence is a code, not a quantity
        ("<p>530102100001条</p>", ["no thousands separator"]),  # unless it counts 条
        ("<p>SKU6901028075862条</p>", []),  # part of a code
        ("<p>2026年3月 · 2026-03-31</p>", []),
        ("<p>电话 13800001234</p>", []),
        (
            "<table><tr><th>销量</th></tr><tr><td class='num'>14503</td></tr></table>",
            ["no thousands separator in a figure"],
        ),
        ("<table><tr><th>销量</th></tr><tr><td class='num'>14,503</td></tr></table>", []),
        ("<table><tr><th>许可证号</th></tr><tr><td class='num'>530102100001</td></tr></table>", []),
        ("<table><tr><th>订单号</th></tr><tr><td class='num'>20260301</td></tr></table>", []),
        ("<table><tr><td>12345</td></tr></table>", []),  # not a numeric cell
        (
            "<table><tr><th>上限</th></tr><tr><td class='num'>1082</td></tr></table>",
            ["no thousands separator in a figure"],
        ),
        ("<table><tr><th>年份</th></tr><tr><td class='num'>2026</td></tr></table>", []),
        (  # an order's second line sits under its own headings despite the rowspans
            "<table><thead><tr><th>订单号</th><th class='num'>金额（元）</th></tr></thead>"
            "<tr><td rowspan='2'>2026030100001</td><td class='num'>1,000.00</td></tr>"
            "<tr><td class='num'>12345.60</td></tr></table>",
            ["no thousands separator in a figure: '12345.60' (金额（元）)"],
        ),
        (
            "<table><tr><th>占比</th></tr><tr><td class='num'>0.07</td></tr></table>",
            ["share shown as a fraction"],
        ),
        (
            "<table><tr><th>Completion rate</th></tr><tr><td>0.9293</td></tr></table>",
            ["share shown as a fraction"],
        ),
        ("<table><tr><th>占比</th></tr><tr><td class='num'>7.00%</td></tr></table>", []),
        ("<table><tr><th>存销比</th></tr><tr><td class='num'>0.93</td></tr></table>", []),
        ("<table><tr><th>单价</th></tr><tr><td class='num'>0.50</td></tr></table>", []),
        (
            "<div class='card'><div class='value'>0.44</div><div class='label'>年度目标完成率</div>"
            "</div>",
            ["share shown as a fraction"],
        ),
        (
            "<div class='card'><div class='value'>44.00%</div>"
            "<div class='label'>完成率</div></div>",
            [],
        ),
        ("<p>占比30.875%</p>", ["percentage with more than two decimals"]),
        ("<p>占比30.88%</p>", []),
    ],
)
def test_number_check_finds_what_it_should(html: str, found: list[str]):
    problems = list(number_problems(read_page(html)))
    assert len(problems) == len(found) and all(
        p.startswith(f) for p, f in zip(problems, found, strict=True)
    ), problems


@pytest.mark.parametrize(
    ("html", "found"),
    [
        # The explanation's own figures: 300 against 1,048 is not enough.
        ("<p>本周货源300条，全部客户共申请1,048条，货源充足。</p>", ["supply called enough"]),
        ("<p>本周货源300条，全部客户共申请1,048条，货源不足。</p>", []),
        # "met in full" speaks of one request, not of the supply.
        ("<p>本周货源300条，全部客户共申请1,048条，货源不足。申请量已足额满足。</p>", []),
        ("<p>本周货源1,048条，全部客户共申请300条，货源充足。</p>", []),
        (
            "<p>This week's supply is 300 cartons and all retailers together requested 1,048 "
            "cartons: enough for every request.</p>",
            ["supply called enough"],
        ),
        (
            "<p>This week's supply is 300 cartons and all retailers together requested 1,048 "
            "cartons: not enough for every request.</p>",
            [],
        ),
        # An old reason without figures, on a run whose cards show the shortage.
        (
            RUN_CARDS.format(supply=300, demand="1,048") + "<p>货源充足，按申请量足额满足</p>",
            ["supply"],
        ),
        (RUN_CARDS.format(supply="1,048", demand=300) + "<p>货源充足，按申请量足额满足</p>", []),
        # The row's allowance against what its explanation says it got.
        (ALLOWANCE_ROW.format(shown="999", why="分得1条。"), ["explanation says 1 but the row"]),
        (ALLOWANCE_ROW.format(shown="1", why="分得1条。"), []),
        (ALLOWANCE_ROW.format(shown="5", why="分得1条。营销部已调整为5条，原因：补货"), []),
        (
            ALLOWANCE_ROW.format(shown="1", why="分得1条。营销部已调整为5条，原因：补货"),
            ["explanation says 5 but the row"],
        ),
        (
            ALLOWANCE_ROW.replace("配额", "Allowance").format(
                shown="1,298", why="Allotted 1 carton."
            ),
            ["explanation says 1 but the row"],
        ),
    ],
)
def test_explanation_check_finds_what_it_should(html: str, found: list[str]):
    problems = list(explanation_problems(read_page(html)))
    assert len(problems) == len(found) and all(
        p.startswith(f) for p, f in zip(problems, found, strict=True)
    ), problems


@pytest.mark.parametrize(
    ("lang", "html", "found"),
    [
        (
            "zh-hans",
            "<p class='errors'>2027年第1季度没有订单记录，无法分析，请选择其他时段。</p>",
            [],
        ),
        ("en", "<p>No orders are recorded from 2027-01-01 to 2027-03-31 (Q1 2027).</p>", []),
        ("zh-hans", "<p>2027年第4季度尚未开始（今天是2026-12-02），没有可分析的数据。</p>", []),
        (
            "zh-hans",
            "<p>卷烟销量0箱，同比下降100%</p><table><tr><th>销量</th></tr>"
            "<tr><td class='num'>0</td></tr><tr><td class='num'>0.00%</td></tr>"
            "<tr><td class='num'>—</td></tr></table>",
            [
                "no-data period: the page",
                "no-data period shows a fall",
                "no-data period shows a table",
            ],
        ),
        (
            "en",
            "<p>Sales down 100.00% on last year.</p>",
            ["no-data period: the page", "no-data period shows a fall"],
        ),
        (
            "en",
            "<table><tr><td class='num'>0</td><td class='num'>12</td>"
            "<td class='num'>0</td></tr></table>",
            ["no-data period: the page"],
        ),
    ],
)
def test_no_data_check_finds_what_it_should(lang: str, html: str, found: list[str]):
    problems = list(no_data_problems(read_page(html), lang))
    assert len(problems) == len(found) and all(
        p.startswith(f) for p, f in zip(problems, found, strict=True)
    ), problems
