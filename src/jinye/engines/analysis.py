"""Operation analysis (经济运行分析): a period against the same period last year.

Input frames (eager ``DataFrame`` or ``LazyFrame``; the same code scans Parquet lazily):

- ``lines``: ``order_date`` (Date), ``retailer_id`` (Int), ``sku_id`` (Int), ``quantity``
  (Int, 条), ``amount_fen`` (Int, 分 — money in integer fen so sums are exact). Cancelled
  orders must already be excluded.
- ``skus``: ``sku_id``, ``sku_name`` (Str), ``brand`` (Str), ``price_class`` (Int 1–5),
  ``retail_price_fen`` (Int, suggested retail price per 条 in 分).

Only one grouped pass over ``lines`` runs (per SKU and period, plus distinct retailers and
weeks); everything after works on the small per-SKU result.

Rounding: every published figure is computed exactly (``Fraction``) from the raw integer
totals (条 and 分) and rounded **once**, to two places, half-up (ties away from zero, as
``Decimal``'s ``ROUND_HALF_UP`` and a spreadsheet's ROUND do), by ``round2``. A share is
``round2(part × 100 / whole)``; a combined share (一二类) is the share of the summed raw
totals; a change in points is ``round2(share_now − share_before)`` of the *unrounded* shares;
a growth rate is ``round2((now − before) × 100 / before)`` of the unrounded values; a
difference is ``round2(now − before)`` of the unrounded values. So each figure is the one a
department computes from the same totals, and class shares may sum to 99.99 or 100.01.
The ``exact_*`` properties give the unrounded values for callers that derive further
figures. The high-end band is 400 ≤ 建议零售价 < 800 元/条 (seed 001
第二篇 names 800 元/条 and above separately as 高价位).
"""

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

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


Number = Fraction | Decimal | int


def q2(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def round2(value: Number) -> Decimal:
    """The one rounding of an exact value: two places, half-up (ties away from zero)."""
    hundredths = Fraction(value) * 100
    n = math.floor(abs(hundredths) + Fraction(1, 2))
    return Decimal(n if hundredths >= 0 else -n).scaleb(-2)


def exact_cases(cartons: int) -> Fraction:
    return Fraction(cartons, CARTONS_PER_CASE)


def cases(cartons: int) -> Decimal:
    return round2(exact_cases(cartons))


def yuan(fen: int) -> Decimal:
    return Decimal(fen) / 100


def exact_pct_change(now: Number, before: Number) -> Fraction | None:
    if not before:
        return None
    return (Fraction(now) - Fraction(before)) * 100 / Fraction(before)


def pct_change(now: Number, before: Number) -> Decimal | None:
    """Change in percent from exact (unrounded) values, rounded once; ``None`` on a zero base."""
    exact = exact_pct_change(now, before)
    return None if exact is None else round2(exact)


def exact_share(part: Number, whole: Number) -> Fraction:
    """Percent of ``whole``; 0 when the whole is 0."""
    return Fraction(part) * 100 / Fraction(whole) if whole else Fraction(0)


def ratio_pct(part: Number, whole: Number) -> Decimal | None:
    if not whole:
        return None
    return round2(exact_share(part, whole))


def exact_shares(values: list[int]) -> list[Decimal]:
    """Percent shares to two places that sum to exactly 100.00 (all zero if the total is).

    Largest-remainder, so a share may be 0.01 off its own rounding: the report does not use
    it (its shares are each rounded once, see the module docstring).
    """
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
    def exact_cases(self) -> Fraction:
        return exact_cases(self.cartons)

    @property
    def revenue(self) -> Decimal:
        return yuan(self.fen)

    @property
    def exact_per_case(self) -> Fraction | None:
        return Fraction(self.fen * CARTONS_PER_CASE, 100 * self.cartons) if self.cartons else None

    @property
    def exact_per_carton(self) -> Fraction | None:
        return Fraction(self.fen, 100 * self.cartons) if self.cartons else None

    @property
    def per_case(self) -> Decimal | None:
        """单箱均价 (元)."""
        exact = self.exact_per_case
        return None if exact is None else round2(exact)

    @property
    def per_carton(self) -> Decimal | None:
        """单条均价 (元)."""
        exact = self.exact_per_carton
        return None if exact is None else round2(exact)


def share_pp(part_now: int, whole_now: int, part_before: int, whole_before: int) -> Decimal:
    """Change in share, percentage points, from the unrounded shares, rounded once."""
    return round2(exact_share(part_now, whole_now) - exact_share(part_before, whole_before))


@dataclass(frozen=True)
class ClassRow:
    """One price class (or several combined, e.g. 一二类) as raw totals; figures derive."""

    price_classes: tuple[int, ...]
    cartons_now: int
    cartons_before: int
    fen_now: int
    fen_before: int
    all_cartons_now: int
    all_cartons_before: int
    all_fen_now: int
    all_fen_before: int

    @property
    def price_class(self) -> int:
        return self.price_classes[0]

    @property
    def cases_now(self) -> Decimal:
        return cases(self.cartons_now)

    @property
    def cases_before(self) -> Decimal:
        return cases(self.cartons_before)

    @property
    def revenue_now(self) -> Decimal:
        return yuan(self.fen_now)

    @property
    def revenue_before(self) -> Decimal:
        return yuan(self.fen_before)

    @property
    def volume_share_now(self) -> Decimal:
        return round2(exact_share(self.cartons_now, self.all_cartons_now))

    @property
    def volume_share_before(self) -> Decimal:
        return round2(exact_share(self.cartons_before, self.all_cartons_before))

    @property
    def revenue_share_now(self) -> Decimal:
        return round2(exact_share(self.fen_now, self.all_fen_now))

    @property
    def revenue_share_before(self) -> Decimal:
        return round2(exact_share(self.fen_before, self.all_fen_before))

    @property
    def volume_share_pp(self) -> Decimal:
        return share_pp(
            self.cartons_now, self.all_cartons_now, self.cartons_before, self.all_cartons_before
        )

    @property
    def revenue_share_pp(self) -> Decimal:
        return share_pp(self.fen_now, self.all_fen_now, self.fen_before, self.all_fen_before)


def combine(rows: Sequence[ClassRow]) -> ClassRow:
    """Several classes as one (sums of the raw totals, never of rounded figures)."""
    first = rows[0]
    return ClassRow(
        price_classes=tuple(pc for r in rows for pc in r.price_classes),
        cartons_now=sum(r.cartons_now for r in rows),
        cartons_before=sum(r.cartons_before for r in rows),
        fen_now=sum(r.fen_now for r in rows),
        fen_before=sum(r.fen_before for r in rows),
        all_cartons_now=first.all_cartons_now,
        all_cartons_before=first.all_cartons_before,
        all_fen_now=first.all_fen_now,
        all_fen_before=first.all_fen_before,
    )


@dataclass(frozen=True)
class Mover:
    """A brand or SKU with its volume now and a year before (raw 条; 箱 derive)."""

    name: str
    cartons_now: int
    cartons_before: int

    @property
    def cases_now(self) -> Decimal:
        return cases(self.cartons_now)

    @property
    def cases_before(self) -> Decimal:
        return cases(self.cartons_before)

    @property
    def cartons_change(self) -> int:
        return self.cartons_now - self.cartons_before

    @property
    def change(self) -> Decimal:
        return cases(self.cartons_change)


def total_change(movers: Iterable[Mover]) -> Decimal:
    """The movers' change together (箱), from their raw totals."""
    return cases(sum(m.cartons_change for m in movers))


@dataclass
class Analysis:
    current: Period
    previous: Period
    now: Totals
    before: Totals
    plan_cases: Decimal | None
    year_plan_cases: Decimal | None
    earlier_cartons: int
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
        return ratio_pct(self.now.exact_cases, self.plan_cases) if self.plan_cases else None

    @property
    def ytd_cartons(self) -> int:
        """Sold from 1 January of ``current``'s year to its last day: the earlier part of the
        year (given by the caller) and ``current`` itself."""
        return self.earlier_cartons + self.now.cartons

    @property
    def ytd_cases(self) -> Decimal:
        return cases(self.ytd_cartons)

    @property
    def ytd_pct(self) -> Decimal | None:
        """Year-to-date progress against the annual plan, from the raw cartons, rounded once."""
        if not self.year_plan_cases:
            return None
        return ratio_pct(exact_cases(self.ytd_cartons), self.year_plan_cases)

    @property
    def exact_weekly_cases_now(self) -> Fraction:
        return self.now.exact_cases * 7 / self.current.days

    @property
    def exact_weekly_cases_before(self) -> Fraction:
        return self.before.exact_cases * 7 / self.previous.days

    @property
    def weekly_cases_now(self) -> Decimal:
        return round2(self.exact_weekly_cases_now)

    @property
    def weekly_cases_before(self) -> Decimal:
        return round2(self.exact_weekly_cases_before)

    def high_structure(self) -> ClassRow:
        """Classes 1 and 2 together (一二类), from their raw totals."""
        return combine([c for c in self.classes if c.price_class in (1, 2)])


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
    whole = {c: sum(v) for c, v in cols.items()}
    return [
        ClassRow(
            price_classes=(int(pc),),
            cartons_now=cols["c_now"][i],
            cartons_before=cols["c_before"][i],
            fen_now=cols["f_now"][i],
            fen_before=cols["f_before"][i],
            all_cartons_now=whole["c_now"],
            all_cartons_before=whole["c_before"],
            all_fen_now=whole["f_now"],
            all_fen_before=whole["f_before"],
        )
        for i, pc in enumerate(full["price_class"])
    ]


def _movers(frame: pl.DataFrame, name: str, *, up: bool) -> list[Mover]:
    diff = pl.col("c_now") - pl.col("c_before")
    picked = frame.filter(diff > 0 if up else diff < 0).sort(
        [diff, pl.col(name)], descending=[up, False]
    )
    return [
        Mover(str(r[name]), int(r["c_now"]), int(r["c_before"]))
        for r in picked.head(TOP_N).iter_rows(named=True)
    ]


def analyse(
    lines: pl.DataFrame | pl.LazyFrame,
    skus: pl.DataFrame,
    *,
    current: Period,
    previous: Period | None = None,
    plan_cases: Decimal | None = None,
    year_plan_cases: Decimal | None = None,
    earlier_cartons: int = 0,
) -> Analysis:
    """Analyse ``current`` against ``previous`` (default: the same dates a year before).

    ``plan_cases`` is the plan of the period ``current`` belongs to; ``year_plan_cases`` the
    plan of its whole year and ``earlier_cartons`` what was sold from 1 January to the day
    before ``current`` begins (``lines`` need not cover those days): together they give the
    year-to-date progress against the annual plan."""
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
        year_plan_cases=year_plan_cases,
        earlier_cartons=earlier_cartons,
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
