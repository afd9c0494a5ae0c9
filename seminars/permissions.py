"""Who may schedule, run, fill and read training sessions: decided here, once.

Programme staff run every session; a trainer runs the sessions they train (and schedules new
ones). Factory HR nominates the people of its own factory while a session takes registrations,
and sees only them on a session's lists. A worker registers themselves where the session allows
it, and sees their own place. Each rule is a `user_can_...` check for one object, and the lists
go through the `..._visible_to` filters, so factory isolation is decided in one place.
"""

from django.db.models import Q, QuerySet

from lms.people.choices import Role
from lms.people.permissions import (
    is_factory_hr,
    is_programme_staff,
    people_visible_filter,
    user_can_manage_person,
)

from .choices import SessionState
from .models import Registration, Session
from .selectors import ACTIVE_STATUSES, session_state_of

# The states in which a session takes registrations from workers and HR.
TAKING_REGISTRATIONS = (SessionState.OPEN, SessionState.FULL)


def _authenticated(user) -> bool:
    return getattr(user, "is_authenticated", False)


def is_session_trainer(user, session: Session) -> bool:
    if not _authenticated(user) or session.pk is None:
        return False
    return session.trainers.filter(pk=user.pk).exists()


def user_can_schedule(user) -> bool:
    """Trainers and programme staff schedule sessions."""
    return is_programme_staff(user) or (_authenticated(user) and user.has_role(Role.TRAINER))


def user_can_manage_session(user, session: Session) -> bool:
    """Change, publish, cancel and close the session, add anyone, take attendance: its own
    trainers and programme staff."""
    return is_programme_staff(user) or is_session_trainer(user, session)


def user_can_nominate(user, session: Session) -> bool:
    """Factory HR nominates its factory's people while the session takes registrations."""
    return is_factory_hr(user) and session_state_of(session) in TAKING_REGISTRATIONS


def user_can_register_self(user, session: Session) -> bool:
    """Anyone signed in registers themselves where the session allows it, while it takes
    registrations (a full session puts them on the waitlist)."""
    return _authenticated(user) and session.self_registration and session_state_of(session) in TAKING_REGISTRATIONS


def registrations_visible_to(user, session: Session) -> QuerySet[Registration]:
    """The session's registrations (registered and waitlisted) this user may see: all of them for
    its trainers and programme staff, the people of its own factory for HR, one's own otherwise."""
    registrations = Registration.objects.filter(session=session, status__in=ACTIVE_STATUSES)
    if user_can_manage_session(user, session):
        return registrations
    if is_factory_hr(user):
        return registrations.filter(people_visible_filter(user, through="person"))
    if _authenticated(user):
        return registrations.filter(person=user)
    return registrations.none()


def sessions_visible_to(user) -> QuerySet[Session]:
    """Published sessions for everyone; drafts also to their trainers and to programme staff."""
    if is_programme_staff(user):
        return Session.objects.all()
    published = Q(published_at__isnull=False)
    if _authenticated(user):
        trained = Session.objects.filter(trainers=user).values("pk")
        return Session.objects.filter(published | Q(pk__in=trained))
    return Session.objects.filter(published)


def user_can_read_evaluations(user, session: Session) -> bool:
    """What participants thought is read by the session's trainers and programme staff."""
    return user_can_manage_session(user, session)


def user_can_read_training_days(user) -> bool:
    """Training days are read by trainers, programme staff, and HR (for its own factory)."""
    return user_can_schedule(user) or is_factory_hr(user)


def user_can_cancel_registration(user, registration: Registration) -> bool:
    """The person themselves, HR of their factory, the session's trainers and programme staff."""
    if getattr(user, "pk", None) == registration.person_id:
        return True
    if user_can_manage_session(user, registration.session):
        return True
    return is_factory_hr(user) and user_can_manage_person(user, registration.person)
