"""Reads for order entry by hand: find a retailer among those the reader may enter orders for,
and SKUs, by what a clerk can type on a phone.

A retailer is found by its licence number (or the start of it), shop name, owner, phone or
the pinyin initials of the name or the owner (张三便利店 → zsbld); a SKU by its code, brand,
name or the initials of its name (红塔山(硬经典) → hts). The initials are stored columns
(:mod:`jinye.pinyin`), so a search is one SQL statement over the reader's scope (LIKE on a few
short columns of a department's few thousand shops), never a pass over the rows in Python.
"""

from collections.abc import Iterable
from datetime import date

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When

from jinye.catalog.models import Sku
from jinye.pinyin import looks_like_initials
from jinye.retailers.models import Retailer
from jinye.supply.intake_rules import MAX_LINE_QUANTITY, MAX_LINES
from jinye.supply.models import SkuSupplyRule
from jinye.supply.selectors import retailer_supply

LIMIT = 10  # a phone screen of suggestions
MAX_QUERY = 50  # nobody types more to find a shop; longer input is cut


def _clean(query: str) -> str:
    return " ".join(query.split())[:MAX_QUERY]


def find_retailers(
    retailers: QuerySet[Retailer], query: str, *, limit: int = LIMIT
) -> list[Retailer]:
    """Up to ``limit`` of ``retailers`` (the reader's scope) matching ``query``: an exact
    licence number or shop name first, then the rest by licence number."""
    q = _clean(query)
    if not q:
        return []
    match = (
        Q(licence_no__startswith=q)
        | Q(name__icontains=q)
        | Q(owner__icontains=q)
        | Q(phone__contains=q)
    )
    if looks_like_initials(q):
        match |= Q(search_initials__contains=q.lower())
    exact = Case(
        When(Q(licence_no=q) | Q(name=q), then=Value(0)),
        default=Value(1),
        output_field=IntegerField(),
    )
    return list(
        retailers.filter(match)
        .select_related("customer_manager")
        .annotate(exact=exact)
        .order_by("exact", "licence_no")[:limit]
    )


def find_skus(query: str, *, limit: int = LIMIT) -> list[Sku]:
    """Up to ``limit`` active SKUs matching ``query`` by code, brand, name or the initials of
    the name: an exact code first, then by brand and code."""
    q = _clean(query)
    if not q:
        return []
    match = Q(code__iexact=q) | Q(code__istartswith=q) | Q(name__icontains=q)
    match |= Q(brand__name__icontains=q)
    if looks_like_initials(q):
        match |= Q(search_initials__contains=q.lower())
    exact = Case(When(code__iexact=q, then=Value(0)), default=Value(1), output_field=IntegerField())
    return list(
        Sku.objects.filter(match, active=True)
        .select_related("brand")
        .annotate(exact=exact)
        .order_by("exact", "brand__code", "code")[:limit]
    )


def resolve_retailer(
    retailers: QuerySet[Retailer], typed: str
) -> tuple[Retailer | None, list[Retailer]]:
    """What a person typed in the retailer box without the suggestions (JavaScript off): the
    retailer when exactly one matches, else None and the candidates (up to LIMIT)."""
    found = find_retailers(retailers, typed)
    exact = [r for r in found if typed.strip() in (r.licence_no, r.name)]
    if len(exact) == 1:
        return exact[0], found
    if len(found) == 1:
        return found[0], found
    return None, found


def resolve_sku_codes(typed: list[str]) -> dict[str, str]:
    """For each typed SKU text that is not a code but names exactly one active SKU (by name,
    brand or initials), that SKU's code. An order over intake's line limit is left as typed
    (intake refuses it), so a crafted form costs no more than MAX_LINES searches."""
    if len(typed) > MAX_LINES:
        return {}
    known = set(Sku.objects.filter(code__in=typed).values_list("code", flat=True))
    out: dict[str, str] = {}
    for text in {t for t in typed if t and t not in known}:
        found = find_skus(text, limit=2)
        if len(found) == 1:
            out[text] = found[0].code
    return out


def line_limits(
    retailer: Retailer, codes: Iterable[str], on: date
) -> tuple[dict[str, str], dict[str, int]]:
    """For the SKU codes of a refused order: each one's name, and the most 条 one line of it
    may take for ``retailer`` on ``on`` (the line limit, the SKU's per-order cap, a scarce
    SKU's allowance left this week)."""
    wanted = {c for c in codes if c}
    skus = list(Sku.objects.filter(code__in=wanted).only("pk", "code", "name", "scarce"))
    caps = {
        code: int(cap or MAX_LINE_QUANTITY)
        for code, cap in SkuSupplyRule.objects.filter(
            sku__in=skus, per_order_cap__isnull=False
        ).values_list("sku__code", "per_order_cap")
    }
    left = {a.sku.code: a.remaining for a in retailer_supply(retailer, on).allowances}
    most: dict[str, int] = {}
    for sku in skus:
        limits = [MAX_LINE_QUANTITY, caps.get(sku.code, MAX_LINE_QUANTITY)]
        if sku.scarce:
            limits.append(left.get(sku.code, 0))
        most[sku.code] = min(limits)
    return {s.code: s.name for s in skus}, most
