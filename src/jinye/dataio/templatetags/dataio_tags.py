"""``{% order_lines_export_form %}``: a small date-range form that downloads order lines."""

from django import template

register = template.Library()


@register.inclusion_tag("dataio/_export_lines_form.html")
def order_lines_export_form() -> dict[str, object]:
    return {}
