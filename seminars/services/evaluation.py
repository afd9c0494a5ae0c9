"""A participant's short evaluation of a session: three ratings from 1 to 5 and a comment."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lms.people.models import Person

from ..choices import AttendanceStatus, SessionState
from ..models import Attendance, Evaluation, Session
from ..selectors import session_state_of
from .errors import EvaluationRefused, NotAllowed

COMMENT_MAX_CHARS = 2000


def _rating(value) -> int:
    try:
        rating = int(value)
    except (TypeError, ValueError):
        rating = 0
    if not 1 <= rating <= 5:
        raise EvaluationRefused(_("Give each rating from 1 to 5."))
    return rating


@transaction.atomic
def evaluation_submit(
    *, session: Session, person: Person, overall: int, usefulness: int, trainer: int, comment: str = ""
) -> Evaluation:
    """Record what the person thought of the session, once it has started, if they attended it
    (marked present or late at least once). Submitting again updates their evaluation. Raises
    NotAllowed or EvaluationRefused.
    """
    if session_state_of(session) not in (SessionState.IN_PROGRESS, SessionState.COMPLETED):
        raise EvaluationRefused(_("You can give your evaluation once the session has taken place."))
    attended = Attendance.objects.filter(
        meeting__session=session, person=person, status__in=(AttendanceStatus.PRESENT, AttendanceStatus.LATE)
    )
    if not attended.exists():
        raise NotAllowed(_("Only people who attended the session can evaluate it."))
    values = {
        "overall": _rating(overall),
        "usefulness": _rating(usefulness),
        "trainer": _rating(trainer),
        "comment": (comment or "").strip()[:COMMENT_MAX_CHARS],
        "submitted_at": timezone.now(),
    }
    evaluation, _created = Evaluation.objects.update_or_create(session=session, person=person, defaults=values)
    return evaluation
