"""Reads for the people pages, always within the reader's scope (see ``access``)."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from jinye.engines import careers
from jinye.engines.kpi import Kpi
from jinye.org.models import Staff
from jinye.people import explain, trail
from jinye.people.models import (
    CareerAudit,
    CareerDecision,
    CareerProfile,
    DecisionStatus,
    DocKind,
    Expert,
    ExpertField,
    ExpertNomination,
    KpiChoice,
    KpiMonth,
    WorkDocument,
)
from jinye.periods import Quarter
from jinye.visits.selectors import staff_visits

if TYPE_CHECKING:
    from jinye.visits.models import Visit


def month_results(people: QuerySet[Staff], month: str) -> list[KpiMonth]:
    """The month's stored results of ``people``, best first."""
    return list(
        KpiMonth.objects.filter(staff__in=people, month=month)
        .select_related("staff", "staff__area")
        .prefetch_related("values")
        .order_by("rank", "staff__employee_no")
    )


@dataclass(frozen=True)
class KpiCell:
    kpi: str
    label: str
    value: float | None
    target: float | None
    attainment: float | None
    weight: float

    @property
    def available(self) -> bool:
        return self.attainment is not None


def kpi_name(kpi: Kpi) -> str:
    """The KPI's name in the active language (the model's choice label)."""
    return str(KpiChoice(kpi.value).label)


# The month's raw counts behind the KPIs (``KpiMonth.inputs``), in the order shown.
KPI_INPUT_LABELS = {
    "retailers": _("Open retailers served"),
    "sales_cases": _("Sales (cases)"),
    "target_cases": _("Sales target (cases)"),
    "forecast_accuracy": _("Forecast accuracy"),
    "planned_visits": _("Planned visits"),
    "done_planned": _("Planned visits done"),
    "info_records": _("Market information records"),
    "guided": _("Retailers given business guidance"),
    "guided_effective": _("Guidance that worked"),
    "complaints": _("Complaints"),
}


def kpi_inputs_shown(result: KpiMonth) -> list[tuple[str, Any]]:
    """The inputs of ``result`` as (label, value) rows; keys without a label are internal."""
    return [(str(label), result.inputs.get(key)) for key, label in KPI_INPUT_LABELS.items()]


def kpi_cells(result: KpiMonth) -> list[KpiCell]:
    by = {v.kpi: v for v in result.values.all()}
    out = []
    for k in Kpi:
        v = by.get(k.value)
        if v is not None:
            out.append(KpiCell(k.value, kpi_name(k), v.value, v.target, v.attainment, v.weight))
    return out


def kpi_averages(results: list[KpiMonth]) -> list[tuple[str, float | None]]:
    """Mean attainment (0–100) of each KPI across ``results``; None where no one has data."""
    acc: dict[str, list[float]] = defaultdict(list)
    for r in results:
        for v in r.values.all():
            if v.attainment is not None:
                acc[v.kpi].append(v.attainment)
    return [
        (kpi_name(k), round(100 * sum(acc[k]) / len(acc[k]), 1) if acc[k] else None) for k in Kpi
    ]


def score_history(staff: Staff, limit: int = 12) -> list[tuple[str, float | None]]:
    rows = KpiMonth.objects.filter(staff=staff).order_by("-month")[:limit]
    return [(r.month, r.score) for r in reversed(list(rows))]


def months_available(people: QuerySet[Staff]) -> list[str]:
    return list(
        KpiMonth.objects.filter(staff__in=people)
        .values_list("month", flat=True)
        .distinct()
        .order_by("-month")
    )


@dataclass(frozen=True)
class CareerView:
    profile: CareerProfile | None
    gap: careers.Gap | None
    next_label: str
    gap_texts: list[str]
    history: list[CareerDecision]
    audit: list[trail.AuditLine]


def career_view(staff: Staff, today: date) -> CareerView:
    """The person's rank, what the next rank needs against the latest full window, the
    decisions about them and the audit trail."""
    from jinye.people.services import candidate, standards

    profile = CareerProfile.objects.filter(staff=staff).first()
    gap = None
    if profile is not None:
        window = Quarter.containing(today).previous()
        try:
            gap = careers.next_tier_gap(candidate(profile, window), standards())
        except ValueError:  # inconsistent standards: the committee page reports it on a run
            gap = None
    return CareerView(
        profile=profile,
        gap=gap,
        next_label=explain.rank_name(gap.target) if gap and gap.target is not None else "",
        gap_texts=explain.reason_texts(gap.gaps) if gap else [],
        history=list(CareerDecision.objects.filter(staff=staff).order_by("-created_at", "-id")),
        audit=trail.audit_lines(
            CareerAudit.objects.filter(staff=staff).select_related("actor").order_by("-at", "-id")
        ),
    )


def committee_queues(department_id: int) -> dict[str, list[CareerDecision]]:
    qs = (
        CareerDecision.objects.filter(staff__department_id=department_id)
        .select_related("staff", "staff__area")
        .prefetch_related("objections")
    )
    return {
        "pending": list(qs.filter(status=DecisionStatus.PENDING)),
        "leadership": list(qs.filter(status=DecisionStatus.LEADERSHIP)),
        "notice": list(qs.filter(status=DecisionStatus.NOTICE).order_by("notice_end")),
        "decided": list(
            qs.filter(status__in=[DecisionStatus.APPLIED, DecisionStatus.REJECTED])
            .exclude(kind=careers.Kind.STAY)
            .exclude(kind=careers.Kind.NO_DATA)[:50]
        ),
        "reassign": list(qs.filter(reassign=True, status=DecisionStatus.APPLIED)),
    }


def expert_board(department_id: int, quarter: str, top: int = 5) -> list[dict[str, Any]]:
    nominations = ExpertNomination.objects.filter(
        department_id=department_id, quarter=quarter, rank__lte=top
    ).select_related("staff")
    chosen = {
        e.field: e
        for e in Expert.objects.filter(department_id=department_id, quarter=quarter).select_related(
            "staff"
        )
    }
    by_field: dict[str, list[ExpertNomination]] = defaultdict(list)
    for n in nominations:
        by_field[n.field].append(n)
    return [
        {
            "field": f.value,
            "label": f.label,
            "candidates": by_field[f.value],
            "expert": chosen.get(f),
        }
        for f in ExpertField
    ]


def documents(people: QuerySet[Staff]) -> QuerySet[WorkDocument]:
    return WorkDocument.objects.filter(staff__in=people).select_related("staff", "staff__area")


def daily_log(
    staff: Staff, month_first: date, month_last: date
) -> list[tuple[date, list["Visit"]]]:
    """日拜访: the manager's recorded visits of the month, day by day."""
    visits = (
        staff_visits(staff, month_first, month_last)
        .select_related("retailer")
        .order_by("checked_in_at")
    )
    days: dict[date, list[Visit]] = defaultdict(list)
    for v in visits:
        days[v.checked_in_at.date()].append(v)
    return sorted(days.items())


DOC_KIND_CHOICES = DocKind.choices
