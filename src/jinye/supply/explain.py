"""The reasons behind allowances and monthly totals, in the reader's language.

The engines (:mod:`jinye.engines.allocation`, :mod:`jinye.engines.quota`) return codes and
figures; services store them as ``{"code": ..., "params": {...}}`` (the ``explanation_data``
columns) and this module renders them through gettext when a page, the portal or the API
shows them. So a decision stored in a Chinese session reads in English to an English reader.
Rows stored before the codes existed keep their old text, shown as it was.
"""

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from jinye.engines import allocation as alloc_engine
from jinye.engines import quota as quota_engine

if TYPE_CHECKING:
    from jinye.errors import Problem

Params = Mapping[str, Any]

METHOD_LABELS = {
    "by_tier": gettext_lazy("By tier"),
    "proportional": gettext_lazy("In proportion to requests"),
    "max_min_fair": gettext_lazy("Even shares, small requests met first"),
}

RULE_LABELS = {
    alloc_engine.RULE_NO_REQUEST: gettext_lazy("No request, nothing allotted"),
    alloc_engine.RULE_REQUEST: gettext_lazy("Enough supply: the full request is met"),
    alloc_engine.RULE_CAP: gettext_lazy("Reached the per-order purchase cap"),
    alloc_engine.RULE_LARGE_LIMIT: gettext_lazy("Held to the large-retailer limit"),
    alloc_engine.RULE_SHARE: gettext_lazy("Not enough supply: a share by the rules"),
}

FLAG_LABELS = {
    quota_engine.FLAG_OK: gettext_lazy("Fine"),
    quota_engine.FLAG_TOO_SMALL: gettext_lazy("Agreed total too small"),
    quota_engine.FLAG_TOO_LARGE: gettext_lazy("Agreed total too large"),
}

SCALE_LABELS = {
    "large": gettext_lazy("Large"),
    "medium": gettext_lazy("Medium"),
    "small": gettext_lazy("Small"),
}

# The quota review's reason while the month still runs (nobody is flagged too large yet).
REASON_RUNNING = "running"

# 总量浮动管理 caps a month's orders and never sets a floor (seed 000 篇五: 不得规定客户的
# 下限); every sentence about a total says so in words no retailer can read as a minimum.
CAP_ONLY = gettext_lazy("The limit only caps the month's orders; nothing has to be ordered.")
RAISE_LIMIT = gettext_lazy("The agreed total looks too small: consider raising the limit.")
LOWER_LIMIT = gettext_lazy("The agreed total looks too large: consider lowering the limit.")


def method_label(method: str) -> str:
    return str(METHOD_LABELS.get(method, method))


def rule_label(rule: str) -> str:
    return str(RULE_LABELS.get(rule, rule))


def flag_label(flag: str) -> str:
    return str(FLAG_LABELS.get(flag, flag))


def cartons(n: float) -> str:
    """``5 cartons`` / ``1 carton``; ``5条`` in Chinese. A float keeps its printed form."""
    count = n if isinstance(n, int) else (1 if n == 1 else 2)
    return ngettext("%(n)s carton", "%(n)s cartons", count) % {"n": n}


def _num(value: object) -> str:
    """A figure as the engines printed it (``100.0``, ``0.5``, ``12``)."""
    return str(value)


# --- allowances -------------------------------------------------------------------------


def allowance_data(row: Mapping[str, Any], *, supply: int, method: str) -> dict[str, Any]:
    """The stored reason of one engine row (see :func:`jinye.engines.allocation.allocate`)."""
    return {
        "code": row["rule"],
        "params": {
            "tier": row["tier"],
            "request": row["request"],
            "cap": row["cap"],
            "slope": round(float(row["slope"]), 2),
            "supply": supply,
            "method": method,
            "level": round(float(row["level"]), 4),
            "allowance": row["allowance"],
        },
    }


def with_adjustment(data: Mapping[str, Any] | None, *, new: int, reason: str) -> dict[str, Any]:
    """The stored reason of an allowance after the department changed it to ``new``: the
    allocation's reason is kept and the last adjustment (figure and reason) added."""
    return {**(data or {}), "adjustment": {"new": new, "reason": reason}}


def allowance_explanation(data: Mapping[str, Any] | None, fallback: str = "") -> str:
    """One retailer's allowance: its tier and request, its cap, the week's supply and method,
    the bound that stopped it and what it got; then, if the department adjusted it, the new
    figure and the reason."""
    if not data:
        return fallback
    text = _allocation_reason(data) if "params" in data else fallback
    adjustment = data.get("adjustment")
    if adjustment:
        note = _("Adjusted by the marketing department to %(new)s: %(reason)s") % {
            "new": cartons(adjustment["new"]),
            "reason": adjustment["reason"],
        }
        # Chinese runs sentences on without a space; English needs one.
        text = (
            _("%(reason)s %(adjustment)s") % {"reason": text, "adjustment": note} if text else note
        )
    return text


def _allocation_reason(data: Mapping[str, Any]) -> str:
    p: Params = data["params"]
    if p["cap"] is None:
        cap = _("no cap of its own")
    else:
        cap = _("cap %(cap)s") % {"cap": cartons(p["cap"])}
    if p["method"] == "by_tier":
        basis = _("; tier baseline %(slope)s") % {"slope": cartons(p["slope"])}
    elif p["method"] == "proportional":
        basis = _("; shares in proportion to requests")
    else:
        basis = _("; the same level for everyone")
    return _(
        "Tier %(tier)s, requested %(request)s, %(cap)s. This week's supply: %(supply)s, "
        "method: %(method)s (fill level %(level)s)%(basis)s. %(rule)s. Allotted %(allowance)s."
    ) % {
        "tier": p["tier"],
        "request": cartons(p["request"]),
        "cap": cap,
        "supply": cartons(p["supply"]),
        "method": method_label(p["method"]),
        "level": _num(p["level"]),
        "basis": basis,
        "rule": rule_label(data["code"]),
        "allowance": cartons(p["allowance"]),
    }


# --- monthly totals ---------------------------------------------------------------------


def quota_data(row: Mapping[str, Any]) -> dict[str, Any]:
    """The stored reason of one agreed total (see :func:`jinye.engines.quota.monthly_totals`)."""
    return {
        "code": row["basis"],
        "params": {
            "window": row["window"],
            "history_avg": round(float(row["history_avg"]), 1),
            "scale": row["scale"],
            "factor": float(row["factor"]),
            "agreed": row["agreed"],
            "band_pct": round(float(row["band"]) * 100),
            "ceiling": row["ceiling"],
        },
    }


def quota_explanation(data: Mapping[str, Any] | None, fallback: str = "") -> str:
    """How a retailer's agreed total and the month's order limit were set: the history, the
    scale and the scale's floating band."""
    if not data:
        return fallback
    p: Params = data["params"]
    values = {
        "window": p["window"],
        "avg": _num(p["history_avg"]),
        "scale": SCALE_LABELS.get(p["scale"], p["scale"]),
        "factor": _num(p["factor"]),
        "agreed": p["agreed"],
        "band": p["band_pct"],
        "ceiling": p["ceiling"],
    }
    if data["code"] == quota_engine.BASIS_NEW:
        text = _(
            "No purchases yet: the default total for a %(scale)s retailer is %(agreed)s "
            "cartons; a %(scale)s retailer's total floats by %(band)s%%, so this month's "
            "order limit is %(ceiling)s cartons."
        )
    else:
        text = ngettext(
            "Bought %(avg)s cartons a month on average over the last month; scale "
            "%(scale)s, factor %(factor)s, agreed total %(agreed)s cartons; a %(scale)s "
            "retailer's total floats by %(band)s%%, so this month's order limit is "
            "%(ceiling)s cartons.",
            "Bought %(avg)s cartons a month on average over the last %(window)s months; scale "
            "%(scale)s, factor %(factor)s, agreed total %(agreed)s cartons; a %(scale)s "
            "retailer's total floats by %(band)s%%, so this month's order limit is "
            "%(ceiling)s cartons.",
            p["window"],
        )
    return text % values


# What a flagged month's reason goes on to say: which way the limit should move, and after
# a low month that ordering little is no fault (the sentence a floor would be read into).
ADVICE = {
    quota_engine.REASON_SURGE: (RAISE_LIMIT,),
    quota_engine.REASON_EXHAUSTED: (RAISE_LIMIT,),
    quota_engine.REASON_LOW: (LOWER_LIMIT, CAP_ONLY),
}


def review_reason(code: str, params: Params) -> str:
    """Why a month got its review flag, and for a flagged month which way the limit should
    move. ``params``: ``early, ceiling, used, agreed, reached_on, days_left``, the total's
    ``band_pct`` and the policy's ``surge_days, surge_pct, exhaust_pct``."""
    if code == quota_engine.REASON_SURGE:
        text = ngettext(
            "Ordered early in the month: %(early)s cartons on the first day, "
            "at least %(surge_pct)s%% of the limit of %(ceiling)s cartons.",
            "Ordered early in the month: %(early)s cartons in the first %(surge_days)s days, "
            "at least %(surge_pct)s%% of the limit of %(ceiling)s cartons.",
            params["surge_days"],
        )
    elif code == quota_engine.REASON_EXHAUSTED:
        text = ngettext(
            "Ran short before month end: by day %(reached_on)s, %(exhaust_pct)s%% of the "
            "limit of %(ceiling)s cartons was used, with %(days_left)s day still to go.",
            "Ran short before month end: by day %(reached_on)s, %(exhaust_pct)s%% of the "
            "limit of %(ceiling)s cartons was used, with %(days_left)s days still to go.",
            params["days_left"],
        )
    elif code == quota_engine.REASON_LOW:
        text = _(
            "Ordered %(used)s cartons in the whole month, less than %(kept_pct)s%% of the "
            "agreed total of %(agreed)s cartons (band %(band_pct)s%%)."
        )
    elif code == REASON_RUNNING:
        text = _("The month is still running; %(used)s cartons ordered so far.")
    else:
        text = _("Ordered %(used)s cartons this month, within the band.")
    reason = text % {**params, "kept_pct": 100 - params["band_pct"]}
    for advice in ADVICE.get(code, ()):
        # Chinese runs sentences on without a space; English needs one.
        reason = _("%(reason)s %(advice)s") % {"reason": reason, "advice": advice}
    return reason


#: Intake problems that are a quantity over a limit: the entry page states the range allowed.
QUANTITY_LIMIT_CODES = frozenset({"over_allowance", "over_order_cap", "quantity_over_line_limit"})


def order_problem_line(
    problem: "Problem", sku_names: Mapping[str, str], most: Mapping[str, int]
) -> str:
    """One refusal of an order as the person who typed it reads it: the line by its number and
    SKU name, then the reason, e.g. 第2行 红塔山(硬经典)：数量须在1–10条之间（…）. ``most`` is
    the largest quantity the line's SKU may take, by SKU code, where the page knows it."""
    code = str(problem.extra.get("sku", ""))
    message = str(problem.message)
    if problem.code in QUANTITY_LIMIT_CODES and most.get(code, 0) >= 1:
        message = _("The quantity must be between 1 and %(most)s cartons (%(reason)s)") % {
            "most": f"{most[code]:,}",
            "reason": message,
        }
    if problem.row is None:
        return _("Order: %(message)s") % {"message": message}
    name = sku_names.get(code, "")
    if name:
        return _("Line %(n)s %(sku)s: %(message)s") % {
            "n": problem.row,
            "sku": name,
            "message": message,
        }
    return _("Line %(n)s: %(message)s") % {"n": problem.row, "message": message}
