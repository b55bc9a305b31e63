"""The operation analysis page and its Word / Excel downloads."""

from functools import partial

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from jinye import access
from jinye.errors import Invalid, JinyeError
from jinye.periods import Month, Quarter, parse_month_or_quarter
from jinye.reports.builder import Report, ReportPeriod, build_report, reader_scope
from jinye.reports.render import render_docx, render_xlsx
from jinye.targets.selectors import scope_plan

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PERIOD_FIELDS = ("period", "quarter", "month")


def _period(request: HttpRequest) -> tuple[ReportPeriod, bool]:
    """The one period asked for and whether it was asked for (else the last full quarter).

    The form sends ``?period=`` (a quarter such as 2026Q1 or a month such as 2026-03); older
    links' ``?quarter=`` and ``?month=`` are read too. Two of them at once are refused
    (code ``two_periods``), never one silently preferred; a bad one is refused naming it."""
    given = [(f, request.GET[f]) for f in PERIOD_FIELDS if request.GET.get(f, "").strip()]
    if len(given) > 1:
        raise Invalid(
            _("Choose one period, a quarter or a month, not both: %(given)s.")
            % {"given": pgettext("enumeration", ", ").join(text for _f, text in given)},
            code="two_periods",
            field="period",
        )
    if not given:
        return Quarter.containing(timezone.localdate()).previous(), False
    name, text = given[0]
    if name == "quarter":
        return Quarter.parse(text, field=name), True
    if name == "month":
        return Month.parse(text, field=name), True
    return parse_month_or_quarter(text, field=name), True


@login_required
def operation_report(request: HttpRequest) -> HttpResponse:
    staff = access.require_staff(request.user)
    typed = [request.GET.get(f, "").strip() for f in PERIOD_FIELDS]
    context: dict[str, object] = {"query": next((t for t in typed if t), "")}
    try:
        period, chosen = _period(request)
    except Invalid as exc:
        context["error"] = exc.message
        return render(request, "reports/report.html", context, status=400)
    context["query"] = str(period)
    if not chosen:
        context["notice"] = _("No period chosen: this is the last full quarter, %(period)s.") % {
            "period": period.label()
        }
    try:
        report: Report = build_report(
            department=staff.department,
            period=period,
            retailers=access.retailers(request.user),
            plan=partial(scope_plan, staff),
            scope=reader_scope(staff),
        )
    except JinyeError as exc:
        context["error"] = exc.message
        return render(request, "reports/report.html", context)
    label = str(period)
    fmt = request.GET.get("format")
    if fmt in ("docx", "xlsx"):
        body, mime = (render_docx(report), DOCX) if fmt == "docx" else (render_xlsx(report), XLSX)
        response = HttpResponse(body, content_type=mime)
        response["Content-Disposition"] = f'attachment; filename="report-{label}.{fmt}"'
        return response
    charts = {c.key: c.__dict__ for s in report.sections for c in s.charts}
    context.update({"report": report, "label": label, "charts": charts})
    return render(request, "reports/report.html", context)
