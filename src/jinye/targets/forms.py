"""Forms of the target and survey pages."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from jinye import limits
from jinye.targets.models import AnnualTarget
from jinye.webkit import DateInput


class AnnualTargetForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    volume_cases = forms.IntegerField(
        label=_("Volume target (cases)"), **limits.TARGET_CASES.form_bounds()
    )
    revenue = forms.IntegerField(
        label=_("Revenue target (yuan)"),
        required=False,
        help_text=_("Blank: volume only, no revenue target."),
        **limits.MONTH_TARGET_REVENUE.form_bounds(),
    )
    basis = forms.ChoiceField(label=_("Decomposition basis"), choices=AnnualTarget.Basis.choices)

    def clean_revenue(self) -> int:
        return self.cleaned_data.get("revenue") or 0


class MonthCellForm(forms.Form):
    cell = forms.IntegerField(widget=forms.HiddenInput, **limits.RECORD_NUMBER.form_bounds())
    volume_cases = forms.IntegerField(
        label=_("Volume (cases)"), **limits.MONTH_TARGET_CASES.form_bounds()
    )
    revenue = forms.IntegerField(
        label=_("Revenue (yuan)"), **limits.MONTH_TARGET_REVENUE.form_bounds()
    )


class SurveyForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    taken_on = forms.DateField(label=_("Survey date"), widget=DateInput())
    sample_share = forms.DecimalField(
        label=_("Sample share"),
        min_value=Decimal("0.001"),
        max_value=Decimal("1"),
        decimal_places=3,
        initial=Decimal("0.1"),
        help_text=_("1 = all retailers; 0.1 = a 10% sample."),
    )
    seed = forms.IntegerField(
        label=_("Sample seed"), min_value=0, max_value=2_147_483_647, initial=1
    )
    ratio_upper = forms.DecimalField(
        label=_("Normal stock-to-sales upper bound"),
        min_value=Decimal("0.01"),
        max_value=Decimal("99"),
        max_digits=5,
        decimal_places=2,
        initial=Decimal("0.5"),
    )


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Excel file (.xlsx)"))
