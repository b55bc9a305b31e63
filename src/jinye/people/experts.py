"""The four experts (四个专家, seed 001 第二篇): each quarter every customer manager is ranked
in four fields from the data, and the committee records who is chosen.

Figures (our reading; the seed names the fields, not the measures):
- 品牌培育 brand: SKUs ordered per ordering retailer in the quarter (户均订购品规数);
- 信息采集 information: market-information records (SKU stock/price seen, observations) per
  retailer served;
- 市场调研 market research: social-inventory stock counts the manager entered plus prices
  seen on visits;
- 经营指导 guidance: the mean over the quarter's months of guidance coverage × effectiveness
  from the stored monthly KPIs.
"""

from statistics import mean
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import transaction
from django.db.models import Count
from django.utils.translation import gettext as _

from jinye import access
from jinye.errors import Invalid
from jinye.orders.models import OrderLine, OrderStatus
from jinye.org.models import MarketingDepartment, Staff
from jinye.people.kpi_inputs import managers_of
from jinye.people.models import Expert, ExpertField, ExpertNomination, KpiValue
from jinye.periods import Quarter
from jinye.retailers.models import Retailer
from jinye.targets.selectors import stock_counts_entered
from jinye.visits.selectors import sku_info_of, staff_visits


def _figures(staff: Staff, w: Quarter) -> dict[str, tuple[float, dict[str, Any]]]:
    months = [str(m) for m in w.months()]
    ids = list(Retailer.objects.filter(customer_manager=staff).values_list("pk", flat=True))
    pairs = (
        OrderLine.objects.filter(
            order__retailer_id__in=ids,
            order__order_date__gte=w.first,
            order__order_date__lte=w.last,
        )
        .exclude(order__status=OrderStatus.CANCELLED)
        .values("order__retailer_id")
        .annotate(skus=Count("sku", distinct=True))
    )
    per = [p["skus"] for p in pairs]
    visits = staff_visits(staff, w.first, w.last)
    info = sku_info_of(visits)
    records = info.count() + visits.exclude(observations="").count()
    counts = stock_counts_entered(staff, w.first, w.last)
    prices = info.filter(retail_price__isnull=False).count()
    cov = {
        v.result.month: v.value
        for v in KpiValue.objects.filter(
            result__staff=staff, result__month__in=months, kpi="guidance_coverage"
        ).select_related("result")
    }
    eff = {
        v.result.month: v.value
        for v in KpiValue.objects.filter(
            result__staff=staff, result__month__in=months, kpi="guidance_effect"
        ).select_related("result")
    }
    guided = [(cov[m] or 0) * (eff.get(m) or 0) for m in months if m in cov]
    return {
        ExpertField.BRAND: (
            round(mean(per), 2) if per else 0.0,
            {"ordering_retailers": len(per), "sku_per_retailer": mean(per) if per else 0},
        ),
        ExpertField.INFORMATION: (
            round(records / len(ids), 2) if ids else 0.0,
            {"records": records, "retailers": len(ids)},
        ),
        ExpertField.RESEARCH: (
            float(counts + prices),
            {"stock_counts": counts, "prices_seen": prices},
        ),
        ExpertField.GUIDANCE: (
            round(mean(guided), 4) if guided else 0.0,
            {"months_with_kpis": len(guided), "coverage": cov, "effect": eff},
        ),
    }


@transaction.atomic
def do_rank_experts(*, department: MarketingDepartment, quarter: str) -> int:
    """Rank every active customer manager in the four fields for ``quarter``; replaces the
    quarter's earlier ranking. Returns how many nominations were stored."""
    w = Quarter.parse(quarter)
    managers = managers_of(department)
    figures = {m.pk: _figures(m, w) for m in managers}
    ExpertNomination.objects.filter(department=department, quarter=str(w)).delete()
    rows = []
    for field in ExpertField:
        order = sorted(managers, key=lambda m: (-figures[m.pk][field][0], m.employee_no))
        for i, m in enumerate(order, start=1):
            score, evidence = figures[m.pk][field]
            rows.append(
                ExpertNomination(
                    department=department,
                    quarter=str(w),
                    field=field,
                    staff=m,
                    rank=i,
                    score=score,
                    evidence=evidence,
                )
            )
    ExpertNomination.objects.bulk_create(rows)
    return len(rows)


@transaction.atomic
def do_choose_expert(
    *,
    department: MarketingDepartment,
    quarter: str,
    field: str,
    staff: Staff,
    reason: str,
    by: AbstractBaseUser | AnonymousUser,
) -> Expert:
    """Record the committee's choice of ``staff`` as ``field`` expert for ``quarter``; the
    person must be among that field's ranked candidates."""
    access.require(by, "act_as_committee")
    w = Quarter.parse(quarter)
    if field not in ExpertField.values:
        raise Invalid(
            _("Unknown field of expertise “%(field)s”.") % {"field": field},
            code="unknown_field",
            field="field",
        )
    if not ExpertNomination.objects.filter(
        department=department, quarter=str(w), field=field, staff=staff
    ).exists():
        raise Invalid(
            _("%(name)s is not among this field's candidates for %(quarter)s; rank them first.")
            % {"name": staff.name, "quarter": w},
            code="not_candidate",
            field="staff",
        )
    reason = (reason or "").strip()
    if not reason:
        raise Invalid(_("Give the reason for the choice."), code="required", field="reason")
    expert, _created = Expert.objects.update_or_create(
        department=department,
        quarter=str(w),
        field=field,
        defaults={"staff": staff, "reason": reason, "chosen_by": by},
    )
    return expert
