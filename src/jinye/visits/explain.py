"""The visit-plan engine's refusals in the reader's language.

:mod:`jinye.engines.visit_plan` refuses with a code and its figures
(:class:`~jinye.engines.reasons.Refusal`); the plan service turns them into the ``Invalid`` a
page, the API or the CLI shows, through the sentences here.
"""

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from jinye.engines.reasons import Refusal
from jinye.retailers.models import Retailer

Params = Mapping[str, Any]


def plan_refusal(exc: ValueError) -> str:
    """The visit-plan engine's refusal as a sentence in the reader's language."""
    if not isinstance(exc, Refusal):
        return str(exc)
    p = exc.params
    if exc.code == "no_visit_rule":
        return _("No visit rule for star(s) %(stars)s.") % p
    if exc.code == "bad_capacity":
        return _("The daily capacity must be at least 1.")
    if exc.code == "no_working_days":
        return _("The month has no working days.")
    if exc.code == "over_capacity":
        return (
            _("%(visits)d visits do not fit into %(days)d working days × %(capacity)d stops a day.")
            % p
        )
    if exc.code == "frequency_unmet":
        return _frequency_unmet(p)
    return str(exc)


def _frequency_unmet(p: Params) -> str:
    head = (
        _(
            "No plan meets every retailer's visit frequency: at most %(capacity)d stops a day, "
            "%(short)d of the %(visits)d visits due cannot be placed."
        )
        % p
    )
    full = [date.fromisoformat(d) for d in p["full_days"]]
    if not full:
        return f"{head} " + _("Their periods have fewer working days than visits due.")
    if len(full) == 1:
        tail = _("The one working day these visits could use, %(first)s, is full.")
    else:
        tail = _(
            "The %(days)d working days these visits could use (%(first)s to %(last)s) are full."
        )
    return f"{head} " + tail % {"days": len(full), "first": _day(full[0]), "last": _day(full[-1])}


SHORT_LISTED = 20  # retailers named one by one in a refusal; the rest are counted


def short_retailers(short: Sequence[Params], retailers: Sequence[Retailer]) -> list[str]:
    """One line per retailer window left short: who, which days, how many visits of how many
    (the first ``SHORT_LISTED``, then how many more)."""
    by_id = {r.pk: r for r in retailers}
    lines = [
        _(
            "%(licence)s %(name)s: %(short)d of %(need)d visits from %(first)s to %(last)s "
            "cannot be placed."
        )
        % {
            "licence": by_id[row["retailer_id"]].licence_no,
            "name": by_id[row["retailer_id"]].name,
            "short": row["short"],
            "need": row["need"],
            "first": _day(date.fromisoformat(row["first"])),
            "last": _day(date.fromisoformat(row["last"])),
        }
        for row in short[:SHORT_LISTED]
    ]
    if len(short) > SHORT_LISTED:
        rest = len(short) - SHORT_LISTED
        lines.append(
            ngettext(
                "…and %(n)d more shortfall.",
                "…and %(n)d more shortfalls.",
                rest,
            )
            % {"n": rest}
        )
    return lines


def _day(day: date) -> str:
    return day.isoformat()  # dates read Y-m-d on every page
