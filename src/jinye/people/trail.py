"""The career audit trail in the reader's language.

``CareerAudit`` rows keep an action code and their details as JSON: codes, numbers, dates,
what people typed, and rank names as they were written (in the writer's language). This
module labels each action and detail and renders the values: decision kinds, reasons,
education levels, yes/no and rank names through :mod:`jinye.people.explain`.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy, pgettext, pgettext_lazy

from jinye.engines import careers
from jinye.engines.careers import Kind
from jinye.people import explain
from jinye.people.models import CareerAudit

ACTIONS = {
    "evaluated": pgettext_lazy("career audit", "Evaluated"),
    "applied": pgettext_lazy("career audit", "Applied"),
    "committee_approved": pgettext_lazy("career audit", "Approved by the committee"),
    "committee_rejected": pgettext_lazy("career audit", "Rejected by the committee"),
    "leadership_approved": pgettext_lazy("career audit", "Approved by the leadership"),
    "leadership_rejected": pgettext_lazy("career audit", "Rejected by the leadership"),
    "notice_started": pgettext_lazy("career audit", "Public notice started"),
    "objection_raised": pgettext_lazy("career audit", "Objection raised"),
    "objection_upheld": pgettext_lazy("career audit", "Objection upheld"),
    "objection_dismissed": pgettext_lazy("career audit", "Objection dismissed"),
    "fell_back": pgettext_lazy("career audit", "Skip not approved: decision without the skip"),
    "breach": pgettext_lazy("career audit", "Breach of the rules"),
    "profile_created": pgettext_lazy("career audit", "Profile created"),
    "profile_changed": pgettext_lazy("career audit", "Profile changed"),
}

# Detail keys in the order shown; a key not listed here is shown under its own name.
DETAILS = {
    "kind": gettext_lazy("Kind"),
    "from_rank": pgettext_lazy("rank", "From"),
    "to_rank": pgettext_lazy("rank", "To"),
    "rank": pgettext_lazy("career rank", "Rank"),
    "reasons": gettext_lazy("Reasons"),
    "reason": pgettext_lazy("decision", "Reason"),
    "note": pgettext_lazy("career audit", "Note"),
    "start": pgettext_lazy("career audit", "Notice from"),
    "end": pgettext_lazy("career audit", "Notice until"),
    "objection": pgettext_lazy("career audit", "Objection"),
    "text": pgettext_lazy("career audit", "Objection text"),
    "ruling": pgettext_lazy("career audit", "Ruling"),
    "what": pgettext_lazy("career audit", "Breach"),
    "by_level": pgettext_lazy("career audit", "Down a whole level"),
    "education": gettext_lazy("Education"),
    "training_passed": gettext_lazy("Training done and exam passed"),
    "outstanding": gettext_lazy("Outstanding (may skip)"),
    "since": gettext_lazy("In post since"),
}

NOTES = {
    "approved": pgettext_lazy("career audit", "after the committee's approval"),
    "fallback": pgettext_lazy("career audit", "automatic one-tier step up, the skip not approved"),
}


@dataclass(frozen=True)
class AuditLine:
    at: Any
    actor: Any
    action: str
    details: list[tuple[str, str]]


@cache
def _rank_by_name() -> dict[str, int]:
    """Every rank name in every language, so names stored by any writer read back."""
    names = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            names.update({explain.rank_name(r): r for r in range(careers.RANK_COUNT)})
    return names


def _rank(value: Any) -> str:
    rank = _rank_by_name().get(str(value))
    return explain.rank_name(rank) if rank is not None else str(value)


def _value(key: str, value: Any) -> str:
    if isinstance(value, bool):
        return pgettext("career audit", "yes") if value else pgettext("career audit", "no")
    if key == "kind" and value in Kind._value2member_map_:
        return str(explain.KIND_LABELS[Kind(value)])
    if key in ("from_rank", "to_rank", "rank"):
        return _rank(value)
    if key == "reasons":
        return pgettext("list separator", "; ").join(explain.reason_texts(value))
    if key == "education":
        return explain.education_name(value)
    if key == "note":
        return str(NOTES.get(value, value))
    if key == "objection":
        return f"#{value}"
    return str(value)


def details_shown(details: Mapping[str, Any]) -> list[tuple[str, str]]:
    """(label, value) rows of one entry's details; empty values are left out."""
    keys = [k for k in DETAILS if k in details] + [k for k in details if k not in DETAILS]
    return [
        (str(DETAILS.get(k, k)), _value(k, details[k]))
        for k in keys
        if details[k] not in ("", None, [])
    ]


def audit_lines(entries: Iterable[CareerAudit]) -> list[AuditLine]:
    return [
        AuditLine(
            at=e.at,
            actor=e.actor,
            action=str(ACTIONS.get(e.action, e.action)),
            details=details_shown(e.details),
        )
        for e in entries
    ]
