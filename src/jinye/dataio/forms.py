"""The import upload form and the order-line export's date range."""

from datetime import date, timedelta

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from jinye.errors import Invalid
from jinye.sheets.readers import SUFFIXES, check_size, limits

# In the order a department moving in imports its files.
KIND_CHOICES = [
    ("areas", pgettext_lazy("dataio", "Market areas")),
    ("staff", pgettext_lazy("dataio", "Staff")),
    ("skus", pgettext_lazy("dataio", "SKUs")),
    ("retailers", pgettext_lazy("dataio", "Retailers")),
    ("orders", pgettext_lazy("dataio", "Orders")),
    ("targets", pgettext_lazy("dataio", "Targets")),
    ("visits", pgettext_lazy("dataio", "Visit history")),
]
# The right each kind needs beyond ``import_data``: a visit history is recorded in the
# visiting staff's names, so only the director sends it.
KIND_RIGHTS = {
    "areas": "set_up_department",
    "staff": "set_up_department",
    "targets": "change_targets",
    "visits": "set_up_department",
}
DEFAULT_EXPORT_DAYS = 90


def max_upload_bytes() -> int:
    return limits().file_bytes


class ImportForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("What the file holds"), choices=KIND_CHOICES)
    file = forms.FileField(
        label=gettext_lazy("File (.xlsx or .csv)"),
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(SUFFIXES)}),
    )

    def clean_file(self):  # type: ignore[no-untyped-def]
        upload = self.cleaned_data["file"]
        name = upload.name.lower()
        if not name.endswith(SUFFIXES):
            raise forms.ValidationError(
                _("“%(name)s” is not an .xlsx or .csv file.") % {"name": upload.name}
            )
        try:
            check_size(upload)
        except Invalid as exc:
            raise forms.ValidationError(str(exc.message)) from exc
        return upload


class LinesRangeForm(forms.Form):
    """``from``/``to`` order dates; by default the 90 days up to ``latest``."""

    start = forms.DateField(required=False, label=pgettext_lazy("dataio", "From"))
    end = forms.DateField(required=False, label=pgettext_lazy("dataio", "To"))

    def clean(self):  # type: ignore[no-untyped-def]
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end and start > end:
            raise forms.ValidationError(_("The start date is after the end date."))
        return data

    def dates(self, latest: date | None) -> tuple[date | None, date | None]:
        end = self.cleaned_data.get("end") or latest
        start = self.cleaned_data.get("start")
        if start is None and end is not None:
            start = end - timedelta(days=DEFAULT_EXPORT_DAYS - 1)
        return start, end
