"""Training screens: reports — the training days (person-days of attendance) per session,
trainer, factory or month, split by gender, on the page and as a CSV file (seminars.reports)."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lms.people.choices import Province
from lms.people.tabular import table_download

from ..permissions import user_can_read_training_days
from ..reports import GROUPINGS, OWN_FACTORY, PROGRAMME, TRAINED, csv_header, csv_rows, report_scope, training_days

# Lines shown on the page; the CSV file has them all.
ROWS_SHOWN = 500


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class TrainingDaysFilterForm(forms.Form):
    by = forms.ChoiceField(choices=list(GROUPINGS.items()), required=False, widget=forms.HiddenInput)
    date_from = forms.DateField(label=_("From"), required=False, widget=DateInput())
    date_to = forms.DateField(label=_("Until"), required=False, widget=DateInput())
    province = forms.ChoiceField(
        label=_("Province where the session met"),
        choices=[("", _("All provinces")), *Province.choices],
        required=False,
    )

    def clean(self):
        cleaned = super().clean()
        date_from, date_to = cleaned.get("date_from"), cleaned.get("date_to")
        if date_from and date_to and date_to < date_from:
            self.add_error("date_to", _("The end date is before the start date."))
        return cleaned

    def filters(self) -> dict:
        data = self.cleaned_data
        return {
            "by": data.get("by") or "session",
            "date_from": data.get("date_from"),
            "date_to": data.get("date_to"),
            "province": data.get("province") or "",
        }


def _require_reader(user) -> None:
    # Workers have no business here; they need not learn the page exists.
    if not user_can_read_training_days(user):
        raise Http404


@login_required
def training_days_view(request):
    _require_reader(request.user)
    form = TrainingDaysFilterForm(request.GET)
    table = None
    filters = {"by": "session"}
    if form.is_valid():
        filters = form.filters()
        table = training_days(request.user, **filters, limit=ROWS_SHOWN)
    query = request.GET.copy()
    query.pop("by", None)
    return render(
        request,
        "seminars/training_days.html",
        {
            "form": form,
            "table": table,
            "by": filters["by"],
            "groupings": GROUPINGS.items(),
            "query": query.urlencode(),
            "rows_shown": ROWS_SHOWN,
            "scope": SCOPES.get(report_scope(request.user), ""),
        },
    )


@login_required
def training_days_export(request):
    """The same table as a CSV file, every line of it."""
    _require_reader(request.user)
    form = TrainingDaysFilterForm(request.GET)
    if not form.is_valid():
        raise Http404
    filters = form.filters()
    table = training_days(request.user, **filters)
    day = timezone.localdate().isoformat()
    return table_download(
        csv_header(filters["by"]),
        csv_rows(table),
        file_format="csv",
        filename=f"training-days-by-{filters['by']}-{day}.csv",
        title="Training days",
    )


SCOPES = {
    PROGRAMME: _("Every session of the programme."),
    TRAINED: _("The sessions you train."),
    OWN_FACTORY: _("The people of your factory."),
}


urlpatterns = [
    path("days/", training_days_view, name="training_days"),
    path("days.csv", training_days_export, name="training_days_export"),
]
