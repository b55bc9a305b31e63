"""Pages: plans by manager and month, the visit log, coverage, and the director's rules."""

from datetime import date, timedelta
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from jinye import access, limits
from jinye.errors import Forbidden, Invalid, JinyeError
from jinye.periods import Month
from jinye.visits import selectors, services
from jinye.visits.forms import (
    MonthForm,
    PeriodForm,
    SkuSeenFormSet,
    VisitForm,
    VisitRuleForm,
    VisitSettingsForm,
)
from jinye.visits.models import (
    ClosedMonth,
    Visit,
    VisitPlan,
    VisitRule,
    VisitRuleChange,
    VisitSettings,
)
from jinye.webkit import flash, form_errors, same_site


def _month_param(request: HttpRequest) -> str:
    """``?month=``, or this month (saying why when the given one is refused)."""
    if request.GET.get("month"):
        try:
            return str(Month.parse(request.GET["month"]))
        except Invalid as exc:
            messages.error(request, exc.message)
    return str(Month.containing(timezone.localdate()))


@login_required
def plans(request: HttpRequest) -> HttpResponse:
    month = _month_param(request)
    managers = list(access.managers(request.user).order_by("area__code", "name"))
    have = set(
        VisitPlan.objects.filter(staff__in=managers, month=month).values_list("staff_id", flat=True)
    )
    me = access.staff_of(request.user)
    # Someone who sees only their own plan goes straight to it.
    if me and access.reach_of(me, "managers") is access.Reach.SELF and me.pk in have:
        return redirect("visits:plan", staff_id=me.pk, month=month)
    rows = [(m, m.pk in have) for m in managers]
    return render(request, "visits/plans.html", {"month": month, "rows": rows})


def _shown_day(days: list[selectors.DayView], asked: str | None, today: date) -> int:
    """Which day of the plan the page shows: the one asked for (``?day=YYYY-MM-DD``), else
    today, else the next planned day, else the last (a past month)."""
    try:
        wanted = date.fromisoformat(asked) if asked else today
    except ValueError:
        wanted = today
    for i, d in enumerate(days):
        if d.day >= wanted:
            return i
    return len(days) - 1


@login_required
def plan(request: HttpRequest, staff_id: int, month: str) -> HttpResponse:
    """One day of a manager's month plan (today by default): its route in order with a link
    to record each visit, then its map; the other days are a choice away."""
    manager = get_object_or_404(access.managers(request.user), pk=staff_id)
    try:
        label = str(Month.parse(month))
    except Invalid as exc:
        raise Http404(exc.message) from exc
    the_plan = VisitPlan.objects.filter(staff=manager, month=label).first()
    days = selectors.plan_days(the_plan) if the_plan else []
    today = timezone.localdate()
    context: dict[str, object] = {"manager": manager, "month": label, "plan": the_plan}
    if days:
        i = _shown_day(days, request.GET.get("day"), today)
        shown = days[i]
        points = [
            [s.retailer.longitude, s.retailer.latitude, s.retailer.name]
            for s in shown.stops
            if s.retailer.latitude is not None
        ]
        base = [the_plan.base_longitude, the_plan.base_latitude] if the_plan else None
        context.update(
            days=days,
            shown=shown,
            is_today=shown.day == today,
            has_today=any(d.day == today for d in days),
            today=today,
            previous=days[i - 1] if i > 0 else None,
            next=days[i + 1] if i + 1 < len(days) else None,
            here=f"{request.path}?{urlencode({'day': shown.day.isoformat()})}",
            chart={"base": base, "days": [{"day": shown.day.isoformat(), "points": points}]},
            total_km=round(sum(d.distance_km for d in days), 1),
            stop_count=sum(len(d.stops) for d in days),
            done_count=sum(1 for d in days for s in d.stops if hasattr(s, "visit")),
        )
    return render(request, "visits/plan.html", context)


def _after_visit(request: HttpRequest, visit: Visit) -> HttpResponse:
    """Where a recorded visit leads: back to the page it was recorded from (the route), else
    the plan day of its stop, else a fresh form."""
    back = request.POST.get("next", "")
    if same_site(request, back):
        return redirect(back)
    if visit.stop is not None:
        day = visit.stop.plan_day
        target = reverse("visits:plan", args=[day.plan.staff_id, day.plan.month])
        return redirect(f"{target}?{urlencode({'day': day.day.isoformat()})}")
    return redirect("visits:log")


@login_required
@require_http_methods(["GET", "POST"])
def log_visit(request: HttpRequest) -> HttpResponse:
    me = access.require(request.user, "record_visits")
    retailers = access.retailers(me)
    initial = {}
    if limits.record_number(request.GET.get("retailer")) is not None:
        initial["retailer"] = limits.record_number(request.GET["retailer"])
    form = VisitForm(request.POST or None, retailers=retailers, initial=initial)
    skus = SkuSeenFormSet(request.POST or None, prefix="sku")
    if request.method == "POST" and form.is_valid() and skus.is_valid():
        seen = [
            services.SkuSeen(f["sku"].pk, f["stock"], f.get("retail_price"))
            for f in skus.cleaned_data
            if f and f.get("sku")
        ]
        data = form.cleaned_data
        try:
            visit = services.do_record_visit(
                user=request.user,
                retailer_id=data["retailer"].pk,
                checked_in_at=data["checked_in_at"],
                guidance=data["guidance"],
                guidance_content=data["guidance_content"],
                observations=data["observations"],
                complaints=data["complaints"],
                skus=seen,
            )
        except Forbidden:
            raise
        except JinyeError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, _("Visit recorded."))
            return _after_visit(request, visit)
    recent = selectors.visits_of(retailers).filter(staff=me)[:10]
    back = request.POST.get("next") or request.GET.get("next", "")
    context = {"form": form, "skus": skus, "recent": recent}
    context["next"] = back if same_site(request, back) else ""
    return render(request, "visits/log.html", context)


@login_required
def coverage(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    start, month_end = Month.containing(today).bounds
    # A running month defaults to its days so far: a full month's plan against three weeks
    # of visits would read as a shortfall that is not there.
    end = min(month_end, max(start, today - timedelta(days=1)))
    form = PeriodForm(request.GET or None, initial={"start": start, "end": end})
    if form.is_bound and form.is_valid():
        start, end = form.cleaned_data["start"], form.cleaned_data["end"]
    retailers = access.retailers(request.user).filter(status="open")
    cov = selectors.coverage(retailers, start, end)
    chart = {
        "names": [r.label for r in cov.by_manager],
        "planned": [r.planned for r in cov.by_manager],
        "done": [r.done_planned for r in cov.by_manager],
        "visits": [r.visits for r in cov.by_manager],
    }
    whole_month = start.day == 1 and end == Month.containing(start).last
    return render(
        request,
        "visits/coverage.html",
        {"form": form, "cov": cov, "chart": chart, "whole_month": whole_month},
    )


@login_required
@require_http_methods(["GET", "POST"])
def rules(request: HttpRequest) -> HttpResponse:
    me = access.require_staff(request.user)
    can_change = access.can(me, "change_visit_rules")
    all_rules = list(VisitRule.objects.all())
    order = ["5S2", "5S1", "4S2", "4S1", "3S", "2S", "1S", "NEW"]
    all_rules.sort(key=lambda r: order.index(r.star) if r.star in order else 99)
    rule_forms = {r.pk: VisitRuleForm(instance=r, prefix=f"r{r.pk}") for r in all_rules}
    settings_form = VisitSettingsForm(instance=VisitSettings.current(), prefix="s")
    month_form = MonthForm(prefix="m")
    if request.method == "POST":
        access.require(me, "change_visit_rules")
        user = request.user
        assert isinstance(user, User)
        action = request.POST.get("action", "")
        done = _director_action(request, user, action, all_rules, rule_forms)
        if done:
            return redirect("visits:rules")
        if action == "settings":
            settings_form = VisitSettingsForm(
                request.POST, instance=VisitSettings.current(), prefix="s"
            )
            if settings_form.is_valid():
                settings_form.save()
                messages.success(request, _("Settings saved."))
                return redirect("visits:rules")
        if action in {"close", "generate"}:
            month_form = MonthForm(request.POST, prefix="m")
            month_form.is_valid()
    return render(
        request,
        "visits/rules.html",
        {
            "can_change": can_change,
            "rows": [(r, rule_forms[r.pk]) for r in all_rules],
            "settings_form": settings_form,
            "month_form": month_form,
            "changes": VisitRuleChange.objects.select_related("rule", "changed_by")[:30],
            "closed": ClosedMonth.objects.filter(department=me.department).order_by("-month"),
        },
    )


def _director_action(
    request: HttpRequest,
    user: User,
    action: str,
    all_rules: list[VisitRule],
    rule_forms: dict[int, VisitRuleForm],
) -> bool:
    """Handle a rule change, month close or plan generation; True when it succeeded."""
    if action.startswith("rule-") and limits.record_number(action[5:]) is not None:
        rule = next((r for r in all_rules if r.pk == limits.record_number(action[5:])), None)
        if rule is None:
            raise Http404
        form = VisitRuleForm(
            request.POST, instance=VisitRule.objects.get(pk=rule.pk), prefix=f"r{rule.pk}"
        )
        rule_forms[rule.pk] = form
        if form.is_valid():
            services.do_update_visit_rule(
                user=user,
                rule=VisitRule.objects.get(pk=rule.pk),
                cm_visits=form.cleaned_data["cm_visits"],
                cm_period=form.cleaned_data["cm_period"],
                mm_visits=form.cleaned_data["mm_visits"],
            )
            messages.success(request, _("Visit rule saved."))
            return True
        return False
    if action in {"close", "generate"}:
        month_form = MonthForm(request.POST, prefix="m")
        if not month_form.is_valid():
            return False
        month = month_form.cleaned_data["month"]
        if action == "close":
            services.do_close_month(user=user, month=month)
            messages.success(request, _("Month %(m)s closed.") % {"m": month})
            return True
        staff = access.require(user, "generate_visit_plans")
        try:
            made = services.do_generate_month_plans(department=staff.department, month=month)
        except JinyeError as exc:
            flash(request, exc)
            return False
        messages.success(
            request, _("%(n)s plans generated for %(m)s.") % {"n": len(made), "m": month}
        )
        return True
    return False
