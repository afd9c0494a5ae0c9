"""Taking attendance: one mark per person and meeting, from a trainer's phone.

The register works offline: marks made without a connection are sent later, perhaps twice, and
perhaps after a newer mark made on another phone. So a mark names itself (`mark_id`) and says when
it was made (`marked_at`, the phone's clock): the same mark sent twice is recorded once, and a mark
older than the one recorded does not overwrite it. A phone whose clock runs ahead cannot win
forever: a mark is never dated later than when the server receives it.

Someone marked present or late without a place (a walk-in) is registered on the spot by the
trainer, even beyond the seats.
"""

import datetime
import uuid
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from lms.people.models import Person

from ..choices import AttendanceStatus, RegistrationStatus
from ..models import Attendance, Meeting, Registration, Session
from ..permissions import user_can_manage_session
from .errors import AttendanceRefused, NotAllowed, SessionError
from .registration import locked_session, registration_walk_in

# The register opens this long before a meeting starts (people arrive early).
OPENS_BEFORE = datetime.timedelta(hours=1)
ATTENDED = (AttendanceStatus.PRESENT, AttendanceStatus.LATE)


@dataclass
class MarkResult:
    """What became of one mark of a batch: accepted (with the attendance now recorded, which is
    a newer mark when this one was older) or refused with a reason to show the trainer."""

    mark_id: str
    accepted: bool
    reason: str = ""
    attendance: Attendance | None = None


def _require_taking_attendance(session: Session, by: Person) -> None:
    if not user_can_manage_session(by, session):
        raise NotAllowed(_("Only the session's trainers and programme staff take attendance."))
    if session.cancelled_at is not None:
        raise AttendanceRefused(_("This session is cancelled."))
    if session.closed_at is not None:
        raise AttendanceRefused(_("This session is closed: its attendance can no longer change."))


def _mark(
    *,
    session: Session,
    meeting: Meeting,
    person: Person,
    status: str,
    by: Person,
    marked_at: datetime.datetime | None,
    mark_id: uuid.UUID | None,
    now: datetime.datetime,
) -> Attendance:
    """Record one mark in a locked session that `by` may take attendance of."""
    if meeting.session_id != session.pk:
        raise AttendanceRefused(_("This meeting is not part of the session."))
    if status not in AttendanceStatus.values:
        raise AttendanceRefused(_("Mark the person present, late or absent."))
    if now < meeting.starts_at - OPENS_BEFORE:
        raise AttendanceRefused(_("Attendance is taken from one hour before the meeting starts."))
    if mark_id is not None:
        sent_before = Attendance.objects.filter(mark_id=mark_id).first()
        if sent_before is not None:
            if (sent_before.meeting_id, sent_before.person_id) != (meeting.pk, person.pk):
                raise AttendanceRefused(_("This mark was already recorded for someone else."))
            return sent_before
    marked_at = min(marked_at or now, now)
    registration = Registration.objects.filter(session=session, person=person).first()
    if registration is None or registration.status != RegistrationStatus.REGISTERED:
        if status not in ATTENDED:
            raise AttendanceRefused(_("%(person)s is not registered for this session.") % {"person": person})
        registration_walk_in(session=session, person=person, by=by)
    recorded = Attendance.objects.filter(meeting=meeting, person=person).first()
    if recorded is not None and recorded.marked_at > marked_at:
        return recorded  # a newer mark is recorded already
    values = {"status": status, "marked_at": marked_at, "mark_id": mark_id, "marked_by": by, "recorded_at": now}
    if recorded is None:
        return Attendance.objects.create(meeting=meeting, person=person, **values)
    for name, value in values.items():
        setattr(recorded, name, value)
    recorded.save(update_fields=list(values))
    return recorded


@transaction.atomic
def attendance_mark(
    *,
    meeting: Meeting,
    person: Person,
    status: str,
    by: Person,
    marked_at: datetime.datetime | None = None,
    mark_id: uuid.UUID | str | None = None,
) -> Attendance:
    """Mark a person present, late or absent at one meeting; returns the attendance recorded.

    Only the session's trainers and programme staff, from one hour before the meeting starts,
    until the session is closed (never on a cancelled session). The same `mark_id` twice records
    once; a mark older (`marked_at`) than the one recorded leaves it as it is, and the newer one is
    returned. Someone present or late without a place is registered as a walk-in. Raises
    NotAllowed or AttendanceRefused.
    """
    session = locked_session(meeting.session)
    _require_taking_attendance(session, by)
    return _mark(
        session=session,
        meeting=meeting,
        person=person,
        status=status,
        by=by,
        marked_at=marked_at,
        mark_id=uuid.UUID(str(mark_id)) if mark_id else None,
        now=timezone.now(),
    )


def _moment(value) -> datetime.datetime | None:
    if value in (None, ""):
        return None
    moment = value if isinstance(value, datetime.datetime) else parse_datetime(str(value))
    if moment is None:
        raise ValueError(value)
    return timezone.make_aware(moment) if timezone.is_naive(moment) else moment


def _pk(value) -> int:
    return int(getattr(value, "pk", value))


@transaction.atomic
def attendance_marks_record(*, session: Session, marks: list[dict], by: Person) -> list[MarkResult]:
    """Record a batch of marks sent by the offline register, each accepted or refused on its own
    (one bad mark never fails the others): a dict {"mark_id", "meeting", "person", "status",
    "marked_at"} per mark, meeting and person as ids (or objects), marked_at as an ISO 8601 time.
    A mark sent again is accepted again without changing anything. Raises NotAllowed (or
    AttendanceRefused) for the whole batch when `by` may not take this session's attendance now.
    """
    session = locked_session(session)
    _require_taking_attendance(session, by)
    meetings = {meeting.pk: meeting for meeting in session.meetings.all()}
    person_ids = set()
    for mark in marks:
        try:
            person_ids.add(_pk(mark.get("person")))
        except (AttributeError, TypeError, ValueError):
            continue
    people = Person.objects.in_bulk(person_ids)
    now = timezone.now()
    results = []
    for mark in marks:
        mark_id = str(mark.get("mark_id", "")) if isinstance(mark, dict) else ""
        try:
            meeting = meetings.get(_pk(mark["meeting"]))
            person = people.get(_pk(mark["person"]))
            if meeting is None:
                raise AttendanceRefused(_("This meeting is not part of the session."))
            if person is None:
                raise AttendanceRefused(_("This person is not known."))
            with transaction.atomic():  # a mark that fails leaves the others recorded
                attendance = _mark(
                    session=session,
                    meeting=meeting,
                    person=person,
                    status=mark["status"],
                    by=by,
                    marked_at=_moment(mark.get("marked_at")),
                    mark_id=uuid.UUID(mark_id),
                    now=now,
                )
        except SessionError as error:
            results.append(MarkResult(mark_id=mark_id, accepted=False, reason=str(error)))
        except (KeyError, TypeError, ValueError, AttributeError):
            results.append(MarkResult(mark_id=mark_id, accepted=False, reason=_("This mark could not be read.")))
        else:
            results.append(MarkResult(mark_id=mark_id, accepted=True, attendance=attendance))
    return results
