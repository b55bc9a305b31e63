"""Benchmark: every page of the menu, and their first-level links, for every demo role.

Run: .venv/bin/python bench/pages.py [--scale 1.0] [--today 2026-10-21] [--runs 5] [--var-dir DIR]
     [--roles director,cm01] [--label before]
Builds the demo county with its derived activity (what ``jinye demo`` builds: targets,
survey, visits, supply, forecasts, people) into a SQLite database under a temporary
``JINYE_VAR_DIR`` (or ``--var-dir``: a directory that already holds a built demo is reused,
so before/after runs measure the same data). Set DATABASE_URL to measure PostgreSQL.
The demo's "today" defaults to 2026-10-21: a county built on a day of November 2026 stops
in its visit plans (the month's last week has one working day, 30 November, too few for the
weekly visits), and the pages themselves read the real clock either way.

Each demo role signs in and requests, through Django's full request stack (the test client:
middleware, session, view, templates; no socket), the pages its menu links to, then the links
on those pages (first level only, one URL per shape: ``/retailers/N/`` once), GET only, no
downloads. Per page: one warm-up request, then ``--runs`` timed requests; the median server
time and the number of SQL queries of a request are reported, with the most repeated
statement shape (an N+1 shows up there). Writes bench/results/pages.json.
Targets (issue 14): every page's median < 300 ms; the dashboard < 150 ms and < 30 queries.
"""

import argparse
import json
import os
import platform
import re
import statistics
import sys
import tempfile
import time
from collections import Counter
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

RESULTS = Path(__file__).resolve().parent / "results" / "pages.json"
ROLES = ["director", "mm01", "cm01", "clerk01", "deliverer01", "inspector01", "shop01"]
SKIP = re.compile(
    r"^/(accounts/|i18n|admin|api|static|media)/?|/export|/template/|download"
    r"|\.(xlsx|csv|docx|pdf|png)$|[?&]format="
)
PAGE_TARGET_MS, DASHBOARD_TARGET_MS, DASHBOARD_MAX_QUERIES = 300, 150, 30


class _Links(HTMLParser):
    """The hrefs of a page, the menu's (inside ``<nav>``) apart from the others."""

    def __init__(self) -> None:
        super().__init__()
        self.menu: list[str] = []
        self.other: list[str] = []
        self._in_nav = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "nav":
            self._in_nav += 1
        href = dict(attrs).get("href")
        if tag == "a" and href:
            (self.menu if self._in_nav else self.other).append(href)

    def handle_endtag(self, tag: str) -> None:
        if tag == "nav":
            self._in_nav = max(0, self._in_nav - 1)


def _shape(url: str) -> str:
    parts = urlsplit(url)
    keys = sorted(q.split("=")[0] for q in parts.query.split("&") if q)
    return re.sub(r"\d+", "N", parts.path) + "?" + "&".join(keys)


def _local(here: str, href: str) -> str | None:
    target = urljoin(here, href.split("#")[0])
    parts = urlsplit(target)
    if parts.netloc not in ("", "testserver"):
        return None
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    return None if SKIP.search(path) else path


def _statement_shape(sql: str) -> str:
    return re.sub(r"\b\d+(\.\d+)?\b|'[^']*'|%s|\?", "?", sql)[:160]


def measure(client, url: str, runs: int) -> dict:  # noqa: ANN001 (django.test.Client)
    from django.db import connection

    statements: list[str] = []

    def record(execute, sql, params, many, context):  # noqa: ANN001, ANN202
        statements.append(sql)
        return execute(sql, params, many, context)

    # Counted through a wrapper: the test client's request_started signal empties
    # connection.queries, which would cut a CaptureQueriesContext's slice short.
    with connection.execute_wrapper(record):
        response = client.get(url)
    shapes = Counter(_statement_shape(sql) for sql in statements)
    shape, repeats = shapes.most_common(1)[0] if shapes else ("", 0)
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        client.get(url)
        times.append((time.perf_counter() - started) * 1000)
    return {
        "status": response.status_code,
        "median_ms": round(statistics.median(times), 1),
        "max_ms": round(max(times), 1),
        "queries": len(statements),
        "most_repeated": {"times": repeats, "sql": shape} if repeats > 1 else None,
        "_html": response.content.decode(errors="replace")
        if "html" in response.get("Content-Type", "")
        else "",
    }


def crawl(username: str, runs: int) -> list[dict]:
    from django.contrib.auth.models import User
    from django.test import Client

    client = Client()
    client.force_login(User.objects.get(username=username))
    home = measure(client, "/", runs)
    links = _Links()
    links.feed(home.pop("_html"))
    pages = [{"page": "/", "level": "menu", **home}]
    seen, shapes = {"/"}, {_shape("/")}
    menu = [u for u in (_local("/", h) for h in links.menu) if u and u not in seen]
    first_level: list[str] = []
    for url in dict.fromkeys(menu):
        seen.add(url)
        shapes.add(_shape(url))
        result = measure(client, url, runs)
        page = _Links()
        page.feed(result.pop("_html"))
        pages.append({"page": url, "level": "menu", **result})
        for href in page.other:
            target = _local(url, href)
            if target and target not in seen and _shape(target) not in shapes:
                seen.add(target)
                shapes.add(_shape(target))
                first_level.append(target)
    for url in first_level:
        result = measure(client, url, runs)
        result.pop("_html")
        pages.append({"page": url, "level": "link", **result})
    return pages


def build(scale: float, today: date) -> float | None:
    """Build the demo unless ``var_dir``'s database already holds it; seconds taken."""
    from django.core.management import call_command

    from jinye.demo.activity import derive_demo_activity
    from jinye.demo.build import build_demo_county, database_has_data

    call_command("migrate", interactive=False, verbosity=0)
    if database_has_data():
        return None
    started = time.perf_counter()
    build_demo_county(seed=2026, today=today, replace=True, scale=scale)
    derive_demo_activity(seed=2026, today=today)
    return round(time.perf_counter() - started, 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--today", type=date.fromisoformat, default=date(2026, 10, 21))
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--var-dir", type=Path, default=None)
    parser.add_argument("--roles", default=",".join(ROLES))
    parser.add_argument("--label", default="", help="stored with the results (e.g. before)")
    args = parser.parse_args()
    var_dir = args.var_dir or Path(tempfile.mkdtemp(prefix="jinye-bench-"))
    var_dir.mkdir(parents=True, exist_ok=True)
    os.environ["JINYE_VAR_DIR"] = str(var_dir)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jinye.settings")
    import django

    django.setup()
    from django.db import connection

    from jinye.retailers.models import Retailer

    build_s = build(args.scale, args.today)
    load_before = os.getloadavg()
    roles = {}
    for username in args.roles.split(","):
        started = time.perf_counter()
        roles[username] = crawl(username, args.runs)
        print(
            f"{username}: {len(roles[username])} pages in {time.perf_counter() - started:.0f} s",
            file=sys.stderr,
            flush=True,
        )
    load_after = os.getloadavg()
    slow = [
        f"{u} {p['page']}"
        for u, pages in roles.items()
        for p in pages
        if p["median_ms"] >= PAGE_TARGET_MS
    ]
    dashboards = {u: next(p for p in pages if p["page"] == "/") for u, pages in roles.items()}
    result = {
        "label": args.label,
        "database": connection.vendor,
        "retailers": Retailer.objects.count(),
        "demo_today": args.today.isoformat(),
        "demo_build_s": build_s,
        "var_dir": str(var_dir),
        "runs": args.runs,
        "load_average": {"before": load_before, "after": load_after},
        "targets": {
            "page_ms": PAGE_TARGET_MS,
            "dashboard_ms": DASHBOARD_TARGET_MS,
            "dashboard_queries": DASHBOARD_MAX_QUERIES,
        },
        "pages_over_target": slow,
        "dashboards_over_target": [
            u
            for u, d in dashboards.items()
            if d["median_ms"] >= DASHBOARD_TARGET_MS or d["queries"] >= DASHBOARD_MAX_QUERIES
        ],
        "roles": roles,
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
    }
    print(f"{'role':<12} {'page':<58} {'status':>6} {'median ms':>10} {'queries':>8}  repeated")
    for username, pages in roles.items():
        for p in pages:
            rep = p["most_repeated"]
            flag = " *" if p["median_ms"] >= PAGE_TARGET_MS else ""
            print(
                f"{username:<12} {p['page'][:58]:<58} {p['status']:>6} "
                f"{p['median_ms']:>10.1f} {p['queries']:>8}  {rep['times'] if rep else ''}{flag}"
            )
    print(
        f"load average {load_before[0]:.1f} before, {load_after[0]:.1f} after; "
        f"{len(slow)} pages at or over {PAGE_TARGET_MS} ms (*); dashboards over target: "
        f"{result['dashboards_over_target'] or 'none'}"
    )
    RESULTS.parent.mkdir(exist_ok=True)
    out = RESULTS.with_name(f"pages-{args.label}.json") if args.label else RESULTS
    out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
