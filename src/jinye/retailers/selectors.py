"""Reads about retailers. The reader's scope is :func:`jinye.access.retailers`."""

from django.db.models import Q, QuerySet

from jinye.retailers.models import Retailer


def search_retailers(
    qs: QuerySet[Retailer],
    *,
    q: str = "",
    area_id: int | None = None,
    manager_id: int | None = None,
    status: str = "",
    business_format: str = "",
) -> QuerySet[Retailer]:
    """Narrow ``qs`` by free text (licence, name, owner, phone) and filters."""
    if q:
        qs = qs.filter(
            Q(licence_no__icontains=q)
            | Q(name__icontains=q)
            | Q(owner__icontains=q)
            | Q(phone__icontains=q)
        )
    if area_id:
        qs = qs.filter(area_id=area_id)
    if manager_id:
        qs = qs.filter(customer_manager_id=manager_id)
    if status:
        qs = qs.filter(status=status)
    if business_format:
        qs = qs.filter(business_format=business_format)
    return qs


# Retailer class code letters (domain.md): location C 城镇 / X 乡村; format Z S B Y F, with M for
# 商场 and Q for 其他 (the domain names no letter for those two). The band number comes later.
LOCATION_LETTERS = {"urban": "C", "rural": "X"}
FORMAT_LETTERS = {
    "grocery": "Z",
    "supermarket": "S",
    "convenience": "B",
    "tobacco_liquor": "Y",
    "entertainment": "F",
    "mall": "M",
    "other": "Q",
}


def class_letters(retailer: Retailer) -> str:
    """The letters of the retailer class code, e.g. 'XZ' for a rural grocery."""
    return LOCATION_LETTERS.get(retailer.location_type, "?") + FORMAT_LETTERS.get(
        retailer.business_format, "?"
    )


def filter_choices(qs: QuerySet[Retailer]) -> dict[str, object]:
    """Areas and customer managers that occur among ``qs`` (what the reader may pick from)."""
    from jinye.org.models import MarketArea, Staff

    return {
        "areas": MarketArea.objects.filter(pk__in=qs.values("area_id")).order_by("code"),
        "managers": Staff.objects.filter(pk__in=qs.values("customer_manager_id")).order_by(
            "employee_no"
        ),
    }
