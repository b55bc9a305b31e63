"""Forms of the director's page: the run action and the rating rules."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from jinye.errors import Invalid
from jinye.periods import Quarter
from jinye.ratings.models import RatingSettings


class RunForm(forms.Form):
    quarter = forms.CharField(label=_("Quarter"), max_length=10, help_text=_("e.g. 2026Q3"))

    def clean_quarter(self) -> str:
        try:
            return str(Quarter.parse(self.cleaned_data["quarter"]))
        except Invalid as exc:
            raise forms.ValidationError(exc.message, code=exc.code) from exc


def _sum_is_one(*values: float | None) -> bool:
    return None not in values and abs(sum(v for v in values if v is not None) - 1) <= 1e-6


class SettingsForm(forms.ModelForm):
    """The rules; each inconsistency is reported on the field (or fields) at fault."""

    class Meta:
        model = RatingSettings
        fields = list(RatingSettings.EDITABLE)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        get = data.get
        if not _sum_is_one(get("weight_amount"), get("weight_volume"), get("weight_structure")):
            self.add_error("weight_amount", _("The three tier weights must sum to 1."))
        star_weights = ("weight_actual", "weight_development", "weight_support")
        if not _sum_is_one(*(get(n) for n in star_weights), get("weight_integrity")):
            self.add_error("weight_actual", _("The four star weights must sum to 1."))
        names = ("min_5s2", "min_5s1", "min_4s2", "min_4s1", "min_3s", "min_2s")
        cuts = [get(n) for n in names]
        if None not in cuts:
            for higher, lower, name in zip(cuts, cuts[1:], names[1:], strict=False):
                if lower is not None and higher is not None and lower > higher:
                    self.add_error(
                        name, _("Star thresholds must descend from five stars to two stars.")
                    )
                    break
        large, medium = get("large_share"), get("medium_share")
        if large is not None and medium is not None and large + medium > 1:
            self.add_error("medium_share", _("Large and medium shares must sum to at most 1."))
        if not self.errors:
            self._check_quantiles()
        return data

    def _check_quantiles(self) -> None:
        candidate = RatingSettings(**{n: self.cleaned_data[n] for n in RatingSettings.EDITABLE})
        try:
            quantiles = candidate.quantiles()
        except ValueError as exc:
            self.add_error("tier_quantiles", str(exc))
            return
        tiers = self.cleaned_data["tiers"]
        if quantiles is not None and (
            len(quantiles) != tiers - 1
            or any(not 0 < q < 1 for q in quantiles)
            or list(quantiles) != sorted(quantiles)
        ):
            self.add_error(
                "tier_quantiles",
                _("Give %(n)d ascending values between 0 and 1, or leave empty.")
                % {"n": tiers - 1},
            )
