"""Forms of the target and survey pages."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from jinye.targets.models import AnnualTarget


class AnnualTargetForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    volume_cases = forms.IntegerField(label=_("Volume target (cases)"), min_value=1)
    revenue = forms.IntegerField(label=_("Revenue target (yuan)"), min_value=1)
    basis = forms.ChoiceField(label=_("Decomposition basis"), choices=AnnualTarget.Basis.choices)


class MonthCellForm(forms.Form):
    cell = forms.IntegerField(widget=forms.HiddenInput)
    volume_cases = forms.IntegerField(label=_("Volume (cases)"), min_value=0)
    revenue = forms.IntegerField(label=_("Revenue (yuan)"), min_value=0)


class SurveyForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    taken_on = forms.DateField(
        label=_("Survey date"), widget=forms.DateInput(attrs={"type": "date"})
    )
    sample_share = forms.DecimalField(
        label=_("Sample share"),
        min_value=Decimal("0.001"),
        max_value=Decimal("1"),
        decimal_places=3,
        initial=Decimal("0.1"),
        help_text=_("1 = all retailers; 0.1 = a 10% sample."),
    )
    seed = forms.IntegerField(label=_("Sample seed"), min_value=0, initial=1)
    ratio_upper = forms.DecimalField(
        label=_("Normal stock-to-sales upper bound"),
        min_value=Decimal("0.01"),
        initial=Decimal("0.5"),
    )


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Excel file (.xlsx)"))
