from django import forms
from django.conf import settings
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from .choices import EmploymentStatus
from .models import Person
from .names import local_name_of, page_titles
from .normalise import is_ascii_number
from .permissions import factories_visible_to
from .roster_file import too_large_message
from .selectors import LOCKED, NO_PIN, SEARCH_FIELDS, people_chosen


class LocalNameChoiceField(forms.ModelChoiceField):
    """A menu of factories or departments, named in the reader's language (factories with their code)."""

    def label_from_instance(self, obj):
        name = local_name_of(obj)
        code = getattr(obj, "code", "")
        return f"{name} ({code})" if code else name


def titles_in_readers_language(field: forms.ModelChoiceField) -> None:
    """A menu of (English) pages shows each title in the reader's language, read in one query."""
    titles = page_titles(field.queryset.values_list("pk", "translation_key", "title"))
    field.label_from_instance = lambda page: titles.get(page.pk, page.title)


class RosterImportForm(forms.Form):
    factory = LocalNameChoiceField(label=_("Factory"), queryset=None, empty_label=None)
    file = forms.FileField(label=_("Roster file (.csv or .xlsx)"))
    full = forms.BooleanField(
        label=_("This file lists everyone who works at the factory now"),
        required=False,
        help_text=_("People not in the file are then marked as having left. Nobody is deleted."),
    )
    dry_run = forms.BooleanField(label=_("Only check the file, change nothing"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["factory"].queryset = factories_visible_to(user)
        self.fields["file"].widget.attrs["accept"] = ".csv,.xlsx"

    def clean_file(self):
        upload = self.cleaned_data["file"]
        # Checked again by read_rows; here the size is known before the upload is read.
        if upload.size > settings.SALA_ROSTER_MAX_BYTES:
            raise forms.ValidationError(too_large_message())
        return upload


class PeopleFilterForm(forms.Form):
    q = forms.CharField(label=_("Name, worker ID or phone"), required=False, max_length=100)
    factory = LocalNameChoiceField(label=_("Factory"), queryset=None, required=False, to_field_name="code")
    status = forms.ChoiceField(
        label=_("Employment"),
        required=False,
        choices=[("", _("Everyone")), *EmploymentStatus.choices],
    )
    # Who still needs a login card (no PIN yet: new workers after an import), or is locked out.
    sign_in = forms.ChoiceField(
        label=_("Sign-in"),
        required=False,
        choices=[("", _("Everyone")), (NO_PIN, _("No PIN yet")), (LOCKED, _("Locked: too many wrong PINs"))],
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["factory"].queryset = factories_visible_to(user)
        self.fields["factory"].empty_label = _("All factories")


class PersonIdsField(forms.Field):
    """Person ids from tick boxes or hidden inputs: plain numbers only, each once."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value) -> list[int]:
        values = value or []
        if not all(isinstance(v, str) and is_ascii_number(v, max_digits=18) for v in values):
            raise forms.ValidationError(_("Choose people from the list."), code="invalid")
        return list(dict.fromkeys(int(v) for v in values))


# The choice on the people list that takes everyone its search finds, on every page.
WHOLE_SEARCH = "search"
TICKED = "ticked"


class PeopleSelectionForm(forms.Form):
    """Who HR chose on the people list: the ticked rows (or the whole page), or everyone its search
    finds across every page. Posted with the login cards, and carried to bulk enrolment in hidden
    fields (every field here is hidden when shown again).

    Only ids and the search's words travel; `people()` reads the people again through what the
    user may see, every time, so a forged id or another factory's code reaches nobody.
    """

    scope = forms.ChoiceField(
        choices=[(TICKED, TICKED), (WHOLE_SEARCH, WHOLE_SEARCH)], required=False, widget=forms.HiddenInput
    )
    person = PersonIdsField(required=False)
    # "Select all on this page": without a script, ticking it takes the page's rows listed here.
    page_all = forms.BooleanField(required=False, widget=forms.HiddenInput)
    page_person = PersonIdsField(required=False)
    # The list's search as its form read it (q, factory code, status, sign-in).
    search_q = forms.CharField(required=False, max_length=100, widget=forms.HiddenInput)
    search_factory = forms.CharField(required=False, max_length=100, widget=forms.HiddenInput)
    search_status = forms.CharField(required=False, max_length=20, widget=forms.HiddenInput)
    search_sign_in = forms.CharField(required=False, max_length=20, widget=forms.HiddenInput)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.search = None

    def clean(self):
        data = super().clean()
        if data.get("scope") == WHOLE_SEARCH and not self.errors:
            # The same form and the same rules as the list itself: what it found is what is taken.
            search = PeopleFilterForm({name: data.get(f"search_{name}", "") for name in SEARCH_FIELDS}, user=self.user)
            if not search.is_valid():
                raise forms.ValidationError(_("Search again on the People page, then choose."), code="search")
            self.search = {name: search.cleaned_data[name] for name in SEARCH_FIELDS}
        return data

    @property
    def whole_search(self) -> bool:
        return self.search is not None

    @property
    def ticked_ids(self) -> list[int]:
        """The ticked rows' ids (and the page's, when "select all on this page" was ticked)."""
        page = self.cleaned_data["page_person"] if self.cleaned_data.get("page_all") else []
        return list(dict.fromkeys([*self.cleaned_data["person"], *page]))

    def people(self) -> QuerySet[Person]:
        """The people chosen, among those the user may see, in the list's order."""
        return people_chosen(user=self.user, person_ids=self.ticked_ids, search=self.search)
