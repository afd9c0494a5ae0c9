"""Forms of the message screens: a person's channels, a staff announcement, the delivery log's filters."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .channels import CHANNELS
from .choices import Channel as ChannelName
from .selectors import preferences_of

# How each outside channel is offered, in the order the page lists them.
CHANNEL_LABELS = {
    ChannelName.TELEGRAM: _("Telegram (free): instead of SMS while it is linked"),
    ChannelName.SMS: _("SMS to %(address)s"),
    ChannelName.EMAIL: _("Email to %(address)s"),
}


def usable_channels(person) -> dict[str, str]:
    """{channel: address} for the outside channels this person can be reached on."""
    usable = {}
    for name in CHANNEL_LABELS:
        channel = CHANNELS.get(name)
        address = channel.address(person) if channel else None
        if address:
            usable[name] = address
    return usable


class PreferencesForm(forms.Form):
    """One tick box per channel the person can use; the others are not offered."""

    def __init__(self, *args, person, **kwargs):
        super().__init__(*args, **kwargs)
        preferences = preferences_of(person)
        self.usable = usable_channels(person)
        for name, address in self.usable.items():
            shown = person.phone_display if name == ChannelName.SMS else address
            self.fields[name] = forms.BooleanField(
                label=CHANNEL_LABELS[name] % {"address": shown},
                required=False,
                initial=getattr(preferences, name),
            )
