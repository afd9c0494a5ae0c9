"""Training screens: the sessions themselves, on the phone of whoever deals with them.

`/training/` is each person's own list: a trainer's agenda, HR's sessions open to nomination and
its factory's people in them, a worker's sessions open to them and their own places. A session's
page says what, when, where and how many seats are left, with the buttons the reader's role
allows. Trainers and programme staff schedule, change, publish, cancel and close sessions here.

Each view checks who asks (seminars.permissions), then calls one service or selector; what a
service refuses comes back as its own plain sentence.
"""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from lms.people.permissions import is_factory_hr, people_visible_filter

from ..choices import RegistrationStatus, SessionState, VenueKind
from ..forms import CancelSessionForm, SessionSchedule
from ..models import Meeting, Registration, SeatQuota, Session
from ..permissions import (
    is_programme_staff,
    sessions_visible_to,
    user_can_manage_session,
    user_can_nominate,
    user_can_read_evaluations,
    user_can_register_self,
    user_can_schedule,
)
from ..selectors import (
    ACTIVE_STATUSES,
    person_registrations,
    registrations_listed,
    seats_left,
    session_facts,
    session_registrations,
    session_state_of,
    sessions_in_state,
    sessions_open_to,
    sessions_with_counts,
    trainer_sessions,
    waitlist_position,
)
from ..services import (
    SessionError,
    meetings_attended,
    meetings_required,
    session_cancel,
    session_close,
    session_create,
    session_publish,
    session_registration_close,
    session_update,
)
from ..states import session_state
from .evaluation import attended

PAGE_SIZE = 20
# A person's own list keeps a session for a week after it ended, while its trainer closes it.
RECENT = datetime.timedelta(days=7)
# What each state means to the person reading the session's page.
STATE_HELP = {
    SessionState.DRAFT: gettext_lazy("Not published yet: only its trainers and programme staff see it."),
    SessionState.OPEN: gettext_lazy("Taking registrations."),
    SessionState.FULL: gettext_lazy("Every seat is taken. New registrations go on the waitlist."),
    SessionState.REGISTRATION_CLOSED: gettext_lazy("Registration is closed."),
    SessionState.IN_PROGRESS: gettext_lazy("Taking place now, or waiting for its trainer to close it."),
    SessionState.COMPLETED: gettext_lazy("Finished: attendance is recorded and courses are completed."),
    SessionState.CANCELLED: gettext_lazy("Cancelled."),
}
TAB_LABELS = {
    "agenda": gettext_lazy("My agenda"),
    "all": gettext_lazy("All sessions"),
    "nominate": gettext_lazy("Open for nomination"),
    "factory": gettext_lazy("My factory's people"),
    "open": gettext_lazy("Open to me"),
    "mine": gettext_lazy("My places"),
}
# The states in which a session can still be changed, and in which it can be closed.
CHANGEABLE = (
    SessionState.DRAFT,
    SessionState.OPEN,
    SessionState.FULL,
    SessionState.REGISTRATION_CLOSED,
    SessionState.IN_PROGRESS,
)


def visible_session(user, pk: int) -> Session:
    """The session if this user may see it at all; a 404 otherwise (drafts stay unknown)."""
    sessions = sessions_visible_to(user).select_related("course", "seminar", "factory", "centre")
    return get_object_or_404(sessions, pk=pk)


def require_manager(user, session: Session) -> None:
    """403 for anyone but the session's trainers and programme staff."""
    if not user_can_manage_session(user, session):
        raise PermissionDenied


# The list: one tab per part of the reader's job.


def _tabs_for(user) -> list[str]:
    tabs = []
    if user_can_schedule(user):
        tabs.append("all" if is_programme_staff(user) else "agenda")
    if is_factory_hr(user):
        tabs += ["nominate", "factory"]
    return [*tabs, "open", "mine"]


def _next_meeting(now):
    upcoming = Meeting.objects.filter(session=OuterRef("pk"), ends_at__gt=now).order_by("starts_at", "pk")
    return Subquery(upcoming.values("starts_at")[:1])


def _listed(sessions, now):
    """What each line of a list of sessions shows, read in the page's one query."""
    return sessions_with_counts(
        sessions.select_related("course", "seminar", "factory", "centre").annotate(next_meeting=_next_meeting(now))
    )


def _count(registrations) -> Coalesce:
    counted = registrations.order_by().values("session").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def _agenda(user, now):
    """Sessions still to come or taking place (drafts too) that this trainer trains, or for
    programme staff, that anyone trains."""
    sessions = sessions_visible_to(user) if is_programme_staff(user) else trainer_sessions(user)
    return _listed(sessions.filter(cancelled_at__isnull=True, closed_at__isnull=True), now).order_by("starts_at", "pk")


def _open_for_nomination(user, now):
    """Sessions taking nominations, with what this HR's factory holds in each: its quota and the
    seats it fills (quotas count the factory people registered from), its own people in it."""
    in_session = {"session": OuterRef("pk")}
    own_people = people_visible_filter(user, through="person")
    registered, waiting = RegistrationStatus.REGISTERED, RegistrationStatus.WAITLISTED
    quota = SeatQuota.objects.filter(**in_session, factory_id=user.factory_id).values("seats")[:1]
    sessions = sessions_in_state(
        _listed(sessions_visible_to(user), now), [SessionState.OPEN, SessionState.FULL], now=now
    ).annotate(
        factory_quota=Subquery(quota, output_field=IntegerField()),
        factory_holds=_count(Registration.objects.filter(**in_session, status=registered, factory_id=user.factory_id)),
        own_registered=_count(Registration.objects.filter(own_people, **in_session, status=registered)),
        own_waiting=_count(Registration.objects.filter(own_people, **in_session, status=waiting)),
    )
    return sessions.order_by("starts_at", "pk")


def factory_seats_left(session) -> int:
    """Seats left to a factory in a session annotated by `_open_for_nomination`."""
    left = max(session.capacity - session.registered_count, 0)
    if session.factory_quota is None:
        return left
    return min(left, max(session.factory_quota - session.factory_holds, 0))


def _current_places(user, registrations, now):
    """Places in sessions the user may open, not closed yet and ended less than a week ago (or
    still to come): a place a trainer gave in a draft shows once the draft is published."""
    return registrations.filter(
        session__in=sessions_visible_to(user).values("pk"),
        session__closed_at__isnull=True,
        session__ends_at__gte=now - RECENT,
    )


def _tab_rows(user, tab: str, now):
    if tab in ("agenda", "all"):
        return _agenda(user, now)
    if tab == "nominate":
        return _open_for_nomination(user, now)
    if tab == "factory":
        registrations = Registration.objects.filter(people_visible_filter(user, through="person"))
        registrations = registrations.filter(status__in=ACTIVE_STATUSES).select_related(
            "person", "person__department", "session", "session__course", "session__seminar"
        )
        return registrations_listed(_current_places(user, registrations, now)).order_by(
            "session__starts_at", "session_id", "queued_at", "pk"
        )
    if tab == "open":
        return sessions_open_to(user, now=now).annotate(next_meeting=_next_meeting(now))
    return registrations_listed(_current_places(user, person_registrations(user), now))


@never_cache
@login_required
def session_list(request):
    """The signed-in person's own training screen, one tab per part of their job."""
    user, now = request.user, timezone.now()
    tabs = _tabs_for(user)
    tab = request.GET.get("show") if request.GET.get("show") in tabs else tabs[0]
    page = Paginator(_tab_rows(user, tab, now), PAGE_SIZE).get_page(request.GET.get("page"))
    rows = list(page.object_list)
    for row in rows:
        session = row.session if isinstance(row, Registration) else row
        registered = getattr(row, "session_registered", None) if isinstance(row, Registration) else None
        if registered is None:
            registered = session.registered_count
        session.state = session_state(session_facts(session, registered=registered), now=now)
        if tab == "nominate":
            session.factory_seats_left = factory_seats_left(session)
    return render(
        request,
        "seminars/sessions.html",
        {
            "tab": tab,
            "tabs": [(name, TAB_LABELS[name]) for name in tabs],
            "page": page,
            "rows": rows,
            "can_schedule": user_can_schedule(user),
            "states": SessionState,
        },
    )


# One session.


@never_cache
@login_required
def session_detail(request, pk: int):
    """What, when, where, who trains, its state in plain words, seats left, and the buttons the
    reader's role allows."""
    user = request.user
    session = visible_session(user, pk)
    state = session_state_of(session)
    place = Registration.objects.filter(session=session, person=user, status__in=ACTIVE_STATUSES).first()
    manages = user_can_manage_session(user, session)
    hr = is_factory_hr(user)
    context = {
        "session": session,
        "state": state,
        "state_help": STATE_HELP[state],
        "states": SessionState,
        "venues": VenueKind,
        "meetings": list(session.meetings.all()),
        "trainers": list(session.trainers.order_by("family_name_km", "given_name_km", "last_name", "pk")),
        "seats_left": seats_left(session),
        "factory_seats_left": seats_left(session, factory=user.factory) if hr and user.factory_id else None,
        "place": place,
        "position": waitlist_position(place) if place else None,
        # Its trainers run the session rather than take a place in it.
        "can_register": place is None and not manages and user_can_register_self(user, session),
        "can_nominate": user_can_nominate(user, session),
        "manages": manages,
        "changeable": manages and state in CHANGEABLE,
        "sees_people": manages or hr,
        "can_evaluate": state in (SessionState.IN_PROGRESS, SessionState.COMPLETED) and attended(user, session),
        "reads_evaluations": user_can_read_evaluations(user, session),
        # The link to join is for the people taking part; others see that there is one.
        "shows_online_link": manages or place is not None,
    }
    return render(request, "seminars/session_detail.html", context)


# Scheduling.


def _schedule_page(request, schedule: SessionSchedule, *, session=None, status=200):
    return render(
        request,
        "seminars/session_form.html",
        {"schedule": schedule, "form": schedule.form, "session": session, "venues": VenueKind},
        status=status,
    )


def _saved(request, result) -> None:
    messages.success(request, _("Saved."))
    for warning in result.warnings:
        messages.warning(request, warning)


def _schedule_step(request, schedule: SessionSchedule, *, session=None):
    """An "add a row" button sends the page back with one more row; nothing is saved."""
    step = request.POST.get("step", "")
    if step in ("add_day", "add_quota"):
        return _schedule_page(request, schedule.with_row(step.removeprefix("add_")), session=session)
    return None


@never_cache
@login_required
def session_create_view(request):
    """Schedule a session: saved as a draft, or published at once."""
    if not user_can_schedule(request.user):
        raise PermissionDenied
    if request.method != "POST":
        return _schedule_page(request, SessionSchedule(author=request.user))
    schedule = SessionSchedule(request.POST, author=request.user)
    if response := _schedule_step(request, schedule):
        return response
    if not schedule.is_valid():
        return _schedule_page(request, schedule, status=422)
    try:
        result = session_create(
            by=request.user, publish=request.POST.get("step") == "publish", **schedule.service_kwargs()
        )
    except SessionError as error:
        schedule.add_error(str(error))
        return _schedule_page(request, schedule, status=422)
    _saved(request, result)
    return redirect("seminars:session_detail", pk=result.session.pk)


@never_cache
@login_required
def session_edit(request, pk: int):
    """Change a session; the people in it are told of a new time or venue by the service."""
    session = visible_session(request.user, pk)
    require_manager(request.user, session)
    if session_state_of(session) not in CHANGEABLE:
        messages.error(request, _("A session that is over or cancelled cannot be changed."))
        return redirect("seminars:session_detail", pk=session.pk)
    if request.method != "POST":
        return _schedule_page(request, SessionSchedule(author=request.user, session=session), session=session)
    schedule = SessionSchedule(request.POST, author=request.user, session=session)
    if response := _schedule_step(request, schedule, session=session):
        return response
    if not schedule.is_valid():
        return _schedule_page(request, schedule, session=session, status=422)
    try:
        result = session_update(session=session, by=request.user, **schedule.service_kwargs())
    except SessionError as error:
        schedule.add_error(str(error))
        return _schedule_page(request, schedule, session=session, status=422)
    _saved(request, result)
    return redirect("seminars:session_detail", pk=session.pk)


def _session_action(request, pk: int, action, done: str):
    """Run one service on a session the user manages, then back to the session with its outcome."""
    session = visible_session(request.user, pk)
    require_manager(request.user, session)
    try:
        action(session=session, by=request.user)
    except SessionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, done)
    return redirect("seminars:session_detail", pk=session.pk)


@require_POST
@login_required
def session_publish_view(request, pk: int):
    return _session_action(request, pk, session_publish, _("Published: people can now see it and register."))


@require_POST
@login_required
def session_registration_close_view(request, pk: int):
    return _session_action(request, pk, session_registration_close, _("Registration is closed."))


@never_cache
@login_required
def session_cancel_view(request, pk: int):
    """Cancel with a reason, which everyone registered or waiting is told."""
    session = visible_session(request.user, pk)
    require_manager(request.user, session)
    form = CancelSessionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            session_cancel(session=session, by=request.user, reason=form.cleaned_data["reason"])
        except SessionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The session is cancelled. Everyone registered or waiting is told."))
            return redirect("seminars:session_detail", pk=session.pk)
    people = Registration.objects.filter(session=session, status__in=ACTIVE_STATUSES).count()
    return render(request, "seminars/session_cancel.html", {"session": session, "form": form, "people": people})


def _attendance_rule(session: Session) -> tuple[list, list]:
    """(met, not met): the registered people who attended enough meetings to complete the session,
    and the others, judged as session_close judges them; each with `attended`, their meetings."""
    required, attended = meetings_required(session), meetings_attended(session)
    met, not_met = [], []
    registered = session_registrations(session, status=RegistrationStatus.REGISTERED).order_by(
        "person__family_name_km", "person__given_name_km", "person__last_name", "pk"
    )
    for registration in registered:
        registration.attended = attended.get(registration.person_id, 0)
        (met if registration.attended >= required else not_met).append(registration)
    return met, not_met


@never_cache
@login_required
def session_close_view(request, pk: int):
    """Close a session: first who met the attendance rule and who did not, then, confirmed, the
    course is completed for those who met it."""
    session = visible_session(request.user, pk)
    require_manager(request.user, session)
    if request.method == "POST":
        try:
            summary = session_close(session=session, by=request.user)
        except SessionError as error:
            messages.error(request, str(error))
            return redirect("seminars:session_detail", pk=session.pk)
        return render(request, "seminars/session_closed.html", {"session": session, "summary": summary})
    met, not_met = _attendance_rule(session)
    return render(
        request,
        "seminars/session_close.html",
        {
            "session": session,
            "state": session_state_of(session),
            "states": SessionState,
            "met": met,
            "not_met": not_met,
        },
    )


urlpatterns = [
    path("", session_list, name="sessions"),
    path("new/", session_create_view, name="session_create"),
    path("<int:pk>/", session_detail, name="session_detail"),
    path("<int:pk>/edit/", session_edit, name="session_edit"),
    path("<int:pk>/publish/", session_publish_view, name="session_publish"),
    path("<int:pk>/close-registration/", session_registration_close_view, name="session_registration_close"),
    path("<int:pk>/cancel/", session_cancel_view, name="session_cancel"),
    path("<int:pk>/close/", session_close_view, name="session_close"),
]
