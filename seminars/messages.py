"""What a session tells its people, through lms.messaging, each in the person's own language.

The kinds are registered when this module is imported (SeminarsConfig.ready). Every message goes
through `notify` with a key naming the session and the event, so the same event never reaches a
person twice: a reminder sent by the periodic task is sent once however often the task runs, a
change of time or venue once per change (the key holds a digest of the new schedule and venue).

The session's title, date and venue are written in the reader's language: the translated course
or seminar page where one is published (English otherwise), dates with that language's month
names, times in Phnom Penh on a 24-hour clock.
"""

import hashlib
from collections import defaultdict
from collections.abc import Iterable

from django.utils import timezone, translation
from django.utils.dateformat import format as date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from lms.messaging.kinds import language_for, register_kind
from lms.messaging.services import notify, notify_many
from lms.people.models import Person

from .choices import VenueKind
from .models import Registration, Session

EXAMPLE = {
    "session": "សុវត្ថិភាពអគ្គីភ័យ",
    "when": "២៥ មីនា ២០២៦ ៧:៣០ – ២៦ មីនា",
    "time": "៧:៣០",
    "venue": "រោងចក្រកាត់ដេរ អង្គរ ១, បន្ទប់ប្រជុំ",
    "position": "៣",
}

register_kind(
    "session_invited",
    _("You are registered for %(session)s: %(when)s, %(venue)s."),
    example=EXAMPLE,
)
register_kind("session_registered", _("Confirmed: %(session)s, %(when)s, %(venue)s."), example=EXAMPLE)
register_kind(
    "session_waitlisted",
    _("%(session)s is full. You are number %(position)s on the waitlist."),
    example=EXAMPLE,
)
register_kind(
    "session_promoted",
    _("A seat is free: you are now registered for %(session)s, %(when)s."),
    example=EXAMPLE,
)
register_kind("session_reminder", _("Reminder: %(session)s tomorrow at %(time)s, %(venue)s."), example=EXAMPLE)
register_kind("session_changed", _("Changed: %(session)s is now %(when)s, %(venue)s."), example=EXAMPLE)
register_kind("session_cancelled", _("Cancelled: %(session)s on %(when)s."), example=EXAMPLE)


# --- The session in words, in the active language -------------------------------------------------


def session_title(session: Session) -> str:
    """The session's title in the active language: its own title when it has one, else the
    course's or seminar's page in that language where a translation is published."""
    if session.title:
        return session.title
    page = session.course if session.course_id else session.seminar
    return page.localized.title


def moment_text(moment) -> str:
    """A date and time in Phnom Penh, with the active language's month name: "25 Mar 2026 7:30"."""
    local = timezone.localtime(moment)
    return f"{date_format(local, 'j M Y')} {date_format(local, 'G:i')}"


def when_text(session: Session) -> str:
    """When the session starts, and the day it ends when it runs over several days."""
    if session.starts_at is None:
        return ""
    start = moment_text(session.starts_at)
    first_day = timezone.localdate(session.starts_at)
    last_day = timezone.localdate(session.ends_at)
    if last_day == first_day:
        return start
    return f"{start} – {date_format(last_day, 'j M')}"


def venue_text(session: Session) -> str:
    """Where the session meets: the factory or training centre (and room), or "online"."""
    khmer = translation.get_language() == "km"
    if session.venue_kind == VenueKind.ONLINE:
        place = gettext("Online")
    elif session.venue_kind == VenueKind.CENTRE and session.centre_id:
        place = (khmer and session.centre.name_km) or session.centre.name
    elif session.factory_id:
        place = (khmer and session.factory.name_km) or session.factory.name
    else:
        place = ""
    return ", ".join(part for part in (place, session.room) if part)


def session_context(session: Session, language: str) -> dict:
    """The values every session message takes, written in `language`."""
    with translation.override(language_for(language)):
        return {
            "session": session_title(session),
            "when": when_text(session),
            "time": date_format(timezone.localtime(session.starts_at), "G:i") if session.starts_at else "",
            "venue": venue_text(session),
        }


def schedule_digest(session: Session) -> str:
    """A short fingerprint of the meetings and the venue: a change of either gives a new one."""
    meetings = session.meetings.order_by("starts_at", "pk").values_list("starts_at", "ends_at")
    parts = [f"{start.isoformat()}/{end.isoformat()}" for start, end in meetings]
    parts += [session.venue_kind, str(session.factory_id), str(session.centre_id), session.online_url, session.room]
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:12]


# --- Telling people ---------------------------------------------------------------------------------


def _by_language(people: Iterable[Person]) -> dict[str, list[Person]]:
    groups = defaultdict(list)
    for person in people:
        groups[language_for(person.preferred_language)].append(person)
    return groups


def tell_many(*, session: Session, people: Iterable[Person], kind: str, key: str) -> None:
    """Send one kind of session message to many people, the context written once per language."""
    for language, group in _by_language(people).items():
        notify_many(people=group, kind=kind, key=key, context=session_context(session, language))


def tell_places(
    *, session: Session, registered: list[Person], waitlisted: list[tuple[Person, int]], by_self: bool, stamp: str
) -> None:
    """Tell people of their new place: registered (confirmed when they registered themselves,
    invited when HR or a trainer did) or waitlisted at their position. `stamp` names this
    registration, so registering again after cancelling is told again."""
    key = f"session:{session.pk}:place:{stamp}"
    tell_many(session=session, people=registered, kind="session_registered" if by_self else "session_invited", key=key)
    for person, position in waitlisted:
        context = {**session_context(session, person.preferred_language), "position": str(position)}
        notify(person=person, kind="session_waitlisted", key=key, context=context)


def tell_promoted(*, session: Session, registrations: Iterable[Registration]) -> None:
    """Tell each person moved from the waitlist to a seat."""
    for registration in registrations:
        person = registration.person
        notify(
            person=person,
            kind="session_promoted",
            key=f"session:{session.pk}:promoted:{registration.pk}:{registration.queued_at.timestamp()}",
            context=session_context(session, person.preferred_language),
        )


def tell_changed(*, session: Session, people: Iterable[Person], before: str, after: str) -> None:
    """Tell people the session's time or venue changed (once per change: from one digest to another)."""
    tell_many(
        session=session, people=people, kind="session_changed", key=f"session:{session.pk}:changed:{before}:{after}"
    )


def tell_cancelled(*, session: Session, people: Iterable[Person]) -> None:
    tell_many(session=session, people=people, kind="session_cancelled", key=f"session:{session.pk}:cancelled")


def tell_reminder(*, session: Session, people: Iterable[Person]) -> None:
    """The day-before reminder of the first meeting: once per person, however often it is asked."""
    tell_many(session=session, people=people, kind="session_reminder", key=f"session:{session.pk}:reminder")
