from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .choices import EmploymentStatus
from .names import local_name_of, page_titles
from .permissions import factories_visible_to
from .roster_file import too_large_message


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

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["factory"].queryset = factories_visible_to(user)
        self.fields["factory"].empty_label = _("All factories")
