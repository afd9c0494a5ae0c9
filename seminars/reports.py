"""Training days: how much training people received, counted in person-days of attendance.

Each meeting of a session is one day of training. A person marked present at a meeting counts 1
person-day, marked late (or there only part of the time) ½, absent nothing. The report adds them
up per session, per trainer, per factory or per month, split by gender (women, men, and another
gender or not stated), with the number of different people trained.

- A session with two trainers counts its days for each of them, so the trainers' lines add up to
  more than the total (the total line counts each day once).
- A person's factory is the one they registered from (Registration.factory), so a worker who has
  moved since still counts for the factory that sent them.
- The province is where the session met: its factory's or its training centre's province
  (online sessions are in none).
- Months and dates are Phnom Penh's.

Who reads what: programme staff every session; a trainer the sessions they train; factory HR
the days of its own factory's people. Everything is added up by the database in one query per
table, whatever the number of marks.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import (
    Case,
    Count,
    DecimalField,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lms.people.choices import Gender, Role
from lms.people.models import Factory, Person
from lms.people.permissions import is_factory_hr

from .choices import AttendanceStatus, VenueKind
from .models import Attendance, Registration, Session
from .permissions import is_programme_staff

GROUPINGS = {
    "session": gettext_lazy("Session"),
    "trainer": gettext_lazy("Trainer"),
    "factory": gettext_lazy("Factory"),
    "month": gettext_lazy("Month"),
}
DAYS = DecimalField(max_digits=12, decimal_places=1)
ZERO = Decimal("0.0")


@dataclass
class DaysRow:
    label: str
    detail: str = ""
    women: Decimal = ZERO
    men: Decimal = ZERO
    other: Decimal = ZERO
    total: Decimal = ZERO
    people: int = 0


@dataclass
class DaysTable:
    grouping: str
    rows: list[DaysRow] = field(default_factory=list)
    totals: DaysRow = field(default_factory=lambda: DaysRow(label=""))


def _day_start(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _person_days():
    """The person-days of one attendance mark."""
    return Case(
        When(status=AttendanceStatus.PRESENT, then=Value(Decimal("1.0"))),
        When(status=AttendanceStatus.LATE, then=Value(Decimal("0.5"))),
        default=Value(ZERO),
        output_field=DAYS,
    )


def _sums() -> dict:
    days = _person_days()

    def total(condition=None):
        return Coalesce(Sum(days, filter=condition), Value(ZERO), output_field=DAYS)

    return {
        "women": total(Q(person__gender=Gender.FEMALE)),
        "men": total(Q(person__gender=Gender.MALE)),
        "other": total(~Q(person__gender__in=[Gender.FEMALE, Gender.MALE])),
        "total": total(),
        "people": Count("person", distinct=True),
    }


def _registered_factory():
    """The factory the person registered from for the mark's session."""
    return Subquery(
        Registration.objects.filter(session_id=OuterRef("meeting__session_id"), person_id=OuterRef("person_id"))
        .order_by()
        .values("factory_id")[:1]
    )


PROGRAMME, TRAINED, OWN_FACTORY = "programme", "trained", "own_factory"


def report_scope(user) -> str | None:
    """Whose training days the user reads: the whole programme (programme staff), the sessions
    they train (trainers), their factory's people (HR), or nothing (None)."""
    if is_programme_staff(user):
        return PROGRAMME
    if getattr(user, "is_authenticated", False) and user.has_role(Role.TRAINER):
        return TRAINED
    if is_factory_hr(user):
        return OWN_FACTORY
    return None


def attendance_for_report(
    user, *, date_from: datetime.date | None = None, date_to: datetime.date | None = None, province: str = ""
) -> QuerySet[Attendance]:
    """The attendance marks that count (present or late) which this user may read, filtered."""
    marks = Attendance.objects.filter(status__in=[AttendanceStatus.PRESENT, AttendanceStatus.LATE]).annotate(
        factory_ref=_registered_factory()
    )
    scope = report_scope(user)
    if scope == TRAINED:
        trained = Session.trainers.through.objects.filter(person_id=user.pk).values("session_id")
        marks = marks.filter(meeting__session_id__in=trained)
    elif scope == OWN_FACTORY:
        # As a condition the database joins (a semi-join), not a value it looks up for every mark.
        sent = Registration.objects.filter(
            factory_id=user.factory_id, session_id=OuterRef("meeting__session_id"), person_id=OuterRef("person_id")
        )
        marks = marks.filter(Exists(sent))
    elif scope != PROGRAMME:
        return marks.none()
    if date_from:
        marks = marks.filter(meeting__starts_at__gte=_day_start(date_from))
    if date_to:
        marks = marks.filter(meeting__starts_at__lt=_day_start(date_to + datetime.timedelta(days=1)))
    if province:
        marks = marks.filter(
            Q(meeting__session__factory__province=province) | Q(meeting__session__centre__province=province)
        )
    return marks


def training_days(
    user,
    *,
    by: str = "session",
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
    province: str = "",
    limit: int | None = None,
) -> DaysTable:
    """The training days this user may read, one line per session, trainer, factory or month
    (`by`), and the total; at most `limit` lines (the total counts them all)."""
    if by not in GROUPINGS:
        raise ValueError(f"Unknown grouping {by!r}")
    marks = attendance_for_report(user, date_from=date_from, date_to=date_to, province=province)
    table = DaysTable(grouping=by)
    totals = marks.aggregate(**_sums())
    table.totals = DaysRow(label=_("Total"), **_numbers(totals))
    rows = _GROUPED[by](marks)
    if limit is not None:
        rows = rows[:limit]
    table.rows = _LABELLED[by](list(rows))
    return table


# --- Each grouping: the grouped query, then the words of each line -----------------------------------


def _by_session(marks):
    return (
        marks.values(
            "meeting__session_id",
            "meeting__session__title",
            "meeting__session__course__title",
            "meeting__session__seminar__title",
            "meeting__session__starts_at",
            "meeting__session__venue_kind",
            "meeting__session__factory__name",
            "meeting__session__centre__name",
        )
        .annotate(**_sums())
        .order_by("-meeting__session__starts_at", "meeting__session_id")
    )


def _session_rows(rows) -> list[DaysRow]:
    lines = []
    for row in rows:
        title = (
            row["meeting__session__title"]
            or row["meeting__session__course__title"]
            or row["meeting__session__seminar__title"]
        )
        starts_at = row["meeting__session__starts_at"]
        venue = {
            VenueKind.FACTORY: row["meeting__session__factory__name"],
            VenueKind.CENTRE: row["meeting__session__centre__name"],
            VenueKind.ONLINE: _("Online"),
        }.get(row["meeting__session__venue_kind"], "")
        when = date_format(timezone.localtime(starts_at), "j M Y") if starts_at else ""
        lines.append(DaysRow(label=title, detail=" · ".join(part for part in (when, venue) if part), **_numbers(row)))
    return lines


def _by_trainer(marks):
    return marks.values(trainer_id=F("meeting__session__trainers")).annotate(**_sums()).order_by("-total", "trainer_id")


def _trainer_rows(rows) -> list[DaysRow]:
    people = Person.objects.in_bulk([row["trainer_id"] for row in rows if row["trainer_id"]])
    return [
        DaysRow(
            label=str(people[row["trainer_id"]]) if row["trainer_id"] in people else _("No trainer named"),
            **_numbers(row),
        )
        for row in rows
    ]


def _by_factory(marks):
    return marks.values("factory_ref").annotate(**_sums()).order_by("-total", "factory_ref")


def _factory_rows(rows) -> list[DaysRow]:
    factories = Factory.objects.in_bulk([row["factory_ref"] for row in rows if row["factory_ref"]])
    lines = []
    for row in rows:
        factory = factories.get(row["factory_ref"])
        if factory is None:
            lines.append(DaysRow(label=_("No factory"), **_numbers(row)))
        else:
            lines.append(DaysRow(label=factory.name, detail=factory.code, **_numbers(row)))
    return lines


def _by_month(marks):
    return marks.annotate(month=TruncMonth("meeting__starts_at")).values("month").annotate(**_sums()).order_by("-month")


def _month_rows(rows) -> list[DaysRow]:
    return [DaysRow(label=date_format(_as_date(row["month"]), "F Y"), **_numbers(row)) for row in rows]


def _as_date(month) -> datetime.date:
    # TruncMonth of a timestamp gives an aware datetime on PostgreSQL, the same on SQLite.
    return timezone.localtime(month).date() if isinstance(month, datetime.datetime) else month


def _numbers(row: dict) -> dict:
    # Databases give sums back as 2, 2.0 or 2.00: every line says days with one decimal.
    days = {name: Decimal(row[name] or 0).quantize(Decimal("0.1")) for name in ("women", "men", "other", "total")}
    return {**days, "people": row["people"]}


_GROUPED = {"session": _by_session, "trainer": _by_trainer, "factory": _by_factory, "month": _by_month}
_LABELLED = {"session": _session_rows, "trainer": _trainer_rows, "factory": _factory_rows, "month": _month_rows}


def csv_header(by: str) -> list[str]:
    detail = {"session": _("Date and venue"), "factory": _("Factory code")}.get(by)
    columns = [str(GROUPINGS[by])]
    if detail:
        columns.append(detail)
    return [*columns, _("Women"), _("Men"), _("Another gender or not stated"), _("Total"), _("People")]


def csv_rows(table: DaysTable) -> list[list]:
    has_detail = table.grouping in ("session", "factory")
    lines = []
    for row in [*table.rows, table.totals]:
        cells = [row.label, row.detail] if has_detail else [row.label]
        lines.append([*cells, *(f"{days:.1f}" for days in (row.women, row.men, row.other, row.total)), row.people])
    return lines
