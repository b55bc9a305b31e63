from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from jinye.access import retailer_of


def portal(request: HttpRequest) -> dict[str, object]:
    """``portal_retailer``: the retailer of a retailer's own login (read only when a page
    asks, i.e. when the user has no staff record)."""
    user = getattr(request, "user", None)
    return {"portal_retailer": SimpleLazyObject(lambda: retailer_of(user) if user else None)}
