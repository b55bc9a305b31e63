"""Reads about ratings. Pages pass retailers already scoped by ``access.retailers``."""

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import QuerySet

from jinye.engines.stars import StarLevel
from jinye.org.models import MarketingDepartment
from jinye.periods import Quarter
from jinye.ratings.models import ClassificationRun, RatingSettings, RetailerRating, Scale, Star
from jinye.retailers.models import Retailer


def rating_settings(department: MarketingDepartment) -> RatingSettings:
    """The department's rating rules; until they are saved, the defaults, unsaved (a read
    writes nothing)."""
    return RatingSettings.objects.filter(department=department).first() or RatingSettings(
        department=department
    )


def current_rating(retailer: Retailer) -> RetailerRating | None:
    """The retailer's rating of its latest rated quarter, or None."""
    return RetailerRating.objects.filter(retailer=retailer).order_by("-quarter").first()


def rating_history(retailer: Retailer) -> list[RetailerRating]:
    """All the retailer's ratings, oldest quarter first."""
    return list(RetailerRating.objects.filter(retailer=retailer).order_by("quarter"))


def current_stars(retailer_ids: Iterable[int]) -> dict[int, StarLevel]:
    """Each retailer's star of its latest rated quarter; retailers never rated → NEW."""
    ids = list(retailer_ids)
    stars = dict.fromkeys(ids, StarLevel.NEW)
    rows = (
        RetailerRating.objects.filter(retailer_id__in=ids)
        .order_by("quarter")
        .values_list("retailer_id", "star")
    )
    for retailer_id, star in rows:  # ascending quarters: the latest wins
        stars[retailer_id] = StarLevel(star)
    return stars


def rated_quarters(retailers: QuerySet[Retailer]) -> list[str]:
    """Quarters with ratings for any of ``retailers``, newest first."""
    return list(
        RetailerRating.objects.filter(retailer__in=retailers)
        .order_by("-quarter")
        .values_list("quarter", flat=True)
        .distinct()
    )


@dataclass(frozen=True)
class Distribution:
    quarter: str
    total: int
    provisional: int
    tiers: list[tuple[int, int]]  # (tier, count), every tier 1..max listed
    stars: list[tuple[str, str, int]]  # (code, label, count), high to low
    scales: list[tuple[str, str, int]]


def distribution(retailers: QuerySet[Retailer], quarter: str) -> Distribution:
    """Counts by tier, star and scale of ``retailers`` rated in ``quarter``."""
    rows = list(
        RetailerRating.objects.filter(retailer__in=retailers, quarter=quarter).values_list(
            "tier", "star", "scale", "provisional"
        )
    )
    tiers = Counter(r[0] for r in rows)
    stars = Counter(r[1] for r in rows)
    scales = Counter(r[2] for r in rows)
    top = max([*tiers, _configured_tiers(quarter, retailers)], default=0)
    return Distribution(
        quarter=quarter,
        total=len(rows),
        provisional=sum(1 for r in rows if r[3]),
        tiers=[(t, tiers.get(t, 0)) for t in range(1, top + 1)],
        stars=[(s.value, str(s.label), stars.get(s.value, 0)) for s in Star],
        scales=[(s.value, str(s.label), scales.get(s.value, 0)) for s in Scale],
    )


def _configured_tiers(quarter: str, retailers: QuerySet[Retailer]) -> int:
    run = (
        ClassificationRun.objects.filter(
            quarter=quarter, department_id__in=retailers.values("area__department_id")
        )
        .order_by("-started_at")
        .first()
    )
    return int(run.config["tier"]["tiers"]) if run else 0


@dataclass(frozen=True)
class Move:
    retailer: Retailer
    before: RetailerRating
    after: RetailerRating

    @property
    def change(self) -> int:
        return self.after.tier - self.before.tier


def movers(
    retailers: QuerySet[Retailer], quarter: str, *, limit: int = 50
) -> tuple[list[Move], list[Move]]:
    """Retailers whose tier rose (largest rise first) and fell (largest fall first) in
    ``quarter`` against the previous quarter; ``limit`` each."""
    previous = str(Quarter.parse(quarter).previous())
    ratings = RetailerRating.objects.filter(
        retailer__in=retailers, quarter__in=[quarter, previous]
    ).select_related("retailer", "retailer__customer_manager")
    by_retailer: dict[int, dict[str, RetailerRating]] = {}
    for r in ratings:
        by_retailer.setdefault(r.retailer_id, {})[r.quarter] = r
    moves = [
        Move(pair[quarter].retailer, pair[previous], pair[quarter])
        for pair in by_retailer.values()
        if quarter in pair and previous in pair and pair[quarter].tier != pair[previous].tier
    ]
    ups = sorted((m for m in moves if m.change > 0), key=lambda m: (-m.change, m.retailer.pk))
    downs = sorted((m for m in moves if m.change < 0), key=lambda m: (m.change, m.retailer.pk))
    return ups[:limit], downs[:limit]


def recent_runs(department: MarketingDepartment, *, limit: int = 20) -> list[ClassificationRun]:
    return list(
        ClassificationRun.objects.filter(department=department)
        .select_related("run_by")
        .order_by("-started_at")[:limit]
    )


def latest_tier_and_scale(department: MarketingDepartment) -> dict[int, tuple[int, str]]:
    """Each rated retailer's ``(tier, scale)`` of its latest rated quarter in ``department``."""
    latest: dict[int, tuple[int, str]] = {}
    for rid, tier, scale in (
        RetailerRating.objects.filter(retailer__area__department=department)
        .order_by("retailer_id", "quarter")
        .values_list("retailer_id", "tier", "scale")
    ):
        latest[rid] = (tier, scale)  # later quarters overwrite earlier ones
    return latest
