"""The operation analysis page and its Word / Excel downloads."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from jinye import access
from jinye.errors import Invalid
from jinye.periods import Month, Quarter
from jinye.reports.builder import Report, ReportPeriod, build_report
from jinye.reports.render import render_docx, render_xlsx

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _period(request: HttpRequest) -> tuple[ReportPeriod, str | None]:
    """From ``?month=`` or ``?quarter=``; default (with the reason) the last full quarter."""
    try:
        if request.GET.get("month"):
            return Month.parse(request.GET["month"]), None
        if request.GET.get("quarter"):
            return Quarter.parse(request.GET["quarter"]), None
    except Invalid as exc:
        error: str | None = str(exc)
    else:
        error = None
    return Quarter.containing(timezone.localdate()).previous(), error


@login_required
def operation_report(request: HttpRequest) -> HttpResponse:
    staff = access.require_staff(request.user)
    period, error = _period(request)
    label = str(period)
    report: Report = build_report(
        department=staff.department,
        period=period,
        retailers=access.retailers(request.user),
        # Plans are per area: shown to those who read an area or the whole department.
        with_plan=access.reach_of(staff, "retailers")
        in (access.Reach.AREA, access.Reach.DEPARTMENT),
    )
    fmt = request.GET.get("format")
    if fmt in ("docx", "xlsx"):
        body, mime = (render_docx(report), DOCX) if fmt == "docx" else (render_xlsx(report), XLSX)
        response = HttpResponse(body, content_type=mime)
        response["Content-Disposition"] = f'attachment; filename="report-{label}.{fmt}"'
        return response
    charts = {c.key: c.__dict__ for s in report.sections for c in s.charts}
    return render(
        request,
        "reports/report.html",
        {
            "report": report,
            "label": label,
            "period_kind": period.kind,
            "error": error,
            "charts": charts,
            "query": request.GET,
        },
    )
