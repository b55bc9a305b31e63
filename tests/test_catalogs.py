"""The zh-Hans message catalogs: they compile, the committed .mo files match their .po files,
every entry is translated, placeholders survive translation, and no English message is
translated two ways in two apps.

Django merges every app's catalog into one, so when two apps translate the same msgid
differently one of them silently wins on the other's pages (a cancelled order once showed
注销, the retailer-status word). Words with several meanings take a ``pgettext`` context.
"""

import re
import shutil
import subprocess
from collections import defaultdict
from pathlib import Path

import polib
import pytest
from django.utils import translation
from django.utils.translation import gettext, pgettext

from jinye.forecasts.models import RoundStatus
from jinye.orders.models import OrderStatus
from jinye.people.models import ObjectionStatus
from jinye.retailers.models import RetailerStatus

SRC = Path(__file__).resolve().parents[1] / "src" / "jinye"
CATALOGS = sorted(SRC.glob("**/locale/zh_Hans/LC_MESSAGES/django.po"))
IDS = [str(po.relative_to(SRC).parts[0]) for po in CATALOGS]

# %(name)s, %s / %d, {name} / {} — what Python substitutes at run time.
PLACEHOLDER = re.compile(r"%\(\w+\)[sdifr]|%[sdifr]|\{\w*\}")

Key = tuple[str | None, str]


def _live(po: polib.POFile) -> list[polib.POEntry]:
    return [e for e in po if not e.obsolete]


def _translations(entry: polib.POEntry) -> list[str]:
    if entry.msgid_plural:
        return [entry.msgstr_plural[k] for k in sorted(entry.msgstr_plural)]
    return [entry.msgstr]


def _placeholders(text: str) -> list[str]:
    return sorted(PLACEHOLDER.findall(text))


def test_catalogs_found():
    assert len(CATALOGS) >= 10, CATALOGS


@pytest.mark.parametrize("po_path", CATALOGS, ids=IDS)
def test_catalog_compiles(po_path: Path, tmp_path: Path):
    msgfmt = shutil.which("msgfmt")
    assert msgfmt, "msgfmt (GNU gettext) is needed to compile the catalogs"
    result = subprocess.run(
        [msgfmt, "--check", "-o", str(tmp_path / "django.mo"), str(po_path)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("po_path", CATALOGS, ids=IDS)
def test_mo_matches_po(po_path: Path):
    po = polib.pofile(str(po_path))
    mo = polib.mofile(str(po_path.with_suffix(".mo")))
    wanted = {
        (e.msgctxt, e.msgid): _translations(e)
        for e in _live(po)
        if "fuzzy" not in e.flags and all(_translations(e))
    }
    compiled = {(e.msgctxt, e.msgid): _translations(e) for e in mo if e.msgid}
    stale = sorted(k for k in wanted.keys() | compiled.keys() if wanted.get(k) != compiled.get(k))
    assert not stale, f"run msgfmt -o django.mo django.po in {po_path.parent}: {stale[:10]}"


@pytest.mark.parametrize("po_path", CATALOGS, ids=IDS)
def test_every_entry_translated(po_path: Path):
    po = polib.pofile(str(po_path))
    fuzzy = [e.msgid for e in _live(po) if "fuzzy" in e.flags]
    empty = [e.msgid for e in _live(po) if not all(_translations(e))]
    assert not fuzzy, f"fuzzy: {fuzzy}"
    assert not empty, f"untranslated: {empty}"


@pytest.mark.parametrize("po_path", CATALOGS, ids=IDS)
def test_placeholders_survive_translation(po_path: Path):
    po = polib.pofile(str(po_path))
    broken = []
    for e in _live(po):
        sources = [e.msgid] + ([e.msgid_plural] if e.msgid_plural else [])
        wanted = _placeholders(sources[-1])
        for text in _translations(e):
            if text and _placeholders(text) != wanted:
                broken.append((e.msgid, text))
    assert not broken, broken


def test_no_message_translated_two_ways():
    seen: dict[Key, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for po_path, app in zip(CATALOGS, IDS, strict=True):
        for e in _live(polib.pofile(str(po_path))):
            seen[(e.msgctxt, e.msgid)][" | ".join(_translations(e))].append(app)
    clashes = {
        f"{ctxt + ': ' if ctxt else ''}{msgid}": dict(by_text)
        for (ctxt, msgid), by_text in seen.items()
        if len(by_text) > 1
    }
    if clashes:
        pytest.fail(
            "one msgid, two translations (use one, or a pgettext context): "
            + "; ".join(f"{k!r} {v}" for k, v in sorted(clashes.items()))
        )


@pytest.mark.parametrize(
    ("label", "chinese"),
    [
        (lambda: OrderStatus.CANCELLED.label, "已取消"),
        (lambda: RetailerStatus.CANCELLED.label, "注销"),
        (lambda: RetailerStatus.OPEN.label, "营业"),
        (lambda: RoundStatus.OPEN.label, "进行中"),
        (lambda: ObjectionStatus.OPEN.label, "待处理"),
        (lambda: pgettext("rank", "From"), "原职级"),
        (lambda: pgettext("rank", "To"), "新职级"),
        (lambda: pgettext("actor", "By"), "操作人"),
        (lambda: pgettext("visitor", "By"), "拜访人"),
        (lambda: gettext("From"), "起"),
    ],
)
def test_words_with_several_meanings_keep_each_meaning(label, chinese):
    with translation.override("zh-hans"):
        assert str(label()) == chinese
