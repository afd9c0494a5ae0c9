"""A person's training sessions as a calendar their phone subscribes to, at a private address.

Each person may have one feed address, `/training/calendar/<token>.ics`. The token is the only
key: calendar apps fetch the feed without signing in, so whoever holds the address reads the
person's sessions (titles, times, venues; never anyone else's data). Resetting the address gives
a new token and the old address stops working at once. The token is random, shown only to its
owner, and is never used for anything else.

The feed holds one event for each meeting of every session the person has a seat in (not the
waitlist, not a place they cancelled) and of every session they train, from six months back.
Events keep the same UID for the same meeting, so a calendar updates a moved meeting in place;
a cancelled session's meetings stay, marked cancelled, until they are six months old. Times are
written in UTC (calendars show them in the phone's time zone, Phnom Penh's); titles and venues
are in the person's language where the course or seminar page is translated.
"""

import datetime
from urllib.parse import urlsplit

import icalendar
from django.conf import settings
from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from wagtail.models import Page

from lms.messaging.kinds import language_for
from lms.people.models import Person

from .choices import RegistrationStatus, VenueKind
from .messages import venue_text
from .models import CalendarFeed, Meeting, Registration, Session

# How far back the feed goes: a calendar keeps what it has already shown.
FEED_PAST_DAYS = 180
# How often calendar apps are asked to fetch the feed again.
REFRESH_INTERVAL = datetime.timedelta(hours=6)


# --- The feed's address ---------------------------------------------------------------------------


def calendar_feed_of(person: Person) -> CalendarFeed:
    """The person's feed address, made the first time they ask for it."""
    return CalendarFeed.objects.get_or_create(person=person)[0]


@transaction.atomic
def calendar_feed_reset(*, person: Person) -> CalendarFeed:
    """Give the person a new feed address; the old one stops working at once."""
    feed, created = CalendarFeed.objects.select_for_update().get_or_create(person=person)
    if not created:
        feed.token = CalendarFeed._meta.get_field("token").get_default()
        feed.created_at = timezone.now()
        feed.save(update_fields=["token", "created_at"])
    return feed


def person_from_feed_token(token: str) -> Person | None:
    """The active person whose feed this is, or None for an unknown (or reset) token."""
    feed = CalendarFeed.objects.select_related("person").filter(token=token, person__is_active=True).first()
    return feed.person if feed is not None else None


def calendar_has_sessions(person: Person) -> bool:
    """Whether the person's calendar would show anything: a seat in a session, or a session they train."""
    seated = Registration.objects.filter(person=person, status=RegistrationStatus.REGISTERED)
    return seated.exists() or Session.trainers.through.objects.filter(person=person).exists()


def feed_addresses(feed: CalendarFeed) -> dict[str, str]:
    """The feed's address for calendar apps (webcal://) and as a plain web address (https://)."""
    address = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse("seminars:calendar_feed", args=[feed.token])
    return {"https": address, "webcal": "webcal://" + address.split("://", 1)[1]}


# --- The feed ----------------------------------------------------------------------------------------


def feed_meetings(person: Person, *, now: datetime.datetime | None = None) -> QuerySet[Meeting]:
    """The meetings the feed shows: of sessions the person holds a seat in or trains, from six
    months back, soonest first, with what each event says read in the same query."""
    now = now or timezone.now()
    seated = Registration.objects.filter(
        person=person, status=RegistrationStatus.REGISTERED, session__published_at__isnull=False
    ).values("session_id")
    trained = Session.trainers.through.objects.filter(person=person).values("session_id")
    return (
        Meeting.objects.filter(Q(session_id__in=seated) | Q(session_id__in=trained))
        .filter(ends_at__gte=now - datetime.timedelta(days=FEED_PAST_DAYS))
        .select_related("session", "session__course", "session__seminar", "session__factory", "session__centre")
        .order_by("starts_at", "pk")
    )


def _titles_in(language: str, sessions: list[Session]) -> dict[str, str]:
    """translation key → title of the course and seminar pages in `language`, where translated."""
    keys = {page.translation_key for session in sessions for page in (session.course, session.seminar) if page}
    if not keys or language == settings.LANGUAGE_CODE:
        return {}
    translated = Page.objects.filter(
        translation_key__in=keys, locale__language_code=language, live=True, alias_of__isnull=True
    )
    return dict(translated.values_list("translation_key", "title"))


def _title(session: Session, translated: dict[str, str]) -> str:
    if session.title:
        return session.title
    page = session.course or session.seminar
    return translated.get(page.translation_key, page.title)


def _location(session: Session) -> str:
    if session.venue_kind == VenueKind.ONLINE:
        return session.online_url
    parts = [venue_text(session)]
    if session.venue_kind == VenueKind.CENTRE and session.centre is not None and session.centre.address:
        parts.append(session.centre.address)
    return ", ".join(part for part in parts if part)


def _counts(meetings: list[Meeting]) -> dict[int, tuple[int, int]]:
    """meeting id → (its number in the session, the session's number of meetings), from the
    meetings the feed reads (a session's older meetings beyond six months are counted too)."""
    session_ids = {meeting.session_id for meeting in meetings}
    by_session: dict[int, list[int]] = {}
    for session_id, meeting_id in (
        Meeting.objects.filter(session_id__in=session_ids).order_by("starts_at", "pk").values_list("session_id", "pk")
    ):
        by_session.setdefault(session_id, []).append(meeting_id)
    return {
        meeting_id: (number, len(ids)) for ids in by_session.values() for number, meeting_id in enumerate(ids, start=1)
    }


def calendar_ics(person: Person, *, now: datetime.datetime | None = None) -> bytes:
    """The person's feed as an iCalendar file (UTF-8), in three queries whatever its length."""
    now = now or timezone.now()
    language = language_for(person.preferred_language)
    meetings = list(feed_meetings(person, now=now))
    translated = _titles_in(language, [meeting.session for meeting in meetings])
    numbers = _counts(meetings)
    base_url = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    host = urlsplit(base_url).hostname or "sala"

    with translation.override(language):
        calendar = icalendar.Calendar()
        calendar.add("prodid", "-//Sala//Training sessions//EN")
        calendar.add("version", "2.0")
        calendar.add("calscale", "GREGORIAN")
        calendar.add("method", "PUBLISH")
        calendar.add("x-wr-calname", gettext("Sala training"))
        calendar.add("x-wr-timezone", settings.TIME_ZONE)
        calendar.add("refresh-interval", REFRESH_INTERVAL, parameters={"VALUE": "DURATION"})
        calendar.add("x-published-ttl", icalendar.vDuration(REFRESH_INTERVAL))
        for meeting in meetings:
            calendar.add_component(_event(meeting, translated, numbers, now=now, base_url=base_url, host=host))
    return calendar.to_ical()


def _event(meeting: Meeting, translated, numbers, *, now, base_url: str, host: str) -> icalendar.Event:
    session = meeting.session
    event = icalendar.Event()
    event.add("uid", f"meeting-{meeting.pk}@{host}")
    event.add("dtstamp", now.astimezone(datetime.UTC))
    event.add("last-modified", session.updated_at.astimezone(datetime.UTC))
    event.add("dtstart", meeting.starts_at.astimezone(datetime.UTC))
    event.add("dtend", meeting.ends_at.astimezone(datetime.UTC))
    event.add("summary", _title(session, translated))
    location = _location(session)
    if location:
        event.add("location", location)
    address = base_url + reverse("seminars:session_detail", args=[session.pk])
    event.add("url", address)
    number, total = numbers.get(meeting.pk, (1, 1))
    lines = []
    if total > 1:
        lines.append(gettext("Meeting %(number)d of %(total)d.") % {"number": number, "total": total})
    if session.cancelled_at is not None:
        lines.append(gettext("This session is cancelled."))
        if session.cancel_reason:
            lines.append(session.cancel_reason)
    lines.append(address)
    event.add("description", "\n".join(lines))
    if session.cancelled_at is not None:
        event.add("status", "CANCELLED")
    elif session.published_at is None:
        event.add("status", "TENTATIVE")  # a trainer's draft
    else:
        event.add("status", "CONFIRMED")
    return event
