"""Retailer classification results (档位, 星级, 规模) per quarter, their runs and settings."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from jinye.engines import rating as engine
from jinye.engines.stars import StarLevel
from jinye.errors import Invalid
from jinye.org.models import MarketingDepartment
from jinye.retailers.models import Retailer

_SHARE = [MinValueValidator(0.0), MaxValueValidator(1.0)]
_SCORE = [MinValueValidator(0.0), MaxValueValidator(100.0)]
_TIERS = engine.TierConfig()
_STARS = engine.StarConfig()
_SCALE = engine.ScaleConfig()


class Scale(models.TextChoices):
    LARGE = engine.SCALE_LARGE, _("Large")
    MEDIUM = engine.SCALE_MEDIUM, _("Medium")
    SMALL = engine.SCALE_SMALL, _("Small")


class Star(models.TextChoices):
    FIVE_2 = StarLevel.FIVE_2.value, _("Five stars, grade 2")
    FIVE_1 = StarLevel.FIVE_1.value, _("Five stars, grade 1")
    FOUR_2 = StarLevel.FOUR_2.value, _("Four stars, grade 2")
    FOUR_1 = StarLevel.FOUR_1.value, _("Four stars, grade 1")
    THREE = StarLevel.THREE.value, _("Three stars")
    TWO = StarLevel.TWO.value, _("Two stars")
    ONE = StarLevel.ONE.value, _("One star")
    NEW = StarLevel.NEW.value, _("New retailer")


class RatingSettings(models.Model):
    """A department's classification rules; defaults from domain.md (70/20/10, 30 tiers)."""

    department = models.OneToOneField(
        MarketingDepartment, on_delete=models.CASCADE, related_name="rating_settings"
    )
    tiers = models.PositiveSmallIntegerField(
        _("number of tiers"),
        default=_TIERS.tiers,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    weight_amount = models.FloatField(_("tier weight: amount"), default=0.7, validators=_SHARE)
    weight_volume = models.FloatField(_("tier weight: volume"), default=0.2, validators=_SHARE)
    weight_structure = models.FloatField(
        _("tier weight: structure"), default=0.1, validators=_SHARE
    )
    weight_actual = models.FloatField(
        _("star weight: actual value"), default=0.4, validators=_SHARE
    )
    weight_development = models.FloatField(
        _("star weight: development value"), default=0.2, validators=_SHARE
    )
    weight_support = models.FloatField(
        _("star weight: support value"), default=0.2, validators=_SHARE
    )
    weight_integrity = models.FloatField(
        _("star weight: integrity value"), default=0.2, validators=_SHARE
    )
    min_5s2 = models.FloatField(_("five stars grade 2 from"), default=90.0, validators=_SCORE)
    min_5s1 = models.FloatField(_("five stars grade 1 from"), default=82.0, validators=_SCORE)
    min_4s2 = models.FloatField(_("four stars grade 2 from"), default=74.0, validators=_SCORE)
    min_4s1 = models.FloatField(_("four stars grade 1 from"), default=66.0, validators=_SCORE)
    min_3s = models.FloatField(_("three stars from"), default=55.0, validators=_SCORE)
    min_2s = models.FloatField(_("two stars from"), default=40.0, validators=_SCORE)
    tier_quantiles = models.CharField(
        _("tier boundaries (quantiles)"),
        max_length=1000,
        blank=True,
        help_text=_(
            "Optional: the ascending cut points in (0, 1) that start tiers 2..N, comma "
            "separated (N−1 values). Empty: tiers of equal size."
        ),
    )
    large_share = models.FloatField(
        _("share of large retailers"), default=_SCALE.large_share, validators=_SHARE
    )
    medium_share = models.FloatField(
        _("share of medium retailers"), default=_SCALE.medium_share, validators=_SHARE
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("updated by"),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("rating settings")
        verbose_name_plural = _("rating settings")

    EDITABLE = (
        "tiers",
        "tier_quantiles",
        "weight_amount",
        "weight_volume",
        "weight_structure",
        "weight_actual",
        "weight_development",
        "weight_support",
        "weight_integrity",
        "min_5s2",
        "min_5s1",
        "min_4s2",
        "min_4s1",
        "min_3s",
        "min_2s",
        "large_share",
        "medium_share",
    )

    def __str__(self) -> str:
        return str(self.department)

    def quantiles(self) -> tuple[float, ...] | None:
        """The parsed tier boundaries; raises Invalid (a ValueError) naming a value that is no
        number."""
        text = self.tier_quantiles.strip()
        if not text:
            return None
        values = []
        for item in text.replace("，", ",").split(","):
            try:
                values.append(float(item))
            except ValueError:
                raise Invalid(
                    _("Tier boundary “%(value)s” is not a number.") % {"value": item.strip()},
                    code="bad_settings",
                    field="tier_quantiles",
                ) from None
        return tuple(values)

    def engine_config(self) -> engine.RatingConfig:
        """The engine's configuration; raises ValueError when the numbers are inconsistent."""
        return engine.RatingConfig(
            tier=engine.TierConfig(
                tiers=self.tiers,
                weight_amount=self.weight_amount,
                weight_volume=self.weight_volume,
                weight_structure=self.weight_structure,
                quantiles=self.quantiles(),
                bands=min(_TIERS.bands, self.tiers),
            ),
            star=engine.StarConfig(
                weight_actual=self.weight_actual,
                weight_development=self.weight_development,
                weight_support=self.weight_support,
                weight_integrity=self.weight_integrity,
                thresholds=(
                    self.min_5s2,
                    self.min_5s1,
                    self.min_4s2,
                    self.min_4s1,
                    self.min_3s,
                    self.min_2s,
                ),
            ),
            scale=engine.ScaleConfig(large_share=self.large_share, medium_share=self.medium_share),
        )


class ClassificationRun(models.Model):
    """One quarterly run for a department: who ran it, when, with which rules."""

    department = models.ForeignKey(
        MarketingDepartment, on_delete=models.PROTECT, related_name="classification_runs"
    )
    quarter = models.CharField(_("quarter"), max_length=6)
    run_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("run by"),
    )
    started_at = models.DateTimeField(_("started at"))
    finished_at = models.DateTimeField(_("finished at"))
    retailer_count = models.PositiveIntegerField(_("retailers rated"))
    config = models.JSONField(_("rules used"))

    class Meta:
        verbose_name = _("classification run")
        verbose_name_plural = _("classification runs")
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"{self.department} {self.quarter} @ {self.started_at:%Y-%m-%d %H:%M}"


class RetailerRating(models.Model):
    """A retailer's classification for one quarter, with the explanation shown to it."""

    retailer = models.ForeignKey(
        Retailer, on_delete=models.CASCADE, related_name="ratings", verbose_name=_("retailer")
    )
    quarter = models.CharField(_("quarter"), max_length=6)
    run = models.ForeignKey(ClassificationRun, on_delete=models.PROTECT, related_name="ratings")
    tier = models.PositiveSmallIntegerField(_("tier"))
    provisional = models.BooleanField(_("provisional tier"))
    tier_score = models.FloatField(_("tier score"))
    scale = models.CharField(_("scale"), max_length=10, choices=Scale.choices)
    class_code = models.CharField(_("class code"), max_length=8)
    actual = models.FloatField(_("actual value"))
    development = models.FloatField(_("development value"))
    support = models.FloatField(_("support value"))
    integrity = models.FloatField(_("integrity value"))
    total = models.FloatField(_("quarterly total"))
    year_score = models.FloatField(_("yearly score"))
    star = models.CharField(_("star"), max_length=4, choices=Star.choices)
    explanation = models.JSONField(_("explanation"))

    class Meta:
        verbose_name = _("retailer rating")
        verbose_name_plural = _("retailer ratings")
        ordering = ["retailer_id", "quarter"]
        constraints = [
            models.UniqueConstraint(fields=["retailer", "quarter"], name="rating_one_per_quarter")
        ]
        indexes = [models.Index(fields=["quarter", "tier"])]

    def __str__(self) -> str:
        return f"{self.retailer_id} {self.quarter}: {self.tier}/{self.star}"

    @property
    def star_level(self) -> StarLevel:
        return StarLevel(self.star)
