"""Number filters for the targets pages: thousands separators whatever the language (Django's
Chinese locale groups nothing), percentages with their sign, '—' for no figure."""

from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def thousands(value: int | Decimal | None, places: int = 0) -> str:
    """``12001`` → ``12,001``; ``thousands:2`` keeps two places (``1,206.39``)."""
    if value is None or value == "":
        return "—"
    return f"{Decimal(value):,.{int(places)}f}"


@register.filter
def percent(value: Decimal | None) -> str:
    """``13.4`` (already a percentage, rounded once upstream) → ``13.40%``."""
    return "—" if value is None else f"{Decimal(value):,.2f}%"


@register.filter
def fraction_percent(value: Decimal | None) -> str:
    """A fraction shown as a percentage: ``0.125`` → ``12.5%``, ``1`` → ``100%``."""
    if value is None:
        return "—"
    text = f"{Decimal(value) * 100:,.1f}"
    return (text[:-2] if text.endswith(".0") else text) + "%"
