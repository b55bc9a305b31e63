"""Order-based supply: monthly agreed totals (总量), scarce-SKU weekly allowances, collected
demand for orders placed on a retailer's behalf, and idempotent order intake records.

The ``ordered`` counters on :class:`MonthlyQuota` and :class:`Allowance` are what order intake
locks and increments; they never exceed the ceiling / allowance (database check constraints).
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from jinye.catalog.models import Sku
from jinye.engines.allocation import RURAL_TILT_SCALES, AllocationConfig
from jinye.engines.quota import QuotaConfig
from jinye.orders.models import Order
from jinye.org.models import MarketingDepartment, Staff
from jinye.retailers.models import Retailer
from jinye.supply import explain

_USER = settings.AUTH_USER_MODEL


# A band is a share of the agreed total: 0 (no float) up to 0.95 (the engine refuses 1 or more).
_BAND_LIMITS = [MinValueValidator(0.0), MaxValueValidator(0.95)]


class QuotaPolicy(models.Model):
    """A department's total-quantity rule. Each scale floats within its own band (seed 000
    篇五: 根据客户的经营规模为大、中、小型…浮动管理); defaults ±10% / ±20% / ±30%, see
    :mod:`jinye.engines.quota`."""

    department = models.OneToOneField(
        MarketingDepartment, on_delete=models.CASCADE, related_name="quota_policy"
    )
    history_months = models.PositiveSmallIntegerField(_("history months"), default=3)
    band_large = models.FloatField(_("floating band: large"), default=0.1, validators=_BAND_LIMITS)
    band_medium = models.FloatField(
        _("floating band: medium"), default=0.2, validators=_BAND_LIMITS
    )
    band_small = models.FloatField(_("floating band: small"), default=0.3, validators=_BAND_LIMITS)
    factor_large = models.FloatField(_("factor: large"), default=1.0)
    factor_medium = models.FloatField(_("factor: medium"), default=1.0)
    factor_small = models.FloatField(_("factor: small"), default=1.0)
    new_large = models.PositiveIntegerField(_("new retailer total: large"), default=200)
    new_medium = models.PositiveIntegerField(_("new retailer total: medium"), default=100)
    new_small = models.PositiveIntegerField(_("new retailer total: small"), default=50)
    minimum_total = models.PositiveIntegerField(_("smallest agreed total"), default=10)
    surge_days = models.PositiveSmallIntegerField(_("month-start days"), default=10)
    surge_share = models.FloatField(_("month-start surge share"), default=0.6)
    exhaust_share = models.FloatField(_("exhaustion share"), default=0.95)
    exhaust_days_left = models.PositiveSmallIntegerField(_("exhaustion days left"), default=5)

    class Meta:
        verbose_name = _("quota policy")
        verbose_name_plural = _("quota policies")

    def __str__(self) -> str:
        return (
            f"{self.department} ±{self.band_large:.0%} / ±{self.band_medium:.0%} / "
            f"±{self.band_small:.0%}"
        )

    def engine_config(self) -> QuotaConfig:
        return QuotaConfig(
            history_months=self.history_months,
            bands={"large": self.band_large, "medium": self.band_medium, "small": self.band_small},
            scale_factors={
                "large": self.factor_large,
                "medium": self.factor_medium,
                "small": self.factor_small,
            },
            new_retailer_totals={
                "large": self.new_large,
                "medium": self.new_medium,
                "small": self.new_small,
            },
            minimum_total=self.minimum_total,
            surge_days=self.surge_days,
            surge_share=self.surge_share,
            exhaust_share=self.exhaust_share,
            exhaust_days_left=self.exhaust_days_left,
        )


class MonthlyQuota(models.Model):
    """A retailer's agreed total for a month (``month`` = 'YYYY-MM') and what it has ordered."""

    retailer = models.ForeignKey(
        Retailer,
        on_delete=models.CASCADE,
        related_name="monthly_quotas",
        verbose_name=_("retailer"),
    )
    month = models.CharField(_("month"), max_length=7)
    agreed = models.PositiveIntegerField(_("agreed total"))
    ceiling = models.PositiveIntegerField(_("ceiling"))
    ordered = models.PositiveIntegerField(_("ordered"), default=0)
    # Rows stored before explanation_data existed keep their (Chinese) sentence here.
    explanation = models.TextField(_("explanation"), blank=True, default="")
    explanation_data = models.JSONField(_("explanation (code and figures)"), null=True)
    inputs = models.JSONField(_("inputs"))
    computed_at = models.DateTimeField(_("computed at"), auto_now=True)

    class Meta:
        verbose_name = _("monthly quota")
        verbose_name_plural = _("monthly quotas")
        ordering = ["month", "retailer_id"]
        constraints = [
            models.UniqueConstraint(fields=["retailer", "month"], name="quota_one_per_month"),
            models.CheckConstraint(
                name="quota_ordered_within_ceiling",
                condition=models.Q(ordered__lte=models.F("ceiling")),
            ),
        ]
        indexes = [models.Index(fields=["month"])]

    def __str__(self) -> str:
        return f"{self.retailer_id} {self.month}: {self.ordered}/{self.ceiling}"

    @property
    def remaining(self) -> int:
        return self.ceiling - self.ordered

    @property
    def explanation_text(self) -> str:
        """How the total was set, in the active language."""
        return explain.quota_explanation(self.explanation_data, self.explanation)


class QuotaAdjustment(models.Model):
    """A recorded change of a monthly ceiling, with its reason and who made it."""

    quota = models.ForeignKey(MonthlyQuota, on_delete=models.CASCADE, related_name="adjustments")
    old_ceiling = models.PositiveIntegerField(_("old ceiling"))
    new_ceiling = models.PositiveIntegerField(_("new ceiling"))
    reason = models.TextField(_("reason"))
    adjusted_by = models.ForeignKey(_USER, on_delete=models.PROTECT, related_name="+")
    adjusted_at = models.DateTimeField(_("adjusted at"), auto_now_add=True)

    class Meta:
        verbose_name = _("quota adjustment")
        verbose_name_plural = _("quota adjustments")
        ordering = ["-adjusted_at"]

    def __str__(self) -> str:
        return f"{self.quota_id}: {self.old_ceiling}→{self.new_ceiling}"


class Method(models.TextChoices):
    BY_TIER = "by_tier", _("By tier")
    PROPORTIONAL = "proportional", _("Proportional to request")
    MAX_MIN_FAIR = "max_min_fair", _("Max-min fair")


def default_tilt_scales() -> list[str]:
    return list(RURAL_TILT_SCALES)


class SkuSupplyRule(models.Model):
    """How a scarce SKU is allocated: the method, the tier table (JSON ``{"tier": 条}``),
    the per-order cap (单品批次购进量), the large-retailer limit and the rural tilt with the
    scales it covers (JSON list; small and medium by default: 农村中小客户, seed 002 篇六)."""

    sku = models.OneToOneField(Sku, on_delete=models.CASCADE, related_name="supply_rule")
    method = models.CharField(
        _("method"), max_length=20, choices=Method.choices, default=Method.BY_TIER
    )
    tier_table = models.JSONField(_("tier table"), default=dict, blank=True)
    per_order_cap = models.PositiveIntegerField(_("per-order cap"), null=True, blank=True)
    large_limit = models.PositiveIntegerField(_("large-retailer limit"), null=True, blank=True)
    rural_tilt = models.FloatField(
        _("rural tilt"), null=True, blank=True, validators=[MinValueValidator(1.0)]
    )
    rural_tilt_scales = models.JSONField(
        _("scales the rural tilt covers"), default=default_tilt_scales, blank=True
    )

    class Meta:
        verbose_name = _("SKU supply rule")
        verbose_name_plural = _("SKU supply rules")

    def __str__(self) -> str:
        return f"{self.sku} {self.method}"

    def engine_config(self) -> AllocationConfig:
        table = {int(k): int(v) for k, v in (self.tier_table or {}).items()}
        return AllocationConfig(
            method=self.method,  # type: ignore[arg-type]
            tier_table=table,
            per_retailer_cap=self.per_order_cap,
            large_limit=self.large_limit,
            rural_tilt=self.rural_tilt,
            rural_tilt_scales=tuple(self.rural_tilt_scales or ()),
        )


class WeeklySupply(models.Model):
    """The quantity of a scarce SKU available in a week (``week`` = its Monday)."""

    week = models.DateField(_("week"))
    sku = models.ForeignKey(Sku, on_delete=models.PROTECT, related_name="+")
    quantity = models.PositiveIntegerField(_("supply (cartons)"))

    class Meta:
        verbose_name = _("weekly supply")
        verbose_name_plural = _("weekly supplies")
        constraints = [
            models.UniqueConstraint(fields=["week", "sku"], name="weekly_supply_one_per_sku")
        ]

    def __str__(self) -> str:
        return f"{self.week} {self.sku_id}: {self.quantity}"


class RunStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class AllocationRun(models.Model):
    """One week's allocation of one SKU, with the rules and supply it used."""

    week = models.DateField(_("week"))
    sku = models.ForeignKey(Sku, on_delete=models.PROTECT, related_name="+", verbose_name=_("SKU"))
    department = models.ForeignKey(MarketingDepartment, on_delete=models.PROTECT, related_name="+")
    method = models.CharField(_("method"), max_length=20, choices=Method.choices)
    supply = models.PositiveIntegerField(_("supply (cartons)"))
    allocated = models.PositiveIntegerField(_("allocated (cartons)"))
    requested = models.PositiveIntegerField(_("requested (cartons)"))
    retailer_count = models.PositiveIntegerField(pgettext_lazy("count", "retailers"))
    status = models.CharField(
        _("status"), max_length=10, choices=RunStatus.choices, default=RunStatus.DRAFT
    )
    config = models.JSONField(_("rules used"))
    run_by = models.ForeignKey(_USER, on_delete=models.PROTECT, null=True, related_name="+")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    published_by = models.ForeignKey(_USER, on_delete=models.PROTECT, null=True, related_name="+")
    published_at = models.DateTimeField(_("published at"), null=True)

    class Meta:
        verbose_name = _("allocation run")
        verbose_name_plural = _("allocation runs")
        ordering = ["-week", "sku_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["week", "sku", "department"], name="allocation_one_per_week_sku"
            )
        ]

    def __str__(self) -> str:
        return f"{self.week} {self.sku_id} {self.status}"

    @property
    def tilt_text(self) -> str:
        """The rural tilt the run used, in the active language (— when off)."""
        return explain.tilt_rule(self.config)


class Allowance(models.Model):
    """A retailer's allowance of a scarce SKU for a week, why, and how much it has ordered."""

    run = models.ForeignKey(AllocationRun, on_delete=models.CASCADE, related_name="allowances")
    retailer = models.ForeignKey(Retailer, on_delete=models.CASCADE, related_name="allowances")
    sku = models.ForeignKey(Sku, on_delete=models.PROTECT, related_name="+")
    week = models.DateField(_("week"))
    tier = models.PositiveSmallIntegerField(_("tier"))
    scale = models.CharField(_("scale"), max_length=10)
    request = models.PositiveIntegerField(_("request"))
    cap = models.PositiveIntegerField(_("cap"), null=True)
    quantity = models.PositiveIntegerField(_("allowance"))
    ordered = models.PositiveIntegerField(_("ordered"), default=0)
    rule = models.CharField(_("rule"), max_length=20)
    # Rows stored before explanation_data existed keep their (Chinese) sentence here.
    explanation = models.TextField(_("explanation"), blank=True, default="")
    explanation_data = models.JSONField(_("explanation (code and figures)"), null=True)

    class Meta:
        verbose_name = _("allowance")
        verbose_name_plural = _("allowances")
        ordering = ["retailer_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["week", "sku", "retailer"], name="allowance_one_per_week_sku"
            ),
            models.CheckConstraint(
                name="allowance_ordered_within_quantity",
                condition=models.Q(ordered__lte=models.F("quantity")),
            ),
        ]
        indexes = [models.Index(fields=["retailer", "week"])]

    def __str__(self) -> str:
        return f"{self.retailer_id} {self.week} {self.sku_id}: {self.ordered}/{self.quantity}"

    @property
    def remaining(self) -> int:
        return self.quantity - self.ordered

    @property
    def explanation_text(self) -> str:
        """Why the retailer got this allowance, in the active language."""
        return explain.allowance_explanation(self.explanation_data, self.explanation)


class AllowanceAdjustment(models.Model):
    """A recorded change of a published allowance."""

    allowance = models.ForeignKey(Allowance, on_delete=models.CASCADE, related_name="adjustments")
    old_quantity = models.PositiveIntegerField(_("old allowance"))
    new_quantity = models.PositiveIntegerField(_("new allowance"))
    reason = models.TextField(_("reason"))
    # Set when the director knowingly took the run over its supply or the retailer over its cap.
    override = models.BooleanField(_("over the supply or cap by override"), default=False)
    adjusted_by = models.ForeignKey(_USER, on_delete=models.PROTECT, related_name="+")
    adjusted_at = models.DateTimeField(_("adjusted at"), auto_now_add=True)

    class Meta:
        ordering = ["-adjusted_at"]

    def __str__(self) -> str:
        return f"{self.allowance_id}: {self.old_quantity}→{self.new_quantity}"


class DemandRecord(models.Model):
    """Demand a retailer gave its customer manager because it could not order itself
    (六不准): ``lines`` is ``{"SKU code": 条}``. A market manager verifies it (or rejects it
    with a reason); an order may then be placed for the retailer from the next day on, at
    most these quantities, once."""

    retailer = models.ForeignKey(Retailer, on_delete=models.CASCADE, related_name="demands")
    lines = models.JSONField(_("demand lines"))
    recorded_by = models.ForeignKey(Staff, on_delete=models.PROTECT, related_name="+")
    recorded_on = models.DateField(_("recorded on"))
    verified_by = models.ForeignKey(
        Staff, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    rejected_by = models.ForeignKey(
        Staff, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    rejected_at = models.DateTimeField(_("rejected at"), null=True, blank=True)
    rejection_reason = models.TextField(_("rejection reason"), blank=True)
    order = models.OneToOneField(
        Order, on_delete=models.SET_NULL, null=True, blank=True, related_name="demand_record"
    )

    class Meta:
        verbose_name = _("recorded demand")
        verbose_name_plural = _("recorded demands")
        ordering = ["-recorded_on", "-id"]

    def __str__(self) -> str:
        return f"{self.retailer_id} {self.recorded_on}"


class OrderCancellation(models.Model):
    """Who cancelled an order, when and why (the order's cartons went back to its retailer's
    month total and week allowances)."""

    order = models.OneToOneField(Order, on_delete=models.CASCADE, related_name="cancellation")
    cancelled_by = models.ForeignKey(_USER, on_delete=models.PROTECT, related_name="+")
    cancelled_at = models.DateTimeField(_("cancelled at"), auto_now_add=True)
    reason = models.TextField(_("reason"))

    class Meta:
        verbose_name = _("order cancellation")
        verbose_name_plural = _("order cancellations")

    def __str__(self) -> str:
        return f"{self.order_id} by {self.cancelled_by_id}"


class IntakeOutcome(models.TextChoices):
    """How order intake answered: the order was stored, or refused (by its kind of refusal)."""

    ACCEPTED = "accepted", pgettext_lazy("intake outcome", "accepted")
    INVALID = "invalid", pgettext_lazy("intake outcome", "refused by the rules")
    FORBIDDEN = "forbidden", pgettext_lazy("intake outcome", "not allowed")


class IdempotentRequest(models.Model):
    """An order submission by Idempotency-Key and the answer given, replayed on a retry:
    ``response`` is the order's JSON answer, or the refusal's message and problems."""

    key = models.CharField(_("idempotency key"), max_length=100, unique=True)
    fingerprint = models.CharField(max_length=64)
    user = models.ForeignKey(_USER, on_delete=models.CASCADE, null=True, related_name="+")
    outcome = models.CharField(max_length=10, choices=IntakeOutcome.choices)
    response = models.JSONField()
    order = models.ForeignKey(Order, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.key
