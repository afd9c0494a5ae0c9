"""Sign-in, activation and PIN forms. They check the shape of input; services decide the rest."""

from django import forms
from django.utils.translation import gettext_lazy as _

from lms.people.phone import InvalidPhoneNumber, normalise_phone

from .selectors import SignInIdentity


def _pin_input(autocomplete: str) -> forms.PasswordInput:
    return forms.PasswordInput(
        attrs={"inputmode": "numeric", "pattern": "[0-9]*", "maxlength": 6, "autocomplete": autocomplete}
    )


class IdentityForm(forms.Form):
    """A phone number, or a factory code and a worker ID."""

    phone = forms.CharField(
        label=_("Phone number"),
        required=False,
        max_length=30,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel", "placeholder": "012 345 678"}),
    )
    factory_code = forms.CharField(
        label=_("Factory code"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"autocapitalize": "characters", "autocomplete": "organization"}),
    )
    worker_id = forms.CharField(label=_("Worker ID"), required=False, max_length=50)

    def clean_phone(self):
        try:
            return normalise_phone(self.cleaned_data["phone"])
        except InvalidPhoneNumber as error:
            raise forms.ValidationError(error.messages) from error

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        if not data.get("phone") and not (data.get("factory_code") and data.get("worker_id")):
            raise forms.ValidationError(
                _("Type your phone number, or your factory code and your worker ID."), code="no_identity"
            )
        return data

    @property
    def identity(self) -> SignInIdentity:
        data = self.cleaned_data
        return SignInIdentity(
            phone=data.get("phone", ""),
            factory_code=data.get("factory_code", "").strip(),
            worker_id=data.get("worker_id", "").strip(),
        )


class PinSignInForm(IdentityForm):
    pin = forms.CharField(label=_("PIN"), max_length=6, strip=True, widget=_pin_input("current-password"))


class NewPinMixin(forms.Form):
    new_pin = forms.CharField(
        label=_("New PIN (4 to 6 digits)"), max_length=6, strip=True, widget=_pin_input("new-password")
    )
    new_pin_again = forms.CharField(
        label=_("New PIN again"), max_length=6, strip=True, widget=_pin_input("new-password")
    )

    def clean_new_pin_again(self):
        data = self.cleaned_data
        if data.get("new_pin") and data["new_pin"] != data.get("new_pin_again"):
            raise forms.ValidationError(_("The two PINs are not the same."), code="pin_mismatch")
        return data.get("new_pin_again")


class ActivationForm(IdentityForm, NewPinMixin):
    code = forms.CharField(
        label=_("Code from your login card"),
        max_length=20,
        widget=forms.TextInput(
            attrs={"autocapitalize": "characters", "autocomplete": "one-time-code", "spellcheck": "false"}
        ),
    )
    field_order = ["phone", "factory_code", "worker_id", "code", "new_pin", "new_pin_again"]


class PinChangeForm(NewPinMixin):
    current_pin = forms.CharField(label=_("Current PIN"), max_length=6, widget=_pin_input("current-password"))
    field_order = ["current_pin", "new_pin", "new_pin_again"]
