"""The Wagtail admin's user screens, extended with what Sala knows about a person.

Programme staff create trainer, HR and staff accounts there; an HR officer needs a factory,
and everyone may have Khmer names, a phone number and a preferred language.
"""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.users.forms import UserCreationForm, UserEditForm
from wagtail.users.views.users import UserViewSet

from .phone import InvalidPhoneNumber, normalise_phone

PERSON_FIELDS = ["family_name_km", "given_name_km", "gender", "phone", "preferred_language", "factory"]


class PersonFieldsMixin:
    def clean_phone(self):
        try:
            return normalise_phone(self.cleaned_data.get("phone", ""))
        except InvalidPhoneNumber as error:
            raise forms.ValidationError(error.messages[0]) from error

    def clean(self):
        cleaned = super().clean()
        groups = cleaned.get("groups") or []
        if any(group.name == "Factory HR" for group in groups) and not cleaned.get("factory"):
            self.add_error("factory", _("Factory HR must belong to a factory: choose which one."))
        return cleaned


class PersonCreationForm(PersonFieldsMixin, UserCreationForm):
    class Meta(UserCreationForm.Meta):
        fields = UserCreationForm.Meta.fields | set(PERSON_FIELDS)


class PersonEditForm(PersonFieldsMixin, UserEditForm):
    class Meta(UserEditForm.Meta):
        fields = UserEditForm.Meta.fields | set(PERSON_FIELDS)


class PersonUserViewSet(UserViewSet):
    def get_form_class(self, for_update=False):
        return PersonEditForm if for_update else PersonCreationForm
