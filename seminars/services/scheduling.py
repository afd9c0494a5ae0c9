"""Scheduling sessions: creating and changing them, publishing, closing registration, cancelling.

A session is scheduled by a trainer or programme staff with its meetings (one dated stretch of
time each, usually one a day), its venue and its seats. Until it is published it is a draft only
its trainers and programme staff see. Changing the time or the venue of a published session
tells everyone registered or waiting; cancelling tells them too. A trainer booked into two
sessions at the same time is warned, not refused: the programme knows its trainers' days better
than a rule would.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from courses.localization import canonical
from courses.models import CoursePage
from lms.people.choices import Role
from lms.people.models import Factory, Person

from ..choices import RegistrationStatus, SessionState, VenueKind
from ..messages import moment_text, schedule_digest, session_title, tell_cancelled, tell_changed
from ..models import Meeting, Registration, SeatQuota, SeminarPage, Session, TrainingCentre
from ..permissions import user_can_manage_session, user_can_schedule
from ..selectors import ACTIVE_STATUSES, session_state_of
from .errors import InvalidSchedule, NotAllowed
from .registration import locked_session, waitlist_promote

# The fields of a session `session_update` changes by name.
EDITABLE_FIELDS = frozenset(
    {
        "title",
        "course",
        "seminar",
        "venue_kind",
        "factory",
        "centre",
        "online_url",
        "room",
        "capacity",
        "registration_deadline",
        "language",
        "required_meetings",
        "self_registration",
    }
)
# The fields that say where the session meets: a change is told to its people.
VENUE_FIELDS = ("venue_kind", "factory_id", "centre_id", "online_url", "room")


@dataclass
class ScheduleResult:
    session: Session
    warnings: list[str] = field(default_factory=list)


def _meetings_checked(meetings: Iterable[tuple[datetime.datetime, datetime.datetime]]) -> list[tuple]:
    """The meetings in time order; raises InvalidSchedule for none, a backwards one or two that overlap."""
    meetings = sorted((starts_at, ends_at) for starts_at, ends_at in meetings)
    if not meetings:
        raise InvalidSchedule(_("Give the session at least one meeting."))
    for starts_at, ends_at in meetings:
        if timezone.is_naive(starts_at) or timezone.is_naive(ends_at):
            raise InvalidSchedule(_("Give each meeting a full date and time."))
        if ends_at <= starts_at:
            raise InvalidSchedule(_("A meeting must end after it starts."))
    for (_start, earlier_end), (later_start, _end) in zip(meetings, meetings[1:], strict=False):
        if later_start < earlier_end:
            raise InvalidSchedule(_("Two meetings of the session overlap. Give each its own time."))
    return meetings


def _check(session: Session, *, meetings: int) -> None:
    """Raise InvalidSchedule unless the session delivers one thing, somewhere, with seats."""
    if (session.course_id is None) == (session.seminar_id is None):
        raise InvalidSchedule(_("Choose the course or the seminar this session delivers (one of them)."))
    if session.venue_kind == VenueKind.FACTORY and session.factory_id is None:
        raise InvalidSchedule(_("Choose the factory where the session takes place."))
    if session.venue_kind == VenueKind.CENTRE and session.centre_id is None:
        raise InvalidSchedule(_("Choose the training centre where the session takes place."))
    if session.venue_kind == VenueKind.ONLINE and not session.online_url:
        raise InvalidSchedule(_("Give the link of the online session."))
    if session.venue_kind not in VenueKind.values:
        raise InvalidSchedule(_("Choose where the session takes place."))
    if session.capacity is None or session.capacity < 1:
        raise InvalidSchedule(_("A session needs at least one seat."))
    required = session.required_meetings
    if required is not None and not 1 <= required <= meetings:
        raise InvalidSchedule(
            _("Meetings to attend must be between 1 and %(count)d, the number of meetings.") % {"count": meetings}
        )


def _venue_kept_tidy(session: Session) -> None:
    """Only the venue chosen is kept (a factory left over from another choice would mislead)."""
    if session.venue_kind != VenueKind.FACTORY:
        session.factory = None
    if session.venue_kind != VenueKind.CENTRE:
        session.centre = None
    if session.venue_kind != VenueKind.ONLINE:
        session.online_url = ""


def _meetings_write(session: Session, meetings: list[tuple]) -> None:
    """Give the session these meetings, keeping the rows (and their attendance) in time order:
    the first meeting stays the first. A meeting with attendance marks is never removed."""
    current = list(session.meetings.order_by("starts_at", "pk"))
    extra = current[len(meetings) :]
    if Meeting.objects.filter(pk__in=[m.pk for m in extra], attendances__isnull=False).exists():
        raise InvalidSchedule(_("A meeting with attendance marks cannot be removed."))
    Meeting.objects.filter(pk__in=[m.pk for m in extra]).delete()
    changed = []
    for meeting, (starts_at, ends_at) in zip(current, meetings, strict=False):
        if (meeting.starts_at, meeting.ends_at) != (starts_at, ends_at):
            meeting.starts_at, meeting.ends_at = starts_at, ends_at
            changed.append(meeting)
    # Two passes would be needed if a row's new time overlapped another's old one; no constraint
    # forbids that, so one bulk update is enough.
    Meeting.objects.bulk_update(changed, ["starts_at", "ends_at"])
    Meeting.objects.bulk_create(
        Meeting(session=session, starts_at=starts_at, ends_at=ends_at)
        for starts_at, ends_at in meetings[len(current) :]
    )
    session.starts_at, session.ends_at = meetings[0][0], max(ends_at for _start, ends_at in meetings)
    Session.objects.filter(pk=session.pk).update(starts_at=session.starts_at, ends_at=session.ends_at)


def _quotas_write(session: Session, quotas: dict[Factory, int]) -> None:
    if any(seats is None or int(seats) < 0 for seats in quotas.values()):
        raise InvalidSchedule(_("A factory's seats cannot be a negative number."))
    SeatQuota.objects.filter(session=session).exclude(factory__in=list(quotas)).delete()
    for factory, seats in quotas.items():
        SeatQuota.objects.update_or_create(session=session, factory=factory, defaults={"seats": int(seats)})


def trainer_overlap_warnings(session: Session) -> list[str]:
    """A warning for each trainer of the session who trains another session at the same time."""
    meetings = list(session.meetings.values_list("starts_at", "ends_at"))
    trainers = {trainer.pk: trainer for trainer in session.trainers.all()}
    if not meetings or not trainers:
        return []
    overlap = Q(pk__in=[])
    for starts_at, ends_at in meetings:
        overlap |= Q(starts_at__lt=ends_at, ends_at__gt=starts_at)
    clashes = list(
        Meeting.objects.filter(overlap, session__trainers__in=list(trainers), session__cancelled_at__isnull=True)
        .exclude(session=session)
        .values_list("session__trainers", "session_id")
        .distinct()
        .order_by("session__trainers", "session_id")
    )
    others = Session.objects.select_related("course", "seminar").in_bulk({session_id for _t, session_id in clashes})
    return [
        _("%(trainer)s also trains %(session)s at the same time (%(when)s).")
        % {
            "trainer": trainers[trainer_id],
            "session": session_title(others[session_id]),
            "when": moment_text(others[session_id].starts_at),
        }
        for trainer_id, session_id in clashes
        if trainer_id in trainers
    ]


def _page(page):
    """Sessions point at the English page of a course or seminar, whatever language it was chosen in."""
    return canonical(page) if page is not None else None


@transaction.atomic
def session_create(
    *,
    by: Person,
    course: CoursePage | None = None,
    seminar: SeminarPage | None = None,
    title: str = "",
    venue_kind: str,
    factory: Factory | None = None,
    centre: TrainingCentre | None = None,
    online_url: str = "",
    room: str = "",
    capacity: int,
    registration_deadline: datetime.datetime | None = None,
    language: str = "km",
    required_meetings: int | None = None,
    self_registration: bool = True,
    trainers: Iterable[Person] = (),
    meetings: list[tuple[datetime.datetime, datetime.datetime]],
    quotas: dict[Factory, int] | None = None,
    publish: bool = False,
) -> ScheduleResult:
    """Schedule a session of a course or a seminar with its meetings, venue, seats, trainers and
    factory quotas; a draft unless `publish`. A trainer who schedules a session without naming its
    trainers trains it. Raises NotAllowed or InvalidSchedule; warns of trainers booked elsewhere
    at the same time.
    """
    if not user_can_schedule(by):
        raise NotAllowed(_("Only trainers and programme staff schedule sessions."))
    meetings = _meetings_checked(meetings)
    session = Session(
        title=title.strip(),
        course=_page(course),
        seminar=_page(seminar),
        venue_kind=venue_kind,
        factory=factory,
        centre=centre,
        online_url=online_url.strip(),
        room=room.strip(),
        capacity=capacity,
        registration_deadline=registration_deadline,
        language=language,
        required_meetings=required_meetings,
        self_registration=self_registration,
        created_by=by,
        published_at=timezone.now() if publish else None,
    )
    _venue_kept_tidy(session)
    _check(session, meetings=len(meetings))
    session.save()
    _meetings_write(session, meetings)
    trainers = list(trainers)
    if not trainers and by.has_role(Role.TRAINER):
        trainers = [by]
    session.trainers.set(trainers)
    if quotas:
        _quotas_write(session, quotas)
    return ScheduleResult(session=session, warnings=trainer_overlap_warnings(session))


def _people_told(session: Session) -> list[Person]:
    """Everyone holding or waiting for a place: they hear of a change or a cancellation."""
    return [
        registration.person
        for registration in Registration.objects.filter(session=session, status__in=ACTIVE_STATUSES).select_related(
            "person"
        )
    ]


def _refuse_when_over(session: Session) -> None:
    if session.cancelled_at is not None:
        raise InvalidSchedule(_("This session is cancelled: it cannot be changed."))
    if session.closed_at is not None:
        raise InvalidSchedule(_("This session is closed: it cannot be changed."))


def _require_manager(by: Person, session: Session) -> None:
    if not user_can_manage_session(by, session):
        raise NotAllowed(_("Only the session's trainers and programme staff can change it."))


@transaction.atomic
def session_update(
    *,
    session: Session,
    by: Person,
    meetings: list[tuple[datetime.datetime, datetime.datetime]] | None = None,
    trainers: Iterable[Person] | None = None,
    quotas: dict[Factory, int] | None = None,
    **fields,
) -> ScheduleResult:
    """Change a session: its fields by name (title, venue, capacity...), and when given its
    meetings, trainers or factory quotas (each replaced as a whole). Meetings keep their rows in
    time order, so attendance stays with them; a meeting with marks is not removed.

    Everyone registered or waiting is told when a published session's time or venue changes.
    More seats (or a larger quota) seat people from the waitlist; fewer never take a seat away
    (a warning says how many are over). Raises NotAllowed or InvalidSchedule.
    """
    unknown = set(fields) - EDITABLE_FIELDS
    if unknown:
        raise TypeError(f"session_update() does not change {', '.join(sorted(unknown))}")
    _require_manager(by, session)
    session = locked_session(session)
    _refuse_when_over(session)
    digest_before = schedule_digest(session)
    for name, value in fields.items():
        if name in ("course", "seminar"):
            value = _page(value)
        elif name in ("title", "online_url", "room") and value is not None:
            value = value.strip()
        setattr(session, name, value)
    _venue_kept_tidy(session)
    meetings = _meetings_checked(meetings) if meetings is not None else None
    count = len(meetings) if meetings is not None else session.meetings.count()
    _check(session, meetings=count)
    session.save()
    if meetings is not None:
        _meetings_write(session, meetings)
    if trainers is not None:
        session.trainers.set(list(trainers))
    if quotas is not None:
        _quotas_write(session, quotas)
    warnings = trainer_overlap_warnings(session)
    registered = Registration.objects.filter(session=session, status=RegistrationStatus.REGISTERED).count()
    if registered > session.capacity:
        warnings.append(
            _("%(count)d people are registered for %(seats)d seats: nobody loses their place.")
            % {"count": registered, "seats": session.capacity}
        )
    waitlist_promote(session)
    digest_after = schedule_digest(session)
    if session.published_at is not None and digest_after != digest_before:
        tell_changed(session=session, people=_people_told(session), before=digest_before, after=digest_after)
    return ScheduleResult(session=session, warnings=warnings)


@transaction.atomic
def session_publish(*, session: Session, by: Person) -> Session:
    """Publish a draft: it shows to everyone and takes registrations. Publishing twice changes nothing."""
    _require_manager(by, session)
    session = locked_session(session)
    _refuse_when_over(session)
    if session.starts_at is None:
        raise InvalidSchedule(_("Give the session at least one meeting before publishing it."))
    if session.published_at is None:
        session.published_at = timezone.now()
        session.save(update_fields=["published_at", "updated_at"])
    return session


@transaction.atomic
def session_registration_close(*, session: Session, by: Person) -> Session:
    """Stop taking registrations before the deadline (trainers and staff still add people)."""
    _require_manager(by, session)
    session = locked_session(session)
    _refuse_when_over(session)
    if session.registration_closed_at is None:
        session.registration_closed_at = timezone.now()
        session.save(update_fields=["registration_closed_at", "updated_at"])
    return session


@transaction.atomic
def session_cancel(*, session: Session, by: Person, reason: str = "") -> Session:
    """Cancel a session that is not over: everyone registered or waiting is told (once). The
    registrations stay as they were, for the record. Cancelling twice changes nothing."""
    _require_manager(by, session)
    session = locked_session(session)
    if session.cancelled_at is not None:
        return session
    if session_state_of(session) == SessionState.COMPLETED:
        raise InvalidSchedule(_("This session is over: it cannot be cancelled."))
    session.cancelled_at = timezone.now()
    session.cancel_reason = (reason or "").strip()[:300]
    session.save(update_fields=["cancelled_at", "cancel_reason", "updated_at"])
    if session.published_at is not None:
        tell_cancelled(session=session, people=_people_told(session))
    return session
