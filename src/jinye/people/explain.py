"""Career ranks, decision kinds, education levels and career reasons in the reader's language.

:mod:`jinye.engines.careers` gives each decision its reasons as codes with figures
(:class:`jinye.engines.reasons.Reason`); services store them as ``{"code", "params"}`` in
``CareerDecision.reasons`` and this module renders them through gettext. Reasons stored
before the codes existed are plain (Chinese) sentences and are shown as they are.
"""

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from django.utils.functional import lazy
from django.utils.translation import gettext as _
from django.utils.translation import pgettext, pgettext_lazy

from jinye.engines import careers
from jinye.engines.careers import Education, Kind, Level
from jinye.engines.reasons import Reason

LEVEL_LABELS = {
    Level.TRAINEE: pgettext_lazy("career level", "Trainee"),
    Level.JUNIOR: pgettext_lazy("career level", "Junior"),
    Level.MIDDLE: pgettext_lazy("career level", "Middle"),
    Level.SENIOR: pgettext_lazy("career level", "Senior"),
}

KIND_LABELS = {
    Kind.STAY: pgettext_lazy("career decision", "Stay"),
    Kind.TIER_UP: pgettext_lazy("career decision", "Tier up"),
    Kind.LEVEL_UP: pgettext_lazy("career decision", "Level up"),
    Kind.SKIP_TIER: pgettext_lazy("career decision", "Skip a tier"),
    Kind.SKIP_LEVEL: pgettext_lazy("career decision", "Skip a level"),
    Kind.TIER_DOWN: pgettext_lazy("career decision", "Tier down"),
    Kind.LEVEL_DOWN: pgettext_lazy("career decision", "Level down"),
    Kind.BREACH_TIER_DOWN: pgettext_lazy("career decision", "Breach: tier down"),
    Kind.BREACH_LEVEL_DOWN: pgettext_lazy("career decision", "Breach: level down"),
    Kind.NO_DATA: pgettext_lazy("career decision", "Incomplete data"),
}

EDUCATION_LABELS = {
    Education.BELOW_HIGH_SCHOOL: pgettext_lazy("education", "Junior high school or below"),
    Education.HIGH_SCHOOL: pgettext_lazy("education", "High school (vocational or technical)"),
    Education.COLLEGE: pgettext_lazy("education", "College"),
    Education.BACHELOR: pgettext_lazy("education", "Bachelor's degree"),
    Education.POSTGRADUATE: pgettext_lazy("education", "Postgraduate"),
}


def rank_name(rank: int) -> str:
    """The rank as people say it: 见习, 中级B; Trainee, Middle B."""
    level = str(LEVEL_LABELS[careers.level_of(rank)])
    grade = careers.grade_of(rank)
    if not grade:
        return level
    return pgettext("career rank", "%(level)s %(grade)s") % {"level": level, "grade": grade}


rank_name_lazy = lazy(rank_name, str)


def education_name(value: int) -> str:
    return str(EDUCATION_LABELS[Education(value)])


def _num(x: float) -> str:
    return f"{x:g}"


def _move(p: Mapping[str, Any]) -> dict[str, str]:
    return {"from": rank_name(p["from"]), "to": rank_name(p["to"])}


def _standard(p: Mapping[str, Any]) -> dict[str, str]:
    return {"score": _num(p["score"]), "rank": rank_name(p["rank"]), "min": _num(p["min"])}


def _skip_rejected(p: Mapping[str, Any]) -> str:
    kind = str(KIND_LABELS[Kind(p["kind"])])
    values = {"kind": kind, **_move(p)}
    if p["by"] == "leadership":
        text = _("%(kind)s %(from)s → %(to)s not approved by the leadership")
    elif p["by"] == "objection":
        text = _("%(kind)s %(from)s → %(to)s not applied: an objection was upheld")
    else:
        text = _("%(kind)s %(from)s → %(to)s not approved by the committee")
    fallback = _("the window's decision without the skip applies in its place")
    return pgettext("list separator", "; ").join([text % values, fallback])


_RENDER: dict[str, Callable[[Mapping[str, Any]], str]] = {
    "score_below": lambda p: (
        _("average score %(score)s, below %(min)s")
        % {"score": _num(p["score"]), "min": _num(p["min"])}
    ),
    "months_in_post": lambda p: (
        _("%(months)s months in post, %(min)s needed") % {"months": p["months"], "min": p["min"]}
    ),
    "months_at_level": lambda p: (
        _("%(months)s months at the current level, %(min)s needed")
        % {"months": p["months"], "min": p["min"]}
    ),
    "education": lambda p: (
        _("education %(education)s, %(min)s or higher needed")
        % {"education": education_name(p["education"]), "min": education_name(p["min"])}
    ),
    "training": lambda p: _("required training not done or exam not passed"),
    "score_needed": lambda p: (
        _("average score must reach %(min)s (this window's scores are incomplete)")
        % {"min": _num(p["min"])}
    ),
    "no_data": lambda p: (
        _(
            "The three monthly scores of the window are incomplete: stays %(rank)s, to be "
            "evaluated again once they are complete"
        )
        % {"rank": rank_name(p["rank"])}
    ),
    "stay": lambda p: (
        _("Average score %(score)s meets the %(rank)s standard of %(min)s: stays %(rank)s")
        % _standard(p)
    ),
    "next_lacks": lambda p: (
        _("Still missing for %(rank)s: %(gaps)s")
        % {
            "rank": rank_name(p["rank"]),
            "gaps": pgettext("list separator", "; ").join(reason_text(g) for g in p["gaps"]),
        }
    ),
    "met": lambda p: (
        _("Average score %(score)s meets the %(rank)s standard of %(min)s") % _standard(p)
    ),
    "tier_up": lambda p: _("Up one tier automatically: %(from)s → %(to)s") % _move(p),
    "level_up_pending": lambda p: (
        _(
            "Level promotion %(from)s → %(to)s: applies after the committee's assessment and a "
            "week's public notice without objection"
        )
        % _move(p)
    ),
    "outstanding": lambda p: (
        _("Outstanding: average score %(score)s meets the %(rank)s standard of %(min)s")
        % _standard(p)
    ),
    "skip_tier_pending": lambda p: (
        _(
            "Skip a tier %(from)s → %(to)s: applies after the committee confirms it and the "
            "branch (company) leadership approves"
        )
        % _move(p)
    ),
    "skip_level_pending": lambda p: (
        _(
            "Skip a level %(from)s → %(to)s: applies after the committee confirms it, the "
            "director (manager) approves and a week's public notice passes without objection"
        )
        % _move(p)
    ),
    "missed": lambda p: (
        _("Average score %(score)s misses the standard of the current rank %(rank)s, %(min)s")
        % _standard(p)
    ),
    "tier_down": lambda p: _("Down one tier: %(from)s → %(to)s") % _move(p),
    "also_below": lambda p: (
        _("Also below the %(rank)s standard of %(min)s")
        % {"rank": rank_name(p["rank"]), "min": _num(p["min"])}
    ),
    "level_down": lambda p: _("Down one level: %(from)s → %(to)s") % _move(p),
    "lowest_rank": lambda p: (
        _("%(rank)s is the lowest rank: stays %(rank)s, which is no demotion")
        % {"rank": rank_name(p["rank"])}
    ),
    "tier_leaves_level": lambda p: (
        _("One tier down, %(from)s → %(to)s, leaves the level: recorded as a level demotion")
        % _move(p)
    ),
    "skip_rejected": _skip_rejected,
    "fallback_stale": lambda p: (
        _(
            "The rank has changed since the window (now %(rank)s): the one-tier step up of "
            "that window is not applied"
        )
        % {"rank": rank_name(p["rank"])}
    ),
    "reassign": lambda p: _(
        "Demoted to trainee by a second level demotion in a row: to be moved to another post"
    ),
    "breach": lambda p: _("Serious breach of the rules: %(what)s") % {"what": p["what"]},
    "breach_tier_down": lambda p: (
        _("The committee decided to move down one tier at once: %(from)s → %(to)s") % _move(p)
    ),
    "breach_level_down": lambda p: (
        _("The committee decided to move down one level at once: %(from)s → %(to)s") % _move(p)
    ),
}


def reason_text(reason: Reason | Mapping[str, Any] | str) -> str:
    """One reason as a sentence; a stored dict or an old plain sentence also works."""
    if isinstance(reason, str):
        return reason
    if isinstance(reason, Reason):
        code, params = reason.code, reason.params
    else:
        code, params = reason["code"], reason.get("params", {})
    render = _RENDER.get(code)
    return render(params) if render else code


def reason_texts(reasons: Iterable[Reason | Mapping[str, Any] | str]) -> list[str]:
    return [reason_text(r) for r in reasons]
