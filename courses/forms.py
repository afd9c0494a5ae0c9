from django import forms
from django.utils.translation import gettext_lazy as _

from .choices import AudienceCode, DeliveryMode, Topic


def _any(label):
    return [("", label)]


class CatalogueFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"), required=False, max_length=100, widget=forms.TextInput(attrs={"type": "search"})
    )
    audience = forms.ChoiceField(label=_("For"), required=False, choices=_any(_("Everyone")) + AudienceCode.choices)
    topic = forms.ChoiceField(label=_("Topic"), required=False, choices=_any(_("All topics")) + Topic.choices)
    delivery = forms.ChoiceField(label=_("Delivery"), required=False, choices=_any(_("Any way")) + DeliveryMode.choices)
    translated_only = forms.BooleanField(label=_("Only courses in my language"), required=False)
