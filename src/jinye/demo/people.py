"""The demo's people activity: KPIs, career profiles and a window evaluation, the four experts
and this month's 135 documents, all written through the real services.

Deterministic for a seed. Ranks are what a department that has run the ladder for a while
would look like: mostly 初级, about a quarter 中级, one 高级 and one or two 见习, the better
scorers higher; about half the people meet the months, education and training the next rank
asks for, so the window moves some up a tier at once, puts some level promotions before the
committee and tells the rest what they still lack.
"""

from datetime import date, timedelta

import numpy as np
from django.contrib.auth.models import User

from jinye.engines import careers
from jinye.org.models import MarketingDepartment, Role, Staff
from jinye.people.models import (
    DecisionStatus,
    DocKind,
    ExpertField,
    ExpertNomination,
    KpiMonth,
)
from jinye.periods import Month, Quarter
from jinye.progress import ProgressFn, no_progress

ELIGIBLE_SHARE = 0.5  # meet the months, education and training of the next rank
SUBMIT_SHARE = 0.4  # drafted documents the manager has already submitted


def assessment_months(today: date) -> tuple[Quarter, list[str]]:
    """The last complete quarter before ``today``'s, and every month from its first up to the
    last complete month (the quarter's three, plus any of the current quarter already over)."""
    window = Quarter.containing(today).previous()
    months = []
    month, this_month = window.months()[0], Month.containing(today)
    while month < this_month:
        months.append(str(month))
        month = month.next()
    return window, months


def derive_people_demo(
    *,
    dept: MarketingDepartment,
    today: date,
    seed: int,
    progress: ProgressFn = no_progress,
) -> str:
    """Run the people services for ``dept`` as of ``today``; return a summary line."""
    from jinye.demo.visits import record_demo_visits
    from jinye.people.documents import do_draft_document, do_review_document, do_submit_document
    from jinye.people.experts import do_choose_expert, do_rank_experts
    from jinye.people.services import do_compute_kpis, do_run_career_window
    from jinye.visits.models import Visit

    director = Staff.objects.get(department=dept, role=Role.DIRECTOR).user
    this_month = today.replace(day=1)
    last_month = Month.containing(today).previous().first
    if not Visit.objects.filter(
        staff__department=dept,
        checked_in_at__date__gte=last_month,
        checked_in_at__date__lt=this_month,
    ).exists():
        record_demo_visits(dept, last_month, this_month, seed + 2, progress)

    window, months = assessment_months(today)
    for month in months:
        do_compute_kpis(department=dept, month=month, by=director, progress=progress)
    _enrol(dept, window, seed, director)
    decisions = do_run_career_window(
        department=dept, window=str(window), by=director, progress=progress
    )
    pending = sum(d.status == DecisionStatus.PENDING for d in decisions)
    moved = sum(d.status == DecisionStatus.APPLIED and d.to_rank != d.from_rank for d in decisions)

    do_rank_experts(department=dept, quarter=str(window))
    for field in ExpertField:
        top = (
            ExpertNomination.objects.filter(department=dept, quarter=str(window), field=field)
            .select_related("staff")
            .order_by("rank")
            .first()
        )
        if top is not None:
            do_choose_expert(
                department=dept,
                quarter=str(window),
                field=field,
                staff=top.staff,
                reason=f"{window}{field.label}排名第一（{top.score:g}），考评委员会评定",
                by=director,
            )

    docs = _documents(dept, today, seed, do_draft_document, do_submit_document, do_review_document)
    return (
        f"KPIs {months[0]}–{months[-1]}; {window} careers: {pending} awaiting the committee, "
        f"{moved} moved; four experts {window}; {docs} 135 documents"
    )


def _ranks(n: int, rng: np.random.Generator) -> list[int]:
    """``n`` ranks, highest first: one 高级 (from six people), about a quarter 中级, one or two
    见习 and the rest 初级, each at a random tier of its level."""
    senior = 1 if n >= 6 else 0
    trainee = min(n - senior, 2 if n >= 12 else 1)
    middle = min(n - senior - trainee, round(n * 0.25))
    junior = n - senior - trainee - middle
    ranks = [7] * senior
    ranks += sorted((int(r) for r in rng.integers(4, 7, middle)), reverse=True)
    ranks += sorted((int(r) for r in rng.integers(1, 4, junior)), reverse=True)
    return ranks + [careers.TRAINEE] * trainee


def _enrol(dept: MarketingDepartment, window: Quarter, seed: int, director: User) -> None:
    """A career profile for every customer manager: the better the window's scores the higher
    the rank; about half meet every other condition for the next rank."""
    from jinye.people.kpi_inputs import managers_of
    from jinye.people.services import do_save_profile, standards

    stds = standards()
    rng = np.random.default_rng(seed + 3)
    by_staff: dict[int, list[float]] = {}
    for k in KpiMonth.objects.filter(
        staff__department=dept, month__in=[str(m) for m in window.months()]
    ):
        if k.score is not None:
            by_staff.setdefault(k.staff_id, []).append(k.score)
    managers = managers_of(dept)
    managers.sort(
        key=lambda m: -sum(by_staff.get(m.pk, [0.0])) / max(1, len(by_staff.get(m.pk, [])))
    )
    for m, rank in zip(managers, _ranks(len(managers), rng), strict=True):
        here, need = stds[rank], stds[min(rank + 1, careers.TOP)]
        eligible = bool(rng.random() < ELIGIBLE_SHARE)
        in_post = max(here.min_months_in_post, need.min_months_in_post if eligible else 0)
        in_post += int(rng.integers(0, 30))
        if eligible:
            at_level = need.min_months_at_level + int(rng.integers(0, 6))
        else:
            at_level = max(0, need.min_months_at_level - 1 - int(rng.integers(0, 3)))
        education = max(
            int(here.min_education),
            int(need.min_education) if eligible else 0,
            int(rng.choice([careers.Education.HIGH_SCHOOL, careers.Education.COLLEGE])),
        )
        end = window.last
        do_save_profile(
            staff=m,
            rank=rank,
            in_post_since=Month.containing(end).previous(max(in_post, at_level)).first,
            level_since=Month.containing(end).previous(at_level).first,
            education=education,
            training_passed=eligible or rank > careers.TRAINEE,
            outstanding=False,
            by=director,
        )


def _documents(dept, today, seed, draft, submit, review) -> int:  # type: ignore[no-untyped-def]
    """This month's plan and weekly arrangements, the finished weeks' summaries and last
    month's summary for every customer manager; some submitted, one per area reviewed."""
    from jinye.people.kpi_inputs import managers_of

    rng = np.random.default_rng(seed + 4)
    this_month = today.replace(day=1)
    mondays = []
    day = this_month - timedelta(days=this_month.weekday())
    while day <= today:
        mondays.append(day)
        day += timedelta(days=7)
    reviewers = {
        s.area_id: s.user
        for s in Staff.objects.filter(department=dept, role=Role.MARKET_MANAGER, active=True)
    }
    reviewed: set[int] = set()
    waiting: set[int] = set()
    count = 0
    for m in managers_of(dept):
        wanted = [(DocKind.MONTHLY_PLAN, str(Month.containing(this_month)))]
        wanted.append((DocKind.MONTHLY_SUMMARY, str(Month.containing(today).previous())))
        for monday in mondays:
            wanted.append((DocKind.WEEKLY_ARRANGEMENT, monday.isoformat()))
            if monday + timedelta(days=6) < today:
                wanted.append((DocKind.WEEKLY_SUMMARY, monday.isoformat()))
        for kind, period in wanted:
            doc = draft(staff=m, kind=kind, period=period, by=m.user)
            count += 1
            if kind in (DocKind.MONTHLY_PLAN, DocKind.MONTHLY_SUMMARY) and (
                rng.random() < SUBMIT_SHARE
            ):
                doc = submit(doc=doc, by=m.user)
                # each area's first submitted document waits; its second is reviewed
                reviewer = reviewers.get(m.area_id)
                if m.area_id is None or reviewer is None or m.area_id in reviewed:
                    continue
                if m.area_id in waiting:
                    review(doc=doc, comment="已阅，数据清楚，请按计划落实。", by=reviewer)
                    reviewed.add(m.area_id)
                else:
                    waiting.add(m.area_id)
    return count
