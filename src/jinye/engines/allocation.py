"""Scarce-SKU allocation (紧俏品规投放): one week's supply of one SKU shared among retailers.

Pure NumPy/Polars. Every method is the same kernel ``x_i = min(u_i, λ·s_i)`` with one level
``λ`` chosen so the allowances add up to ``min(supply, Σu)``:

* ``u_i`` — the retailer's bound: its request, its own cap (单品批次购进量), and for large
  retailers the large-retailer limit (对经营大户实行限量);
* ``s_i`` — the method's slope: ``by_tier`` the tier's quantity in the table (按档位投放,
  scaled to the supply), ``proportional`` the request, ``max_min_fair`` 1 (water-filling);
  rural small retailers' slope is multiplied by ``rural_small_tilt`` when it is set.

The continuous result is rounded to whole 条 by largest remainder, so the total stays exact,
nobody gets more than requested or capped, and the total never exceeds the supply.
"""

from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import polars as pl

Method = Literal["by_tier", "proportional", "max_min_fair"]
METHODS: tuple[Method, ...] = ("by_tier", "proportional", "max_min_fair")

# Which bound stopped a retailer, in order of precedence when several are equal.
RULE_NO_REQUEST = "no_request"
RULE_REQUEST = "request"
RULE_CAP = "cap"
RULE_LARGE_LIMIT = "large_limit"
RULE_SHARE = "share"

RULE_ORDER = (RULE_NO_REQUEST, RULE_REQUEST, RULE_LARGE_LIMIT, RULE_CAP, RULE_SHARE)

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
    scale ``large``; ``rural_small_tilt`` (> 1 favours) multiplies the slope of rural small
    retailers, for scarce low-price goods (seed 002 篇六).
    """

    method: Method = "by_tier"
    tier_table: dict[int, int] = field(default_factory=dict)
    per_retailer_cap: int | None = None
    large_limit: int | None = None
    rural_small_tilt: float | None = None

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
        if self.rural_small_tilt is not None and self.rural_small_tilt <= 0:
            raise ValueError("rural_small_tilt must be > 0")

    def as_dict(self) -> dict[str, object]:
        return {
            "method": self.method,
            "tier_table": {str(k): v for k, v in sorted(self.tier_table.items())},
            "per_retailer_cap": self.per_retailer_cap,
            "large_limit": self.large_limit,
            "rural_small_tilt": self.rural_small_tilt,
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


def largest_remainder(
    x: np.ndarray, bound: np.ndarray, total: int, ranks: tuple[np.ndarray, ...]
) -> np.ndarray:
    """Whole numbers ≤ ``bound`` summing to ``total``: floors, then +1 to the largest
    fractions (ties to the higher ``ranks``, in order, then to the earlier row)."""
    base = np.floor(x + 1e-9).astype(np.int64)
    base = np.minimum(base, bound)
    left = int(total - base.sum())
    if left <= 0:
        return base
    frac = np.where(base < bound, x - base, -1.0)
    keys = (np.arange(len(x)), *(-r for r in reversed(ranks)), -np.round(frac, 9))
    order = np.lexsort(keys)
    give = order[:left]
    give = give[base[give] < bound[give]]
    base[give] += 1
    return base


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
    if config.method == "by_tier":
        slope = tier_quantities(df["tier"].to_numpy().astype(np.int64), config.tier_table)
    elif config.method == "proportional":
        slope = df["request"].to_numpy().astype(np.float64)
    else:
        slope = np.ones(len(df), dtype=np.float64)
    if config.rural_small_tilt is not None:
        tilt = ((df["location_type"] == "rural") & (df["scale"] == "small")).to_numpy()
        slope = np.where(tilt, slope * config.rural_small_tilt, slope)
    return slope


def allocate(requests: pl.DataFrame, supply: int, config: AllocationConfig) -> pl.DataFrame:
    """Allowances for one SKU's week.

    ``requests`` has ``retailer_id, request, tier, scale, location_type`` and optionally
    ``cap`` (this retailer's 单品批次购进量). Returns one row per request with ``bound``
    (what it could get at most), ``slope``, ``share`` (the continuous share), ``allowance``
    (条), ``rule`` (a ``RULE_*`` code: which bound stopped the retailer) and ``level`` (the
    water level λ, the same on every row). The reason a retailer reads is rendered from these
    columns by the app (:mod:`jinye.supply.explain`), in the reader's language.
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
    level = water_level(bound.astype(np.float64), slope, float(total))
    share = np.minimum(bound, level * slope)
    tiers = df["tier"].to_numpy()
    allowance = largest_remainder(share, bound, total, (slope, tiers))
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
        pl.Series("no_cap", no_cap, dtype=pl.Boolean),
    )
    out = out.with_columns(
        pl.when(pl.col("no_cap")).then(None).otherwise(pl.col("cap")).alias("cap"),
        pl.col("rule").replace_strict(dict(enumerate(RULE_ORDER)), return_dtype=pl.String),
    )
    return out.with_columns(pl.lit(level, dtype=pl.Float64).alias("level")).drop("no_cap")
