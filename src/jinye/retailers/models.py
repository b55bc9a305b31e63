"""Licensed retailers (零售客户)."""

import re

from django.db import models
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from jinye.org.models import MarketArea, Staff
from jinye.pinyin import initials

#: A tobacco retail licence number (烟草专卖零售许可证号) is this many digits. It is text, not
#: a number: its leading zeros count, so a spreadsheet that turned it into a number (and
#: dropped them) must not create a second retailer.
LICENCE_DIGITS = 12
_LICENCE_RE = re.compile(rf"[0-9]{{{LICENCE_DIGITS}}}", re.ASCII)


def licence_problem(text: str) -> str | None:
    """Why ``text`` is not a licence number (in the reader's language), or None if it is."""
    if _LICENCE_RE.fullmatch(text):
        return None
    return gettext(
        "A licence number is %(n)s digits, e.g. 420399000123; “%(value)s” is not. If a "
        "spreadsheet dropped its leading zeros, format the column as text and type it again."
    ) % {"n": LICENCE_DIGITS, "value": text}


class BusinessFormat(models.TextChoices):
    GROCERY = "grocery", _("Grocery store")
    CONVENIENCE = "convenience", _("Convenience store")
    SUPERMARKET = "supermarket", _("Supermarket")
    TOBACCO_LIQUOR = "tobacco_liquor", _("Tobacco & liquor shop")
    ENTERTAINMENT = "entertainment", _("Entertainment & services")
    MALL = "mall", _("Shopping mall")
    OTHER = "other", _("Other")


class LocationType(models.TextChoices):
    URBAN = "urban", _("Urban")
    RURAL = "rural", _("Rural")


class RetailerStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("retailer status", "Open")
    SUSPENDED = "suspended", _("Suspended")
    CANCELLED = "cancelled", pgettext_lazy("retailer status", "Cancelled")


class Retailer(models.Model):
    licence_no = models.CharField(_("licence number"), max_length=20, unique=True)
    name = models.CharField(_("shop name"), max_length=100)
    owner = models.CharField(_("owner"), max_length=50)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    area = models.ForeignKey(
        MarketArea,
        on_delete=models.PROTECT,
        related_name="retailers",
        verbose_name=_("market area"),
    )
    business_format = models.CharField(
        _("business format"), max_length=20, choices=BusinessFormat.choices
    )
    location_type = models.CharField(
        _("location type"), max_length=10, choices=LocationType.choices
    )
    status = models.CharField(
        _("status"), max_length=10, choices=RetailerStatus.choices, default=RetailerStatus.OPEN
    )
    customer_manager = models.ForeignKey(
        Staff,
        on_delete=models.PROTECT,
        related_name="retailers",
        null=True,
        blank=True,
        limit_choices_to={"role": "customer_manager"},
        verbose_name=_("customer manager"),
    )
    opened_on = models.DateField(_("opened on"))
    #: Pinyin initials of the shop name and the owner (``jinye.pinyin``), kept in step by
    #: save() and by every bulk writer (imports, demo) through ``with_initials``.
    search_initials = models.CharField(max_length=200, blank=True, default="", editable=False)

    class Meta:
        verbose_name = _("retailer")
        verbose_name_plural = _("retailers")
        ordering = ["licence_no"]
        indexes = [
            models.Index(fields=["area", "status"]),
            models.Index(fields=["customer_manager", "status"]),
        ]
        constraints = [
            models.CheckConstraint(
                name="retailer_latitude_range",
                condition=models.Q(latitude__isnull=True)
                | models.Q(latitude__gte=-90, latitude__lte=90),
            ),
            models.CheckConstraint(
                name="retailer_longitude_range",
                condition=models.Q(longitude__isnull=True)
                | models.Q(longitude__gte=-180, longitude__lte=180),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.licence_no})"

    def save(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        self.with_initials()
        super().save(*args, **kwargs)

    def with_initials(self) -> "Retailer":
        self.search_initials = initials(self.name, self.owner)[:200]
        return self


class RetailerLogin(models.Model):
    """A retailer's own login to the portal (online ordering; its allowance, tier and why).
    Such a user sees only its own retailer and has no staff record."""

    user = models.OneToOneField(
        "auth.User", on_delete=models.CASCADE, related_name="retailer_login"
    )
    retailer = models.OneToOneField(Retailer, on_delete=models.CASCADE, related_name="login")
    created_by = models.ForeignKey(
        "auth.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("retailer login")
        verbose_name_plural = _("retailer logins")

    def __str__(self) -> str:
        return f"{self.user} → {self.retailer}"
