"""Pages: allocation runs (list, detail with chart and explanations, publish), the monthly
quota review (flags, adjust with a reason), the clerk's order entry, and collected demand
(a customer manager records it, the area's market manager verifies or rejects it). Thin:
every write goes through :mod:`jinye.supply.services` or :mod:`jinye.supply.intake`;
every list is scoped by ``access.retailers``."""

import uuid
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from jinye import access, limits
from jinye.errors import Invalid, JinyeError
from jinye.orders.models import Channel, Order
from jinye.org.models import Role, Staff
from jinye.periods import Month, Week
from jinye.retailers.models import Retailer, RetailerStatus
from jinye.supply import explain, forms, lookup, selectors, services
from jinye.supply.intake import cancel_order, submit_order
from jinye.supply.models import AllocationRun, DemandRecord, MonthlyQuota, RunStatus
from jinye.webkit import flash, form_errors, problem_lines

ENTRY_LINES = 8
RECENT_ORDERS = 10
USUAL_SKUS = 10  # the SKUs a retailer ordered most in the last 13 weeks
PAGE_SIZE = 200  # rows per page of the quota review and of a run's allowances


def _director(request: HttpRequest) -> Staff:
    return access.require(request.user, "allocate_supply")


@login_required
def runs(request: HttpRequest) -> HttpResponse:
    staff = access.require_staff(request.user)
    runs = selectors.runs_for(staff.department)
    week = ""
    if request.GET.get("week"):
        try:
            chosen = Week.parse(request.GET["week"])
            runs = runs.filter(week=chosen.first)
            week = str(chosen)
        except Invalid as exc:
            messages.error(request, exc.message)
    rows = list(runs[:200])
    for run in rows:
        run.week_label = str(Week.containing(run.week))  # type: ignore[attr-defined]
        run.method_label = explain.method_label(run.method)  # type: ignore[attr-defined]
    return render(
        request,
        "supply/runs.html",
        {
            "runs": rows,
            "can_run": access.can(staff, "allocate_supply"),
            "week": week,
            "week_drafts": bool(week) and any(r.status == RunStatus.DRAFT for r in rows),
        },
    )


@login_required
def run_detail(request: HttpRequest, pk: int) -> HttpResponse:
    staff = access.require_staff(request.user)
    run = get_object_or_404(selectors.runs_for(staff.department), pk=pk)
    page = Paginator(
        selectors.run_allowances(run, access.retailers(request.user)), PAGE_SIZE
    ).get_page(request.GET.get("page"))
    allowances = list(page)
    for a in allowances:
        a.rule_label = explain.rule_label(a.rule)  # type: ignore[attr-defined]
    return render(
        request,
        "supply/run.html",
        {
            "run": run,
            "week_label": str(Week.containing(run.week)),
            "method_label": explain.method_label(run.method),
            "allowances": allowances,
            "page": page,
            "chart": selectors.tier_totals(run),
            "over_supply": max(run.allocated - run.supply, 0),
            "can_publish": access.can(staff, "allocate_supply") and run.status == RunStatus.DRAFT,
            "week_param": str(Week.containing(run.week)),
            "can_adjust": access.can(staff, "allocate_supply")
            and run.status == RunStatus.PUBLISHED,
        },
    )


@login_required
@require_POST
def publish(request: HttpRequest, pk: int) -> HttpResponse:
    staff = _director(request)
    run = get_object_or_404(selectors.runs_for(staff.department), pk=pk)
    if request.POST.get("confirm") != "yes":  # the run page's confirmation step was skipped
        messages.error(request, _("Nothing was published: confirm the publication first."))
        return redirect("supply:run", pk=pk)
    try:
        services.do_publish(run=run, user=request.user)  # type: ignore[arg-type]
        messages.success(request, _("Published: retailers can now see their allowances."))
    except JinyeError as exc:
        flash(request, exc)
    return redirect("supply:run", pk=pk)


@login_required
def publish_week(request: HttpRequest, week: str) -> HttpResponse:
    """Publish every draft SKU of the week: GET asks for confirmation, POST publishes each."""
    staff = _director(request)
    try:
        label = str(Week.parse(week))
    except Invalid as exc:
        messages.error(request, exc.message)
        return redirect("supply:runs")
    drafts = list(
        selectors.runs_for(staff.department).filter(
            week=Week.parse(label).first, status=RunStatus.DRAFT
        )
    )
    if request.method != "POST":
        return _confirm(request, drafts, reverse("supply:publish_week", args=[label]))
    if request.POST.get("confirm") != "yes":
        messages.error(request, _("Nothing was published: confirm the publication first."))
        return redirect(f"{reverse('supply:runs')}?week={label}")
    published = 0
    for run in drafts:
        try:
            services.do_publish(run=run, user=request.user)  # type: ignore[arg-type]
            published += 1
        except JinyeError as exc:
            flash(request, exc, about=run.sku.name)
    if published:
        messages.success(
            request,
            _("Published %(count)s SKUs: retailers can now see their allowances.")
            % {"count": published},
        )
    return redirect(f"{reverse('supply:runs')}?week={label}")


def _confirm(request: HttpRequest, runs: list[AllocationRun], action: str) -> HttpResponse:
    for run in runs:
        run.week_label = str(Week.containing(run.week))  # type: ignore[attr-defined]
    return render(request, "supply/publish_confirm.html", {"runs": runs, "action": action})


@login_required
def new_run(request: HttpRequest) -> HttpResponse:
    """The director allocates a week's scarce SKUs, as ``jinye allocate``: the supply typed
    for a SKU is recorded first, then every SKU with a supply for the week is allocated."""
    staff = _director(request)
    form = forms.AllocationRunForm(request.POST or None, skus=forms.scarce_skus())
    if request.method == "POST" and form.is_valid():
        monday = Week.parse(form.cleaned_data["week"]).first
        done = 0
        try:
            for sku, quantity in form.cleaned_data["supplies"].items():
                services.do_set_weekly_supply(week=monday, sku=sku, quantity=quantity)
            for sku in selectors.week_supplied_skus(monday):
                try:
                    services.do_allocate(
                        week=monday,
                        sku=sku,
                        department=staff.department,
                        method=form.cleaned_data["method"] or None,
                        user=request.user,  # type: ignore[arg-type]
                    )
                    done += 1
                except JinyeError as exc:
                    flash(request, exc, about=sku.name)
        except JinyeError as exc:
            form_errors(form, exc)
        else:
            if done:
                messages.success(request, _("Draft runs made: check them, then publish."))
                return redirect(f"{reverse('supply:runs')}?week={form.cleaned_data['week']}")
            form.add_error(None, _("No supply is recorded for this week: enter one above."))
    return render(request, "supply/new_run.html", {"form": form})


@login_required
@require_POST
def adjust_allowance(request: HttpRequest, pk: int, allowance_pk: int) -> HttpResponse:
    staff = _director(request)
    run = get_object_or_404(selectors.runs_for(staff.department), pk=pk)
    allowance = get_object_or_404(
        selectors.run_allowances(run, access.retailers(request.user)), pk=allowance_pk
    )
    raw = request.POST.get("quantity", "")
    try:
        services.do_adjust_allowance(
            allowance=allowance,
            new_quantity=limits.whole(
                raw, limits.ALLOWANCE, field="quantity", label=_("The new allowance")
            ),
            reason=request.POST.get("reason", ""),
            user=request.user,  # type: ignore[arg-type]
            override=request.POST.get("override") == "on",
        )
        messages.success(request, _("Allowance adjusted; the reason is recorded."))
    except JinyeError as exc:
        flash(request, exc, about=allowance.retailer.licence_no)
    return redirect("supply:run", pk=pk)


@login_required
def quotas(request: HttpRequest) -> HttpResponse:
    staff = access.require_staff(request.user)
    today = timezone.localdate()
    month = str(Month.containing(today))
    if request.GET.get("month"):
        try:
            month = str(Month.parse(request.GET["month"]))
        except Invalid as exc:
            messages.error(request, exc.message)
    rows = selectors.quota_review(
        access.retailers(request.user), month, department=staff.department, today=today
    )
    run_form = (
        forms.QuotaRunForm(initial={"month": month})
        if access.can(staff, "compute_quotas")
        else None
    )
    only = request.GET.get("flag", "")
    if only:
        rows = [r for r in rows if r.flag == only]
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "supply/quotas.html",
        {
            "month": month,
            # A finished month is where the month-end flags are; one click away.
            "previous_month": str(Month.parse(month).previous()),
            "rows": list(page),
            "page": page,
            "query": urlencode({"month": month, "flag": only}),
            "count": len(rows),
            "flag": only,
            "can_adjust": access.can(staff, "allocate_supply"),
            "run_form": run_form,
            "bands": {
                scale: round(band * 100)
                for scale, band in selectors.quota_policy(staff.department)
                .engine_config()
                .bands.items()
            },
        },
    )


@login_required
def compute_quotas(request: HttpRequest) -> HttpResponse:
    """The director computes a month's quotas for their department, as ``jinye quotas``."""
    staff = access.require(request.user, "compute_quotas")
    form = forms.QuotaRunForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        month = form.cleaned_data["month"]
        try:
            summary = services.do_compute_quotas(month=month, department=staff.department)
        except JinyeError as exc:
            form_errors(form, exc)
        else:
            messages.success(
                request,
                _(
                    "Quotas of %(month)s computed: %(created)s new, %(updated)s recomputed, "
                    "%(kept)s kept as adjusted by hand."
                )
                % {
                    "month": summary.month,
                    "created": summary.created,
                    "updated": summary.updated,
                    "kept": summary.kept_adjusted,
                },
            )
            return redirect(f"{reverse('supply:quotas')}?month={summary.month}")
    return render(request, "supply/compute_quotas.html", {"form": form})


@login_required
@require_POST
def adjust_quota(request: HttpRequest, pk: int) -> HttpResponse:
    _director(request)
    quota = get_object_or_404(
        MonthlyQuota.objects.filter(retailer__in=access.retailers(request.user)), pk=pk
    )
    raw = request.POST.get("ceiling", "")
    try:
        services.do_adjust_quota(
            quota=quota,
            new_ceiling=limits.whole(
                raw, limits.MONTH_TOTAL, field="ceiling", label=_("The new ceiling")
            ),
            reason=request.POST.get("reason", ""),
            user=request.user,  # type: ignore[arg-type]
        )
        messages.success(request, _("Quota adjusted; the reason is recorded."))
    except JinyeError as exc:
        flash(request, exc, about=quota.retailer.licence_no)
    return redirect(f"{reverse('supply:quotas')}?month={quota.month}")


def _entry_staff(request: HttpRequest) -> Staff:
    staff = access.require_staff(request.user)
    access.require(staff, "enter_orders")
    return staff


@login_required
def order_entry(request: HttpRequest) -> HttpResponse:
    """The order form: a retailer and up to ENTRY_LINES lines. Without JavaScript a shop
    name, owner or phone that names one retailer, and a SKU name or brand that names one SKU,
    are taken as typed; with it (``order_entry.js``) both boxes suggest as one types."""
    staff = _entry_staff(request)
    context: dict[str, object] = {"errors": []}
    values = {"retailer": "", "demand": "", "lines": [("", "")] * ENTRY_LINES}
    if request.method == "POST":
        skus = request.POST.getlist("sku")
        qtys = request.POST.getlist("quantity")
        typed = [(s.strip(), q.strip()) for s, q in zip(skus, qtys, strict=False)]
        codes = lookup.resolve_sku_codes([s for s, _ in typed])
        lines = [{"sku": codes.get(s, s), "quantity": q} for s, q in typed if s or q]
        wanted = request.POST.get("retailer", "").strip()
        demand = request.POST.get("demand", "").strip()
        values = {"retailer": wanted, "demand": demand, "lines": typed}
        retailer, candidates = lookup.resolve_retailer(access.retailers(request.user), wanted)
        if retailer is None:
            messages.error(request, _retailer_not_found(wanted, candidates))
        elif demand and limits.record_number(demand) is None:
            messages.error(request, _("The demand record must be a number."))
        else:
            try:
                placed = submit_order(
                    retailer=retailer,
                    lines=lines,
                    entered_by=request.user,  # type: ignore[arg-type]
                    channel=Channel.VISIT if staff.role == Role.CUSTOMER_MANAGER else Channel.PHONE,
                    idempotency_key=request.POST.get("key") or None,
                    demand_record_id=limits.record_number(demand) if demand else None,
                )
            except JinyeError as refused:
                names, most = lookup.line_limits(
                    retailer,
                    [str(p.extra.get("sku", "")) for p in refused.problems],
                    timezone.localdate(),
                )
                context["errors"] = [
                    explain.order_problem_line(p, names, most) for p in refused.problems
                ]
            else:
                messages.success(
                    request, _("Order %(no)s placed.") % {"no": placed.body["order_no"]}
                )
                return redirect("supply:order_entry")
    context["values"] = values
    context["key"] = uuid.uuid4().hex
    context["recent"] = selectors.orders_entered_by(request.user, limit=RECENT_ORDERS)
    context["can_cancel"] = access.can(staff, "cancel_orders")
    return render(request, "supply/order_entry.html", context)


def _retailer_not_found(wanted: str, candidates: list[Retailer]) -> str:
    if not candidates:
        return _("No retailer you may enter orders for matches “%(q)s”.") % {
            "q": limits.clip(wanted)
        }
    return _("Several retailers match “%(q)s”: %(names)s. Type the licence number.") % {
        "q": limits.clip(wanted),
        "names": "、".join(f"{r.name} ({r.licence_no})" for r in candidates),
    }


@login_required
@require_GET
def find_retailers(request: HttpRequest) -> JsonResponse:
    """JSON: the retailers the reader may enter orders for that match ``q``."""
    _entry_staff(request)
    found = lookup.find_retailers(access.retailers(request.user), request.GET.get("q", ""))
    return JsonResponse(
        {
            "results": [
                {
                    "licence_no": r.licence_no,
                    "name": r.name,
                    "owner": r.owner,
                    "phone": r.phone,
                    "open": r.status == RetailerStatus.OPEN,
                    "status": r.get_status_display(),
                }
                for r in found
            ]
        }
    )


@login_required
@require_GET
def find_skus(request: HttpRequest) -> JsonResponse:
    """JSON: active SKUs matching ``q`` by code, brand, name or pinyin initials."""
    _entry_staff(request)
    found = lookup.find_skus(request.GET.get("q", ""))
    return JsonResponse(
        {
            "results": [
                {
                    "code": s.code,
                    "name": s.name,
                    "brand": s.brand.name,
                    "price": f"{s.wholesale_price:,.2f}",
                    "scarce": s.scarce,
                }
                for s in found
            ]
        }
    )


@login_required
@require_GET
def retailer_supply(request: HttpRequest) -> JsonResponse:
    """JSON: for one retailer in the reader's scope (``licence``), what the portal shows it:
    its usual SKUs, this week's allowances of scarce SKUs and the month's total."""
    _entry_staff(request)
    retailer = get_object_or_404(
        access.retailers(request.user), licence_no=request.GET.get("licence", "")
    )
    today = timezone.localdate()
    supply = selectors.retailer_supply(retailer, today)
    usual = [s for s in selectors.orderable_skus(retailer, today) if s.recent][:USUAL_SKUS]
    quota = supply.quota
    return JsonResponse(
        {
            "retailer": {"licence_no": retailer.licence_no, "name": retailer.name},
            "month": Month.parse(supply.month).label(),
            "quota": None
            if quota is None
            else {"ceiling": quota.ceiling, "ordered": quota.ordered, "left": quota.remaining},
            "usual": [
                {"code": s.code, "name": s.name, "recent": s.recent, "closed": s.closed}
                for s in usual
            ],
            "allowances": [
                {
                    "code": a.sku.code,
                    "name": a.sku.name,
                    "quantity": a.quantity,
                    "left": a.remaining,
                }
                for a in supply.allowances
            ],
        }
    )


@login_required
@require_POST
def cancel(request: HttpRequest, pk: int) -> HttpResponse:
    """A clerk or the director cancels a submitted order with a reason (who is recorded)."""
    staff = access.require_staff(request.user)
    access.require(staff, "cancel_orders")
    order = get_object_or_404(access.scope(request.user, "orders", Order.objects.all()), pk=pk)
    try:
        cancel_order(
            order=order,
            by=request.user,  # type: ignore[arg-type]
            reason=request.POST.get("reason", ""),
        )
        messages.success(request, _("Order %(no)s cancelled.") % {"no": order.order_no})
    except JinyeError as exc:
        flash(request, exc, about=order.order_no)
    return redirect("supply:order_entry")


def _demand_lines(typed: list[tuple[str, str]]) -> tuple[dict[str, int], list[str]]:
    """The typed rows as ``{SKU code: 条}``, or a message per bad row naming it."""
    lines: dict[str, int] = {}
    errors: list[str] = []
    for n, (code, qty) in enumerate(typed, start=1):
        if not code and not qty:
            continue
        if not code:
            errors.append(_("Line %(n)s: the SKU code is missing.") % {"n": n})
            continue
        label = _("Line %(n)s (%(sku)s)") % {"n": n, "sku": code}
        try:
            quantity = limits.whole(qty, limits.ORDER_LINE, field="quantity", label=label)
        except Invalid as exc:
            errors.append(str(exc))
            continue
        if code in lines:
            errors.append(_("Line %(n)s: SKU %(sku)s appears twice.") % {"n": n, "sku": code})
        else:
            lines[code] = quantity
    if not lines and not errors:
        errors.append(_("Enter at least one SKU and quantity."))
    return lines, errors


@login_required
def demand_new(request: HttpRequest) -> HttpResponse:
    """A customer manager writes down the demand one of their retailers gave them (六不准)."""
    staff = access.require_staff(request.user)
    access.require(staff, "record_demand")
    values: dict[str, object] = {"retailer": "", "lines": [("", "")] * ENTRY_LINES}
    errors: list[str] = []
    if request.method == "POST":
        typed = [
            (s.strip(), q.strip())
            for s, q in zip(
                request.POST.getlist("sku"), request.POST.getlist("quantity"), strict=False
            )
        ]
        licence = request.POST.get("retailer", "").strip()
        values = {"retailer": licence, "lines": typed}
        retailer = access.retailers(request.user).filter(licence_no=licence).first()
        lines, errors = _demand_lines(typed)
        if retailer is None:
            errors.insert(0, _("Retailer %(l)s is not one of yours.") % {"l": licence})
        if not errors:
            assert retailer is not None
            try:
                demand = services.do_record_demand(
                    retailer=retailer, recorded_by=staff, lines=lines, on=timezone.localdate()
                )
            except JinyeError as exc:
                errors.extend(problem_lines(exc))
            else:
                messages.success(
                    request,
                    _("Demand no. %(pk)s recorded; it waits for the market manager.")
                    % {"pk": demand.pk},
                )
                return redirect("supply:demand_new")
    recent = selectors.demands_visible(access.retailers(request.user)).filter(recorded_by=staff)[
        :50
    ]
    return render(
        request,
        "supply/demand_new.html",
        {"values": values, "errors": errors, "demands": recent},
    )


@login_required
def demands(request: HttpRequest) -> HttpResponse:
    """Recorded demand of the reader's retailers; a market manager verifies or rejects it."""
    staff = access.require_staff(request.user)
    retailers = access.retailers(request.user)
    pending = request.GET.get("all", "") != "1"
    rows = selectors.pending_demands(retailers) if pending else selectors.demands_visible(retailers)
    return render(
        request,
        "supply/demands.html",
        {
            "demands": list(rows[:300]),
            "pending_only": pending,
            "can_review": access.can(staff, "verify_demand"),
        },
    )


def _reviewer(request: HttpRequest, pk: int) -> tuple[Staff, DemandRecord]:
    staff = access.require(request.user, "verify_demand")
    demand = get_object_or_404(selectors.demands_visible(access.retailers(request.user)), pk=pk)
    return staff, demand


@login_required
@require_POST
def verify_demand(request: HttpRequest, pk: int) -> HttpResponse:
    staff, demand = _reviewer(request, pk)
    try:
        services.do_verify_demand(demand=demand, verified_by=staff)
        messages.success(request, _("Demand no. %(pk)s verified.") % {"pk": pk})
    except JinyeError as exc:
        flash(request, exc, about=demand.retailer.licence_no)
    return redirect("supply:demands")


@login_required
@require_POST
def reject_demand(request: HttpRequest, pk: int) -> HttpResponse:
    staff, demand = _reviewer(request, pk)
    try:
        services.do_reject_demand(
            demand=demand, rejected_by=staff, reason=request.POST.get("reason", "")
        )
        messages.success(
            request, _("Demand no. %(pk)s rejected; the reason is recorded.") % {"pk": pk}
        )
    except JinyeError as exc:
        flash(request, exc, about=demand.retailer.licence_no)
    return redirect("supply:demands")
