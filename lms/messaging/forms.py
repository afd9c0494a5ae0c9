"""Forms of the message screens: a person's channels, a staff announcement, the delivery log's filters."""

from django import forms
from django.utils.translation import gettext_lazy as _

from lms.people.models import Factory

from .audiences import AUDIENCE_KINDS, AudienceRefused, audience_kinds_open_to
from .channels import CHANNELS
from .choices import Channel as ChannelName
from .choices import DeliveryStatus
from .kinds import KINDS
from .selectors import preferences_of
from .services import BROADCAST_MAX_CHARS

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


class BroadcastForm(forms.Form):
    """An announcement: to whom (a kind from the audiences registry and its choosers) and what.

    Each registered audience kind adds the choosers it needs (a factory, a department, later a
    training session); `clean` asks the chosen kind for the audience, which checks that the author
    may write to it. `broadcast_send` checks again before anything is written.
    """

    def __init__(self, *args, author, **kwargs):
        super().__init__(*args, **kwargs)
        self.author = author
        self.kinds = audience_kinds_open_to(author)
        self.fields["audience"] = forms.ChoiceField(
            label=_("Send to"),
            choices=[(kind.name, kind.label) for kind in self.kinds],
            widget=forms.RadioSelect,
            initial=self.kinds[0].name if self.kinds else None,
            error_messages={
                "required": _("Choose whom to send it to."),
                "invalid_choice": _("Choose one of the groups listed."),
            },
        )
        self.chooser_names = []
        for kind in self.kinds:
            for name, field in kind.form_fields(author, self.data if self.is_bound else None).items():
                if name not in self.fields:
                    self.fields[name] = field
                    self.chooser_names.append(name)
        self.fields["text"] = forms.CharField(
            label=_("Announcement"),
            max_length=BROADCAST_MAX_CHARS,
            widget=forms.Textarea(attrs={"rows": 4, "maxlength": BROADCAST_MAX_CHARS}),
            help_text=_("Short and plain: it goes out as an SMS to the people who get SMS."),
            error_messages={"required": _("Write the announcement first.")},
        )
        self.kind_help = [help for kind in self.kinds if (help := kind.help_for(author))]
        self.audience = None

    def clean_text(self):
        # Browsers send a new line as CR LF: one character of an SMS, not two.
        return self.cleaned_data["text"].replace("\r\n", "\n").replace("\r", "\n").strip()

    def clean(self):
        data = super().clean()
        kind = AUDIENCE_KINDS.get(data.get("audience", ""))
        if kind is None or any(name in self.errors for name in self.chooser_names):
            return data
        try:
            self.audience = kind.audience(self.author, data)
        except AudienceRefused as refused:
            self.add_error(refused.field if refused.field in self.fields else None, refused.message)
        return data

    def choosers(self):
        """The chooser fields, for the template (the audience and the text are shown apart)."""
        return [self[name] for name in self.chooser_names]


class DeliveryLogForm(forms.Form):
    """The delivery log's filters. A factory is typed by its code (600 factories make a menu too
    long for a phone)."""

    kind = forms.ChoiceField(label=_("Kind"), required=False)
    channel = forms.ChoiceField(
        label=_("Channel"), required=False, choices=[("", _("All channels")), *ChannelName.choices]
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Any status")), *DeliveryStatus.choices]
    )
    factory = forms.CharField(label=_("Factory code"), required=False, max_length=20)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("All kinds")), *((name, name) for name in sorted(KINDS))]

    def clean_factory(self):
        code = self.cleaned_data["factory"].strip()
        if not code:
            return None
        factory = Factory.objects.filter(code__iexact=code).first()
        if factory is None:
            raise forms.ValidationError(_("No factory has the code %(code)s.") % {"code": code})
        return factory

    def filters(self) -> dict:
        return {name: value for name, value in self.cleaned_data.items() if value}
