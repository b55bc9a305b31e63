from django.http import HttpRequest

from jinye.org.selectors import IMPORT_ROLES, staff_of


def staff(request: HttpRequest) -> dict[str, object]:
    member = staff_of(request.user) if hasattr(request, "user") else None
    return {"staff": member, "can_import": bool(member and member.role in IMPORT_ROLES)}
