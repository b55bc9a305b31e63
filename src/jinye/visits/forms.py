"""Forms of the visit pages; scope is applied by the view (querysets passed in)."""

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jinye import limits
from jinye.catalog.models import Sku
from jinye.errors import Invalid
from jinye.periods import Month
from jinye.retailers.models import Retailer
from jinye.visits.models import VisitRule, VisitSettings
from jinye.webkit import DateInput


class VisitRuleForm(forms.ModelForm):
    class Meta:
        model = VisitRule
        fields = ["cm_visits", "cm_period", "mm_visits"]


class VisitSettingsForm(forms.ModelForm):
    class Meta:
        model = VisitSettings
        fields = ["working_weekdays", "holidays", "daily_capacity", "sample_share", "route_seconds"]
        widgets = {"holidays": forms.Textarea(attrs={"rows": 3})}


class MonthForm(forms.Form):
    month = forms.CharField(label=_("Month"), max_length=7, help_text="YYYY-MM")

    def clean_month(self) -> str:
        try:
            return str(Month.parse(self.cleaned_data["month"]))
        except Invalid as exc:
            raise forms.ValidationError(exc.message, code=exc.code) from exc


class VisitForm(forms.Form):
    checked_in_at = forms.DateTimeField(
        label=_("Check-in time"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"],
    )
    retailer = forms.ModelChoiceField(
        label=_("Retailer"),
        queryset=Retailer.objects.none(),
        error_messages={"invalid_choice": _("Unknown retailer, or outside your scope.")},
    )
    guidance = forms.BooleanField(label=_("Business guidance given"), required=False)
    guidance_content = forms.CharField(
        label=_("Guidance content"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    observations = forms.CharField(
        label=_("Competitor / illicit cigarette observations"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    complaints = forms.CharField(
        label=_("Complaints and requests"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, retailers: QuerySet[Retailer], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["retailer"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = retailers.order_by("name")
        if not self.is_bound:
            self.initial.setdefault("checked_in_at", timezone.localtime().replace(second=0))


class SkuSeenForm(forms.Form):
    sku = forms.ModelChoiceField(
        label=_("SKU"),
        queryset=Sku.objects.filter(active=True).order_by("name"),
        required=False,
        error_messages={"invalid_choice": _("Unknown SKU.")},
    )
    stock = forms.IntegerField(
        label=_("Stock (cartons)"),
        required=False,
        **limits.STOCK.form_bounds(),
    )
    retail_price = forms.DecimalField(
        label=_("Retail price seen (yuan per carton)"),
        required=False,
        max_digits=10,
        decimal_places=2,
        **limits.PRICE.form_bounds(),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("sku") and data.get("stock") is None:
            self.add_error("stock", _("Enter the stock for this SKU (0 if none)."))
        if not data.get("sku") and (data.get("stock") is not None or data.get("retail_price")):
            self.add_error("sku", _("Choose the SKU these figures belong to."))
        return data


SkuSeenFormSet = forms.formset_factory(SkuSeenForm, extra=4, max_num=30)


class PeriodForm(forms.Form):
    start = forms.DateField(label=_("From"), widget=DateInput())
    end = forms.DateField(label=_("To"), widget=DateInput())

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            raise forms.ValidationError(_("The end date is before the start date."))
        if data.get("start") and data.get("end") and (data["end"] - data["start"]).days > 366:
            raise forms.ValidationError(_("Choose a period of at most one year."))
        return data
