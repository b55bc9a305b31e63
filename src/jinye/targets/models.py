"""Sales targets (decomposed to areas and months) and social inventory surveys (社会库存)."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from jinye import limits
from jinye.catalog.models import Sku
from jinye.org.models import MarketArea, MarketingDepartment
from jinye.retailers.models import Retailer


class AnnualTarget(models.Model):
    """A department's annual volume (whole 箱) and revenue (whole 元) targets.

    Its ``MonthTarget`` rows (area × month) always sum exactly to both totals.
    """

    class Basis(models.TextChoices):
        LAST_YEAR = "last_year", _("Last year's shape")
        EVEN = "even", _("Evenly")

    department = models.ForeignKey(MarketingDepartment, on_delete=models.PROTECT)
    year = models.PositiveSmallIntegerField(_("year"))
    volume_cases = models.PositiveIntegerField(_("volume target (cases)"))
    revenue = models.PositiveBigIntegerField(_("revenue target (yuan)"))
    basis = models.CharField(_("decomposition basis"), max_length=10, choices=Basis.choices)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("annual target")
        verbose_name_plural = _("annual targets")
        constraints = [
            models.UniqueConstraint(fields=["department", "year"], name="one_target_per_year")
        ]

    def __str__(self) -> str:
        return f"{self.department} {self.year}"


class MonthTarget(models.Model):
    target = models.ForeignKey(AnnualTarget, on_delete=models.CASCADE, related_name="months")
    area = models.ForeignKey(MarketArea, on_delete=models.PROTECT, verbose_name=_("market area"))
    month = models.PositiveSmallIntegerField(
        _("month"), validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    volume_cases = models.PositiveIntegerField(_("volume (cases)"))
    revenue = models.PositiveBigIntegerField(_("revenue (yuan)"))

    class Meta:
        verbose_name = _("month target")
        verbose_name_plural = _("month targets")
        ordering = ["month", "area__code"]
        constraints = [
            models.UniqueConstraint(fields=["target", "area", "month"], name="one_cell_per_area")
        ]

    def __str__(self) -> str:
        return f"{self.area_id}/{self.month}: {self.volume_cases}"


class InventorySurvey(models.Model):
    """A social-inventory survey round: all open retailers or a reproducible sample."""

    department = models.ForeignKey(MarketingDepartment, on_delete=models.PROTECT)
    name = models.CharField(_("name"), max_length=100)
    taken_on = models.DateField(_("survey date"))
    sample_share = models.DecimalField(
        _("sample share"),
        max_digits=4,
        decimal_places=3,
        default=Decimal("1"),
        validators=[MinValueValidator(Decimal("0.001")), MaxValueValidator(Decimal("1"))],
        help_text=_("1 = all retailers; 0.1 = a 10% sample."),
    )
    seed = models.PositiveIntegerField(_("sample seed"), default=1)
    ratio_upper = models.DecimalField(
        _("normal stock-to-sales upper bound"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("0.50"),
    )
    retailers = models.ManyToManyField(Retailer, related_name="+", verbose_name=_("retailers"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("inventory survey")
        verbose_name_plural = _("inventory surveys")
        ordering = ["-taken_on"]

    def __str__(self) -> str:
        return self.name


class StockCount(models.Model):
    survey = models.ForeignKey(InventorySurvey, on_delete=models.CASCADE, related_name="counts")
    retailer = models.ForeignKey(Retailer, on_delete=models.PROTECT, related_name="+")
    sku = models.ForeignKey(Sku, on_delete=models.PROTECT, related_name="+")
    cartons = models.PositiveIntegerField(_("stock (cartons)"))
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("stock count")
        verbose_name_plural = _("stock counts")
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "retailer", "sku"], name="one_count_per_retailer_sku"
            ),
            # No count, and so no sum, can overflow (the limit every entry path checks).
            models.CheckConstraint(
                name="stock_count_within_limit", condition=models.Q(cartons__lte=limits.STOCK.high)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.retailer_id}/{self.sku_id}: {self.cartons}"
