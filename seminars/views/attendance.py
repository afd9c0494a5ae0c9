"""Training screens: attendance, taken on the trainer's phone, with or without a connection.

`attendance` lists a session's meetings (today's first); `register_meeting` is the register of
one meeting: the registered people with three big buttons each (present, late or partial,
absent), a search box, a count, the camera to scan the person QR on login cards, and walk-ins.

The register's script (seminars/static/seminars/attendance.js) saves every tap on the phone at
once (localStorage) and sends the marks in batches to `marks_sync` whenever it can; each mark
names itself (a UUID) and carries the phone's time, so a batch sent twice is recorded once
(seminars.services.attendance). A small service worker (`register_worker`, scope /training/)
keeps a copy of the register and its files, so it opens again without a connection. Without
the script each button is a plain form posted to the register itself, one mark at a time.

The register stays open for past meetings until the session is closed: trainers who took
attendance on the printed sign-in sheet (`sign_in_sheet`, a PDF) type the marks in afterwards.

Only the session's trainers and programme staff take attendance (seminars.permissions).
"""

import json
import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from lms.accounts.models import PersonCode
from lms.accounts.person_codes import PREFIX, person_from_qr
from lms.people.models import Person
from lms.people.normalise import normalise_identifier
from lms.people.permissions import people_visible_to
from lms.people.phone import InvalidPhoneNumber, normalise_phone

from ..choices import AttendanceStatus, RegistrationStatus
from ..models import Attendance, Meeting, Registration, Session
from ..permissions import sessions_visible_to, user_can_manage_session
from ..services import AttendanceRefused, NotAllowed, SessionError, attendance_mark, attendance_marks_record
from ..services.attendance import OPENS_BEFORE

# A batch larger than this is not a phone's backlog: refused whole, nothing recorded.
MAX_MARKS_PER_BATCH = 500
# People shown for a walk-in search; the trainer types more of the ID or phone number to narrow it.
MAX_FOUND = 10


def _session_for(user, pk: int) -> Session:
    """The session if the user may take its attendance: 404 when they may not even see it, else 403."""
    session = get_object_or_404(
        sessions_visible_to(user).select_related("course", "seminar", "factory", "centre"), pk=pk
    )
    if not user_can_manage_session(user, session):
        raise PermissionDenied
    return session


def _meeting_for(user, pk: int) -> Meeting:
    meeting = get_object_or_404(Meeting.objects.select_related("session"), pk=pk)
    meeting.session = _session_for(user, meeting.session_id)
    return meeting


def _register_state(meeting: Meeting, now) -> tuple[bool, str]:
    """Whether marks are taken at this meeting now, and if not, why (a sentence to show)."""
    session = meeting.session
    if session.cancelled_at is not None:
        return False, _("This session is cancelled.")
    if session.closed_at is not None:
        return False, _("This session is closed: its attendance can no longer change.")
    if now < meeting.starts_at - OPENS_BEFORE:
        return False, _("Attendance is taken from one hour before the meeting starts.")
    return True, ""


@never_cache
@login_required
def attendance(request, pk: int):
    """The meetings of a session to take attendance at: today's first, then in order."""
    session = _session_for(request.user, pk)
    today = timezone.localdate()
    meetings = list(
        session.meetings.annotate(
            marked=Count("attendances"),
            attended=Count(
                "attendances", filter=Q(attendances__status__in=[AttendanceStatus.PRESENT, AttendanceStatus.LATE])
            ),
        ).order_by("starts_at", "pk")
    )
    meetings.sort(key=lambda meeting: timezone.localdate(meeting.starts_at) != today)
    registered = Registration.objects.filter(session=session, status=RegistrationStatus.REGISTERED).count()
    return render(
        request,
        "seminars/attendance_meetings.html",
        {
            "session": session,
            "meetings": meetings,
            "today": today,
            "registered": registered,
            "now": timezone.now(),
            "texts": _script_texts(),
        },
    )


def _register_rows(meeting: Meeting) -> list[dict]:
    """One row per registered person (and anyone already marked at this meeting), in sheet order.

    Three queries whatever the number of people: registrations with people and factories, this
    meeting's marks, and the person codes the scanner matches cards against.
    """
    registrations = (
        Registration.objects.filter(session=meeting.session_id, status=RegistrationStatus.REGISTERED)
        .select_related("person", "person__factory")
        .order_by("person__factory__name", "person__last_name", "person__first_name", "person_id")
    )
    people = [registration.person for registration in registrations]
    marks = {mark.person_id: mark for mark in Attendance.objects.filter(meeting=meeting)}
    codes = dict(
        PersonCode.objects.filter(person_id__in=[person.pk for person in people]).values_list("person_id", "code")
    )
    return [{"person": person, "mark": marks.get(person.pk), "code": codes.get(person.pk, "")} for person in people]


def _both(singular: str, plural: str) -> dict:
    """A counted sentence in its two English forms; the script picks one (Khmer and Chinese have one)."""
    return {"one": ngettext(singular, plural, 1), "other": ngettext(singular, plural, 2)}


def _script_texts() -> dict:
    """What the register's script says, translated here (the script has no catalogue of its own)."""
    return {
        "count": _("%(present)s present of %(total)s"),
        "statuses": dict(AttendanceStatus.choices),
        "waiting": _("Waiting to send"),
        "refused": _("Not recorded: %(reason)s"),
        "offline": _both(
            "Offline — %(count)s mark saved on this phone", "Offline — %(count)s marks saved on this phone"
        ),
        "offline_none": _("Offline: marks you make are saved on this phone and sent later."),
        "pending": _both("%(count)s mark waiting to send", "%(count)s marks waiting to send"),
        "sent": _("All marks sent"),
        "storage_full": _("This phone could not save the mark. Keep the page open until it is sent."),
        "sign_in": _("Sign in again to send the marks saved on this phone."),
        "scan_start": _("Point the camera at the attendance QR code on a login card."),
        "scan_present": _("%(name)s: present"),
        "scan_already": _("%(name)s is already marked present."),
        "scan_unknown": _("This card is not known to Sala."),
        "scan_sign_in_qr": _("This is the sign-in QR code. Scan the attendance QR code beside it."),
        "scan_other": _("This QR code is not an attendance card."),
        "scan_offline": _("This card is not on the list. Connect to the internet to look it up."),
        "scan_no_camera": _("The camera could not be opened. Allow the camera, or mark people on the list."),
        "scan_no_decoder": _("This phone cannot read QR codes here. Mark people on the list."),
        "walk_in_confirm": _("%(name)s is not registered for this session. Add as a walk-in and mark present?"),
        "find_offline": _("Finding someone needs a connection. People on the list can still be marked."),
    }


@never_cache
@login_required
def register_meeting(request, pk: int):
    """The register of one meeting; a POST records one mark (the page without its script)."""
    meeting = _meeting_for(request.user, pk)
    if request.method == "POST":
        return _mark_from_form(request, meeting)
    now = timezone.now()
    open_, closed_reason = _register_state(meeting, now)
    rows = _register_rows(meeting)
    for row in rows:
        row["code"] = PREFIX + row["code"] if row["code"] else ""
    found, find = _walk_ins_found(request, meeting, rows)
    context = {
        "session": meeting.session,
        "meeting": meeting,
        "rows": rows,
        "present": sum(1 for row in rows if row["mark"] and row["mark"].status != AttendanceStatus.ABSENT),
        "open": open_,
        "closed_reason": closed_reason,
        "past": meeting.ends_at < now,
        "statuses": AttendanceStatus,
        "find": find,
        "found": found,
        "marks_url": reverse("seminars:marks_sync", args=[meeting.session_id]),
        "lookup_url": reverse("seminars:register_lookup", args=[meeting.pk]),
        "worker_url": reverse("seminars:register_worker"),
        "texts": _script_texts(),
    }
    return render(request, "seminars/attendance_register.html", context)


def _mark_from_form(request, meeting: Meeting):
    """One mark from a plain form (no script): recorded at once, then back to the register."""
    status = request.POST.get("status", "")
    person = Person.objects.filter(pk=_int(request.POST.get("person"))).first()
    if person is None:
        messages.error(request, _("Choose a person on the register."))
    else:
        try:
            attendance_mark(meeting=meeting, person=person, status=status, by=request.user, mark_id=uuid.uuid4())
        except SessionError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                _("%(person)s: %(status)s.") % {"person": person, "status": AttendanceStatus(status).label},
            )
    return redirect(
        reverse("seminars:register_meeting", args=[meeting.pk]) + f"#person-{_int(request.POST.get('person'))}"
    )


def _int(value) -> int:
    text = str(value or "")
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 18 else 0


def _find_people(user, text: str):
    """People whose worker ID or phone number is `text` (any factory the user sees), a few at most."""
    text = normalise_identifier(text)
    if not text:
        return Person.objects.none()
    wanted = Q(worker_id__iexact=text)
    try:
        phone = normalise_phone(text)
    except InvalidPhoneNumber:
        phone = ""  # a worker ID, not a phone number
    if phone:
        wanted |= Q(phone=phone)
    return people_visible_to(user).filter(wanted).select_related("factory").order_by("factory__name", "pk")[:MAX_FOUND]


def _walk_ins_found(request, meeting: Meeting, rows: list[dict]) -> tuple[list[Person] | None, str]:
    """The people a "find a walk-in" search on the register matched (None when nobody searched)."""
    find = request.GET.get("find", "").strip()[:50]
    if not find:
        return None, ""
    on_register = {row["person"].pk for row in rows}
    return [person for person in _find_people(request.user, find) if person.pk not in on_register], find


def _person_json(person: Person, *, registered: bool) -> dict:
    return {
        "person": person.pk,
        "name_km": " ".join(part for part in (person.family_name_km, person.given_name_km) if part),
        "name": " ".join(part for part in (person.last_name, person.first_name) if part) or str(person),
        "worker_id": person.worker_id,
        "factory": person.factory.name if person.factory_id else "",
        "registered": registered,
    }


@never_cache
@login_required
@require_GET
def register_lookup(request, pk: int):
    """Who a scanned card (`code`) or a typed worker ID or phone number (`q`) names, as JSON:
    {"people": [...]} (empty when nobody), each saying whether they are registered already."""
    meeting = _meeting_for(request.user, pk)
    if "code" in request.GET:
        person = person_from_qr(request.GET["code"][:100])
        visible = person is not None and people_visible_to(request.user).filter(pk=person.pk).exists()
        people = [person] if visible else []
    else:
        people = list(_find_people(request.user, request.GET.get("q", "")[:50]))
    registered = set(
        Registration.objects.filter(
            session=meeting.session_id, status=RegistrationStatus.REGISTERED, person__in=[p.pk for p in people]
        ).values_list("person_id", flat=True)
    )
    return JsonResponse({"people": [_person_json(p, registered=p.pk in registered) for p in people]})


def _json_error(message: str, status: int) -> JsonResponse:
    return JsonResponse({"error": message}, status=status)


def _marks_from_body(body: bytes) -> list[dict] | None:
    """The marks of a batch, or None when the body is not {"marks": [{...}, ...]}."""
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return None
    marks = data.get("marks") if isinstance(data, dict) else None
    if not isinstance(marks, list) or not all(isinstance(mark, dict) for mark in marks):
        return None
    return marks


@never_cache
@require_POST
def marks_sync(request, pk: int):
    """Record a batch of marks from the register's script; answers for each mark on its own.

    Body: {"marks": [{"mark_id", "meeting", "person", "status", "marked_at"}, ...]}. Answer:
    {"results": [{"mark_id", "accepted", "reason", "person", "meeting", "status", "marked_at"}]},
    where status and marked_at are what is recorded now (a newer mark may have won). A body that
    cannot be read is a 400 and records nothing. Signed out: a 403 in JSON (not the sign-in page),
    so the phone keeps its marks and asks the trainer to sign in again.
    """
    if not request.user.is_authenticated:
        return _json_error(_("Sign in again to send the marks saved on this phone."), 403)
    session = get_object_or_404(sessions_visible_to(request.user), pk=pk)
    if not user_can_manage_session(request.user, session):
        return _json_error(_("Only the session's trainers and programme staff take attendance."), 403)
    marks = _marks_from_body(request.body)
    if marks is None:
        return _json_error(_("The marks could not be read. Nothing was recorded."), 400)
    if len(marks) > MAX_MARKS_PER_BATCH:
        return _json_error(_("Too many marks at once. Nothing was recorded."), 400)
    try:
        results = attendance_marks_record(session=session, marks=marks, by=request.user)
    except NotAllowed as error:
        return _json_error(str(error), 403)
    except AttendanceRefused as error:
        return _json_error(str(error), 409)
    return JsonResponse({"results": [_result_json(result) for result in results]})


def _result_json(result) -> dict:
    answer = {"mark_id": result.mark_id, "accepted": result.accepted, "reason": result.reason}
    if result.attendance is not None:
        recorded = result.attendance
        answer.update(
            person=recorded.person_id,
            meeting=recorded.meeting_id,
            status=recorded.status,
            marked_at=recorded.marked_at.isoformat(),
        )
    return answer


@require_GET
def register_worker(request):
    """The register's service worker, served under /training/ so that it may look after the
    register's pages (a worker's scope cannot reach above the folder it is served from)."""
    # The registers' common beginning, /training/meetings/ (from a register's address, meeting 0).
    prefix = reverse("seminars:register_meeting", args=[0]).removesuffix("0/register/")
    script = render_to_string("seminars/attendance_worker.js", {"register_prefix": prefix.replace("/", "\\/")})
    response = HttpResponse(script, content_type="text/javascript; charset=utf-8")
    response["Cache-Control"] = "no-cache"
    return response


# Empty rows at the end of the sheet, for people who come without a place.
WALK_IN_ROWS = 5
# Up to this many meetings the sheet is upright (more people a page); beyond, A4 across.
PORTRAIT_MEETINGS = 3


@never_cache
@login_required
def sign_in_sheet(request, pk: int):
    """The paper sign-in sheet (A4 PDF): one row per registered person, one column per meeting to
    sign, a few empty rows for walk-ins; the session on every page's header, pages numbered."""
    # WeasyPrint takes a second to load: only this view needs it, so it loads on the first sheet.
    from weasyprint import HTML  # noqa: PLC0415

    session = _session_for(request.user, pk)
    registrations = (
        Registration.objects.filter(session=session, status=RegistrationStatus.REGISTERED)
        .select_related("person", "person__factory")
        .order_by("person__factory__name", "person__last_name", "person__first_name", "person_id")
    )
    meetings = list(session.meetings.order_by("starts_at", "pk"))
    context = {
        "session": session,
        "meetings": meetings,
        "landscape": len(meetings) > PORTRAIT_MEETINGS,
        "people": [registration.person for registration in registrations],
        "trainers": list(session.trainers.order_by("last_name", "first_name", "pk")),
        "walk_in_rows": range(WALK_IN_ROWS),
        "printed_at": timezone.now(),
    }
    html = render_to_string("seminars/sign_in_sheet.html", context, request=request)
    pdf = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="sign-in-sheet-{session.pk}.pdf"'
    return response


urlpatterns = [
    path("<int:pk>/attendance/", attendance, name="attendance"),
    path("meetings/<int:pk>/register/", register_meeting, name="register_meeting"),
    path("meetings/<int:pk>/people/", register_lookup, name="register_lookup"),
    path("<int:pk>/marks/", marks_sync, name="marks_sync"),
    path("<int:pk>/sign-in-sheet.pdf", sign_in_sheet, name="sign_in_sheet"),
    path("attendance-worker.js", register_worker, name="register_worker"),
]
