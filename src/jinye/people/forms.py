from django import forms
from django.utils.translation import gettext as _

from jinye.people.models import KpiSettings


class KpiSettingsForm(forms.ModelForm):
    class Meta:
        model = KpiSettings
        fields = [
            "w_sales",
            "w_forecast",
            "w_visits",
            "w_market_info",
            "w_guidance_coverage",
            "w_guidance_effect",
            "w_complaints",
            "forecast_target",
            "info_per_retailer",
            "guidance_coverage_target",
            "guidance_effect_target",
            "complaint_penalty",
        ]

    def clean(self) -> dict:
        data = super().clean() or {}
        weights = [
            data.get(f.name) or 0 for f in KpiSettings._meta.fields if f.name.startswith("w_")
        ]
        if sum(weights) <= 0:
            raise forms.ValidationError(_("Weights: at least one must be above 0"))
        return data
