"""Forms of the certificate screens: a code typed on the verify page, and the register's filters."""

from django import forms
from django.utils.translation import gettext_lazy as _

from courses.models import CoursePage
from lms.people.choices import Gender
from lms.people.forms import LocalNameChoiceField, titles_in_readers_language
from lms.people.models import Department
from lms.people.permissions import is_programme_wide

from .choices import CertificateState
from .codes import code_normalised
from .selectors import EXPIRING, register_courses, register_factories


class VerifyCodeForm(forms.Form):
    """The code printed under the QR, typed by someone who has the paper but no QR reader."""

    code = forms.CharField(
        label=_("Certificate code"),
        max_length=40,
        help_text=_("Ten letters and numbers, printed under the QR code, for example K7MQ4-XR29T."),
        widget=forms.TextInput(attrs={"autocapitalize": "characters", "autocomplete": "off", "spellcheck": "false"}),
    )

    def clean_code(self) -> str:
        code = code_normalised(self.cleaned_data["code"])
        if code is None:
            raise forms.ValidationError(_("This is not a certificate code. Check the ten letters and numbers."))
        return code


STATE_CHOICES = [
    ("", _("Every state")),
    (CertificateState.VALID.value, _("Valid")),
    (EXPIRING, _("Expiring within 60 days")),
    (CertificateState.EXPIRED.value, _("Expired")),
    (CertificateState.REVOKED.value, _("Revoked")),
]


class RegisterFilterForm(forms.Form):
    """The register's filters. HR's register is always its own factory's: the factory menu is only
    for trainers and programme staff, who choose one first; a factory asked for by anyone else is
    not read from the request at all. Factories, departments and courses are named in the reader's
    language, as in the rows below them."""

    factory = LocalNameChoiceField(label=_("Factory"), queryset=None, required=False, to_field_name="code")
    state = forms.ChoiceField(label=_("State"), required=False, choices=STATE_CHOICES)
    course = forms.ModelChoiceField(label=_("Course"), queryset=None, required=False)
    department = LocalNameChoiceField(label=_("Department"), queryset=Department.objects.none(), required=False)
    gender = forms.ChoiceField(label=_("Gender"), required=False, choices=[("", _("Everyone")), *Gender.choices])

    def __init__(self, data, *, user):
        super().__init__(data)
        factories = register_factories(user)
        self.chooses_factory = is_programme_wide(user)
        if self.chooses_factory:
            self.fields["factory"].queryset = factories.order_by("code")
            self.fields["factory"].empty_label = _("Choose a factory")
            code = data.get("factory", "")
            self.factory_in_view = factories.filter(code=code).first() if code else None
        else:
            del self.fields["factory"]
            self.factory_in_view = factories.first()
        self.fields["course"].queryset = (
            register_courses(factory=self.factory_in_view) if self.factory_in_view else CoursePage.objects.none()
        )
        self.fields["course"].empty_label = _("All courses")
        titles_in_readers_language(self.fields["course"])
        if self.factory_in_view:
            self.fields["department"].queryset = Department.objects.filter(factory=self.factory_in_view).order_by(
                "name"
            )
        self.fields["department"].empty_label = _("All departments")

    def filters(self) -> dict:
        """The chosen course, department and gender for selectors.register_certificates."""
        return {name: self.cleaned_data.get(name) or None for name in ("course", "department")} | {
            "gender": self.cleaned_data.get("gender", "")
        }
