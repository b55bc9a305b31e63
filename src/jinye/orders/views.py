"""The home dashboard: the reader's retailers, last full week's sales and the weekly trend."""

from datetime import timedelta
from decimal import Decimal

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from jinye import access
from jinye.catalog.models import PriceClass
from jinye.orders import selectors as s
from jinye.orders.models import CARTONS_PER_CASE
from jinye.retailers.models import RetailerStatus


def fmt_int(value: int | Decimal) -> str:
    return f"{int(value):,}"


def fmt_cases(cartons: int) -> str:
    return f"{Decimal(cartons) / CARTONS_PER_CASE:,.1f}"


def fmt_money(value: Decimal) -> str:
    return f"{value:,.2f}"


def fmt_pct(value: float | None) -> str:
    return "—" if value is None else f"{value:+.1f}%"


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    retailers = access.retailers(request.user)
    total = retailers.count()
    open_ = retailers.filter(status=RetailerStatus.OPEN).count()
    ctx: dict[str, object] = {
        "retailer_total": total,
        "retailer_open": open_,
        "retailer_total_text": fmt_int(total),
        "retailer_open_text": fmt_int(open_),
    }
    week = s.last_full_week()
    if week is not None:
        weeks = s.weekly_sales(retailers, first=week - 52 * s.WEEK, last=week)
        this, prev, last_year = weeks[-1], weeks[-2], weeks[0]
        ctx.update(
            week=week,
            week_end=week + timedelta(days=6),
            this=this,
            cases=fmt_cases(this.cartons),
            revenue=fmt_money(this.revenue),
            cases_wow=fmt_pct(s.change_pct(this.cartons, prev.cartons)),
            revenue_wow=fmt_pct(s.change_pct(this.revenue, prev.revenue)),
            cases_yoy=fmt_pct(s.change_pct(this.cartons, last_year.cartons)),
            revenue_yoy=fmt_pct(s.change_pct(this.revenue, last_year.revenue)),
        )
        classes = s.price_class_volumes(retailers, first=week - 3 * s.WEEK, last=week)
        ctx["chart"] = {
            "weeks": [w.week.isoformat() for w in weeks[1:]],
            "cases": [round(float(w.cases), 2) for w in weeks[1:]],
            "revenue": [round(float(w.revenue), 2) for w in weeks[1:]],
            "labels": {"cases": _("Cases"), "revenue": _("Revenue (yuan)")},
            "structure": [
                {"name": str(PriceClass(k).label), "value": round(v / CARTONS_PER_CASE, 1)}
                for k, v in classes.items()
            ],
        }
    return render(request, "orders/dashboard.html", ctx)
