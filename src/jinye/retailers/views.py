"""Retailer list (search, filters, paging) and detail pages, within the reader's scope."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jinye import access, limits
from jinye.errors import JinyeError
from jinye.retailers.models import BusinessFormat, RetailerLogin, RetailerStatus
from jinye.retailers.selectors import (
    class_letters,
    filter_choices,
    search_retailers,
)
from jinye.retailers.services import do_create_login

PAGE_SIZE = 50


def _int_param(request: HttpRequest, name: str, label: str) -> int | None:
    raw = request.GET.get(name, "").strip()
    if not raw:
        return None
    number = limits.record_number(raw)
    if number is None:
        messages.error(
            request,
            _("%(field)s: “%(value)s” is not a valid choice; ignored.")
            % {"field": label, "value": raw},
        )
        return None
    return number


def _choice_param(request: HttpRequest, name: str, label: str, valid: list[str]) -> str:
    raw = request.GET.get(name, "").strip()
    if raw and raw not in valid:
        messages.error(
            request,
            _("%(field)s: “%(value)s” is not a valid choice; ignored.")
            % {"field": label, "value": raw},
        )
        return ""
    return raw


@login_required
def retailer_list(request: HttpRequest) -> HttpResponse:
    visible = access.retailers(request.user)
    q = request.GET.get("q", "").strip()
    area = _int_param(request, "area", _("Market area"))
    manager = _int_param(request, "manager", _("Customer manager"))
    status = _choice_param(request, "status", _("Status"), list(RetailerStatus.values))
    fmt = _choice_param(request, "format", _("Business format"), list(BusinessFormat.values))
    qs = search_retailers(
        visible, q=q, area_id=area, manager_id=manager, status=status, business_format=fmt
    )
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "retailers/list.html",
        {
            "page": page,
            "query": params.urlencode(),
            "q": q,
            "area": area,
            "manager": manager,
            "status": status,
            "format": fmt,
            "statuses": RetailerStatus.choices,
            "formats": BusinessFormat.choices,
            **filter_choices(visible),
        },
    )


@login_required
def retailer_detail(request: HttpRequest, pk: int) -> HttpResponse:
    retailer = get_object_or_404(access.retailers(request.user), pk=pk)
    ctx: dict[str, object] = {"retailer": retailer, "class_letters": class_letters(retailer)}
    ctx["portal_login"] = RetailerLogin.objects.filter(retailer=retailer).first()
    ctx["can_open_login"] = access.can(request.user, "open_retailer_login", retailer)
    return render(request, "retailers/detail.html", ctx)


@login_required
@require_POST
def open_login(request: HttpRequest, pk: int) -> HttpResponse:
    """The director or an order clerk opens a retailer's own portal login (who is recorded)."""
    access.require(request.user, "open_retailer_login")
    retailer = get_object_or_404(access.retailers(request.user), pk=pk)
    try:
        login = do_create_login(
            retailer=retailer,
            username=request.POST.get("username", ""),
            password=request.POST.get("password", ""),
            by=request.user,  # type: ignore[arg-type]
        )
    except JinyeError as exc:
        labels = {"username": _("Username"), "password": _("Password"), "retailer": _("Retailer")}
        for problem in exc.problems:
            messages.error(request, f"{labels.get(problem.field, problem.field)}: {problem}")
    else:
        messages.success(
            request,
            _("Login %(u)s opened: the retailer can now order online.")
            % {"u": login.user.username},
        )
    return redirect("retailers:detail", pk=pk)
