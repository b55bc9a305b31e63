"""Operation analysis (经济运行分析): a period against the same period last year.

Input frames (eager ``DataFrame`` or ``LazyFrame``; the same code scans Parquet lazily):

- ``lines``: ``order_date`` (Date), ``retailer_id`` (Int), ``sku_id`` (Int), ``quantity``
  (Int, 条), ``amount_fen`` (Int, 分 — money in integer fen so sums are exact). Cancelled
  orders must already be excluded.
- ``skus``: ``sku_id``, ``sku_name`` (Str), ``brand`` (Str), ``price_class`` (Int 1–5),
  ``retail_price_fen`` (Int, suggested retail price per 条 in 分).

Only one grouped pass over ``lines`` runs (per SKU and period, plus distinct retailers and
weeks); everything after works on the small per-SKU result. Outputs use ``Decimal``: cases to
two places, money to 分, percentages to two places; shares are made to sum to exactly 100.00
by the largest-remainder rule. The high-end band is 400 ≤ 建议零售价 < 800 元/条 (seed 001
第二篇 names 800 元/条 and above separately as 高价位).
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

import polars as pl

from jinye.engines.targets import split_integer

CARTONS_PER_CASE = 250
HIGH_END_MIN_FEN = 400_00
HIGH_END_MAX_FEN = 800_00
TOP_N = 5
CENT = Decimal("0.01")


@dataclass(frozen=True)
class Period:
    """Inclusive date range."""

    first: date
    last: date

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1

    def year_before(self) -> "Period":
        return Period(_minus_year(self.first), _minus_year(self.last))


def _minus_year(d: date) -> date:
    try:
        return d.replace(year=d.year - 1)
    except ValueError:  # 29 February
        return d.replace(year=d.year - 1, day=28)


def q2(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def cases(cartons: int) -> Decimal:
    return q2(Decimal(cartons) / CARTONS_PER_CASE)


def yuan(fen: int) -> Decimal:
    return Decimal(fen) / 100


def pct_change(now: Decimal | int, before: Decimal | int) -> Decimal | None:
    """Change in percent, two places; ``None`` when the base is zero."""
    if not before:
        return None
    return q2((Decimal(now) - Decimal(before)) * 100 / Decimal(before))


def ratio_pct(part: Decimal | int, whole: Decimal | int) -> Decimal | None:
    if not whole:
        return None
    return q2(Decimal(part) * 100 / Decimal(whole))


def exact_shares(values: list[int]) -> list[Decimal]:
    """Percent shares to two places that sum to exactly 100.00 (all zero if the total is)."""
    if sum(values) == 0:
        return [Decimal("0.00")] * len(values)
    basis_points = split_integer(10_000, values)
    return [Decimal(b) / 100 for b in basis_points]


@dataclass(frozen=True)
class Totals:
    cartons: int
    fen: int
    retailers: int

    @property
    def cases(self) -> Decimal:
        return cases(self.cartons)

    @property
    def revenue(self) -> Decimal:
        return yuan(self.fen)

    @property
    def per_case(self) -> Decimal | None:
        """单箱均价 (元)."""
        return q2(yuan(self.fen) * CARTONS_PER_CASE / self.cartons) if self.cartons else None

    @property
    def per_carton(self) -> Decimal | None:
        """单条均价 (元)."""
        return q2(yuan(self.fen) / self.cartons) if self.cartons else None


@dataclass(frozen=True)
class ClassRow:
    price_class: int
    cases_now: Decimal
    cases_before: Decimal
    volume_share_now: Decimal
    volume_share_before: Decimal
    revenue_now: Decimal
    revenue_before: Decimal
    revenue_share_now: Decimal
    revenue_share_before: Decimal

    @property
    def volume_share_pp(self) -> Decimal:
        return self.volume_share_now - self.volume_share_before

    @property
    def revenue_share_pp(self) -> Decimal:
        return self.revenue_share_now - self.revenue_share_before


@dataclass(frozen=True)
class Mover:
    """A brand or SKU with its volume now and a year before (箱)."""

    name: str
    cases_now: Decimal
    cases_before: Decimal

    @property
    def change(self) -> Decimal:
        return self.cases_now - self.cases_before


@dataclass
class Analysis:
    current: Period
    previous: Period
    now: Totals
    before: Totals
    plan_cases: Decimal | None
    classes: list[ClassRow]
    high_end_now: Totals
    high_end_before: Totals
    brands_selling: int
    brands_up: int
    brands_down: int
    top_brands_up: list[Mover]
    top_brands_down: list[Mover]
    top_skus_up: list[Mover]
    top_skus_down: list[Mover]
    sku_table: pl.DataFrame = field(repr=False)

    @property
    def completion_pct(self) -> Decimal | None:
        return ratio_pct(self.now.cases, self.plan_cases) if self.plan_cases else None

    @property
    def weekly_cases_now(self) -> Decimal:
        return q2(self.now.cases * 7 / self.current.days)

    @property
    def weekly_cases_before(self) -> Decimal:
        return q2(self.before.cases * 7 / self.previous.days)

    def high_structure(self) -> tuple[ClassRow, ...]:
        return tuple(c for c in self.classes if c.price_class in (1, 2))


def _per_sku(lines: pl.LazyFrame, current: Period, previous: Period) -> pl.LazyFrame:
    in_now = pl.col("order_date").is_between(current.first, current.last)
    in_before = pl.col("order_date").is_between(previous.first, previous.last)
    return (
        lines.filter(in_now | in_before)
        .with_columns(now=in_now)
        .group_by("now", "sku_id")
        .agg(cartons=pl.col("quantity").sum(), fen=pl.col("amount_fen").sum())
    )


def _retailers(lines: pl.LazyFrame, period: Period) -> pl.LazyFrame:
    return lines.filter(pl.col("order_date").is_between(period.first, period.last)).select(
        n=pl.col("retailer_id").n_unique()
    )


def _totals(frame: pl.DataFrame, retailers: int) -> Totals:
    return Totals(int(frame["cartons"].sum() or 0), int(frame["fen"].sum() or 0), retailers)


def _class_rows(wide: pl.DataFrame) -> list[ClassRow]:
    by_class = (
        wide.group_by("price_class")
        .agg(pl.col("c_now", "c_before", "f_now", "f_before").sum())
        .sort("price_class")
    )
    full = pl.DataFrame({"price_class": [1, 2, 3, 4, 5]}).join(
        by_class.cast({"price_class": pl.Int64}), on="price_class", how="left"
    )
    full = full.fill_null(0)
    cols = {c: [int(v) for v in full[c]] for c in ("c_now", "c_before", "f_now", "f_before")}
    shares = {c: exact_shares(v) for c, v in cols.items()}
    return [
        ClassRow(
            price_class=int(pc),
            cases_now=cases(cols["c_now"][i]),
            cases_before=cases(cols["c_before"][i]),
            volume_share_now=shares["c_now"][i],
            volume_share_before=shares["c_before"][i],
            revenue_now=yuan(cols["f_now"][i]),
            revenue_before=yuan(cols["f_before"][i]),
            revenue_share_now=shares["f_now"][i],
            revenue_share_before=shares["f_before"][i],
        )
        for i, pc in enumerate(full["price_class"])
    ]


def _movers(frame: pl.DataFrame, name: str, *, up: bool) -> list[Mover]:
    diff = pl.col("c_now") - pl.col("c_before")
    picked = frame.filter(diff > 0 if up else diff < 0).sort(
        [diff, pl.col(name)], descending=[up, False]
    )
    return [
        Mover(str(r[name]), cases(int(r["c_now"])), cases(int(r["c_before"])))
        for r in picked.head(TOP_N).iter_rows(named=True)
    ]


def analyse(
    lines: pl.DataFrame | pl.LazyFrame,
    skus: pl.DataFrame,
    *,
    current: Period,
    previous: Period | None = None,
    plan_cases: Decimal | None = None,
) -> Analysis:
    """Analyse ``current`` against ``previous`` (default: the same dates a year before)."""
    previous = previous or current.year_before()
    lazy = lines.lazy()
    per_sku, r_now, r_before = pl.collect_all(
        [_per_sku(lazy, current, previous), _retailers(lazy, current), _retailers(lazy, previous)]
    )
    now_part = per_sku.filter(pl.col("now")).drop("now")
    before_part = per_sku.filter(~pl.col("now")).drop("now")
    wide = (
        skus.select("sku_id", "sku_name", "brand", "price_class", "retail_price_fen")
        .join(now_part.rename({"cartons": "c_now", "fen": "f_now"}), on="sku_id", how="left")
        .join(
            before_part.rename({"cartons": "c_before", "fen": "f_before"}), on="sku_id", how="left"
        )
        .with_columns(pl.col("c_now", "c_before", "f_now", "f_before").fill_null(0))
        .filter((pl.col("c_now") > 0) | (pl.col("c_before") > 0))
    )
    high = wide.filter(
        (pl.col("retail_price_fen") >= HIGH_END_MIN_FEN)
        & (pl.col("retail_price_fen") < HIGH_END_MAX_FEN)
    )
    brands = wide.group_by("brand").agg(pl.col("c_now", "c_before").sum())
    brand_diff = pl.col("c_now") - pl.col("c_before")
    return Analysis(
        current=current,
        previous=previous,
        now=_totals(now_part, int(r_now["n"][0])),
        before=_totals(before_part, int(r_before["n"][0])),
        plan_cases=plan_cases,
        classes=_class_rows(wide),
        high_end_now=Totals(int(high["c_now"].sum()), int(high["f_now"].sum()), 0),
        high_end_before=Totals(int(high["c_before"].sum()), int(high["f_before"].sum()), 0),
        brands_selling=brands.filter(pl.col("c_now") > 0).height,
        brands_up=brands.filter(brand_diff > 0).height,
        brands_down=brands.filter(brand_diff < 0).height,
        top_brands_up=_movers(brands, "brand", up=True),
        top_brands_down=_movers(brands, "brand", up=False),
        top_skus_up=_movers(wide, "sku_name", up=True),
        top_skus_down=_movers(wide, "sku_name", up=False),
        sku_table=wide.sort("c_now", descending=True),
    )
