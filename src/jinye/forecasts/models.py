"""Demand forecasts: monthly collection rounds, statistical runs, accuracy scores.

Quantities are 条 (cartons) for one retailer×SKU over the round's month.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from jinye import limits
from jinye.catalog.models import Sku
from jinye.org.models import MarketingDepartment, Staff
from jinye.retailers.models import Retailer


class RoundScope(models.TextChoices):
    ALL = "all", _("All retailers")
    THIRD = "third", _("A random third of retailers")


class RoundStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("round status", "Open")
    REVIEWED = "reviewed", pgettext_lazy("round status", "Reviewed")
    SUBMITTED = "submitted", pgettext_lazy("round status", "Submitted")


class ForecastRound(models.Model):
    """One month's collection: the SKUs to forecast, the deadline and the retailers asked.

    A ``third`` scope samples ⌈n/3⌉ of the department's open retailers with ``seed``
    (reproducible); the sampled retailers are stored in ``RoundRetailer``.
    """

    department = models.ForeignKey(MarketingDepartment, on_delete=models.PROTECT, related_name="+")
    month = models.DateField(_("month"))
    skus = models.ManyToManyField(Sku, related_name="+", verbose_name=_("SKUs"))
    deadline = models.DateTimeField(_("deadline"))
    scope = models.CharField(_("scope"), max_length=10, choices=RoundScope.choices)
    seed = models.PositiveIntegerField(_("sampling seed"), default=0)
    status = models.CharField(
        _("status"), max_length=10, choices=RoundStatus.choices, default=RoundStatus.OPEN
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    opened_at = models.DateTimeField(_("opened at"), auto_now_add=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True)

    class Meta:
        verbose_name = _("forecast round")
        verbose_name_plural = _("forecast rounds")
        ordering = ["-month"]
        constraints = [
            models.UniqueConstraint(fields=["department", "month"], name="one_round_per_month")
        ]

    def __str__(self) -> str:
        return f"{self.department.code} {self.month:%Y-%m}"


class RoundRetailer(models.Model):
    round = models.ForeignKey(ForecastRound, on_delete=models.CASCADE, related_name="members")
    retailer = models.ForeignKey(Retailer, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["round", "retailer"], name="round_retailer_once")
        ]

    def __str__(self) -> str:
        return f"{self.round_id}:{self.retailer_id}"


class CollectedForecast(models.Model):
    """A retailer's expected demand for one SKU next month, as collected (latest value)."""

    round = models.ForeignKey(ForecastRound, on_delete=models.CASCADE, related_name="forecasts")
    retailer = models.ForeignKey(Retailer, on_delete=models.PROTECT, related_name="+")
    sku = models.ForeignKey(Sku, on_delete=models.PROTECT, related_name="+")
    qty = models.PositiveIntegerField(_("quantity (cartons)"))
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    entered_at = models.DateTimeField(_("entered at"))
    updated_at = models.DateTimeField(_("updated at"))

    class Meta:
        verbose_name = _("collected forecast")
        verbose_name_plural = _("collected forecasts")
        constraints = [
            models.UniqueConstraint(
                fields=["round", "retailer", "sku"], name="collected_once_per_sku"
            ),
            # No value, and so no sum, can overflow (the limit every entry path checks).
            models.CheckConstraint(
                name="collected_qty_within_limit", condition=models.Q(qty__lte=limits.FORECAST.high)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.retailer_id}:{self.sku_id}={self.qty}"


class ChangeKind(models.TextChoices):
    ENTRY = "entry", _("Entry")
    CORRECTION = "correction", _("Correction")


class ForecastCorrection(models.Model):
    """Every change to a collected forecast: who, when, old and new value, why."""

    forecast = models.ForeignKey(
        CollectedForecast, on_delete=models.CASCADE, related_name="changes"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=ChangeKind.choices)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    changed_at = models.DateTimeField(_("changed at"))
    old_qty = models.PositiveIntegerField(_("old quantity"), null=True)
    new_qty = models.PositiveIntegerField(_("new quantity"))
    reason = models.CharField(_("reason"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("forecast change")
        verbose_name_plural = _("forecast changes")
        ordering = ["changed_at", "pk"]

    def __str__(self) -> str:
        return f"{self.old_qty}→{self.new_qty}"


class StatisticalRun(models.Model):
    """One statistical forecast of a month: its inputs, the Spring Festival profile, and per
    SKU×area the total, the chosen model and every candidate's backtest MAE (the reasons)."""

    department = models.ForeignKey(MarketingDepartment, on_delete=models.PROTECT, related_name="+")
    month = models.DateField(_("month"))
    history_end = models.DateField(_("history end"))
    horizon_weeks = models.PositiveIntegerField()
    run_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    seconds = models.FloatField(default=0)
    profile = models.JSONField(default=dict)
    area_totals = models.JSONField(default=list)
    model_counts = models.JSONField(default=dict)

    class Meta:
        ordering = ["-month", "-created_at"]

    def __str__(self) -> str:
        return f"{self.department_id} {self.month:%Y-%m}"


class StatisticalForecast(models.Model):
    run = models.ForeignKey(StatisticalRun, on_delete=models.CASCADE, related_name="forecasts")
    month = models.DateField(_("month"))
    retailer = models.ForeignKey(Retailer, on_delete=models.PROTECT, related_name="+")
    sku = models.ForeignKey(Sku, on_delete=models.PROTECT, related_name="+")
    qty = models.PositiveIntegerField(_("quantity (cartons)"))
    bottom = models.FloatField(_("unreconciled forecast"))
    model = models.CharField(_("model"), max_length=30)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["run", "retailer", "sku"], name="stat_once_per_sku")
        ]
        indexes = [models.Index(fields=["month", "retailer"])]

    def __str__(self) -> str:
        return f"{self.retailer_id}:{self.sku_id}={self.qty}"


class Source(models.TextChoices):
    COLLECTED = "collected", _("Collected")
    STATISTICAL = "statistical", _("Statistical")


class Level(models.TextChoices):
    TOTAL = "total", _("Total")
    AREA = "area", _("Area")
    MANAGER = "manager", _("Customer manager")
    SKU = "sku", _("SKU")
    RETAILER = "retailer", _("Retailer")
    MISS = "miss", _("Worst miss")


class AccuracyScore(models.Model):
    """A closed month's accuracy of one source at one level for one key (see
    ``jinye.engines.accuracy`` for the formulas and the A = 0 rules)."""

    department = models.ForeignKey(MarketingDepartment, on_delete=models.PROTECT, related_name="+")
    month = models.DateField(_("month"))
    source = models.CharField(_("source"), max_length=12, choices=Source.choices)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    key = models.CharField(_("key"), max_length=40, blank=True)
    label = models.CharField(_("label"), max_length=120, blank=True)
    manager = models.ForeignKey(Staff, on_delete=models.SET_NULL, null=True, related_name="+")
    lines = models.PositiveIntegerField()
    forecast = models.FloatField()
    actual = models.FloatField()
    accuracy = models.FloatField()
    total_accuracy = models.FloatField()
    mae = models.FloatField()
    mase = models.FloatField(null=True)
    bias = models.FloatField(null=True)
    scored_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("accuracy score")
        verbose_name_plural = _("accuracy scores")
        indexes = [models.Index(fields=["department", "month", "level"])]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.source} {self.level} {self.key}"
