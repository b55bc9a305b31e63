"""The retailer's own pages: its allowance, monthly total, tier and star with the reasons;
online ordering through the one intake service; its orders, which it may withdraw (with a
reason) while they are only submitted. A retailer sees only itself."""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jinye.access import retailer_of
from jinye.errors import JinyeError
from jinye.orders.models import Channel, Order
from jinye.orders.selectors import retailer_orders
from jinye.retailers.models import Retailer
from jinye.supply.intake import cancel_order, submit_order
from jinye.supply.selectors import orderable_skus
from jinye.webkit import flash

ORDERS_PAGE_SIZE = 20


def _own(request: HttpRequest) -> Retailer:
    retailer = retailer_of(request.user)
    if retailer is None:
        raise PermissionDenied(_("These pages are for a retailer's own login."))
    return retailer


@login_required
def home(request: HttpRequest) -> HttpResponse:
    retailer = _own(request)
    recent = retailer_orders(retailer)[:5]
    return render(request, "portal/home.html", {"retailer": retailer, "orders": recent})


@login_required
def order(request: HttpRequest) -> HttpResponse:
    """One quantity box per active SKU; the order is what the retailer typed, nothing else."""
    retailer = _own(request)
    skus = orderable_skus(retailer, timezone.localdate())
    typed = {s.code: request.POST.get(f"qty-{s.code}", "").strip() for s in skus}
    context: dict[str, object] = {"retailer": retailer}
    by_sku: dict[str, list[str]] = {}
    if request.method == "POST":
        # By SKU code, not display order (which follows recent orders and can change between
        # a submit and its retry): the Idempotency-Key's fingerprint must see the same order.
        lines = [{"sku": code, "quantity": qty} for code, qty in sorted(typed.items()) if qty]
        try:
            placed = submit_order(
                retailer=retailer,
                lines=lines,
                entered_by=request.user,  # type: ignore[arg-type]
                channel=Channel.ONLINE,
                idempotency_key=request.POST.get("key") or None,
            )
        except JinyeError as refused:
            for p in refused.problems:
                by_sku.setdefault(p.extra.get("sku", ""), []).append(str(p.message))
            context["order_errors"] = by_sku.pop("", [])
        else:
            messages.success(
                request,
                _("Order %(no)s placed: %(n)s cartons.")
                % {"no": placed.body["order_no"], "n": placed.body["total_quantity"]},
            )
            return redirect("portal:orders")
    context["rows"] = [(s, typed[s.code], by_sku.get(s.code, [])) for s in skus]
    context["key"] = uuid.uuid4().hex
    return render(request, "portal/order.html", context)


@login_required
def orders(request: HttpRequest) -> HttpResponse:
    retailer = _own(request)
    page = Paginator(retailer_orders(retailer), ORDERS_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "portal/orders.html",
        {"retailer": retailer, "orders": page, "cancel_url": "portal:cancel"},
    )


@login_required
@require_POST
def cancel(request: HttpRequest, pk: int) -> HttpResponse:
    """The retailer withdraws its own order while it is still only submitted, with a reason;
    the cartons go back to its month's total and week's allowances."""
    retailer = _own(request)
    order = get_object_or_404(Order.objects.filter(retailer=retailer), pk=pk)
    try:
        cancel_order(order=order, by=request.user, reason=request.POST.get("reason", ""))  # type: ignore[arg-type]
        messages.success(request, _("Order %(no)s cancelled.") % {"no": order.order_no})
    except JinyeError as exc:
        flash(request, exc, about=order.order_no)
    return redirect("portal:orders")
