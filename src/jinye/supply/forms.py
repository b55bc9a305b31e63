"""Forms of the director's runs: a month's quotas, and a week's allocation (the week, each
scarce SKU's supply, the method). Numbers are read by :func:`jinye.limits.whole`, so a refusal
names the field, what was typed and the limit, as the CLI's does."""

from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jinye import limits
from jinye.catalog.models import Sku
from jinye.engines import allocation as alloc_engine
from jinye.errors import Invalid
from jinye.periods import Month, Week
from jinye.supply import explain

SUPPLY_PREFIX = "supply_"


class QuotaRunForm(forms.Form):
    month = forms.CharField(
        label=gettext_lazy("Month"), max_length=10, help_text=gettext_lazy("e.g. 2026-12")
    )

    def clean_month(self) -> str:
        try:
            return str(Month.parse(self.cleaned_data["month"]))
        except Invalid as exc:
            raise forms.ValidationError(exc.message, code=exc.code) from exc


def scarce_skus() -> list[Sku]:
    return list(Sku.objects.filter(scarce=True, active=True).order_by("code"))


class AllocationRunForm(forms.Form):
    """The week, the method, and one supply box per active scarce SKU (``supply_<code>``).
    A box left empty keeps the supply already recorded for the week, if any."""

    week = forms.CharField(
        label=gettext_lazy("Week"), max_length=12, help_text=gettext_lazy("e.g. 2026-W49")
    )
    method = forms.ChoiceField(label=gettext_lazy("Method"), required=False)

    def __init__(self, *args: Any, skus: list[Sku], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.skus = skus
        self.fields["method"].choices = [  # type: ignore[attr-defined]
            ("", _("Each SKU's own rule")),
            *((m, explain.method_label(m)) for m in alloc_engine.METHODS),
        ]
        for sku in skus:
            self.fields[SUPPLY_PREFIX + sku.code] = forms.CharField(
                label=f"{sku.name} ({sku.code})", required=False, max_length=20
            )

    def clean_week(self) -> str:
        try:
            return str(Week.parse(self.cleaned_data["week"]))
        except Invalid as exc:
            raise forms.ValidationError(exc.message, code=exc.code) from exc

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        known = {SUPPLY_PREFIX + s.code for s in self.skus}
        for key in self.data:
            if key.startswith(SUPPLY_PREFIX) and key not in known:
                self.add_error(
                    None,
                    _("No scarce SKU with code %(code)s.")
                    % {"code": key.removeprefix(SUPPLY_PREFIX)},
                )
        supplies: dict[Sku, int] = {}
        for sku in self.skus:
            name = SUPPLY_PREFIX + sku.code
            raw = (data.get(name) or "").strip()
            if not raw:
                continue
            try:
                supplies[sku] = limits.whole(
                    raw,
                    limits.WEEKLY_SUPPLY,
                    field=name,
                    label=_("The supply of %(sku)s") % {"sku": sku.name},
                )
            except Invalid as exc:
                self.add_error(name, exc.message)
        data["supplies"] = supplies
        return data
