"""The reasons behind allowances and monthly totals, in the reader's language.

The engines (:mod:`jinye.engines.allocation`, :mod:`jinye.engines.quota`) return codes and
figures; services store them as ``{"code": ..., "params": {...}}`` (the ``explanation_data``
columns) and this module renders them through gettext when a page, the portal or the API
shows them. So a decision stored in a Chinese session reads in English to an English reader.
Rows stored before the codes existed keep their old text, shown as it was.
"""

import math
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext

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
    alloc_engine.RULE_REQUEST: gettext_lazy("Full request met"),
    alloc_engine.RULE_CAP: gettext_lazy("Reached the per-order purchase cap"),
    alloc_engine.RULE_LARGE_LIMIT: gettext_lazy("Held to the large-retailer limit"),
    alloc_engine.RULE_SHARE: gettext_lazy("A share of short supply"),
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
    """``1,048 cartons`` / ``1 carton``; ``1,048条`` in Chinese. A float keeps its printed
    form (``0.29 cartons``)."""
    count = n if isinstance(n, int) else (1 if n == 1 else 2)
    text = f"{n:,}" if isinstance(n, int) else _num(n)
    return ngettext("%(n)s carton", "%(n)s cartons", count) % {"n": text}


def _num(value: object) -> str:
    """A figure as the engines printed it (``100.0``, ``0.5``, ``12``)."""
    return str(value)


def _grouped(value: object) -> str:
    """A quantity with thousands separators, keeping the places it was stored with
    (``1,362``, ``1,082.0``); anything else as it is."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    if isinstance(value, int):
        return f"{value:,}"
    places = len(repr(value).partition(".")[2]) if "e" not in repr(value) else 1
    return f"{value:,.{places}f}"


def _share(x: float) -> str:
    """A share or fraction to two decimals (``0.67``, ``15``), never shown as the next whole
    number: 2.999 shows as 2.99, since rounding to whole 条 floored it to 2."""
    shown = round(x, 2)
    if math.floor(shown) > math.floor(x + 1e-9):
        shown = math.floor(x + 1e-9) + 0.99
    return f"{shown:,.2f}".rstrip("0").rstrip(".")


def _sentences(parts: list[str]) -> str:
    """Sentences run on in Chinese and take a space between them in English."""
    text = parts[0]
    for part in parts[1:]:
        text = _("%(reason)s %(adjustment)s") % {"reason": text, "adjustment": part}
    return text


def tilt_rule(config: Mapping[str, Any]) -> str:
    """The rural tilt of a run's stored rules: ``×1.5 for rural retailers of scale Small,
    Medium`` (— when off)."""
    tilt = config.get("rural_tilt", config.get("rural_small_tilt"))
    if tilt is None:
        return "—"
    scales = config.get("rural_tilt_scales", ["small"])  # runs stored before the setting
    names = [str(SCALE_LABELS[s]) for s in ("small", "medium", "large") if s in scales]
    return _("×%(tilt)s for rural retailers of scale %(scales)s") % {
        "tilt": _num(tilt),
        "scales": pgettext("enumeration", ", ").join(names) or "—",
    }


# --- allowances -------------------------------------------------------------------------


def allowance_data(
    row: Mapping[str, Any], *, supply: int, demand: int, method: str
) -> dict[str, Any]:
    """The stored reason of one engine row (see :func:`jinye.engines.allocation.allocate`);
    ``demand`` is what every retailer of the run requested together."""
    cutoff = row["cutoff"]
    return {
        "code": row["rule"],
        "params": {
            "tier": row["tier"],
            "request": row["request"],
            "cap": row["cap"],
            "supply": supply,
            "demand": demand,
            "method": method,
            "share": float(row["share"]),
            "allowance": row["allowance"],
            "rounding": row["rounding"],
            "tie_by": row["tie_by"],
            "handed": row["handed"],
            "cutoff": None if cutoff is None else float(cutoff),
            "tilt": row["tilt"],
            "untilted": row["untilted"],
        },
    }


def with_adjustment(data: Mapping[str, Any] | None, *, new: int, reason: str) -> dict[str, Any]:
    """The stored reason of an allowance after the department changed it to ``new``: the
    allocation's reason is kept and the last adjustment (figure and reason) added."""
    return {**(data or {}), "adjustment": {"new": new, "reason": reason}}


def allowance_explanation(data: Mapping[str, Any] | None, fallback: str = "") -> str:
    """One retailer's allowance in plain words: its tier, request and cap; the week's supply
    against everyone's requests; how shares were set and its share; what stopped it; how
    rounding to whole 条 moved it (with the tie-break named); what it got. Then, if the
    department adjusted it, the new figure and the reason."""
    if not data:
        return fallback
    text = _allocation_reason(data) if "params" in data else fallback
    adjustment = data.get("adjustment")
    if adjustment:
        note = _("Adjusted by the marketing department to %(new)s: %(reason)s") % {
            "new": cartons(adjustment["new"]),
            "reason": adjustment["reason"],
        }
        text = _sentences([text, note]) if text else note
    return text


def short_of_supply(p: Params) -> bool | None:
    """Whether everyone's requests together exceeded the supply (None for reasons stored
    before the demand was)."""
    demand = p.get("demand")
    return None if demand is None else demand > p["supply"]


def _allocation_reason(data: Mapping[str, Any]) -> str:
    p: Params = data["params"]
    code = data["code"]
    if p["cap"] is None:
        cap = _("no cap of its own")
    else:
        cap = _("cap %(cap)s") % {"cap": cartons(p["cap"])}
    parts = [
        _("Tier %(tier)s, requested %(request)s, %(cap)s.")
        % {"tier": p["tier"], "request": cartons(p["request"]), "cap": cap},
        _week(p),
    ]
    short = short_of_supply(p)
    if code != alloc_engine.RULE_NO_REQUEST and short is not False and "share" in p:
        parts.append(_shares(p))
    parts += [s for s in (_rounding(p), _rule(code, p, short)) if s]
    parts.append(_("Allotted %(allowance)s.") % {"allowance": cartons(p["allowance"])})
    return _sentences(parts)


def _week(p: Params) -> str:
    short = short_of_supply(p)
    values = {"supply": cartons(p["supply"]), "demand": cartons(p.get("demand") or 0)}
    if short is None:
        return _("This week's supply: %(supply)s.") % values
    if short:
        return (
            _(
                "This week's supply is %(supply)s and all retailers together requested "
                "%(demand)s: not enough for every request."
            )
            % values
        )
    return (
        _(
            "This week's supply is %(supply)s and all retailers together requested "
            "%(demand)s: enough for every request."
        )
        % values
    )


def _shares(p: Params) -> str:
    shown = _share(p["share"])
    share = {
        "share": ngettext("%(n)s carton", "%(n)s cartons", 1 if shown == "1" else 2) % {"n": shown}
    }
    if p["method"] == "by_tier":
        text = _(
            "Shared by tier: each tier's quantity in the tier table, scaled to fit the "
            "supply; your share is %(share)s."
        )
    elif p["method"] == "proportional":
        text = _("Shared in proportion to requests; your share is %(share)s.")
    else:
        text = _(
            "Shared evenly: small requests are met in full first and the rest share alike; "
            "your share is %(share)s."
        )
    text %= share
    if p.get("tilt") is not None:
        tilt = _("Rural tilt: your share counts %(tilt)s times.") % {"tilt": _num(p["tilt"])}
        text = _sentences([tilt, text])
    return text


def _rule(code: str, p: Params, short: bool | None) -> str:
    if code == alloc_engine.RULE_NO_REQUEST:
        return _("No request, nothing allotted.")
    if code == alloc_engine.RULE_REQUEST:
        if not short:
            return _("The full request is met.")
        if p.get("rounding") in (None, alloc_engine.ROUND_EXACT):
            return _("Your share covers your request: met in full.")
        return _("Your request is met in full.")
    if code == alloc_engine.RULE_CAP:
        return _("Held to the per-order purchase cap of %(cap)s.") % {"cap": cartons(p["cap"])}
    if code == alloc_engine.RULE_LARGE_LIMIT:
        return _("Held to the large-retailer limit of %(cap)s.") % {"cap": cartons(p["cap"])}
    return ""  # a share of short supply: the shares sentence said so


def _rounding(p: Params) -> str:
    how = p.get("rounding")
    if how in (None, alloc_engine.ROUND_EXACT):
        return ""
    if how == alloc_engine.ROUND_TILT_FLOOR:
        return _(
            "Rural tilt guarantee: no less than the %(untilted)s you would get without the tilt."
        ) % {"untilted": cartons(p["untilted"])}
    if how == alloc_engine.ROUND_GAVE_BACK:
        return _(
            "Only whole cartons: to keep the rural tilt's guarantees within the supply, the "
            "retailers with the smallest fractions gave one carton back, you among them."
        )
    values = {
        "handed": p["handed"],
        "fraction": _share(p["share"] - math.floor(p["share"] + 1e-9)),
        "cutoff": _share(p["cutoff"] or 0.0),
    }
    if p["handed"] == 0:
        return _(
            "Only whole cartons: the whole parts of the shares and the rural tilt's "
            "guarantees used up the supply, so no fraction got a carton."
        )
    rule = ngettext(
        "Only whole cartons: everyone first gets the whole part of their share; the "
        "%(handed)s carton left goes to the largest fraction; equal fractions go to the "
        "higher tier first, then to the retailer registered in the system earlier.",
        "Only whole cartons: everyone first gets the whole part of their share; the "
        "%(handed)s cartons left go one each to the largest fractions; equal fractions go to "
        "the higher tier first, then to the retailer registered in the system earlier.",
        p["handed"],
    )
    if how == alloc_engine.ROUND_UP:
        mine = _("You got one of them.")
    elif how == alloc_engine.ROUND_DOWN:
        mine = _(
            "Your fraction, %(fraction)s, was below the smallest that got one (%(cutoff)s), "
            "so you got none."
        )
    elif p.get("tie_by") == alloc_engine.TIE_BY_TIER:
        mine = _(
            "Your fraction, %(fraction)s, equalled the last one to get a carton, but that "
            "retailer's tier was higher, so you got none."
        )
    else:
        mine = _(
            "Your fraction, %(fraction)s, and your tier equalled the last one to get a "
            "carton, but that retailer was registered earlier, so you got none."
        )
    return _sentences([rule % values, mine % values])


# --- monthly totals ---------------------------------------------------------------------


def quota_data(row: Mapping[str, Any], *, ordered: int = 0) -> dict[str, Any]:
    """The stored reason of one agreed total (see :func:`jinye.engines.quota.monthly_totals`);
    ``ordered``: what the month already had when the total was set, which raises the limit
    if it is more."""
    raised = {"raised_to": ordered} if ordered > row["ceiling"] else {}
    return {
        "code": row["basis"],
        "params": {
            **raised,
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
        "avg": _grouped(p["history_avg"]),
        "scale": SCALE_LABELS.get(p["scale"], p["scale"]),
        "factor": _num(p["factor"]),
        "agreed": _grouped(p["agreed"]),
        "band": p["band_pct"],
        "ceiling": _grouped(p["ceiling"]),
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
    text %= values
    if p.get("raised_to"):
        raised = _(
            "%(ordered)s cartons had already been ordered this month when the total was set, "
            "so the limit is %(ordered)s cartons."
        ) % {"ordered": _grouped(p["raised_to"])}
        # Chinese runs sentences on without a space; English needs one.
        text = _("%(reason)s %(advice)s") % {"reason": text, "advice": raised}
    return text


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
    figures = {
        k: _grouped(params[k]) for k in ("early", "ceiling", "used", "agreed") if k in params
    }
    reason = text % {**params, **figures, "kept_pct": 100 - params["band_pct"]}
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
