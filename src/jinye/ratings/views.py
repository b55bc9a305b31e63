"""Pages: a retailer's classification, department distribution, movers, and the director's
rules and run action. Every page is scoped by ``access.retailers``."""

from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from jinye import access
from jinye.errors import Forbidden, JinyeError
from jinye.periods import Quarter
from jinye.ratings import selectors, services
from jinye.ratings.forms import RunForm, SettingsForm
from jinye.webkit import form_errors


def _quarter_choice(request: HttpRequest, quarters: list[str]) -> str | None:
    wanted = request.GET.get("quarter", "")
    if wanted and wanted not in quarters:
        messages.error(request, _("No ratings for quarter %(q)s.") % {"q": wanted})
    return wanted if wanted in quarters else (quarters[0] if quarters else None)


@login_required
def retailer(request: HttpRequest, pk: int) -> HttpResponse:
    """One retailer's classification with its history: 404 outside the reader's scope."""
    shop = get_object_or_404(access.retailers(request.user), pk=pk)
    return render(
        request,
        "ratings/retailer.html",
        {"retailer": shop, "history": selectors.rating_history(shop)[::-1]},
    )


@login_required
def distribution(request: HttpRequest) -> HttpResponse:
    retailers = access.retailers(request.user)
    quarters = selectors.rated_quarters(retailers)
    quarter = _quarter_choice(request, quarters)
    dist = selectors.distribution(retailers, quarter) if quarter else None
    return render(
        request,
        "ratings/distribution.html",
        {"quarters": quarters, "quarter": quarter, "dist": dist},
    )


@login_required
def movers(request: HttpRequest) -> HttpResponse:
    retailers = access.retailers(request.user)
    quarters = selectors.rated_quarters(retailers)
    quarter = _quarter_choice(request, quarters)
    ups, downs = selectors.movers(retailers, quarter) if quarter else ([], [])
    previous = str(Quarter.parse(quarter).previous()) if quarter else None
    return render(
        request,
        "ratings/movers.html",
        {
            "quarters": quarters,
            "quarter": quarter,
            "previous": previous,
            "ups": ups,
            "downs": downs,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def run(request: HttpRequest) -> HttpResponse:
    """The director's page: the rules (editable) and the 'run classification' action."""
    department = access.require(request.user, "change_ratings").department
    current = selectors.rating_settings(department)
    run_form = RunForm(prefix="run")
    settings_form = SettingsForm(instance=current, prefix="cfg")
    action = request.POST.get("action")
    user = cast(User, request.user)
    if action == "run":
        run_form = RunForm(request.POST, prefix="run")
        if run_form.is_valid():
            try:
                result = services.do_classify_quarter(
                    quarter=run_form.cleaned_data["quarter"], department=department, run_by=user
                )
            except Forbidden:
                raise
            except JinyeError as exc:
                form_errors(run_form, exc)
            else:
                messages.success(
                    request,
                    _("Classified %(n)d retailers for %(q)s.")
                    % {"n": result.retailer_count, "q": result.quarter},
                )
                return redirect("ratings:run")
    elif action == "settings":
        settings_form = SettingsForm(request.POST, instance=current, prefix="cfg")
        if settings_form.is_valid():
            try:
                services.do_update_rating_settings(
                    department=department,
                    values={n: settings_form.cleaned_data[n] for n in settings_form.fields},
                    updated_by=user,
                )
            except Forbidden:
                raise
            except JinyeError as exc:
                form_errors(settings_form, exc)
            else:
                messages.success(request, _("Rating rules saved."))
                return redirect("ratings:run")
    return render(
        request,
        "ratings/run.html",
        {
            "run_form": run_form,
            "settings_form": settings_form,
            "settings": selectors.rating_settings(department),
            "runs": selectors.recent_runs(department),
        },
    )
