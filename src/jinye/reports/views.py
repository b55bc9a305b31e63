"""The operation analysis page and its Word / Excel downloads."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from jinye import access
from jinye.engines.analysis import Period
from jinye.reports.builder import Report, build_report
from jinye.reports.periods import parse_month, parse_quarter
from jinye.reports.render import render_docx, render_xlsx

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _period(request: HttpRequest) -> tuple[Period, str, str | None]:
    """From ``?month=`` or ``?quarter=``; default the last full quarter."""
    error: str | None = None
    try:
        if request.GET.get("month"):
            return parse_month(request.GET["month"]), request.GET["month"], None
        if request.GET.get("quarter"):
            return parse_quarter(request.GET["quarter"]), request.GET["quarter"], None
    except ValueError as exc:
        error = str(exc)
    today = timezone.localdate()
    q = (today.month - 1) // 3
    year, q = (today.year, q) if q else (today.year - 1, 4)
    label = f"{year}Q{q}"
    return parse_quarter(label), label, error


@login_required
def operation_report(request: HttpRequest) -> HttpResponse:
    staff = access.require_staff(request.user)
    period, label, error = _period(request)
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
        {"report": report, "label": label, "error": error, "charts": charts, "query": request.GET},
    )
