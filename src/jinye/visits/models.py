"""Visit service: rules per star, settings, managers' bases, monthly plans, visit log."""

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from jinye import limits
from jinye.catalog.models import Sku
from jinye.org.models import MarketingDepartment, Staff
from jinye.retailers.models import Retailer


class Star(models.TextChoices):
    FIVE_2 = "5S2", _("Five stars, grade 2")
    FIVE_1 = "5S1", _("Five stars, grade 1")
    FOUR_2 = "4S2", _("Four stars, grade 2")
    FOUR_1 = "4S1", _("Four stars, grade 1")
    THREE = "3S", _("Three stars")
    TWO = "2S", _("Two stars")
    ONE = "1S", _("One star")
    NEW = "NEW", _("New retailer")


class Period(models.TextChoices):
    WEEK = "week", _("per week")
    MONTH = "month", _("per month")


class VisitRule(models.Model):
    """How often a retailer of ``star`` is visited (seed 001 第一篇; defaults in migration 0002)."""

    star = models.CharField(_("star"), max_length=3, choices=Star.choices, unique=True)
    cm_visits = models.PositiveSmallIntegerField(
        _("customer manager visits"), validators=[MinValueValidator(1), MaxValueValidator(7)]
    )
    cm_period = models.CharField(_("per"), max_length=5, choices=Period.choices)
    mm_visits = models.PositiveSmallIntegerField(
        _("market manager visits per month"), validators=[MaxValueValidator(10)]
    )

    class Meta:
        verbose_name = _("visit rule")
        verbose_name_plural = _("visit rules")
        constraints = [
            models.CheckConstraint(
                name="visit_rule_cm_at_least_one", condition=models.Q(cm_visits__gte=1)
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_star_display()}: {self.cm_visits} {self.get_cm_period_display()}"


class VisitRuleChange(models.Model):
    """Who changed a visit rule, when, and from what to what."""

    rule = models.ForeignKey(VisitRule, on_delete=models.CASCADE, related_name="changes")
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    changed_at = models.DateTimeField(_("changed at"), auto_now_add=True)
    old = models.JSONField(_("old"))
    new = models.JSONField(_("new"))

    class Meta:
        ordering = ["-changed_at", "-id"]

    def __str__(self) -> str:
        return f"{self.rule.star} {self.changed_at:%Y-%m-%d %H:%M}"


class VisitSettings(models.Model):
    """Planning parameters (one row): working days, daily capacity, sample share, solver time."""

    working_weekdays = models.CharField(
        _("working weekdays (0 = Monday)"), max_length=20, default="0,1,2,3,4,5"
    )
    holidays = models.TextField(_("holidays (YYYY-MM-DD, one a line)"), blank=True)
    daily_capacity = models.PositiveSmallIntegerField(
        _("stops per day"), default=35, validators=[MinValueValidator(1)]
    )
    sample_share = models.DecimalField(
        _("market manager sample share"), max_digits=4, decimal_places=3, default="0.100"
    )
    route_seconds = models.FloatField(_("route solver seconds per day"), default=0.2)

    def __str__(self) -> str:
        return str(_("Visit settings"))

    def weekday_set(self) -> set[int]:
        return {int(p) for p in self.working_weekdays.replace(" ", "").split(",") if p}

    def holiday_dates(self) -> list[date]:
        return [
            date.fromisoformat(line.strip()) for line in self.holidays.splitlines() if line.strip()
        ]

    def clean(self) -> None:
        try:
            days = self.weekday_set()
        except ValueError as exc:
            raise ValidationError(
                {"working_weekdays": _("Use numbers 0–6 separated by commas.")}
            ) from exc
        if not days or not days <= set(range(7)):
            raise ValidationError({"working_weekdays": _("Use numbers 0–6 separated by commas.")})
        try:
            self.holiday_dates()
        except ValueError as exc:
            raise ValidationError({"holidays": _("One date a line, as YYYY-MM-DD.")}) from exc

    @classmethod
    def current(cls) -> "VisitSettings":
        """The one row; until it is saved, the defaults, unsaved (a read writes nothing)."""
        return cls.objects.filter(pk=1).first() or cls(pk=1)


class ManagerBase(models.Model):
    """Where a manager's daily routes start and end; default: centroid of their retailers."""

    staff = models.OneToOneField(Staff, on_delete=models.CASCADE, related_name="visit_base")
    latitude = models.FloatField(
        _("latitude"), validators=[MinValueValidator(-90), MaxValueValidator(90)]
    )
    longitude = models.FloatField(
        _("longitude"), validators=[MinValueValidator(-180), MaxValueValidator(180)]
    )

    def __str__(self) -> str:
        return f"{self.staff}: {self.latitude:.5f}, {self.longitude:.5f}"


class ClosedMonth(models.Model):
    """A month closed by the director: no visit dated in it may be recorded."""

    department = models.ForeignKey(MarketingDepartment, on_delete=models.CASCADE)
    month = models.CharField(_("month"), max_length=7)  # YYYY-MM
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    closed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["department", "month"], name="closed_month_unique")
        ]

    def __str__(self) -> str:
        return f"{self.department} {self.month}"


class VisitPlan(models.Model):
    staff = models.ForeignKey(Staff, on_delete=models.CASCADE, related_name="visit_plans")
    month = models.CharField(_("month"), max_length=7)
    generated_at = models.DateTimeField(_("generated at"), auto_now=True)
    base_latitude = models.FloatField()
    base_longitude = models.FloatField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["staff", "month"], name="visit_plan_unique")]

    def __str__(self) -> str:
        return f"{self.staff} {self.month}"


class PlanDay(models.Model):
    plan = models.ForeignKey(VisitPlan, on_delete=models.CASCADE, related_name="days")
    day = models.DateField(_("day"))
    distance_m = models.PositiveIntegerField(_("distance (m)"))
    method = models.CharField(max_length=10)

    class Meta:
        ordering = ["day"]
        constraints = [models.UniqueConstraint(fields=["plan", "day"], name="plan_day_unique")]

    def __str__(self) -> str:
        return f"{self.plan} {self.day}"


class StopReason(models.TextChoices):
    POLICY = "policy", _("Star rule")
    SAMPLE = "sample", _("Random sample")


class PlanStop(models.Model):
    plan_day = models.ForeignKey(PlanDay, on_delete=models.CASCADE, related_name="stops")
    seq = models.PositiveSmallIntegerField()
    retailer = models.ForeignKey(Retailer, on_delete=models.CASCADE, related_name="plan_stops")
    reason = models.CharField(max_length=10, choices=StopReason.choices)

    class Meta:
        ordering = ["plan_day__day", "seq"]

    def __str__(self) -> str:
        return f"{self.plan_day.day} #{self.seq} {self.retailer}"


class Visit(models.Model):
    """One recorded visit (planned or not) with what was done and seen."""

    staff = models.ForeignKey(Staff, on_delete=models.PROTECT, related_name="visits")
    retailer = models.ForeignKey(Retailer, on_delete=models.PROTECT, related_name="visits")
    checked_in_at = models.DateTimeField(_("check-in time"))
    stop = models.OneToOneField(
        PlanStop, on_delete=models.SET_NULL, null=True, blank=True, related_name="visit"
    )
    guidance = models.BooleanField(_("business guidance given"), default=False)
    guidance_content = models.TextField(_("guidance content"), blank=True)
    observations = models.TextField(_("competitor / illicit cigarette observations"), blank=True)
    complaints = models.TextField(_("complaints and requests"), blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-checked_in_at"]
        indexes = [models.Index(fields=["retailer", "checked_in_at"])]

    def __str__(self) -> str:
        return f"{self.retailer} {self.checked_in_at:%Y-%m-%d %H:%M}"


class VisitSkuInfo(models.Model):
    """Market information for one SKU seen on a visit: stock (条) and retail price."""

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="sku_info")
    sku = models.ForeignKey(Sku, on_delete=models.PROTECT)
    stock = models.PositiveIntegerField(_("stock (cartons)"))
    retail_price = models.DecimalField(
        _("retail price seen"), max_digits=10, decimal_places=2, null=True, blank=True
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["visit", "sku"], name="visit_sku_unique"),
            models.CheckConstraint(name="visit_sku_stock_nonneg", condition=models.Q(stock__gte=0)),
            # No count, and so no sum, can overflow (the limit every entry path checks).
            models.CheckConstraint(
                name="visit_sku_stock_within_limit",
                condition=models.Q(stock__lte=limits.STOCK.high),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.sku}: {self.stock}"
