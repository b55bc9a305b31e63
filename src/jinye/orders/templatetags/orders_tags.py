"""``{% load orders_tags %}{% retailer_sales retailer as sales %}``: a retailer's sales figures
(last 13 weeks' totals, a year of weekly volume) and its paged order history, for the retailer
page's orders sections (``orders/_retailer_summary.html``, ``_retailer_chart.html``,
``_retailer_history.html``). The caller must already have checked that the reader may see
``retailer``; the history page number is the request's ``page`` parameter."""

from typing import Any

from django import template
from django.core.paginator import Paginator
from django.utils.translation import gettext as _

from jinye.orders import selectors as orders
from jinye.orders.models import CARTONS_PER_CASE
from jinye.retailers.models import Retailer

register = template.Library()

ORDERS_PAGE_SIZE = 20


@register.simple_tag(takes_context=True)
def retailer_sales(context: template.Context, retailer: Retailer) -> dict[str, Any]:
    sales: dict[str, Any] = {}
    week = orders.last_full_week()
    if week is not None:
        one = Retailer.objects.filter(pk=retailer.pk)
        weeks = orders.weekly_sales(one, first=week - 51 * orders.WEEK, last=week)
        summary = orders.retailer_summary(retailer, first=week - 12 * orders.WEEK, last=week)
        sales.update(
            week=week,
            first13=week - 12 * orders.WEEK,
            summary=summary,
            summary_cartons=f"{summary.cartons:,}",
            summary_cases=f"{summary.cartons / CARTONS_PER_CASE:,.1f}",
            summary_revenue=f"{summary.revenue:,.2f}",
            chart={
                "weeks": [w.week.isoformat() for w in weeks],
                "cartons": [w.cartons for w in weeks],
                "labels": {"cartons": _("Cartons")},
            },
        )
    request = context.get("request")
    page = request.GET.get("page") if request is not None else None
    sales["orders"] = Paginator(orders.retailer_orders(retailer), ORDERS_PAGE_SIZE).get_page(page)
    return sales
