"""Pages: rounds (list, open, detail), per-retailer entry, .xlsx template and upload, review
and correction, and the accuracy report. Every page is scoped by the reader's role."""

import io
from datetime import datetime, time
from typing import Any, cast

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from jinye import access, limits
from jinye.catalog.models import Sku
from jinye.errors import Forbidden, Invalid, JinyeError
from jinye.forecasts import selectors
from jinye.forecasts.excel import do_upload_forecasts, write_template
from jinye.forecasts.models import (
    CollectedForecast,
    ForecastCorrection,
    ForecastRound,
    RoundScope,
    RoundStatus,
)
from jinye.forecasts.services import (
    Entry,
    do_correct_forecast,
    do_enter_forecasts,
    do_open_round,
    do_review_round,
    do_submit_round,
)
from jinye.webkit import DateInput, flash, form_errors, problem_lines


class OpenRoundForm(forms.Form):
    month = forms.DateField(label=gettext_lazy("Month (first day)"), widget=DateInput())
    deadline = forms.DateField(label=gettext_lazy("Entry deadline"), widget=DateInput())
    skus = forms.ModelMultipleChoiceField(
        label=gettext_lazy("SKUs to forecast"),
        queryset=Sku.objects.filter(active=True).order_by("code"),
        widget=forms.SelectMultiple(attrs={"size": 10}),
    )
    scope = forms.ChoiceField(
        label=gettext_lazy("Retailers"), choices=RoundScope.choices, initial=RoundScope.THIRD
    )
    seed = forms.IntegerField(label=gettext_lazy("Sampling seed"), min_value=0, initial=1)


def _round(request: HttpRequest, pk: int) -> ForecastRound:
    return get_object_or_404(selectors.visible_rounds(request.user), pk=pk)


@login_required
def rounds(request: HttpRequest) -> HttpResponse:
    staff = access.require_staff(request.user)
    form = OpenRoundForm(request.POST or None)
    if request.method == "POST":
        access.require(staff, "open_forecast_round", staff.department)
        if form.is_valid():
            d = form.cleaned_data
            try:
                rnd = do_open_round(
                    department=staff.department,
                    month=d["month"],
                    sku_ids=[s.pk for s in d["skus"]],
                    deadline=timezone.make_aware(datetime.combine(d["deadline"], time(23, 59))),
                    scope=d["scope"],
                    seed=d["seed"],
                    opened_by=cast(User, request.user),
                )
            except JinyeError as exc:
                form_errors(form, exc)
            else:
                messages.success(request, _("Round opened."))
                return redirect("forecasts:round", pk=rnd.pk)
    return render(
        request,
        "forecasts/rounds.html",
        {
            "rounds": selectors.visible_rounds(request.user).prefetch_related("skus"),
            "form": form if access.can(staff, "open_forecast_round", staff.department) else None,
        },
    )


@login_required
def round_detail(request: HttpRequest, pk: int) -> HttpResponse:
    rnd = _round(request, pk)
    staff = access.require_staff(request.user)
    retailers = list(selectors.round_retailers(rnd, request.user))
    values = selectors.round_values(rnd, [r.pk for r in retailers])
    skus = list(rnd.skus.order_by("code"))
    rows = [
        {
            "retailer": r,
            "entered": sum(1 for s in skus if (r.pk, s.pk) in values),
            "total": sum(values[(r.pk, s.pk)].qty for s in skus if (r.pk, s.pk) in values),
        }
        for r in retailers
    ]
    return render(
        request,
        "forecasts/round.html",
        {
            "round": rnd,
            "skus": skus,
            "rows": rows,
            "is_manager": access.can(staff, "enter_forecasts"),
            "can_review": access.can(staff, "correct_forecasts"),
            "can_close": access.can(staff, "close_forecast_round", rnd),
            "can_submit": access.can(staff, "submit_forecast_round", rnd)
            and rnd.status == RoundStatus.REVIEWED,
            "entry_open": rnd.status == RoundStatus.OPEN and timezone.now() <= rnd.deadline,
        },
    )


@login_required
def entry(request: HttpRequest, pk: int, retailer_pk: int) -> HttpResponse:
    """One retailer's values, one field per SKU: only its customer manager may save."""
    rnd = _round(request, pk)
    shop = get_object_or_404(selectors.round_retailers(rnd, request.user), pk=retailer_pk)
    skus = list(rnd.skus.order_by("code"))
    values = selectors.round_values(rnd, [shop.pk])
    errors: list[str] = []
    if request.method == "POST":
        entries = []
        for s in skus:
            raw = request.POST.get(f"sku_{s.pk}", "").strip()
            if not raw:
                continue
            try:
                qty = limits.whole(raw, limits.FORECAST, field=f"sku_{s.pk}", label=s.name)
            except Invalid as exc:
                errors.append(str(exc))
                continue
            entries.append(Entry(shop.pk, s.pk, qty))
        if not errors:
            try:
                n = do_enter_forecasts(round=rnd, user=cast(User, request.user), entries=entries)
            except JinyeError as exc:
                errors.extend(problem_lines(exc))
            else:
                messages.success(request, _("%(n)d value(s) saved.") % {"n": n})
                return redirect("forecasts:round", pk=rnd.pk)
    fields = [
        {
            "sku": s,
            "value": request.POST.get(f"sku_{s.pk}")
            if request.method == "POST"
            else (values[(shop.pk, s.pk)].qty if (shop.pk, s.pk) in values else ""),
        }
        for s in skus
    ]
    return render(
        request,
        "forecasts/entry.html",
        {"round": rnd, "retailer": shop, "fields": fields, "errors": errors},
    )


@login_required
def template_download(request: HttpRequest, pk: int) -> HttpResponse:
    rnd = _round(request, pk)
    staff = access.require_staff(request.user)
    access.require(staff, "enter_forecasts")
    response = HttpResponse(
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    name = f"forecast-{rnd.month:%Y-%m}-{staff.employee_no}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    buffer = io.BytesIO()
    write_template(rnd, staff, buffer)
    response.write(buffer.getvalue())
    return response


@login_required
@require_POST
def upload(request: HttpRequest, pk: int) -> HttpResponse:
    rnd = _round(request, pk)
    upload_file = request.FILES.get("file")
    if upload_file is None:
        messages.error(request, _("Choose a file to upload."))
        return redirect("forecasts:round", pk=rnd.pk)
    try:
        n = do_upload_forecasts(
            round=rnd,
            user=cast(User, request.user),
            source=upload_file,  # type: ignore[arg-type]
            filename=upload_file.name or "",
        )
    except Invalid as exc:
        return render(
            request, "forecasts/upload_errors.html", {"round": rnd, "errors": exc.problems}
        )
    except JinyeError as exc:
        flash(request, exc)
        return redirect("forecasts:round", pk=rnd.pk)
    messages.success(request, _("%(n)d value(s) saved.") % {"n": n})
    return redirect("forecasts:round", pk=rnd.pk)


@login_required
def review(request: HttpRequest, pk: int) -> HttpResponse:
    """Market managers (their area) and the director see and correct collected values."""
    rnd = _round(request, pk)
    staff = access.require_staff(request.user)
    access.require(staff, "correct_forecasts")
    ids = [r.pk for r in selectors.round_retailers(rnd, request.user)]
    if request.method == "POST":
        fc = get_object_or_404(
            CollectedForecast,
            pk=limits.record_number(request.POST.get("forecast")),
            round=rnd,
            retailer_id__in=ids,
        )
        try:
            do_correct_forecast(
                forecast=fc,
                qty=limits.whole(
                    request.POST.get("qty", ""), limits.FORECAST, field="qty", label=_("Quantity")
                ),
                user=cast(User, request.user),
                reason=request.POST.get("reason", ""),
            )
        except JinyeError as exc:
            flash(request, exc)
        else:
            messages.success(request, _("Correction saved."))
        return redirect("forecasts:review", pk=rnd.pk)
    forecasts = (
        CollectedForecast.objects.filter(round=rnd, retailer_id__in=ids)
        .select_related("retailer", "sku", "entered_by")
        .order_by("retailer__name", "sku__code")
    )
    changes: dict[int, list[ForecastCorrection]] = {}
    for ch in ForecastCorrection.objects.filter(forecast__in=forecasts).select_related(
        "changed_by"
    ):
        changes.setdefault(ch.forecast_id, []).append(ch)
    rows = [{"fc": f, "changes": changes.get(f.pk, [])} for f in forecasts]
    return render(
        request,
        "forecasts/review.html",
        {"round": rnd, "rows": rows, "editable": rnd.status != RoundStatus.SUBMITTED},
    )


@login_required
@require_POST
def advance(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark reviewed (entry closes) or submit: both the director's."""
    rnd = _round(request, pk)
    user = cast(User, request.user)
    try:
        if request.POST.get("action") == "submit":
            do_submit_round(round=rnd, user=user)
            messages.success(request, _("Round submitted."))
        else:
            do_review_round(round=rnd, user=user)
            messages.success(request, _("Round marked as reviewed."))
    except Forbidden:
        raise
    except JinyeError as exc:
        flash(request, exc)
    return redirect("forecasts:round", pk=rnd.pk)


@login_required
def accuracy(request: HttpRequest) -> HttpResponse:
    months = selectors.scored_months(request.user)
    wanted = request.GET.get("month", "")
    month = next(
        (m for m in months if m.strftime("%Y-%m") == wanted), months[0] if months else None
    )
    context: dict[str, Any] = {"months": months, "month": month}
    if month is not None:
        context.update(selectors.accuracy_report(request.user, month))
    return render(request, "forecasts/accuracy.html", context)
