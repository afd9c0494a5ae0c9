"""Training screens: who takes part. A worker registers or gives up their place; factory HR
nominates its own people (one, a department, or a pasted list of worker IDs); a trainer adds
anyone; the session's people are listed and exported.

Every list of people starts from `registrations_visible_to` or `people_visible_to`, so HR of one
factory never sees, nominates or exports anyone of another: a person outside the reader's view
is a 404, and nothing changes.
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from lms.people.choices import EmploymentStatus, Gender
from lms.people.permissions import is_factory_hr, people_visible_to
from lms.people.selectors import people_search
from lms.people.tabular import Column, headers, queryset_rows, table_download

from ..choices import RegistrationSource, RegistrationStatus, SessionState
from ..forms import DepartmentNominationForm, PersonSearchForm, WorkerIdsNominationForm
from ..models import Registration, Session
from ..permissions import (
    registrations_visible_to,
    sessions_visible_to,
    user_can_manage_session,
    user_can_nominate,
)
from ..selectors import ACTIVE_STATUSES, registrations_listed, session_state_of, waitlist_position
from ..services import (
    SessionError,
    UnknownWorkerIds,
    people_from_worker_ids,
    registration_cancel,
    registration_create,
    registrations_nominate,
)

ROSTER_PAGE_SIZE = 100
SEARCH_RESULTS = 20
# Sessions whose people can no longer be changed.
FINISHED = (SessionState.COMPLETED, SessionState.CANCELLED)


def _session(user, pk: int) -> Session:
    return get_object_or_404(sessions_visible_to(user).select_related("course", "seminar", "factory", "centre"), pk=pk)


def _outcome_messages(request, outcome, *, yourself: bool) -> None:
    """What registering did, in plain words: a seat, a place on the waitlist, or already in."""
    registration = outcome.registration
    name = registration.person.display_name
    if outcome.waitlisted:
        position = waitlist_position(registration)
        if yourself:
            text = _(
                "The session is full: you are number %(position)s on the waitlist. You get a message if a seat becomes free."
            )
        else:
            text = _("The session is full: %(name)s is number %(position)s on the waitlist.")
        messages.warning(request, text % {"position": position, "name": name})
    elif yourself:
        messages.success(request, _("You are registered. A confirmation is in your messages."))
    else:
        messages.success(request, _("%(name)s is registered and gets a message.") % {"name": name})
    for warning in outcome.warnings:
        messages.warning(request, warning)


@require_POST
@login_required
def register(request, pk: int):
    """Register oneself: a seat, a place on the waitlist, or the reason it is refused."""
    session = _session(request.user, pk)
    try:
        outcome = registration_create(session=session, person=request.user, by=request.user)
    except SessionError as error:
        messages.error(request, str(error))
    else:
        _outcome_messages(request, outcome, yourself=True)
    return redirect("seminars:session_detail", pk=session.pk)


def _visible_registration(user, pk: int) -> Registration:
    registration = get_object_or_404(
        Registration.objects.select_related("session", "person"), pk=pk, status__in=ACTIVE_STATUSES
    )
    if not registrations_visible_to(user, registration.session).filter(pk=registration.pk).exists():
        raise Http404
    return registration


@never_cache
@login_required
def registration_cancel_view(request, pk: int):
    """Give up a place (one's own, or for HR and trainers someone else's): asked first, then done;
    the first person waiting who fits takes the seat."""
    registration = _visible_registration(request.user, pk)
    session = registration.session
    own = registration.person_id == request.user.pk
    back = "seminars:session_detail" if own else "seminars:roster"
    if request.method != "POST":
        return render(
            request,
            "seminars/registration_cancel.html",
            {"registration": registration, "session": session, "own": own, "back": back},
        )
    try:
        promoted = registration_cancel(registration=registration, by=request.user)
    except SessionError as error:
        messages.error(request, str(error))
        return redirect(back, pk=session.pk)
    if own:
        messages.success(request, _("Your place is cancelled."))
    else:
        messages.success(request, _("The place of %(name)s is cancelled.") % {"name": registration.person.display_name})
    if promoted is not None:
        if registrations_visible_to(request.user, session).filter(pk=promoted.pk).exists():
            text = _("%(name)s, first on the waitlist, has the seat now and is told.")
            messages.info(request, text % {"name": promoted.person.display_name})
        else:
            messages.info(request, _("The first person on the waitlist has the seat now and is told."))
    return redirect(back, pk=session.pk)


# HR nominates its own factory's people.


def _nomination_page(request, session, *, search=None, results=None, department=None, ids=None, status=200):
    factory = request.user.factory
    return render(
        request,
        "seminars/nominate.html",
        {
            "session": session,
            "factory": factory,
            "search": search or PersonSearchForm(request.GET or None),
            "results": results,
            "department_form": department or DepartmentNominationForm(factory=factory),
            "ids_form": ids or WorkerIdsNominationForm(),
        },
        status=status,
    )


def _nominate(request, session, people):
    try:
        summary = registrations_nominate(session=session, people=people, by=request.user)
    except SessionError as error:
        messages.error(request, str(error))
        return redirect("seminars:nominate", pk=session.pk)
    return render(request, "seminars/nominate_result.html", {"session": session, "summary": summary})


@never_cache
@login_required
def nominate(request, pk: int):
    """HR: register people of its own factory, one found by a search, a whole department, or a
    pasted list of worker IDs (an unknown ID changes nothing and is named)."""
    session = _session(request.user, pk)
    if not is_factory_hr(request.user):
        raise PermissionDenied
    if not user_can_nominate(request.user, session):
        messages.error(request, _("This session does not take nominations now."))
        return redirect("seminars:session_detail", pk=session.pk)
    if request.method != "POST":
        search = PersonSearchForm(request.GET or None)
        results = None
        if search.is_valid() and search.cleaned_data["q"].strip():
            results = _search(request.user, session, search.cleaned_data["q"])
        return _nomination_page(request, session, search=search, results=results)
    mode = request.POST.get("mode")
    if mode == "person":
        person = get_object_or_404(people_visible_to(request.user), pk=_int(request.POST.get("person")))
        return _nominate(request, session, [person])
    if mode == "department":
        form = DepartmentNominationForm(request.POST, factory=request.user.factory)
        if form.is_valid():
            people = list(
                people_visible_to(request.user).filter(
                    department=form.cleaned_data["department"], employment_status=EmploymentStatus.ACTIVE
                )
            )
            if people:
                return _nominate(request, session, people)
            form.add_error("department", _("Nobody works in this department now."))
        return _nomination_page(request, session, department=form, status=422)
    form = WorkerIdsNominationForm(request.POST)
    if form.is_valid():
        try:
            people = people_from_worker_ids(factory=request.user.factory, text=form.cleaned_data["worker_ids"])
        except UnknownWorkerIds as error:
            form.add_error("worker_ids", _unknown_ids_message(error))
        else:
            if people:
                return _nominate(request, session, people)
            form.add_error("worker_ids", _("Paste or type at least one worker ID."))
    return _nomination_page(request, session, ids=form, status=422)


def _unknown_ids_message(error: UnknownWorkerIds) -> str:
    """The service's sentence naming every ID not found, and what to do: nothing was changed."""
    advice = ngettext(
        "Nobody was registered: correct or remove this ID and send the list again.",
        "Nobody was registered: correct or remove these IDs and send the list again.",
        len(error.worker_ids),
    )
    return f"{error} {advice}"


def _int(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise Http404 from None


def _search(user, session, q: str) -> list:
    """The first people found (within what the user sees), each with their place in the session."""
    people = list(people_search(user=user, q=q)[:SEARCH_RESULTS])
    places = dict(
        Registration.objects.filter(session=session, person__in=people, status__in=ACTIVE_STATUSES).values_list(
            "person_id", "status"
        )
    )
    for person in people:
        person.place = places.get(person.pk)
    return people


# Trainers and programme staff add anyone.


@never_cache
@login_required
def add_person(request, pk: int):
    """A trainer finds anyone by name, worker ID or phone and adds them (any factory)."""
    session = _session(request.user, pk)
    if not user_can_manage_session(request.user, session):
        raise PermissionDenied
    if request.method == "POST":
        person = get_object_or_404(people_visible_to(request.user), pk=_int(request.POST.get("person")))
        try:
            outcome = registration_create(session=session, person=person, by=request.user)
        except SessionError as error:
            messages.error(request, str(error))
        else:
            _outcome_messages(request, outcome, yourself=person.pk == request.user.pk)
        query = request.POST.get("q", "")
        url = redirect("seminars:add_person", pk=session.pk).url
        return redirect(f"{url}?{_q(query)}" if query else url)
    search = PersonSearchForm(request.GET or None)
    results = None
    if search.is_valid() and search.cleaned_data["q"].strip():
        results = _search(request.user, session, search.cleaned_data["q"])
    return render(
        request,
        "seminars/add_person.html",
        {"session": session, "search": search, "results": results, "statuses": RegistrationStatus},
    )


def _q(query: str) -> str:
    return urlencode({"q": query})


# The session's people.


def _roster_reader(user, session) -> None:
    """The roster is for the session's trainers, programme staff and factory HR (its own people)."""
    if not (user_can_manage_session(user, session) or is_factory_hr(user)):
        raise PermissionDenied


def _roster(user, session):
    return registrations_listed(
        registrations_visible_to(user, session).select_related("person", "person__factory", "person__department")
    ).order_by("status", "queued_at", "pk")


@never_cache
@login_required
def roster(request, pk: int):
    """Registered people in the order they registered, then the waitlist in its order."""
    session = _session(request.user, pk)
    _roster_reader(request.user, session)
    page = Paginator(_roster(request.user, session), ROSTER_PAGE_SIZE).get_page(request.GET.get("page"))
    state = session_state_of(session)
    manages = user_can_manage_session(request.user, session)
    return render(
        request,
        "seminars/roster.html",
        {
            "session": session,
            "page": page,
            "counts": dict(
                registrations_visible_to(request.user, session)
                .order_by()
                .values("status")
                .annotate(n=Count("pk"))
                .values_list("status", "n")
            ),
            "statuses": RegistrationStatus,
            # Once it has started, only its trainers and programme staff change who is in it.
            "can_cancel": state not in FINISHED and (manages or state != SessionState.IN_PROGRESS),
            "manages": manages,
            "can_nominate": user_can_nominate(request.user, session),
        },
    )


@login_required
def roster_export(request, pk: int):
    """The roster as CSV, with exactly the people the reader may see, streamed from one query."""
    session = _session(request.user, pk)
    _roster_reader(request.user, session)
    # Labels are made now, in the reader's language, not while the file streams out.
    status_labels = {value: str(label) for value, label in RegistrationStatus.choices}
    source_labels = {value: str(label) for value, label in RegistrationSource.choices}
    gender_labels = {value: str(label) for value, label in Gender.choices}
    columns = [
        Column(_("Status"), "status", status_labels.get),
        Column(_("Waitlist number"), "position"),
        Column(_("Worker ID"), "person__worker_id"),
        Column(_("Family name (Khmer)"), "person__family_name_km"),
        Column(_("Given name (Khmer)"), "person__given_name_km"),
        Column(_("Family name"), "person__last_name"),
        Column(_("Given name"), "person__first_name"),
        Column(_("Gender"), "person__gender", gender_labels.get),
        Column(_("Phone"), "person__phone"),
        Column(_("Factory"), "person__factory__code"),
        Column(_("Department"), "person__department__name"),
        Column(_("How"), "source", source_labels.get),
        Column(_("Registered on"), "queued_at", lambda value: timezone.localtime(value).strftime("%Y-%m-%d %H:%M")),
    ]
    rows = queryset_rows(_roster(request.user, session), columns)
    return table_download(
        headers(columns),
        rows,
        file_format="csv",
        filename=f"session-{session.pk}-people.csv",
        title=_("People"),
    )


urlpatterns = [
    path("<int:pk>/register/", register, name="register"),
    path("registrations/<int:pk>/cancel/", registration_cancel_view, name="registration_cancel"),
    path("<int:pk>/nominate/", nominate, name="nominate"),
    path("<int:pk>/add/", add_person, name="add_person"),
    path("<int:pk>/people/", roster, name="roster"),
    path("<int:pk>/people.csv", roster_export, name="roster_export"),
]
