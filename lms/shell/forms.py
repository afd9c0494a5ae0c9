"""Forms of the screens that read every app: HR's training records and bulk enrolment."""

from django import forms
from django.utils.translation import gettext_lazy as _

from courses.models import CoursePage
from courses.selectors import courses_with_records
from lms.people.choices import Gender
from lms.people.forms import LocalNameChoiceField, titles_in_readers_language
from lms.people.models import Department
from lms.people.normalise import normalise_identifier
from lms.people.permissions import factories_visible_to, is_programme_wide
from lms.people.roster import column_aliases
from lms.people.roster_file import RosterFileError, read_rows

SHOWN_FILE_ERRORS = 5


def _any(label):
    return [("", label)]


def english_courses():
    # Enrolments and reports name the English course; learners see it in their own language.
    return CoursePage.objects.live().filter(locale__language_code="en").order_by("path")


class FactoryReportForm(forms.Form):
    """The filters of the training-records page and its exports.

    Its menus list only what the factory in view has: HR's own factory, or the one programme staff
    chose. Programme staff looking at every factory get no department menu (thousands of
    departments, none of them meaningful without its factory) until they choose a factory.
    """

    factory = LocalNameChoiceField(label=_("Factory"), queryset=None, required=False, to_field_name="code")
    department = LocalNameChoiceField(label=_("Department"), queryset=Department.objects.none(), required=False)
    gender = forms.ChoiceField(label=_("Gender"), required=False, choices=_any(_("Everyone")) + Gender.choices)
    course = forms.ModelChoiceField(label=_("Course"), queryset=None, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        factories = factories_visible_to(user)
        self.programme_wide = is_programme_wide(user)
        self.fields["factory"].queryset = factories
        self.fields["factory"].empty_label = _("All factories")
        in_view = self._factories_in_view(factories)
        self.needs_factory_for_department = in_view is None
        if in_view is not None:
            self.fields["department"].queryset = Department.objects.filter(factory__in=in_view).order_by("name")
        self.fields["department"].empty_label = _("All departments")
        # A factory's own courses; across the programme, the catalogue's.
        self.fields["course"].queryset = (
            english_courses() if in_view is None else courses_with_records(factories=in_view)
        )
        self.fields["course"].empty_label = _("All courses")
        titles_in_readers_language(self.fields["course"])

    def clean_factory(self):
        """The factory chosen, or HR's own: HR's records are always of one factory."""
        factory = self.cleaned_data.get("factory")
        if factory is None and not self.programme_wide:
            factory = self.fields["factory"].queryset.first()
        return factory

    def _factories_in_view(self, factories):
        """The factory whose records the page shows (a queryset of one), or None for every factory."""
        if not self.programme_wide:
            return factories  # HR: its own factory, whatever was asked
        code = self.data.get("factory", "") if self.is_bound else ""
        return factories.filter(code=code) if code else None

    def shown_fields(self):
        """The fields the page shows: the department menu only once a factory is in view."""
        return [field for field in self if not (field.name == "department" and self.needs_factory_for_department)]

    def filters(self) -> dict:
        """The chosen filters, ready for courses.selectors.factory_records (empty ones left out)."""
        return {name: value for name, value in self.cleaned_data.items() if value}


class BulkEnrolForm(forms.Form):
    course = forms.ModelChoiceField(label=_("Course"), queryset=None, empty_label=None)
    factory = LocalNameChoiceField(label=_("Factory"), queryset=None, empty_label=None)
    department = LocalNameChoiceField(
        label=_("Everyone in this department"), queryset=Department.objects.none(), required=False
    )
    worker_ids = forms.CharField(
        label=_("Or these worker IDs"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One per line, or separated by commas or spaces. You can paste a column from Excel."),
    )
    file = forms.FileField(
        label=_("Or a list of workers (.csv or .xlsx with a worker_id column)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )

    def __init__(self, *args, user, chosen_on_people_page: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["course"].queryset = english_courses()
        titles_in_readers_language(self.fields["course"])
        # People chosen on the People page are the group: only the course is asked.
        self.chosen_on_people_page = chosen_on_people_page
        if chosen_on_people_page:
            for name in ("factory", "department", "worker_ids", "file"):
                del self.fields[name]
            return
        factories = factories_visible_to(user)
        self.fields["factory"].queryset = factories
        self.fields["department"].queryset = Department.objects.filter(factory__in=factories).select_related("factory")

    def clean(self):
        data = super().clean()
        self.listed_ids = []
        if self.chosen_on_people_page:
            return data
        department, factory = data.get("department"), data.get("factory")
        if department and factory and department.factory_id != factory.pk:
            self.add_error("department", _("This department belongs to another factory."))
        upload = data.get("file")
        # Folded like the roster's worker IDs, so a pasted "A3" with an invisible space still finds A3.
        typed = normalise_identifier(data.get("worker_ids", "")).replace(",", " ")
        self.listed_ids = [normalise_identifier(part) for part in typed.split() if part]
        if upload:
            try:
                sheet = read_rows(upload.read(), upload.name, aliases=column_aliases())
            except RosterFileError as error:
                self.add_error("file", str(error))
                return data
            if sheet.errors:
                self.add_error("file", "; ".join(str(error) for error in sheet.errors[:SHOWN_FILE_ERRORS]))
                return data
            if "worker_id" not in sheet.headers:
                self.add_error("file", _("The file has no worker_id column."))
                return data
            listed = (normalise_identifier(row.get("worker_id", "")) for _line, row in sheet.rows)
            self.listed_ids += [worker_id for worker_id in listed if worker_id]
        if not department and not self.listed_ids and not self.errors:
            raise forms.ValidationError(_("Choose a department, type worker IDs or upload a list."))
        return data

    @property
    def worker_id_list(self) -> list[str]:
        return list(dict.fromkeys(self.listed_ids))
