"""Taking places in sessions: registering oneself, nomination by HR, adding by trainers, the
waitlist and its promotion.

A registration gets a seat when the session has one left and, if the person's factory holds a
quota of the session's seats, the factory has one left in its quota; otherwise it joins the
waitlist. A quota caps a factory; the capacity caps the session; factories without a quota share
whatever seats are left. Every registration and cancellation locks the session's row first, so two
people taking the last seat at the same moment cannot both get it, and the waitlist moves in order.
"""

import datetime
import re
from collections import Counter
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Count, Q
from django.db.models.functions import Upper
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from lms.people.choices import EmploymentStatus
from lms.people.models import Factory, Person
from lms.people.normalise import normalise_identifier
from lms.people.permissions import is_factory_hr, user_can_manage_person

from ..choices import RegistrationSource, RegistrationStatus, SessionState
from ..messages import moment_text, session_title, tell_places, tell_promoted
from ..models import Meeting, Registration, SeatQuota, Session
from ..permissions import TAKING_REGISTRATIONS, user_can_cancel_registration, user_can_manage_session
from ..selectors import ACTIVE_STATUSES, session_state_of
from .errors import NotAllowed, RegistrationRefused, UnknownWorkerIds

# Pasted worker IDs are separated by any mix of spaces, commas, semicolons and new lines.
WORKER_ID_SEPARATORS = re.compile(r"[\s,;]+")
# Worker IDs looked up per query (a factory may paste thousands).
WORKER_ID_CHUNK = 1000


@dataclass
class RegistrationOutcome:
    registration: Registration
    created: bool
    waitlisted: bool
    warnings: list[str] = field(default_factory=list)


@dataclass
class NominationSummary:
    registered: list[Person] = field(default_factory=list)
    waitlisted: list[Person] = field(default_factory=list)
    already: list[Person] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def locked_session(session: Session) -> Session:
    """Lock the session's row until the transaction ends and read it again (the caller's object
    too, so it shows what the service wrote)."""
    Session.objects.select_for_update().filter(pk=session.pk).values_list("pk").get()
    session.refresh_from_db()
    return session


class Seats:
    """The seats of a locked session: how many are taken, in all and by each factory with a quota."""

    def __init__(self, session: Session):
        self.capacity = session.capacity
        registered = Registration.objects.filter(session=session, status=RegistrationStatus.REGISTERED)
        self.quotas = dict(SeatQuota.objects.filter(session=session).values_list("factory_id", "seats"))
        by_factory = (
            registered.filter(factory_id__in=list(self.quotas))
            .order_by()
            .values_list("factory_id")
            .annotate(n=Count("pk"))
        )
        self.taken = registered.count()
        self.taken_by_factory = Counter(dict(by_factory))

    def fit(self, factory_id: int | None) -> bool:
        """Whether someone of this factory gets a seat now."""
        if self.taken >= self.capacity:
            return False
        quota = self.quotas.get(factory_id)
        return quota is None or self.taken_by_factory[factory_id] < quota

    def take(self, factory_id: int | None) -> None:
        self.taken += 1
        self.taken_by_factory[factory_id] += 1


def refusal_for_state(state: SessionState) -> RegistrationRefused:
    """Why a session in this state does not take a registration, in plain words."""
    reasons = {
        SessionState.DRAFT: _("This session is not open for registration yet."),
        SessionState.REGISTRATION_CLOSED: _("Registration for this session is closed."),
        SessionState.IN_PROGRESS: _("This session has already started."),
        SessionState.COMPLETED: _("This session is over."),
        SessionState.CANCELLED: _("This session is cancelled."),
    }
    return RegistrationRefused(reasons.get(state, _("This session does not take registrations now.")))


def _source(*, session: Session, state: SessionState, person: Person, by: Person, manager: bool) -> str:
    """How `by` registers `person` (the registration's source); raises when they may not."""
    if manager:
        # Trainers and programme staff add people until the session is over (walk-ins included).
        if state in (SessionState.CANCELLED, SessionState.COMPLETED):
            raise refusal_for_state(state)
        return RegistrationSource.SELF if by.pk == person.pk else RegistrationSource.TRAINER
    if by.pk == person.pk:
        if not session.self_registration:
            raise RegistrationRefused(_("People are registered for this session by their HR or a trainer."))
        if state not in TAKING_REGISTRATIONS:
            raise refusal_for_state(state)
        return RegistrationSource.SELF
    if is_factory_hr(by):
        if not user_can_manage_person(by, person):
            raise NotAllowed(_("You can only register people of your own factory."))
        if state not in TAKING_REGISTRATIONS:
            raise refusal_for_state(state)
        return RegistrationSource.FACTORY_HR
    raise NotAllowed(_("You cannot register other people for this session."))


def _already(registration: Registration, *, person: Person, by: Person) -> RegistrationRefused:
    waiting = registration.status == RegistrationStatus.WAITLISTED
    if by.pk == person.pk:
        if waiting:
            return RegistrationRefused(_("You are already on the waitlist for this session."))
        return RegistrationRefused(_("You are already registered for this session."))
    if waiting:
        return RegistrationRefused(_("%(person)s is already on the waitlist for this session.") % {"person": person})
    return RegistrationRefused(_("%(person)s is already registered for this session.") % {"person": person})


def _place(
    registration: Registration | None,
    *,
    session: Session,
    person: Person,
    by: Person,
    source: str,
    status: str,
    queued_at: datetime.datetime,
) -> Registration:
    """The person's row for this session, new or reused, set to `status` at the back of the queue
    (not saved)."""
    if registration is None:
        registration = Registration(session=session, person=person, created_at=queued_at)
    registration.status = status
    registration.source = source
    registration.factory_id = person.factory_id
    registration.registered_by = by
    registration.queued_at = queued_at
    registration.cancelled_at = None
    registration.session = session
    registration.person = person
    return registration


def _waiting_count(session: Session) -> int:
    return Registration.objects.filter(session=session, status=RegistrationStatus.WAITLISTED).count()


def _overlapping(meetings: list[tuple[datetime.datetime, datetime.datetime]]) -> Q:
    overlap = Q(pk__in=[])
    for starts_at, ends_at in meetings:
        overlap |= Q(starts_at__lt=ends_at, ends_at__gt=starts_at)
    return overlap


def person_overlap_warnings(*, session: Session, people: list[Person], by: Person) -> list[str]:
    """A warning for each person booked on another session meeting at the same time (one query)."""
    meetings = list(session.meetings.values_list("starts_at", "ends_at"))
    if not meetings or not people:
        return []
    names = {person.pk: person for person in people}
    clashes = (
        Meeting.objects.filter(_overlapping(meetings))
        .filter(
            session__registrations__person_id__in=list(names),
            session__registrations__status__in=ACTIVE_STATUSES,
            session__cancelled_at__isnull=True,
        )
        .exclude(session=session)
        .values_list("session__registrations__person_id", "session_id")
        .distinct()
        .order_by("session__registrations__person_id", "session_id")
    )
    clashes = list(clashes)
    others = Session.objects.select_related("course", "seminar").in_bulk({session_id for _p, session_id in clashes})
    warnings = []
    for person_id, session_id in clashes:
        other = others[session_id]
        values = {"person": names[person_id], "session": session_title(other), "when": moment_text(other.starts_at)}
        if person_id == by.pk:
            warnings.append(_("You are also booked on %(session)s at the same time (%(when)s).") % values)
        else:
            warnings.append(_("%(person)s is also booked on %(session)s at the same time (%(when)s).") % values)
    return warnings


@transaction.atomic
def registration_create(*, session: Session, person: Person, by: Person) -> RegistrationOutcome:
    """Register `person` for `session`: a seat when one fits, otherwise the waitlist.

    `by` is the person acting: the person themselves (when the session allows it and takes
    registrations), factory HR for its own factory's people (while it takes registrations), or the
    session's trainers and programme staff (until it is over). Registering again after cancelling
    reuses the person's row, at the back of the queue. The person is told (confirmed, invited or
    waitlisted). Raises RegistrationRefused or NotAllowed; warns of overlapping sessions.
    """
    session = locked_session(session)
    state = session_state_of(session)
    manager = user_can_manage_session(by, session)
    source = _source(session=session, state=state, person=person, by=by, manager=manager)
    existing = Registration.objects.filter(session=session, person=person).first()
    if existing is not None and existing.status in ACTIVE_STATUSES:
        raise _already(existing, person=person, by=by)
    seats = Seats(session)
    seated = seats.fit(person.factory_id)
    registration = _place(
        existing,
        session=session,
        person=person,
        by=by,
        source=source,
        status=RegistrationStatus.REGISTERED if seated else RegistrationStatus.WAITLISTED,
        queued_at=timezone.now(),
    )
    registration.save()
    waiting = [] if seated else [(person, _waiting_count(session))]
    tell_places(
        session=session,
        registered=[person] if seated else [],
        waitlisted=waiting,
        by_self=source == RegistrationSource.SELF,
        stamp=str(registration.queued_at.timestamp()),
    )
    return RegistrationOutcome(
        registration=registration,
        created=existing is None,
        waitlisted=not seated,
        warnings=person_overlap_warnings(session=session, people=[person], by=by),
    )


@transaction.atomic
def registrations_nominate(*, session: Session, people, by: Person) -> NominationSummary:
    """Register several people at once (HR nominating a department or a pasted list, a trainer
    adding a group): all or nothing. People are seated in the order given while seats (and their
    factory's quota) last, then waitlisted in that order; people already registered or waiting are
    listed as such and keep their place. Raises NotAllowed naming everyone `by` may not register,
    or RegistrationRefused when the session does not take registrations from `by`.
    """
    people = list({person.pk: person for person in people}.values())
    session = locked_session(session)
    state = session_state_of(session)
    manager = user_can_manage_session(by, session)
    sources, refused = {}, []
    for person in people:
        try:
            sources[person.pk] = _source(session=session, state=state, person=person, by=by, manager=manager)
        except NotAllowed:
            refused.append(person)
    if refused:
        raise NotAllowed(
            ngettext(
                "You cannot register this person: %(people)s.",
                "You cannot register these people: %(people)s.",
                len(refused),
            )
            % {"people": ", ".join(str(person) for person in refused)}
        )
    existing = {r.person_id: r for r in Registration.objects.filter(session=session, person__in=people)}
    seats = Seats(session)
    waiting_before = _waiting_count(session)
    summary = NominationSummary()
    now = timezone.now()
    new, reused = [], []
    for number, person in enumerate(people):
        registration = existing.get(person.pk)
        if registration is not None and registration.status in ACTIVE_STATUSES:
            summary.already.append(person)
            continue
        seated = seats.fit(person.factory_id)
        if seated:
            seats.take(person.factory_id)
            summary.registered.append(person)
        else:
            summary.waitlisted.append(person)
        placed = _place(
            registration,
            session=session,
            person=person,
            by=by,
            source=sources[person.pk],
            status=RegistrationStatus.REGISTERED if seated else RegistrationStatus.WAITLISTED,
            # One microsecond apart: the waitlist keeps the order the people were given in.
            queued_at=now + datetime.timedelta(microseconds=number),
        )
        (new if registration is None else reused).append(placed)
    Registration.objects.bulk_create(new)
    Registration.objects.bulk_update(
        reused, ["status", "source", "factory", "registered_by", "queued_at", "cancelled_at", "updated_at"]
    )
    tell_places(
        session=session,
        registered=summary.registered,
        waitlisted=[(person, waiting_before + n) for n, person in enumerate(summary.waitlisted, start=1)],
        by_self=False,
        stamp=str(now.timestamp()),
    )
    summary.warnings = person_overlap_warnings(session=session, people=summary.registered + summary.waitlisted, by=by)
    return summary


def people_from_worker_ids(*, factory: Factory, text: str) -> list[Person]:
    """The factory's current people with the worker IDs pasted in `text`, in the order typed.

    IDs may be separated by any mix of spaces, commas, semicolons and new lines; case, blanks,
    duplicates, invisible characters and Khmer digits do not matter. Raises UnknownWorkerIds listing
    every ID that is not on the factory's current roster (someone who has left is not); an empty
    paste gives no one.
    """
    typed, seen = [], set()
    for token in WORKER_ID_SEPARATORS.split(normalise_identifier(text)):
        if token and token.upper() not in seen:
            seen.add(token.upper())
            typed.append(token)
    found: dict[str, Person] = {}
    current = Person.objects.filter(factory=factory, employment_status=EmploymentStatus.ACTIVE)
    for start in range(0, len(typed), WORKER_ID_CHUNK):
        keys = [token.upper() for token in typed[start : start + WORKER_ID_CHUNK]]
        for person in current.annotate(worker_key=Upper("worker_id")).filter(worker_key__in=keys):
            found[person.worker_key] = person
    unknown = [token for token in typed if token.upper() not in found]
    if unknown:
        raise UnknownWorkerIds(
            ngettext(
                "This worker ID is not on the factory's list of current workers: %(ids)s.",
                "These worker IDs are not on the factory's list of current workers: %(ids)s.",
                len(unknown),
            )
            % {"ids": ", ".join(unknown)},
            worker_ids=unknown,
        )
    return [found[token.upper()] for token in typed]


def waitlist_promote(session: Session) -> list[Registration]:
    """Seat the first people of the waitlist who fit (capacity and their factory's quota), in order;
    someone blocked by their factory's quota keeps their place and the next who fits goes first.
    Each person seated is told. The caller holds the session's lock. Nothing moves once the session
    has started, is over or is cancelled."""
    if session_state_of(session) in (SessionState.IN_PROGRESS, SessionState.COMPLETED, SessionState.CANCELLED):
        return []
    seats = Seats(session)
    promoted = []
    if seats.taken >= seats.capacity:
        return promoted
    waiting = (
        Registration.objects.filter(session=session, status=RegistrationStatus.WAITLISTED)
        .select_related("person")
        .order_by("queued_at", "pk")
    )
    for registration in waiting.iterator(chunk_size=200):
        if seats.taken >= seats.capacity:
            break
        if seats.fit(registration.factory_id):
            seats.take(registration.factory_id)
            registration.status = RegistrationStatus.REGISTERED
            promoted.append(registration)
    Registration.objects.filter(pk__in=[registration.pk for registration in promoted]).update(
        status=RegistrationStatus.REGISTERED, updated_at=timezone.now()
    )
    tell_promoted(session=session, registrations=promoted)
    return promoted


@transaction.atomic
def registration_cancel(*, registration: Registration, by: Person) -> Registration | None:
    """Give up a place (or a place on the waitlist). A freed seat goes to the first person on the
    waitlist who fits, who is told; that registration is returned (None when nobody moved up).
    Cancelling twice changes nothing. Once the session has started only its trainers and programme
    staff cancel a place; a session that is over or cancelled keeps its list as it was.
    """
    session = locked_session(registration.session)
    registration = Registration.objects.select_related("person", "session").get(pk=registration.pk)
    if not user_can_cancel_registration(by, registration):
        raise NotAllowed(_("You cannot cancel this place."))
    state = session_state_of(session)
    if state in (SessionState.COMPLETED, SessionState.CANCELLED):
        raise refusal_for_state(state)
    if state == SessionState.IN_PROGRESS and not user_can_manage_session(by, session):
        raise RegistrationRefused(_("This session has already started: ask the trainer."))
    if registration.status == RegistrationStatus.CANCELLED:
        return None
    seat_freed = registration.status == RegistrationStatus.REGISTERED
    registration.status = RegistrationStatus.CANCELLED
    registration.cancelled_at = timezone.now()
    registration.save(update_fields=["status", "cancelled_at", "updated_at"])
    promoted = waitlist_promote(session) if seat_freed else []
    return promoted[0] if promoted else None


def registration_walk_in(*, session: Session, person: Person, by: Person) -> Registration:
    """Seat someone who came without a place (added from the attendance register): registered by
    the trainer even beyond the capacity or their factory's quota. The caller holds the session's
    lock and has checked that `by` runs the session."""
    registration = Registration.objects.filter(session=session, person=person).first()
    if registration is not None and registration.status == RegistrationStatus.REGISTERED:
        return registration
    registration = _place(
        registration,
        session=session,
        person=person,
        by=by,
        source=RegistrationSource.TRAINER,
        status=RegistrationStatus.REGISTERED,
        queued_at=timezone.now(),
    )
    registration.save()
    return registration
