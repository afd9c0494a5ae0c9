"""Training screens: a short evaluation after a session, and what participants thought.

Someone who attended (present or late at a meeting) rates the session, its usefulness and the
trainer from 1 to 5 on their phone, with a comment if they like; sending it again changes it. The
session's trainers and programme staff read the averages, the spread of each rating and the
comments, without names: people say more when the trainer does not see who wrote what.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Avg, Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from ..choices import AttendanceStatus, SessionState
from ..forms import RATINGS, EvaluationForm
from ..models import Attendance, Evaluation, Session
from ..permissions import sessions_visible_to, user_can_read_evaluations
from ..selectors import session_state_of
from ..services import SessionError, evaluation_submit

COMMENTS_PAGE_SIZE = 50
QUESTIONS = ("overall", "usefulness", "trainer")


def _session(user, pk: int) -> Session:
    return get_object_or_404(sessions_visible_to(user).select_related("course", "seminar"), pk=pk)


def attended(user, session: Session) -> bool:
    """Whether the user was marked present or late at a meeting of the session: who evaluates it."""
    return Attendance.objects.filter(
        meeting__session=session, person=user, status__in=(AttendanceStatus.PRESENT, AttendanceStatus.LATE)
    ).exists()


@never_cache
@login_required
def evaluation(request, pk: int):
    """The participant's evaluation of a session they attended, once it has started."""
    session = _session(request.user, pk)
    started = session_state_of(session) in (SessionState.IN_PROGRESS, SessionState.COMPLETED)
    if not (started and attended(request.user, session)):
        return render(request, "seminars/evaluation_closed.html", {"session": session, "started": started}, status=403)
    given = Evaluation.objects.filter(session=session, person=request.user).first()
    initial = {name: getattr(given, name) for name in (*QUESTIONS, "comment")} if given else None
    form = EvaluationForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            evaluation_submit(session=session, person=request.user, **form.cleaned_data)
        except SessionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Thank you: your trainer reads what participants think, without names."))
            return redirect("seminars:session_detail", pk=session.pk)
    return render(
        request,
        "seminars/evaluation.html",
        {"session": session, "form": form, "given": given},
        status=422 if form.errors else 200,
    )


def _results(session: Session) -> dict:
    """Counts and averages of the three ratings, and how many gave each value (one query)."""
    spread = {
        f"{name}_{value}": Count("pk", filter=Q(**{name: value})) for name in QUESTIONS for value, _label in RATINGS
    }
    averages = {f"{name}_average": Avg(name) for name in QUESTIONS}
    return Evaluation.objects.filter(session=session).aggregate(count=Count("pk"), **averages, **spread)


@never_cache
@login_required
def evaluation_results(request, pk: int):
    """What participants thought of a session: for its trainers and programme staff."""
    session = _session(request.user, pk)
    if not user_can_read_evaluations(request.user, session):
        raise PermissionDenied
    results = _results(session)
    count = results["count"]
    labels = {name: EvaluationForm.base_fields[name].label for name in QUESTIONS}
    questions = [
        {
            "label": labels[name],
            "average": results[f"{name}_average"],
            "spread": [
                {
                    "value": value,
                    "count": results[f"{name}_{value}"],
                    "share": _share(results[f"{name}_{value}"], count),
                }
                for value, _label in reversed(RATINGS)
            ],
        }
        for name in QUESTIONS
    ]
    comments = Evaluation.objects.filter(session=session).exclude(comment="").order_by("-submitted_at", "-pk")
    page = Paginator(comments.only("comment", "submitted_at"), COMMENTS_PAGE_SIZE).get_page(request.GET.get("page"))
    attended = (
        Attendance.objects.filter(
            meeting__session=session, status__in=(AttendanceStatus.PRESENT, AttendanceStatus.LATE)
        )
        .values("person")
        .distinct()
        .count()
    )
    return render(
        request,
        "seminars/evaluation_results.html",
        {"session": session, "count": count, "attended": attended, "questions": questions, "page": page},
    )


def _share(part: int, whole: int) -> int:
    """A percentage for the bar of one rating."""
    return round(100 * part / whole) if whole else 0


urlpatterns = [
    path("<int:pk>/evaluation/", evaluation, name="evaluation"),
    path("<int:pk>/evaluations/", evaluation_results, name="evaluation_results"),
]
