"""The demo's visits: a month's plans generated and most of the stops already made recorded
as visits, through the visits app's services. Deterministic for a seed."""

from datetime import date, datetime, time, timedelta
from typing import Any

import numpy as np
from django.db import transaction
from django.utils import timezone

from jinye.org.models import MarketingDepartment
from jinye.progress import ProgressFn

VISIT_DONE_SHARE = 0.92  # planned stops before today that were made
GUIDANCE_SHARE = 0.35  # visits with business guidance given
ACTIVITY = "Demo activity"


def record_demo_visits(
    dept: MarketingDepartment,
    month_first: date,
    before: date,
    seed: int,
    progress: ProgressFn,
) -> str:
    """Generate ``month_first``'s visit plans and record about 92% of the stops planned for
    days before ``before`` as visited (a quarter-hour slot per stop, some with guidance)."""
    from jinye.visits.models import PlanStop
    from jinye.visits.services import do_generate_month_plans

    month = f"{month_first:%Y-%m}"
    do_generate_month_plans(department=dept, month=month, progress=progress)
    stops = list(
        PlanStop.objects.filter(
            plan_day__plan__staff__department=dept,
            plan_day__plan__month=month,
            plan_day__day__lt=before,
        )
        .select_related("plan_day__plan__staff__user")
        .order_by("plan_day__day", "plan_day__plan__staff_id", "seq")
    )
    rng = np.random.default_rng(seed)
    made = rng.random(len(stops)) < VISIT_DONE_SHARE
    guided = rng.random(len(stops)) < GUIDANCE_SHARE
    minutes = rng.integers(0, 20, len(stops))
    with transaction.atomic():
        # The demo's own clock: its "today" may lie ahead of the real one.
        clock = timezone.make_aware(datetime.combine(before, time.min))
        done = _record_stops(stops, made, guided, minutes, clock, progress)
    return f"{month} visit plans; {done} of {len(stops)} stops before {before} visited"


def _record_stops(
    stops: list[Any],
    made: np.ndarray,
    guided: np.ndarray,
    minutes: np.ndarray,
    clock: datetime,
    progress: ProgressFn,
) -> int:
    """Record the visited stops, each manager's month as one batch (``do_record_visits``,
    as a phone syncing its log would)."""
    from jinye.visits.services import VisitIn, do_record_visits

    by_staff: dict[int, tuple[Any, list[VisitIn]]] = {}
    for n, stop in enumerate(stops):
        if not made[n]:
            continue
        start = datetime.combine(stop.plan_day.day, time(8, 30))
        staff = stop.plan_day.plan.staff
        by_staff.setdefault(staff.pk, (staff.user, []))[1].append(
            VisitIn(
                retailer_id=stop.retailer_id,
                checked_in_at=timezone.make_aware(
                    start + timedelta(minutes=int(stop.seq * 18 + minutes[n]))
                ),
                guidance=bool(guided[n]),
                guidance_content="讲解陈列与价签规范，建议按需订货" if guided[n] else "",
            )
        )
    done = 0
    progress(0, len(stops), ACTIVITY)
    for user, visits in by_staff.values():
        done += len(do_record_visits(user=user, visits=visits, now=clock))
        progress(done, len(stops), ACTIVITY)
    progress(len(stops), len(stops), ACTIVITY)
    return done
