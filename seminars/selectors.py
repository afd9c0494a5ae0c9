"""Reading sessions and their registrations, with the training rules applied.

The state of a session is computed, never stored (seminars.states). `session_state_of` computes it
for one session; `sessions_in_state` asks the database the same question for a whole list, so a
filter by state never loads the sessions to compute it one by one. Tests hold the two to agreement.
"""

import datetime

from django.db.models import Case, Count, F, IntegerField, OuterRef, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from courses.models import CoursePage
from lms.people.models import Factory, Person

from .choices import RegistrationStatus, SessionState
from .models import Registration, SeatQuota, SeminarPage, Session
from .states import SessionFacts, session_state

# Registrations that hold or wait for a place (a cancelled one holds nothing).
ACTIVE_STATUSES = (RegistrationStatus.REGISTERED, RegistrationStatus.WAITLISTED)


def _registration_count(status: str, *, session: str = "pk") -> Coalesce:
    """A subquery: how many registrations of the outer row's session (its field `session`) have `status`."""
    counted = (
        Registration.objects.filter(session=OuterRef(session), status=status)
        .order_by()
        .values("session")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def sessions_with_counts(queryset: QuerySet[Session]) -> QuerySet[Session]:
    """The sessions with `registered_count` and `waitlisted_count`, in the same query."""
    return queryset.annotate(
        registered_count=_registration_count(RegistrationStatus.REGISTERED),
        waitlisted_count=_registration_count(RegistrationStatus.WAITLISTED),
    )


def registered_count(session: Session) -> int:
    """Seats taken: the annotation when the session came from `sessions_with_counts`, else a count."""
    annotated = getattr(session, "registered_count", None)
    if annotated is not None:
        return annotated
    return Registration.objects.filter(session=session, status=RegistrationStatus.REGISTERED).count()


def session_facts(session: Session, *, registered: int | None = None) -> SessionFacts:
    """What the state of `session` is computed from (`registered`: seats taken, when known)."""
    return SessionFacts(
        published=session.published_at is not None,
        cancelled=session.cancelled_at is not None,
        closed=session.closed_at is not None,
        registration_closed=session.registration_closed_at is not None,
        starts_at=session.starts_at,
        ends_at=session.ends_at,
        registration_deadline=session.registration_deadline,
        capacity=session.capacity,
        registered=registered if registered is not None else registered_count(session),
    )


def session_state_of(session: Session, *, now: datetime.datetime | None = None) -> SessionState:
    """The state of one session now (or at `now`)."""
    return session_state(session_facts(session), now=now or timezone.now())


def _state_conditions(now: datetime.datetime) -> dict[SessionState, Q]:
    """The rules of seminars.states.session_state as conditions on sessions annotated with
    `registered_count`; each excludes the states before it in the order of precedence."""
    live = Q(cancelled_at__isnull=True, closed_at__isnull=True)
    scheduled = live & Q(published_at__isnull=False, starts_at__isnull=False)
    before_start = scheduled & Q(starts_at__gt=now)
    registration_closed = Q(registration_closed_at__isnull=False) | Q(registration_deadline__lte=now)
    taking_names = before_start & ~registration_closed
    return {
        SessionState.CANCELLED: Q(cancelled_at__isnull=False),
        SessionState.COMPLETED: Q(cancelled_at__isnull=True, closed_at__isnull=False),
        SessionState.DRAFT: live & (Q(published_at__isnull=True) | Q(starts_at__isnull=True)),
        SessionState.IN_PROGRESS: scheduled & Q(starts_at__lte=now),
        SessionState.REGISTRATION_CLOSED: before_start & registration_closed,
        SessionState.FULL: taking_names & Q(registered_count__gte=F("capacity")),
        SessionState.OPEN: taking_names & Q(registered_count__lt=F("capacity")),
    }


def sessions_in_state(
    queryset: QuerySet[Session], state: SessionState | str | list, *, now: datetime.datetime | None = None
) -> QuerySet[Session]:
    """The sessions of `queryset` in `state` (or in any of a list of states) at `now`."""
    now = now or timezone.now()
    states = [state] if isinstance(state, str) else list(state)
    conditions = _state_conditions(now)
    wanted = Q(pk__in=[])
    for one in states:
        wanted |= conditions[SessionState(one)]
    if "registered_count" not in queryset.query.annotations:
        queryset = sessions_with_counts(queryset)
    return queryset.filter(wanted)


def _listed(queryset: QuerySet[Session]) -> QuerySet[Session]:
    """What a list of sessions shows on each line, read in the same query."""
    return sessions_with_counts(queryset.select_related("course", "seminar", "factory", "centre"))


def upcoming_sessions(
    *, course: CoursePage | None = None, seminar: SeminarPage | None = None, now: datetime.datetime | None = None
) -> QuerySet[Session]:
    """Published sessions that have not started yet and are not cancelled, soonest first; of one
    course or seminar when given (in any language: sessions point at the English page)."""
    now = now or timezone.now()
    sessions = Session.objects.filter(
        published_at__isnull=False, cancelled_at__isnull=True, closed_at__isnull=True, starts_at__gt=now
    )
    if course is not None:
        sessions = sessions.filter(course__translation_key=course.translation_key)
    if seminar is not None:
        sessions = sessions.filter(seminar__translation_key=seminar.translation_key)
    return _listed(sessions).order_by("starts_at", "pk")


def sessions_open_to(person: Person, *, now: datetime.datetime | None = None) -> QuerySet[Session]:
    """Sessions this person may register for themselves now (open, or full with a waitlist)."""
    sessions = Session.objects.filter(self_registration=True)
    return sessions_in_state(_listed(sessions), [SessionState.OPEN, SessionState.FULL], now=now).order_by(
        "starts_at", "pk"
    )


def person_registrations(person: Person) -> QuerySet[Registration]:
    """The person's places (registered or waitlisted) in every session, soonest first."""
    return (
        Registration.objects.filter(person=person, status__in=ACTIVE_STATUSES)
        .select_related("session", "session__course", "session__seminar", "session__factory", "session__centre")
        .order_by("session__starts_at", "session_id")
    )


def trainer_sessions(trainer: Person) -> QuerySet[Session]:
    """The sessions this person trains, soonest first (every state: the agenda shows them all)."""
    return _listed(Session.objects.filter(trainers=trainer)).order_by("starts_at", "pk")


def session_registrations(session: Session, *, status: str | None = None) -> QuerySet[Registration]:
    """The registrations of a session (not cancelled ones unless `status` asks), in queue order."""
    registrations = Registration.objects.filter(session=session)
    if status is None:
        registrations = registrations.filter(status__in=ACTIVE_STATUSES)
    else:
        registrations = registrations.filter(status=status)
    return registrations.select_related("person", "person__factory", "person__department", "factory").order_by(
        "queued_at", "pk"
    )


def waitlist(session: Session) -> QuerySet[Registration]:
    """The people waiting for a seat, the first to be offered one first."""
    return session_registrations(session, status=RegistrationStatus.WAITLISTED)


def waitlist_position(registration: Registration) -> int | None:
    """1 for the first on the waitlist; None when the registration is not waiting."""
    if registration.status != RegistrationStatus.WAITLISTED:
        return None
    ahead = Registration.objects.filter(session_id=registration.session_id, status=RegistrationStatus.WAITLISTED)
    return ahead.filter(_queued_before(registration.queued_at, registration.pk)).count() + 1


def _queued_before(queued_at, pk) -> Q:
    """Registrations ahead in the queue of the one queued at `queued_at` with id `pk` (values or
    OuterRefs): the waitlist's order, oldest first, then the lowest id."""
    return Q(queued_at__lt=queued_at) | Q(queued_at=queued_at, pk__lt=pk)


def registrations_listed(registrations: QuerySet[Registration]) -> QuerySet[Registration]:
    """Registrations with, in the same query, each one's place on the waitlist (`position`, None
    when it holds a seat) and its session's seats taken (`session_registered`, for the state)."""
    waiting = RegistrationStatus.WAITLISTED
    ahead = (
        Registration.objects.filter(session=OuterRef("session_id"), status=waiting)
        .filter(_queued_before(OuterRef("queued_at"), OuterRef("pk")))
        .order_by()
        .values("session")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return registrations.annotate(
        position=Case(
            When(status=waiting, then=Coalesce(Subquery(ahead, output_field=IntegerField()), 0) + 1),
            default=Value(None),
            output_field=IntegerField(),
        ),
        session_registered=_registration_count(RegistrationStatus.REGISTERED, session="session_id"),
    )


def seats_left(session: Session, *, factory: Factory | None = None) -> int:
    """Seats still free in the session; for a factory with a quota, also within its quota."""
    registered = Registration.objects.filter(session=session, status=RegistrationStatus.REGISTERED)
    left = max(session.capacity - registered.count(), 0)
    if factory is None:
        return left
    quota = SeatQuota.objects.filter(session=session, factory=factory).values_list("seats", flat=True).first()
    if quota is None:
        return left
    return min(left, max(quota - registered.filter(factory=factory).count(), 0))
