"""Import page, import templates, and .xlsx exports within the reader's scope."""

from collections.abc import Callable
from datetime import date
from tempfile import SpooledTemporaryFile
from typing import IO

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Max
from django.http import FileResponse, Http404, HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from jinye import access, limits
from jinye.dataio import exports
from jinye.dataio.forms import (
    KIND_CHOICES,
    KIND_RIGHTS,
    ImportForm,
    LinesRangeForm,
    max_upload_bytes,
)
from jinye.dataio.imports import import_file
from jinye.dataio.schemas import COLUMNS
from jinye.errors import JinyeError, Problem
from jinye.orders.models import Order
from jinye.retailers.models import BusinessFormat, RetailerStatus
from jinye.retailers.selectors import search_retailers
from jinye.webkit import flash

ERRORS_SHOWN = 1000
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
def import_page(request: HttpRequest) -> HttpResponseBase:
    staff = access.require(request.user, "import_data")
    result = None
    problems: list[Problem] = []
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            if form.cleaned_data["kind"] in KIND_RIGHTS:
                access.require(
                    request.user, KIND_RIGHTS[form.cleaned_data["kind"]], staff.department
                )
            try:
                result = import_file(
                    form.cleaned_data["kind"],
                    upload,
                    filename=upload.name,
                    department=staff.department,
                    user=staff.user,
                )
            except JinyeError as exc:
                problems = exc.problems
    else:
        form = ImportForm(initial={"kind": request.GET.get("kind", "retailers")})
    ctx = {
        "form": form,
        "result": result,
        "problems": problems,
        "errors_shown": problems[:ERRORS_SHOWN],
        "errors_hidden": max(0, len(problems) - ERRORS_SHOWN),
        "columns": [(kind, label, COLUMNS[kind]) for kind, label in KIND_CHOICES],
        "max_mb": max_upload_bytes() / 1024 / 1024,
    }
    response = render(request, "dataio/import.html", ctx, status=200)
    if result is not None and result.logins:
        # The one-time passwords are on this page only: no cache keeps a copy.
        response["Cache-Control"] = "no-store"
    return response


@login_required
def template(request: HttpRequest, kind: str) -> HttpResponseBase:
    if kind not in COLUMNS:
        raise Http404(kind)
    return _xlsx(lambda f: exports.write_template(kind, f), f"jinye-{kind}-template.xlsx")


def _xlsx(write: Callable[[IO[bytes]], object], filename: str) -> FileResponse:
    # FileResponse closes the buffer once it has been sent.
    buffer = SpooledTemporaryFile(max_size=32 * 1024 * 1024)  # noqa: SIM115
    try:
        write(buffer)  # type: ignore[arg-type]
    except BaseException:
        buffer.close()
        raise
    buffer.seek(0)
    return FileResponse(buffer, as_attachment=True, filename=filename, content_type=XLSX)


def _int(raw: str) -> int | None:
    return limits.record_number(raw) if raw.strip() else None


@login_required
def export_retailers(request: HttpRequest) -> HttpResponseBase:
    """The retailer list as on the list page: the same search and filters, same scope."""
    get = request.GET
    status, fmt = get.get("status", ""), get.get("format", "")
    qs = search_retailers(
        access.retailers(request.user),
        q=get.get("q", "").strip(),
        area_id=_int(get.get("area", "")),
        manager_id=_int(get.get("manager", "")),
        status=status if status in RetailerStatus.values else "",
        business_format=fmt if fmt in BusinessFormat.values else "",
    )
    today = timezone.localdate().isoformat()
    try:
        return _xlsx(lambda f: exports.export_retailers(qs, f), f"retailers-{today}.xlsx")
    except JinyeError as exc:
        flash(request, exc)
        return redirect("retailers:list")


@login_required
def export_order_lines(request: HttpRequest) -> HttpResponseBase:
    """Order lines of every retailer the reader sees, between ``start`` and ``end``."""
    form = LinesRangeForm(request.GET)
    if not form.is_valid():
        for error in form.errors.values():
            messages.error(request, " ".join(str(e) for e in error))
        return redirect("home")
    visible = access.retailers(request.user)
    latest: date | None = Order.objects.filter(retailer__in=visible.values("pk")).aggregate(
        d=Max("order_date")
    )["d"]
    first, last = form.dates(latest)
    lines = exports.order_lines(visible, first=first, last=last)
    name = f"order-lines-{first or 'all'}-{last or 'all'}.xlsx"
    try:
        return _xlsx(lambda f: exports.export_order_lines(lines, f), name)
    except JinyeError as exc:
        flash(request, exc)
        return redirect("home")


@login_required
def export_retailer_order_lines(request: HttpRequest, pk: int) -> HttpResponseBase:
    retailer = get_object_or_404(access.retailers(request.user), pk=pk)
    lines = exports.order_lines(access.retailers(request.user).filter(pk=retailer.pk))
    name = f"order-lines-{retailer.licence_no}.xlsx"
    return _xlsx(lambda f: exports.export_order_lines(lines, f), name)
