"""Scarce-SKU allocation (紧俏品规投放): one week's supply of one SKU shared among retailers.

Pure NumPy/Polars. Every method is the same kernel ``x_i = min(u_i, λ·s_i)`` with one level
``λ`` chosen so the allowances add up to ``min(supply, Σu)``:

* ``u_i`` — the retailer's bound: its request, its own cap (单品批次购进量), and for large
  retailers the large-retailer limit (对经营大户实行限量);
* ``s_i`` — the method's slope: ``by_tier`` the tier's quantity in the table (按档位投放,
  scaled to the supply), ``proportional`` the request, ``max_min_fair`` 1 (water-filling);
  with the rural tilt on, the slope of rural retailers of the covered scales (small and
  medium by default: 农村中小客户, seed 002 篇六) is multiplied by ``rural_tilt``.

The continuous result is rounded to whole 条 (:func:`apportion`): everyone first gets the
whole part of their share, then the 条 left over go one each to the largest fractions, ties
to the higher tier, then to the earlier row. The total stays exact, nobody gets more than
requested or capped, and the total never exceeds the supply. With the tilt on, each covered
retailer first gets at least what the same run without the tilt would give it, so rounding
never costs a retailer the tilt favours a 条 (issue 23 item 9).
"""

from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import polars as pl

Method = Literal["by_tier", "proportional", "max_min_fair"]
METHODS: tuple[Method, ...] = ("by_tier", "proportional", "max_min_fair")
SCALES = ("large", "medium", "small")
# 农村中小客户: the scales the rural tilt covers unless configured otherwise.
RURAL_TILT_SCALES = ("small", "medium")

# Which bound stopped a retailer, in order of precedence when several are equal.
RULE_NO_REQUEST = "no_request"
RULE_REQUEST = "request"
RULE_CAP = "cap"
RULE_LARGE_LIMIT = "large_limit"
RULE_SHARE = "share"

RULE_ORDER = (RULE_NO_REQUEST, RULE_REQUEST, RULE_LARGE_LIMIT, RULE_CAP, RULE_SHARE)

# How rounding to whole 条 moved a retailer from its continuous share.
ROUND_EXACT = "exact"  # the share was a whole number
ROUND_UP = "up"  # got one of the 条 left over after the whole parts
ROUND_DOWN = "down"  # its fraction was smaller than every fraction that got one
ROUND_TIE = "tie"  # same fraction as one that got a 条; the tie-break went the other way
ROUND_TILT_FLOOR = "tilt_floor"  # raised to what it would get without the tilt
ROUND_GAVE_BACK = "gave_back"  # gave one back so the tilt's guarantees fit the supply

ROUNDINGS = (
    ROUND_EXACT,
    ROUND_UP,
    ROUND_DOWN,
    ROUND_TIE,
    ROUND_TILT_FLOOR,
    ROUND_GAVE_BACK,
)

# Which tie-break decided a ROUND_TIE: the higher tier, or (same tier) the earlier row.
TIE_BY_TIER = "tier"
TIE_BY_ORDER = "order"

EPS = 1e-9

REQUEST_COLUMNS = {
    "retailer_id": pl.Int64,
    "request": pl.Int64,
    "tier": pl.Int64,
    "scale": pl.String,
    "location_type": pl.String,
}


@dataclass(frozen=True)
class AllocationConfig:
    """The rules of one SKU's allocation; every number is configuration.

    ``tier_table`` maps tier → 条 for ``by_tier`` (tiers missing from the table get the
    nearest lower tier's quantity, or 0); ``per_retailer_cap`` is the 单品批次购进量 applied
    to everyone (a per-row ``cap`` column overrides it); ``large_limit`` caps retailers of
    scale ``large``; ``rural_tilt`` (≥ 1) multiplies the slope of rural retailers whose
    scale is in ``rural_tilt_scales``, for scarce low-price goods: "在低档紧俏烟的货源分配
    上，向农村中小客户适当倾斜" (seed 002 篇六), hence small and medium by default.
    """

    method: Method = "by_tier"
    tier_table: dict[int, int] = field(default_factory=dict)
    per_retailer_cap: int | None = None
    large_limit: int | None = None
    rural_tilt: float | None = None
    rural_tilt_scales: tuple[str, ...] = RURAL_TILT_SCALES

    def __post_init__(self) -> None:
        if self.method not in METHODS:
            raise ValueError(f"unknown allocation method {self.method!r}; use one of {METHODS}")
        if self.method == "by_tier" and not self.tier_table:
            raise ValueError("by_tier needs a tier table (tier → 条)")
        if any(q < 0 for q in self.tier_table.values()):
            raise ValueError("tier table quantities must be ≥ 0")
        for name in ("per_retailer_cap", "large_limit"):
            value = getattr(self, name)
            if value is not None and value < 0:
                raise ValueError(f"{name} must be ≥ 0")
        # Below 1 the "tilt" would favour everyone else; the guarantee of issue 23 item 9
        # (nobody covered gets less than untilted) holds only for a tilt towards them.
        if self.rural_tilt is not None and not self.rural_tilt >= 1:
            raise ValueError("rural_tilt must be ≥ 1")
        unknown = set(self.rural_tilt_scales) - set(SCALES)
        if unknown:
            raise ValueError(f"unknown scale(s) in rural_tilt_scales: {sorted(unknown)}")

    def as_dict(self) -> dict[str, object]:
        return {
            "method": self.method,
            "tier_table": {str(k): v for k, v in sorted(self.tier_table.items())},
            "per_retailer_cap": self.per_retailer_cap,
            "large_limit": self.large_limit,
            "rural_tilt": self.rural_tilt,
            "rural_tilt_scales": sorted(self.rural_tilt_scales),
        }


def tier_quantities(tiers: np.ndarray, table: dict[int, int]) -> np.ndarray:
    """Each tier's table quantity; a tier missing from the table takes the nearest lower one."""
    if not table:
        return np.zeros(len(tiers), dtype=np.float64)
    keys = np.array(sorted(table), dtype=np.int64)
    values = np.array([table[k] for k in keys], dtype=np.float64)
    # Running maximum keeps the table monotone in tier even if it was typed unevenly.
    values = np.maximum.accumulate(values)
    pos = np.searchsorted(keys, tiers, side="right") - 1
    return np.where(pos >= 0, values[np.clip(pos, 0, None)], 0.0)


def water_level(bound: np.ndarray, slope: np.ndarray, total: float) -> float:
    """The λ with ``Σ min(bound, λ·slope) = total`` (``total ≤ Σ bound`` over slope > 0)."""
    active = slope > 0
    b, s = bound[active], slope[active]
    if total <= 0 or len(b) == 0:
        return 0.0
    t = b / s
    order = np.argsort(t, kind="stable")
    t, b, s = t[order], b[order], s[order]
    filled = np.concatenate(([0.0], np.cumsum(b)))  # bounds of those saturated before k
    rest = np.concatenate((np.cumsum(s[::-1])[::-1], [0.0]))  # slopes of those from k on
    # At breakpoint k the level is t[k]: saturated 0..k-1 give filled[k], the rest t[k]·rest[k].
    at_break = filled[:-1] + t * rest[:-1]
    k = int(np.searchsorted(at_break, total, side="left"))
    if k >= len(t):
        return float(t[-1])
    return float((total - filled[k]) / rest[k])


@dataclass(frozen=True)
class Rounding:
    """Whole 条 per row and how rounding reached them (see :func:`apportion`)."""

    allowance: np.ndarray  # int64
    how: np.ndarray  # index into ROUNDINGS
    tie_by: np.ndarray  # 0 none, 1 TIE_BY_TIER, 2 TIE_BY_ORDER
    handed: int  # 条 handed out one each after the whole parts
    cutoff: float | None  # the smallest fraction that got one (None when none was handed)


def apportion(
    x: np.ndarray, lower: np.ndarray, upper: np.ndarray, total: int, tiers: np.ndarray
) -> Rounding:
    """Whole numbers in ``[lower, upper]`` summing to ``total``, close to the shares ``x``
    (``Σx = total``, ``Σlower ≤ total``, ``lower ≤ upper``).

    Each row first gets the whole part of its share, raised to ``lower``. If the raises push
    the sum over ``total``, rows above ``lower`` give one back, the smallest fraction first.
    The 条 left over then go one each to the largest fractions (``x`` minus what the row
    has); equal fractions go to the higher tier, then to the earlier row.
    """
    n = len(x)
    rows = np.arange(n)
    floor = np.minimum(np.floor(x + EPS).astype(np.int64), upper)
    base = np.clip(floor, lower, upper)
    raised = base > floor
    gave = np.zeros(n, dtype=bool)
    excess = int(base.sum()) - total
    while excess > 0:
        can = rows[base > lower]
        keys = np.round(x[can] - base[can], 9)
        take = can[np.lexsort((-can, tiers[can], keys))][:excess]
        base[take] -= 1
        gave[take] = True
        excess -= len(take)
    keys = np.round(x - base, 9)
    eligible = (base < upper) & (keys > 0)
    # Rows without a fraction stay candidates, last, so float drift never leaves the total short.
    candidates = np.flatnonzero(base < upper)
    need = min(max(total - int(base.sum()), 0), len(candidates))
    give = candidates[:0]
    if need:
        # Only rows whose fraction reaches the need-th largest can get one: sort just those.
        fractions = keys[candidates]
        kth = np.partition(fractions, len(fractions) - need)[len(fractions) - need]
        top = candidates[fractions >= kth]
        give = top[np.lexsort((top, -tiers[top], -keys[top]))][:need]
    allowance = base.copy()
    allowance[give] += 1
    up = np.zeros(n, dtype=bool)
    up[give] = True
    short = eligible & ~up
    tie_by = np.zeros(n, dtype=np.uint8)
    cutoff = None
    tie = np.zeros(n, dtype=bool)
    if len(give):
        last = give[-1]
        cutoff = float(keys[last])
        tie = short & (keys == keys[last])
        tie_by = np.where(tie, np.where(tiers < tiers[last], 1, 2), 0).astype(np.uint8)
    how = np.select(
        [gave, raised, up, tie, short],
        [ROUNDINGS.index(c) for c in (ROUND_GAVE_BACK, ROUND_TILT_FLOOR, ROUND_UP, ROUND_TIE)]
        + [ROUNDINGS.index(ROUND_DOWN)],
        default=ROUNDINGS.index(ROUND_EXACT),
    )
    return Rounding(allowance, how.astype(np.uint8), tie_by, len(give), cutoff)


def _bounds(df: pl.DataFrame, config: AllocationConfig) -> tuple[np.ndarray, np.ndarray]:
    """(bound, cap) per row; cap is the smaller of the retailer cap and the large limit."""
    request = df["request"].to_numpy().astype(np.int64)
    big = np.iinfo(np.int64).max
    if "cap" in df.columns:
        own = df["cap"].fill_null(config.per_retailer_cap or big).to_numpy().astype(np.int64)
    else:
        own = np.full(len(df), config.per_retailer_cap or big, dtype=np.int64)
    if config.per_retailer_cap == 0:
        own = np.zeros(len(df), dtype=np.int64)
    if config.large_limit is not None:
        large = (df["scale"] == "large").to_numpy()
        own = np.where(large, np.minimum(own, config.large_limit), own)
    return np.clip(np.minimum(request, own), 0, None), own


def _slopes(df: pl.DataFrame, config: AllocationConfig) -> np.ndarray:
    """The method's slope, before the rural tilt."""
    if config.method == "by_tier":
        return tier_quantities(df["tier"].to_numpy().astype(np.int64), config.tier_table)
    if config.method == "proportional":
        return df["request"].to_numpy().astype(np.float64)
    return np.ones(len(df), dtype=np.float64)


def tilt_covered(df: pl.DataFrame, config: AllocationConfig) -> np.ndarray:
    """Rows the rural tilt favours: rural, of a covered scale, with the tilt on."""
    if config.rural_tilt is None:
        return np.zeros(df.height, dtype=bool)
    rural = df["location_type"] == "rural"
    return (rural & df["scale"].is_in(list(config.rural_tilt_scales))).to_numpy()


def _shares(bound: np.ndarray, slope: np.ndarray, total: int) -> tuple[float, np.ndarray]:
    level = water_level(bound.astype(np.float64), slope, float(total))
    return level, np.minimum(bound, level * slope)


def allocate(requests: pl.DataFrame, supply: int, config: AllocationConfig) -> pl.DataFrame:
    """Allowances for one SKU's week.

    ``requests`` has ``retailer_id, request, tier, scale, location_type`` and optionally
    ``cap`` (this retailer's 单品批次购进量). Returns one row per request with ``bound``
    (what it could get at most), ``slope``, ``share`` (the continuous share), ``allowance``
    (条), ``rule`` (a ``RULE_*`` code: which bound stopped the retailer), ``rounding`` (a
    ``ROUND_*`` code: how whole 条 moved it from its share), ``tie_by`` (a ``TIE_BY_*`` code
    when a tie-break decided, else null), ``tilt`` (the factor on rows the rural tilt covers,
    else null), ``untilted`` (on those rows, the allowance without the tilt: the floor they
    are guaranteed), and, the same on every row, ``level`` (λ), ``handed`` (条 handed out one
    each after the whole parts) and ``cutoff`` (the smallest fraction that got one). The
    reason a retailer reads is rendered from these columns by the app
    (:mod:`jinye.supply.explain`), in the reader's language.
    """
    missing = [c for c in REQUEST_COLUMNS if c not in requests.columns]
    if missing:
        raise ValueError(f"requests frame lacks column(s): {', '.join(missing)}")
    if supply < 0:
        raise ValueError("supply must be ≥ 0")
    if requests.height and int(requests["request"].min()) < 0:  # type: ignore[arg-type]
        raise ValueError("requests must be ≥ 0")
    df = requests.cast({k: v for k, v in REQUEST_COLUMNS.items()})  # type: ignore[arg-type]
    bound, cap = _bounds(df, config)
    slope = _slopes(df, config)
    bound = np.where(slope > 0, bound, 0)
    total = int(min(supply, int(bound.sum())))
    tiers = df["tier"].to_numpy()
    covered = tilt_covered(df, config)
    lower = np.zeros(len(df), dtype=np.int64)
    if covered.any():
        # The guarantee: the same run without the tilt, rounded the same way.
        plain = apportion(_shares(bound, slope, total)[1], lower, bound, total, tiers)
        lower = np.where(covered, plain.allowance, 0)
        slope = np.where(covered, slope * (config.rural_tilt or 1.0), slope)
    level, share = _shares(bound, slope, total)
    rounding = apportion(share, lower, bound, total, tiers)
    allowance = rounding.allowance
    request = df["request"].to_numpy()
    large_limited = (df["scale"] == "large").to_numpy() & (
        cap == (-1 if config.large_limit is None else config.large_limit)
    )
    # Integer codes first (cheap), strings once through a categorical lookup.
    code = np.select(
        [
            request == 0,
            allowance >= request,
            (allowance >= bound) & large_limited,
            allowance >= bound,
        ],
        [0, 1, 2, 3],
        default=4,
    )
    no_cap = cap == np.iinfo(np.int64).max
    out = df.with_columns(
        pl.Series("cap", np.where(no_cap, 0, cap), dtype=pl.Int64),
        pl.Series("bound", bound, dtype=pl.Int64),
        pl.Series("slope", slope, dtype=pl.Float64),
        pl.Series("share", share, dtype=pl.Float64),
        pl.Series("allowance", allowance, dtype=pl.Int64),
        pl.Series("rule", code, dtype=pl.UInt8),
        pl.Series("rounding", rounding.how, dtype=pl.UInt8),
        pl.Series("tie_by", rounding.tie_by, dtype=pl.UInt8),
        pl.Series("covered", covered, dtype=pl.Boolean),
        pl.Series("untilted", lower, dtype=pl.Int64),
        pl.Series("no_cap", no_cap, dtype=pl.Boolean),
    )
    covered_col = pl.col("covered")
    out = out.with_columns(
        pl.when(pl.col("no_cap")).then(None).otherwise(pl.col("cap")).alias("cap"),
        pl.col("rule").replace_strict(dict(enumerate(RULE_ORDER)), return_dtype=pl.String),
        pl.col("rounding").replace_strict(dict(enumerate(ROUNDINGS)), return_dtype=pl.String),
        pl.col("tie_by").replace_strict(
            {0: None, 1: TIE_BY_TIER, 2: TIE_BY_ORDER}, return_dtype=pl.String
        ),
        pl.when(covered_col)
        .then(pl.lit(config.rural_tilt, dtype=pl.Float64))
        .otherwise(None)
        .alias("tilt"),
        pl.when(covered_col).then(pl.col("untilted")).otherwise(None).alias("untilted"),
    )
    return out.with_columns(
        pl.lit(level, dtype=pl.Float64).alias("level"),
        pl.lit(rounding.handed, dtype=pl.Int64).alias("handed"),
        pl.lit(rounding.cutoff, dtype=pl.Float64).alias("cutoff"),
    ).drop("no_cap", "covered")
