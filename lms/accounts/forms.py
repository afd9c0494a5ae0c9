"""Sign-in, activation and PIN forms. They check the shape of input; services decide the rest.

What people type is folded first (lms.people.normalise): Khmer keyboards type Khmer digits in
phone numbers and PINs, and pasted text brings invisible characters; neither is a wrong try.
"""

import math

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.auth import LoginForm as WagtailLoginForm

from lms.people.normalise import ascii_digits, drop_invisible, normalise_identifier
from lms.people.phone import InvalidPhoneNumber, normalise_phone

from . import services
from .selectors import SignInIdentity


def account_error_message(error: services.AccountError) -> str:
    """Plain words for each failure, in the language of the page (never the account's own:
    that would tell a stranger the account exists and which language its owner reads)."""
    if isinstance(error, services.AccountLocked):
        minutes = _minutes_until(error.until)
        return gettext(
            "Too many wrong tries. Your account is locked for %(minutes)s minutes, until %(time)s. "
            "Try again then, or ask your factory HR office to unlock it."
        ) % {"minutes": minutes, "time": timezone.localtime(error.until).strftime("%H:%M")}
    if isinstance(error, services.AddressThrottled):
        # The address, not the account: say so, and that another connection works now.
        return gettext(
            "Too many wrong tries from this network (the Wi-Fi or internet connection you are using). "
            "Signing in from this network is paused for %(minutes)s minutes, until %(time)s. "
            "Your own account is not locked: you can sign in now with mobile data."
        ) % {"minutes": _minutes_until(error.until), "time": timezone.localtime(error.until).strftime("%H:%M")}
    if isinstance(error, services.InvalidPin):
        return error.message
    return gettext(
        "The phone number, worker ID, PIN or code is not right. Check it and try again. "
        "If you have never chosen a PIN, use the code on your login card."
    )


def _minutes_until(until) -> int:
    return max(1, math.ceil((until - timezone.now()).total_seconds() / 60))


class DigitsField(forms.CharField):
    """A PIN: Khmer (or any script's) digits become 0-9 before anything checks them."""

    def __init__(self, *, autocomplete: str, **kwargs):
        kwargs.setdefault("max_length", 6)
        kwargs["widget"] = forms.PasswordInput(
            # No `pattern`: a browser would refuse Khmer digits that the server accepts.
            attrs={"inputmode": "numeric", "maxlength": 6, "autocomplete": autocomplete}
        )
        super().__init__(**kwargs)

    def to_python(self, value):
        # Not NFKC: "²⁵⁸⁰" is not a PIN. Decimal digits of any script (Khmer, full-width) are.
        return ascii_digits(drop_invisible(super().to_python(value))).strip()


class IdentifierField(forms.CharField):
    def to_python(self, value):
        return normalise_identifier(super().to_python(value))


class IdentityForm(forms.Form):
    """A phone number, or a factory code and a worker ID."""

    phone = forms.CharField(
        label=_("Phone number"),
        required=False,
        max_length=30,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel", "placeholder": "012 345 678"}),
    )
    factory_code = IdentifierField(
        label=_("Factory code"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"autocapitalize": "characters", "autocomplete": "organization"}),
    )
    worker_id = IdentifierField(label=_("Worker ID"), required=False, max_length=50)

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
            factory_code=data.get("factory_code", ""),
            worker_id=data.get("worker_id", ""),
        )


class PinSignInForm(IdentityForm):
    pin = DigitsField(label=_("PIN"), autocomplete="current-password")


class NewPinMixin(forms.Form):
    new_pin = DigitsField(label=_("New PIN (4 to 6 digits)"), autocomplete="new-password")
    new_pin_again = DigitsField(label=_("New PIN again"), autocomplete="new-password")

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
    current_pin = DigitsField(label=_("Current PIN"), autocomplete="current-password")
    field_order = ["current_pin", "new_pin", "new_pin_again"]


class ThrottledSignInMixin:
    """Say why a password was refused when the reason is the throttle or the lockout.

    The backend refuses; this only puts the reason into words (the same words whether the
    account exists or not: see services._record_wrong_unknown).
    """

    def clean(self):
        try:
            return super().clean()
        except forms.ValidationError:
            error = getattr(self.request, "sala_sign_in_error", None)
            if isinstance(error, (services.AccountLocked, services.AddressThrottled)):
                raise forms.ValidationError(account_error_message(error), code="refused") from None
            raise


class PasswordSignInForm(ThrottledSignInMixin, AuthenticationForm):
    """Staff on Sala's own sign-in page."""


class AdminSignInForm(ThrottledSignInMixin, WagtailLoginForm):
    """Staff on the admin's sign-in page (settings.WAGTAILADMIN_USER_LOGIN_FORM)."""
