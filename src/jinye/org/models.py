"""Organisation: company → marketing department → market areas, and staff with roles."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Company(models.Model):
    """A tobacco commercial (wholesale) company."""

    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        verbose_name = _("company")
        verbose_name_plural = _("companies")

    def __str__(self) -> str:
        return self.name


class MarketingDepartment(models.Model):
    """A county (or city) marketing department (营销部): owns retailers, staff and targets."""

    company = models.ForeignKey(Company, on_delete=models.PROTECT, related_name="departments")
    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        verbose_name = _("marketing department")
        verbose_name_plural = _("marketing departments")

    def __str__(self) -> str:
        return self.name


class MarketArea(models.Model):
    """A sub-area of a department (市场部 / 客户服务部); targets and reports break down by it."""

    department = models.ForeignKey(
        MarketingDepartment, on_delete=models.PROTECT, related_name="areas"
    )
    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        verbose_name = _("market area")
        verbose_name_plural = _("market areas")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    DIRECTOR = "director", _("Director")
    MARKET_MANAGER = "market_manager", _("Market manager")
    CUSTOMER_MANAGER = "customer_manager", _("Customer manager")
    ORDER_CLERK = "order_clerk", _("Order clerk")
    DELIVERER = "deliverer", _("Deliverer")
    INSPECTOR = "inspector", _("Inspector")


class Staff(models.Model):
    """An employee of a department, linked to a login account.

    Market and customer managers belong to one area; the others work department-wide.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="staff"
    )
    department = models.ForeignKey(
        MarketingDepartment, on_delete=models.PROTECT, related_name="staff"
    )
    area = models.ForeignKey(
        MarketArea,
        on_delete=models.PROTECT,
        related_name="staff",
        null=True,
        blank=True,
        verbose_name=_("market area"),
    )
    employee_no = models.CharField(_("employee number"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=50)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    active = models.BooleanField(pgettext_lazy("staff", "active"), default=True)
    # Set when the login was created with a one-time password (``jinye setup``, the staff
    # import): every page then leads to the password change page until it is changed.
    must_change_password = models.BooleanField(_("must change password"), default=False)

    class Meta:
        verbose_name = _("staff member")
        verbose_name_plural = _("staff")
        ordering = ["employee_no"]
        constraints = [
            models.CheckConstraint(
                name="staff_area_required_for_managers",
                condition=~models.Q(role__in=["market_manager", "customer_manager"])
                | models.Q(area__isnull=False),
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_role_display()})"
