"""The "session" audience of announcements: a trainer writes to the people registered for one of
their sessions (programme staff, to those of any session).

The chooser lists the sessions the author runs that are not cancelled and have not ended more
than a month ago, soonest first. Like every audience, the people it reaches are filtered once more
by who the author may write to (lms.messaging.audiences).
"""

import datetime

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from lms.messaging.audiences import Audience, AudienceKind, AudienceRefused, active_people, register_audience_kind
from lms.messaging.choices import Audience as AudienceChoice

from .choices import RegistrationStatus
from .messages import moment_text, session_title
from .models import Session
from .permissions import is_programme_staff, user_can_manage_session, user_can_schedule

# Sessions that ended longer ago than this are no longer offered as an audience.
RECENT = datetime.timedelta(days=31)


def sessions_to_write_to(author) -> QuerySet[Session]:
    """The sessions whose people this author may write to: those they run, recent or to come."""
    sessions = Session.objects.filter(
        cancelled_at__isnull=True, starts_at__isnull=False, ends_at__gte=timezone.now() - RECENT
    )
    if not is_programme_staff(author):
        sessions = sessions.filter(trainers=author)
    return sessions.select_related("course", "seminar").order_by("starts_at", "pk")


class SessionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, session):
        return f"{session_title(session)} — {moment_text(session.starts_at)}"


class SessionAudience(AudienceKind):
    name = AudienceChoice.SESSION
    label = _("The people registered for a training session")
    order = 40

    def is_open_to(self, author) -> bool:
        return user_can_schedule(author)

    def form_fields(self, author, data):
        return {
            "session": SessionChoiceField(
                label=_("Training session"),
                queryset=sessions_to_write_to(author),
                required=False,
                empty_label=_("Choose a session"),
                help_text=_("Only when sending to a session's people."),
                error_messages={"invalid_choice": _("Choose one of the sessions listed.")},
            )
        }

    def audience(self, author, choices):
        session = choices.get("session")
        if session is None:
            raise AudienceRefused(gettext("Choose a session."), field="session")
        if not user_can_manage_session(author, session):
            raise AudienceRefused(gettext("You can only write to the people of your own sessions."), field="session")
        people = active_people().filter(
            registrations__session=session, registrations__status=RegistrationStatus.REGISTERED
        )
        return Audience(
            kind=self.name,
            label=gettext("People registered for %(session)s, %(when)s")
            % {"session": session_title(session), "when": moment_text(session.starts_at)},
            factory=None,
            people=people,
        )


register_audience_kind(SessionAudience())
