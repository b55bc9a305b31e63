"""Pages: targets and their completion; survey rounds, stock entry and import."""

from typing import TypeVar

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from jinye import access, limits
from jinye.catalog.models import Sku
from jinye.errors import Forbidden, Invalid, JinyeError
from jinye.org.models import Staff
from jinye.periods import Quarter, Year
from jinye.targets import selectors, services
from jinye.targets.forms import AnnualTargetForm, ImportForm, MonthCellForm, SurveyForm
from jinye.targets.models import InventorySurvey, MonthTarget, StockCount
from jinye.webkit import form_errors, problem_lines

P = TypeVar("P", Year, Quarter)


def _query_period(request: HttpRequest, kind: type[P], default: P) -> P:
    """``?year=`` / ``?quarter=`` of the request, or ``default`` with a message saying why."""
    text = request.GET.get(kind.kind)
    if not text:
        return default
    try:
        return kind.parse(text)
    except Invalid as exc:
        messages.error(request, exc.message)
        return default


@login_required
@require_http_methods(["GET", "POST"])
def targets(request: HttpRequest) -> HttpResponse:
    staff = access.require_staff(request.user)
    today = timezone.localdate()
    year = _query_period(request, Year, Year.containing(today)).year
    may_change = access.can(staff, "change_targets", staff.department)
    form = AnnualTargetForm(request.POST or None, initial={"year": year, "basis": "last_year"})
    if request.method == "POST":
        access.require(staff, "change_targets", staff.department)
        if "cell" in request.POST:
            cell_form = MonthCellForm(request.POST)
            if cell_form.is_valid():
                cell = get_object_or_404(
                    MonthTarget,
                    pk=cell_form.cleaned_data["cell"],
                    target__department=staff.department,
                )
                services.do_edit_month_target(
                    cell=cell,
                    volume_cases=cell_form.cleaned_data["volume_cases"],
                    revenue=cell_form.cleaned_data["revenue"],
                    by=request.user,
                )
                messages.success(request, _("Month target saved; the annual total follows."))
            else:
                messages.error(
                    request, "; ".join(f"{k}: {v[0]}" for k, v in cell_form.errors.items())
                )
            return redirect(f"{request.path}?year={year}")
        if form.is_valid():
            try:
                services.do_set_annual_target(
                    department=staff.department, by=request.user, **form.cleaned_data
                )
            except Forbidden:
                raise
            except JinyeError as exc:
                form_errors(form, exc)
            else:
                messages.success(request, _("Targets saved and decomposed."))
                return redirect(f"{request.path}?year={form.cleaned_data['year']}")
    target = selectors.current_target(staff.department, year)
    period = _query_period(request, Quarter, Quarter.containing(today))
    cells = list(target.months.select_related("area")) if target else []
    areas = sorted({c.area for c in cells}, key=lambda a: a.code)
    grid = [(a, [c for c in cells if c.area_id == a.pk]) for a in areas]
    month_totals = [sum(c.volume_cases for c in cells if c.month == m) for m in range(1, 13)]
    return render(
        request,
        "targets/targets.html",
        {
            "year": year,
            "target": target,
            "grid": grid,
            "month_totals": month_totals,
            "form": form,
            "is_director": may_change,
            "period": period,
            "rows": selectors.completion_rows(
                staff.department,
                period.span,
                retailers=access.retailers(request.user),
                today=today,
            ),
            "actual_period": selectors.to_date(period.span, today),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def surveys(request: HttpRequest) -> HttpResponse:
    staff = access.require_staff(request.user)
    form = SurveyForm(request.POST or None)
    if request.method == "POST":
        access.require(staff, "start_survey", staff.department)
        if form.is_valid():
            survey = services.do_create_survey(department=staff.department, **form.cleaned_data)
            messages.success(request, _("Survey round created."))
            return redirect("targets:survey", pk=survey.pk)
    return render(
        request,
        "targets/surveys.html",
        {
            "surveys": access.scope(staff, "surveys", InventorySurvey.objects.all()),
            "form": form,
            "is_director": access.can(staff, "start_survey", staff.department),
        },
    )


def _scope_line(staff: Staff) -> str:
    """Whose stock the survey page's figures are: the reader's retailers only."""
    scope, name = selectors.scope_of(staff)
    if scope is selectors.Scope.MINE:
        return _("Figures for: my retailers (%(name)s)") % {"name": name}
    if scope is selectors.Scope.AREA:
        return _("Figures for: market area %(name)s") % {"name": name}
    return _("Figures for: the whole department (%(name)s)") % {"name": name}


@login_required
@require_http_methods(["GET", "POST"])
def survey(request: HttpRequest, pk: int) -> HttpResponse:
    staff = access.require_staff(request.user)
    round_ = get_object_or_404(access.scope(staff, "surveys", InventorySurvey.objects.all()), pk=pk)
    may_count = access.can(staff, "record_counts")
    if request.method == "POST":
        # Before the upload is read: who may not record counts may not send a file either.
        access.require(staff, "record_counts")
    form = ImportForm(request.POST or None, request.FILES or None)
    import_errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            n = services.do_import_counts(
                survey=round_, fh=form.cleaned_data["file"], by=request.user
            )
        except JinyeError as exc:
            import_errors = problem_lines(exc)
        else:
            messages.success(request, _("%(n)d rows imported.") % {"n": n})
            return redirect("targets:survey", pk=pk)
    sampled = access.retailers(staff).filter(pk__in=round_.retailers.all())
    mine = [r for r in sampled.order_by("licence_no") if access.can(staff, "record_counts", r)]
    counted = set(StockCount.objects.filter(survey=round_).values_list("retailer", flat=True))
    return render(
        request,
        "targets/survey.html",
        {
            "survey": round_,
            "summary": selectors.survey_summary(round_, retailers=access.retailers(staff)),
            "scope": _scope_line(staff),
            "mine": mine,
            "may_count": may_count,
            "counted": counted,
            "form": form,
            "import_errors": import_errors,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def survey_entry(request: HttpRequest, pk: int, retailer_id: int) -> HttpResponse:
    staff = access.require_staff(request.user)
    round_ = get_object_or_404(access.scope(staff, "surveys", InventorySurvey.objects.all()), pk=pk)
    retailer = get_object_or_404(
        access.retailers(staff).filter(pk__in=round_.retailers.all()), pk=retailer_id
    )
    access.require(staff, "record_counts", retailer)
    skus = list(Sku.objects.filter(active=True).select_related("brand").order_by("code"))
    errors: list[str] = []
    if request.method == "POST":
        counts = {}
        for sku in skus:
            raw = request.POST.get(f"sku-{sku.pk}", "").strip() or "0"
            try:
                counts[sku] = limits.whole(raw, limits.STOCK, field=f"sku-{sku.pk}", label=sku.name)
            except Invalid as exc:
                errors.append(str(exc))
        if not errors:
            try:
                services.do_record_counts(
                    survey=round_, retailer=retailer, counts=counts, by=request.user
                )
            except Forbidden:
                raise
            except JinyeError as exc:
                errors.extend(problem_lines(exc))
            else:
                messages.success(request, _("Stock of %(name)s saved.") % {"name": retailer.name})
                return redirect("targets:survey", pk=pk)
    have = dict(
        StockCount.objects.filter(survey=round_, retailer=retailer).values_list("sku", "cartons")
    )
    rows = [(s, request.POST.get(f"sku-{s.pk}", have.get(s.pk, ""))) for s in skus]
    return render(
        request,
        "targets/entry.html",
        {"survey": round_, "retailer": retailer, "rows": rows, "errors": errors},
    )
