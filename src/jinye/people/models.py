"""People: monthly KPIs, the career ladder and its committee workflow, the four experts and
the 135 work-method documents. Every decision is stored with its inputs and reasons."""

from typing import TYPE_CHECKING

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext, pgettext_lazy

from jinye import access
from jinye.engines import careers
from jinye.engines.kpi import Kpi, KpiConfig
from jinye.org.models import MarketingDepartment, Staff
from jinye.people import explain

if TYPE_CHECKING:
    from django.utils.functional import _StrOrPromise as StrOrPromise

# Members of this Django group sit on the career committee (考评委员会); defined with the rest
# of the access policy.
COMMITTEE_GROUP = access.COMMITTEE_GROUP

RANK_CHOICES = [(r, explain.rank_name_lazy(r)) for r in range(careers.RANK_COUNT)]
EDUCATION_CHOICES = [(e.value, explain.EDUCATION_LABELS[e]) for e in careers.Education]


class KpiChoice(models.TextChoices):
    SALES = Kpi.SALES.value, _("Sales completion")
    FORECAST = Kpi.FORECAST.value, _("Forecast accuracy")
    VISITS = Kpi.VISITS.value, _("Visit completion")
    MARKET_INFO = Kpi.MARKET_INFO.value, _("Market information records")
    GUIDANCE_COVERAGE = Kpi.GUIDANCE_COVERAGE.value, _("Business-guidance coverage")
    GUIDANCE_EFFECT = Kpi.GUIDANCE_EFFECT.value, _("Business-guidance effectiveness")
    COMPLAINTS = Kpi.COMPLAINTS.value, _("Complaints")


def _weight(label: "StrOrPromise", default: float) -> models.FloatField:
    return models.FloatField(label, default=default, validators=[MinValueValidator(0)])


class KpiSettings(models.Model):
    """KPI weights and targets of one department (seed defaults)."""

    department = models.OneToOneField(
        MarketingDepartment, on_delete=models.CASCADE, related_name="kpi_settings"
    )
    w_sales = _weight(_("weight: sales completion"), 30)
    w_forecast = _weight(_("weight: forecast accuracy"), 15)
    w_visits = _weight(_("weight: visit completion"), 15)
    w_market_info = _weight(_("weight: market information"), 10)
    w_guidance_coverage = _weight(_("weight: guidance coverage"), 10)
    w_guidance_effect = _weight(_("weight: guidance effectiveness"), 10)
    w_complaints = _weight(_("weight: complaints"), 10)
    forecast_target = models.FloatField(
        _("forecast accuracy target"),
        default=0.9,
        validators=[MinValueValidator(0.01), MaxValueValidator(1)],
    )
    info_per_retailer = models.FloatField(
        _("market information records per retailer per month"),
        default=1.0,
        validators=[MinValueValidator(0.01)],
    )
    guidance_coverage_target = models.FloatField(
        _("guidance coverage target"),
        default=0.6,
        validators=[MinValueValidator(0.01), MaxValueValidator(1)],
    )
    guidance_effect_target = models.FloatField(
        _("guidance effectiveness target"),
        default=0.8,
        validators=[MinValueValidator(0.01), MaxValueValidator(1)],
    )
    complaint_penalty = models.FloatField(
        _("score lost per complaint (share of the KPI)"),
        default=0.2,
        validators=[MinValueValidator(0), MaxValueValidator(1)],
    )

    class Meta:
        verbose_name = _("KPI settings")
        verbose_name_plural = _("KPI settings")

    def __str__(self) -> str:
        return f"{self.department} KPI"

    def to_engine(self) -> KpiConfig:
        return KpiConfig(
            weights={k: float(getattr(self, f"w_{k.value}")) for k in Kpi},
            forecast_target=self.forecast_target,
            info_per_retailer=self.info_per_retailer,
            guidance_coverage_target=self.guidance_coverage_target,
            guidance_effect_target=self.guidance_effect_target,
            complaint_penalty=self.complaint_penalty,
        )


class KpiMonth(models.Model):
    """One customer manager's KPI result for a month: score, rank, and the raw inputs and
    settings it was computed from."""

    staff = models.ForeignKey(Staff, on_delete=models.CASCADE, related_name="kpi_months")
    month = models.CharField(_("month"), max_length=7)  # YYYY-MM
    score = models.FloatField(_("score"), null=True)
    rank = models.PositiveIntegerField(_("rank"), null=True)
    inputs = models.JSONField(_("inputs"))
    config = models.JSONField(_("settings used"))
    computed_at = models.DateTimeField(auto_now=True)
    computed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        ordering = ["month", "rank"]
        constraints = [models.UniqueConstraint(fields=["staff", "month"], name="kpi_month_unique")]

    def __str__(self) -> str:
        return f"{self.staff} {self.month}: {self.score}"


class KpiValue(models.Model):
    result = models.ForeignKey(KpiMonth, on_delete=models.CASCADE, related_name="values")
    kpi = models.CharField(_("KPI"), max_length=20, choices=KpiChoice.choices)
    value = models.FloatField(_("value"), null=True)
    target = models.FloatField(_("target"), null=True)
    attainment = models.FloatField(_("attainment"), null=True)
    weight = models.FloatField(_("weight"))

    class Meta:
        constraints = [models.UniqueConstraint(fields=["result", "kpi"], name="kpi_value_unique")]

    def __str__(self) -> str:
        return f"{self.kpi}: {self.value}"


class TierStandard(models.Model):
    """What a rank of the ladder requires (seed defaults in migration 0002)."""

    rank = models.PositiveSmallIntegerField(_("rank"), choices=RANK_CHOICES, unique=True)
    min_score = models.FloatField(
        _("minimum three-month score"), validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    min_months_in_post = models.PositiveSmallIntegerField(_("minimum months in post"), default=0)
    min_months_at_level = models.PositiveSmallIntegerField(
        _("minimum months at the current level"), default=0
    )
    min_education = models.PositiveSmallIntegerField(
        _("minimum education"),
        choices=EDUCATION_CHOICES,
        default=0,
    )
    training_required = models.BooleanField(_("training and exam passed required"), default=False)

    class Meta:
        ordering = ["rank"]
        verbose_name = _("tier standard")
        verbose_name_plural = _("tier standards")

    def __str__(self) -> str:
        return explain.rank_name(self.rank)

    def to_engine(self) -> careers.TierStandard:
        return careers.TierStandard(
            self.rank,
            self.min_score,
            self.min_months_in_post,
            self.min_months_at_level,
            careers.Education(self.min_education),
            self.training_required,
        )


class CareerProfile(models.Model):
    """A customer manager's place on the ladder and the facts the standards look at."""

    staff = models.OneToOneField(Staff, on_delete=models.CASCADE, related_name="career")
    rank = models.PositiveSmallIntegerField(_("current rank"), choices=RANK_CHOICES, default=0)
    in_post_since = models.DateField(_("in post since"))
    level_since = models.DateField(_("at current level since"))
    education = models.PositiveSmallIntegerField(
        _("education"),
        choices=EDUCATION_CHOICES,
        default=careers.Education.HIGH_SCHOOL,
    )
    training_passed = models.BooleanField(_("training done and exam passed"), default=False)
    outstanding = models.BooleanField(
        _("nominated as outstanding for the next window"), default=False
    )
    reassign = models.BooleanField(_("flagged for reassignment"), default=False)

    class Meta:
        verbose_name = _("career profile")
        verbose_name_plural = _("career profiles")

    def __str__(self) -> str:
        return f"{self.staff.name} {explain.rank_name(self.rank)}"

    @property
    def rank_label(self) -> str:
        return explain.rank_name(self.rank)


class DecisionStatus(models.TextChoices):
    APPLIED = "applied", _("Applied")
    PENDING = "pending", _("Awaiting committee")
    LEADERSHIP = "leadership", _("Awaiting leadership approval")
    NOTICE = "notice", _("On public notice")
    REJECTED = "rejected", _("Not approved")


class CareerDecision(models.Model):
    """One ladder decision: a window evaluation or a breach demotion, with its inputs,
    reasons, and the committee workflow for promotions that need it."""

    staff = models.ForeignKey(Staff, on_delete=models.CASCADE, related_name="career_decisions")
    window = models.CharField(_("window"), max_length=10, blank=True)  # e.g. 2026Q3
    kind = models.CharField(
        _("kind"), max_length=20, choices=[(k.value, explain.KIND_LABELS[k]) for k in careers.Kind]
    )
    from_rank = models.PositiveSmallIntegerField(_("from"), choices=RANK_CHOICES)
    to_rank = models.PositiveSmallIntegerField(_("to"), choices=RANK_CHOICES)
    status = models.CharField(_("status"), max_length=12, choices=DecisionStatus.choices)
    score = models.FloatField(_("window score"), null=True)
    inputs = models.JSONField(_("inputs"))
    reasons = models.JSONField(_("reasons"))
    needs_notice = models.BooleanField(default=False)
    needs_leadership = models.BooleanField(default=False)
    reassign = models.BooleanField(_("reassignment"), default=False)
    # A skip's decision if not approved: {"kind", "to_rank", "reasons"} (engine's fallback).
    fallback = models.JSONField(_("fallback if not approved"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    notice_start = models.DateField(_("notice from"), null=True, blank=True)
    notice_end = models.DateField(_("notice until"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    decision_reason = models.TextField(_("committee's reason"), blank=True)
    applied_at = models.DateTimeField(_("applied at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["staff", "window"],
                condition=~models.Q(window=""),
                name="one_window_decision_per_staff",
            )
        ]

    def __str__(self) -> str:
        return f"{self.staff.name} {self.get_kind_display()} {self.window}"

    @property
    def from_label(self) -> str:
        return explain.rank_name(self.from_rank)

    @property
    def to_label(self) -> str:
        return explain.rank_name(self.to_rank)

    @property
    def reason_texts(self) -> list[str]:
        """The reasons in the active language (old rows: their stored sentences)."""
        return explain.reason_texts(self.reasons)

    @property
    def fallback_text(self) -> str:
        """What stands if this skip is not approved, in the active language."""
        if not self.fallback:
            return ""
        return pgettext("list separator", "; ").join(explain.reason_texts(self.fallback["reasons"]))


class ObjectionStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("objection status", "Open")
    UPHELD = "upheld", _("Upheld")
    DISMISSED = "dismissed", _("Dismissed")


class Objection(models.Model):
    """An objection raised during a public notice, and the committee's ruling on it."""

    decision = models.ForeignKey(
        CareerDecision, on_delete=models.CASCADE, related_name="objections"
    )
    text = models.TextField(_("objection"))
    raised_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    raised_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ObjectionStatus.choices, default=ObjectionStatus.OPEN
    )
    ruling = models.TextField(_("ruling"), blank=True)
    ruled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    ruled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["raised_at", "id"]

    def __str__(self) -> str:
        return f"{self.decision_id}: {self.get_status_display()}"


class CareerAudit(models.Model):
    """Append-only trail of everything done to a person's career record."""

    staff = models.ForeignKey(Staff, on_delete=models.CASCADE, related_name="career_audit")
    decision = models.ForeignKey(
        CareerDecision, on_delete=models.CASCADE, null=True, related_name="audit"
    )
    action = models.CharField(_("action"), max_length=40)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)
    details = models.JSONField(_("details"), default=dict)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.staff_id} {self.action} {self.at:%Y-%m-%d}"


class ExpertField(models.TextChoices):
    BRAND = "brand", _("Brand cultivation")
    INFORMATION = "information", _("Information collection")
    RESEARCH = "research", _("Market research")
    GUIDANCE = "guidance", _("Business guidance")


class ExpertNomination(models.Model):
    """A candidate's place in one field's ranking for a quarter, with the figure behind it."""

    department = models.ForeignKey(MarketingDepartment, on_delete=models.CASCADE)
    quarter = models.CharField(_("quarter"), max_length=6)
    field = models.CharField(_("field"), max_length=12, choices=ExpertField.choices)
    staff = models.ForeignKey(Staff, on_delete=models.CASCADE, related_name="+")
    rank = models.PositiveSmallIntegerField(_("rank"))
    score = models.FloatField(_("figure"))
    evidence = models.JSONField(_("evidence"))

    class Meta:
        ordering = ["quarter", "field", "rank"]
        constraints = [
            models.UniqueConstraint(
                fields=["department", "quarter", "field", "staff"], name="one_nomination"
            )
        ]

    def __str__(self) -> str:
        return f"{self.quarter} {self.field} #{self.rank} {self.staff_id}"


class Expert(models.Model):
    """The chosen expert of a field for a quarter."""

    department = models.ForeignKey(MarketingDepartment, on_delete=models.CASCADE)
    quarter = models.CharField(_("quarter"), max_length=6)
    field = models.CharField(_("field"), max_length=12, choices=ExpertField.choices)
    staff = models.ForeignKey(Staff, on_delete=models.CASCADE, related_name="expert_titles")
    reason = models.TextField(pgettext_lazy("decision", "reason"))
    chosen_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    chosen_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["department", "quarter", "field"], name="one_expert")
        ]

    def __str__(self) -> str:
        return f"{self.quarter} {self.get_field_display()}: {self.staff.name}"


class DocKind(models.TextChoices):
    MONTHLY_PLAN = "monthly_plan", _("Monthly plan")
    WEEKLY_ARRANGEMENT = "weekly_arrangement", _("Weekly arrangement")
    WEEKLY_SUMMARY = "weekly_summary", _("Weekly summary")
    MONTHLY_SUMMARY = "monthly_summary", _("Monthly summary")


class DocState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    REVIEWED = "reviewed", _("Reviewed")


class WorkDocument(models.Model):
    """A 135 work-method document: drafted by the system from data, edited and submitted by
    the customer manager, reviewed with comments by the market manager. ``period`` is
    YYYY-MM for monthly kinds and the Monday (YYYY-MM-DD) for weekly kinds."""

    staff = models.ForeignKey(Staff, on_delete=models.CASCADE, related_name="work_documents")
    kind = models.CharField(_("kind"), max_length=20, choices=DocKind.choices)
    period = models.CharField(_("period"), max_length=10)
    body = models.TextField(_("text"))
    data = models.JSONField(_("figures drafted from"), default=dict)
    state = models.CharField(
        _("state"), max_length=10, choices=DocState.choices, default=DocState.DRAFT
    )
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_comment = models.TextField(_("market manager's comment"), blank=True)

    class Meta:
        ordering = ["-period", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["staff", "kind", "period"], name="one_doc_per_period")
        ]

    def __str__(self) -> str:
        return f"{self.staff.name} {self.get_kind_display()} {self.period}"


class TierStandardChange(models.Model):
    """Append-only record of one change to a tier standard: who, when, old and new values."""

    rank = models.PositiveSmallIntegerField(_("rank"), choices=RANK_CHOICES)
    field = models.CharField(_("field"), max_length=30)
    old = models.CharField(_("old value"), max_length=40)
    new = models.CharField(_("new value"), max_length=40)
    reason = models.TextField(pgettext_lazy("decision", "reason"))
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    changed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-changed_at", "-id"]
        verbose_name = _("tier standard change")
        verbose_name_plural = _("tier standard changes")

    def __str__(self) -> str:
        return f"{explain.rank_name(self.rank)} {self.field}: {self.old} → {self.new}"
