"""Content-Security-Policy: every page carries it, scripts come only from our own origin (no
'unsafe-inline', no 'unsafe-eval'), and no template holds an inline script or an on* event
attribute, which the policy would block (tests/e2e/test_stored_xss.py sees the pages run)."""

import re
from pathlib import Path

import pytest
from django.test import Client

from jinye.org.models import Role
from tests.factories import make_retailer, make_staff

pytestmark = pytest.mark.django_db

SRC = Path(__file__).resolve().parents[2] / "src" / "jinye"
TEMPLATES = sorted(SRC.glob("**/templates/**/*.html"))
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
EVENT_ATTRIBUTE = re.compile(r"<[^>]*\son[a-z]+\s*=", re.IGNORECASE)
JSON_DATA = 'type="application/json"'


def _directives(header: str) -> dict[str, list[str]]:
    parts = (p.strip().split() for p in header.split(";") if p.strip())
    return {p[0]: p[1:] for p in parts}


@pytest.mark.parametrize(
    "path", ["/", "/retailers/", "/accounts/login/", "/visits/coverage/", "/api/v1/docs"]
)
def test_pages_carry_a_policy_without_inline_scripts(path: str) -> None:
    client = Client()
    client.force_login(make_staff(Role.DIRECTOR).user)
    make_retailer()
    response = client.get(path)
    assert response.status_code == 200, path
    policy = _directives(response["Content-Security-Policy"])
    assert policy["script-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"] and policy["frame-ancestors"] == ["'none'"]
    assert policy["default-src"] == ["'self'"] and policy["base-uri"] == ["'self'"]
    header = response["Content-Security-Policy"]
    assert "unsafe-eval" not in header and "http" not in header


def test_the_login_page_of_a_visitor_carries_it_too() -> None:
    response = Client().get("/accounts/login/")
    assert "script-src 'self'" in response["Content-Security-Policy"]


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: str(p.relative_to(SRC)))
def test_no_template_has_an_inline_script_or_an_event_attribute(template: Path) -> None:
    text = template.read_text(encoding="utf-8")
    inline = [m for m in INLINE_SCRIPT.findall(text) if JSON_DATA not in m]
    assert inline == [], "move the script to a static file"
    assert EVENT_ATTRIBUTE.findall(text) == [], "use a data-* attribute and static/jinye/page.js"


def test_the_scan_finds_what_it_looks_for() -> None:
    assert INLINE_SCRIPT.findall('<script>alert(1)</script><script src="/a.js"></script>') == [
        "<script>"
    ]
    assert EVENT_ATTRIBUTE.findall('<select name="q" onchange="this.form.submit()">')
    assert not EVENT_ATTRIBUTE.findall('<form action="/x" class="one">')
