"""Demo training sessions: two training centres, the seminar pages and a few sessions to try.

`seed_demo` builds them once the catalogue, the people and the demo accounts exist:

- the training centres of Phnom Penh and Kandal;
- a seminars index with two seminar series, in English and Khmer: an industrial-relations seminar
  for union representatives and HR (attending it completes *The collective bargaining agreement
  process*) and a seminar on preventing violence and harassment for HR managers;
- *Bystander action* (a classroom course) at factory PP-001 on Tuesday and Wednesday next week,
  trained by the demo `trainer`, with six of PP-001's sewing workers registered by HR, so the demo
  `hr` can nominate more and fill it up to the waitlist;
- the industrial-relations seminar at the Phnom Penh centre in a little over two weeks, for three
  factories with six seats held for each (four of PP-001's taken: HR has two left);
- the same seminar three weeks ago at the Kandal centre for people of KD-001 and KS-001, with its
  attendance taken, closed (the people who attended have the course completed) and evaluated, so
  the training-days report and the evaluations show something;
- the harassment-prevention seminar five weeks ago for supervisors of PP-001 and KD-001, taken
  and closed, so the demo `hr` reads training days of its own people too;
- the harassment-prevention seminar in four weeks at the Kandal centre, which HR fills (workers
  do not register themselves).

Sessions are scheduled, closed and evaluated through the services, as on the training screens;
registrations and attendance marks are written with the factories the tests use, so seeding sends
no message to anyone. The demo sign-in accounts hold no place, so they can try everything.

The full scale adds a year of the harassment-prevention seminar across the programme
(`demo_training_bulk_create`): 400 two-morning sessions, most at a factory for its own people,
some at a training centre for three factories, with a dozen more trainers, about 40 people
registered in each and the attendance of every meeting that has taken place. The sessions that
are over are closed; that seminar completes no course, so closing them records nothing else.
Those rows are written in batches like the rest of the full-scale data (`lms.demo.bulk`).
"""

import datetime
import random

from django.contrib.auth.models import Group
from django.db import transaction
from django.db.models import Count, QuerySet
from django.utils import timezone

from courses.factories import page_translate, site_root, translations_sync
from courses.models import Audience, CoursePage
from lms.people.choices import Gender, JobRole, Language, Province, Role
from lms.people.factories import SHARE_OF_WOMEN, khmer_name
from lms.people.models import Factory, Person
from seminars.choices import AttendanceStatus, RegistrationSource, RegistrationStatus, VenueKind
from seminars.factories import AttendanceFactory, RegistrationFactory
from seminars.models import Attendance, Meeting, Registration, SeminarIndexPage, SeminarPage, Session, TrainingCentre
from seminars.services import evaluation_submit, session_close, session_create

from .bulk import RowWriter, foreign_keys_check, load_transaction
from .people import DEMO_UNION_PHONE, DEMO_WORKER_PHONE

DEMO_ACCOUNT_USERNAMES = ("programme", "trainer", "hr")

CENTRES = [
    (
        "Phnom Penh Training Centre",
        "មជ្ឈមណ្ឌលបណ្តុះបណ្តាលភ្នំពេញ",
        "No. 12, Street 271, Sangkat Tuol Tumpung, Khan Chamkar Mon, Phnom Penh",
        Province.PHNOM_PENH,
    ),
    ("Kandal Training Centre", "មជ្ឈមណ្ឌលបណ្តុះបណ្តាលកណ្តាល", "National Road 2, Takhmao, Kandal", Province.KANDAL),
]

SEMINARS_INTRO = "<p>Seminars that bring union representatives, HR and managers of several factories together.</p>"
SEMINARS_INTRO_KM = "<p>សិក្ខាសាលាដែលប្រមូលតំណាងសហជីព ធនធានមនុស្ស និងអ្នកគ្រប់គ្រងពីរោងចក្រជាច្រើនមកជួបគ្នា។</p>"

# slug, title, summary, body, audiences, course it completes (slug), Khmer title, Khmer summary
SEMINARS = [
    (
        "industrial-relations",
        "Industrial relations: working together",
        "Union representatives and HR learn together how to talk, negotiate and settle disputes at the factory.",
        "<h2>What you will do</h2><ul><li>Practise a bargaining meeting, from the agenda to the signed minutes.</li>"
        "<li>Follow a grievance from the worker's first word to its answer.</li>"
        "<li>Agree on how union and HR keep talking after the seminar.</li></ul>",
        ["union", "hr", "managers"],
        "cba-process",
        "ទំនាក់ទំនងវិជ្ជាជីវៈ៖ ធ្វើការរួមគ្នា",
        "តំណាងសហជីព និងធនធានមនុស្សរៀនរួមគ្នាពីរបៀបពិភាក្សា ចរចា និងដោះស្រាយវិវាទនៅរោងចក្រ។",
    ),
    (
        "preventing-harassment",
        "Preventing violence and harassment: a seminar for HR managers",
        "How to set up a policy, receive complaints safely and support the people who report.",
        "<h2>What you will do</h2><ul><li>Review your factory's policy against the law and the programme's checklist.</li>"
        "<li>Practise receiving a complaint in confidence.</li>"
        "<li>Plan the support a person who reports can count on.</li></ul>",
        ["hr", "managers"],
        None,
        "ការបង្ការអំពើហិង្សា និងការបៀតបៀន៖ សិក្ខាសាលាសម្រាប់អ្នកគ្រប់គ្រងធនធានមនុស្ស",
        "របៀបរៀបចំគោលនយោបាយ ទទួលពាក្យបណ្តឹងដោយសុវត្ថិភាព និងគាំទ្រអ្នកដែលរាយការណ៍។",
    ),
]

EVALUATION_COMMENTS = [
    "ល្អណាស់ ខ្ញុំយល់ពីរបៀបចរចាកាន់តែច្បាស់។",
    "Very practical: we will use the minutes template at our factory.",
    "សូមបន្ថែមពេលវេលាសម្រាប់ការអនុវត្តជាក្រុម។",
    "",
]


def demo_training_create(*, trainer: Person, hr: Person, seed: int = 1) -> dict[str, int]:
    """Create the demo centres, seminar pages and sessions, unless they exist; return how many."""
    if TrainingCentre.objects.exists() or SeminarIndexPage.objects.exists():
        return {"centres": 0, "seminars": 0, "sessions": 0, "registrations": 0, "marks": 0, "evaluations": 0}
    with transaction.atomic():
        return _training_create(trainer=trainer, hr=hr, rng=random.Random(seed))


def _training_create(*, trainer: Person, hr: Person, rng: random.Random) -> dict[str, int]:
    counts = {"centres": 0, "seminars": 0, "sessions": 0, "registrations": 0, "marks": 0, "evaluations": 0}
    phnom_penh, kandal = (
        TrainingCentre.objects.create(name=name, name_km=name_km, address=address, province=province)
        for name, name_km, address, province in CENTRES
    )
    counts["centres"] = 2
    relations, harassment = _seminars_create()
    counts["seminars"] = 2
    factories = {factory.code: factory for factory in Factory.objects.filter(code__in=["PP-001", "KD-001", "KS-001"])}
    demo_factory = factories["PP-001"]
    today = timezone.localdate()
    next_monday = today + datetime.timedelta(days=7 - today.weekday())

    # A classroom course at the demo factory next week, two afternoons.
    bystanders = _course("bystanders")
    classroom = _schedule(
        by=trainer,
        course=bystanders,
        venue_kind=VenueKind.FACTORY,
        factory=demo_factory,
        room="Training room, 2nd floor",
        capacity=20,
        meetings=[_meeting(next_monday, 1, (13, 30), (16, 30)), _meeting(next_monday, 2, (13, 30), (16, 30))],
    )
    sewing = _people(demo_factory, JobRole.WORKER).filter(department__name="Sewing")
    counts["registrations"] += _register(classroom, list(sewing[:6]), by=hr, source=RegistrationSource.FACTORY_HR)

    # The industrial-relations seminar for three factories, with seats held for each.
    seminar_day = next_monday + datetime.timedelta(days=10)
    upcoming = _schedule(
        by=trainer,
        seminar=relations,
        venue_kind=VenueKind.CENTRE,
        centre=phnom_penh,
        room="Hall A",
        capacity=24,
        meetings=[_meeting(seminar_day, 0, (8, 0), (16, 0))],
        quotas={factory: 6 for factory in factories.values()},
        registration_deadline=_at(seminar_day - datetime.timedelta(days=3), (17, 0)),
    )
    counts["registrations"] += _register(
        upcoming, _mixed(demo_factory, 4, skip=6), by=hr, source=RegistrationSource.FACTORY_HR
    )
    counts["registrations"] += _register(
        upcoming, _mixed(factories["KD-001"], 3), by=trainer, source=RegistrationSource.TRAINER
    )

    # The same seminar three weeks ago: taken, closed and evaluated.
    past_monday = next_monday - datetime.timedelta(days=28)
    past = _schedule(
        by=trainer,
        seminar=relations,
        venue_kind=VenueKind.CENTRE,
        centre=kandal,
        room="Room 1",
        capacity=16,
        meetings=[_meeting(past_monday, 1, (8, 0), (12, 0)), _meeting(past_monday, 2, (8, 0), (12, 0))],
    )
    # Not PP-001's people: HR of PP-001 sees three courses for each of its workers (lms.demo.learning).
    attendees = _mixed(factories["KD-001"], 8) + _mixed(factories["KS-001"], 6)
    counts["registrations"] += _register(past, attendees, by=trainer, source=RegistrationSource.TRAINER)
    counts["marks"] = _attendance_take(past, attendees, by=trainer, rng=rng)
    session_close(session=past, by=trainer)
    counts["evaluations"] = _evaluations_submit(past, attendees, rng=rng)

    # The harassment-prevention seminar five weeks ago for supervisors of PP-001 and KD-001, taken
    # and closed: HR of PP-001 reads its people's training days (the seminar completes no course).
    earlier = next_monday - datetime.timedelta(days=35)
    past_gbvh = _schedule(
        by=trainer,
        seminar=harassment,
        venue_kind=VenueKind.CENTRE,
        centre=phnom_penh,
        room="Hall B",
        capacity=12,
        self_registration=False,
        meetings=[_meeting(earlier, 3, (8, 0), (16, 0))],
    )
    leads = list(_people(demo_factory, JobRole.SUPERVISOR)[2:6]) + list(
        _people(factories["KD-001"], JobRole.SUPERVISOR)[:3]
    )
    counts["registrations"] += _register(past_gbvh, leads, by=hr, source=RegistrationSource.FACTORY_HR)
    counts["marks"] += _attendance_take(past_gbvh, leads, by=trainer, rng=rng)
    session_close(session=past_gbvh, by=trainer)

    # The harassment-prevention seminar: HR registers its managers; workers do not register themselves.
    later = next_monday + datetime.timedelta(days=24)
    gbvh = _schedule(
        by=trainer,
        seminar=harassment,
        venue_kind=VenueKind.CENTRE,
        centre=kandal,
        room="Room 2",
        capacity=20,
        self_registration=False,
        meetings=[_meeting(later, 0, (8, 0), (16, 0))],
    )
    counts["registrations"] += _register(
        gbvh, list(_people(factories["KD-001"], JobRole.MANAGER)[:2]), by=trainer, source=RegistrationSource.TRAINER
    )
    counts["sessions"] = 5
    return counts


# --- Pages ------------------------------------------------------------------------------------------


def _seminars_create() -> list[SeminarPage]:
    index = SeminarIndexPage(title="Seminars", slug="seminars", intro=SEMINARS_INTRO)
    site_root().add_child(instance=index)
    audiences = {audience.code: audience for audience in Audience.objects.all()}
    pages, translated = [], [(index, {"title": "សិក្ខាសាលា", "intro": SEMINARS_INTRO_KM})]
    for slug, title, summary, body, for_whom, course_slug, title_km, summary_km in SEMINARS:
        page = SeminarPage(title=title, slug=slug, summary=summary, body=body, language="km")
        page.audiences = [audiences[code] for code in for_whom]
        page.course = _course(course_slug) if course_slug else None
        index.add_child(instance=page)
        pages.append(page)
        translated.append((page, {"title": title_km, "summary": summary_km}))
    translations_sync()
    for page, fields in translated:
        page_translate(page, "km", **fields)
    return pages


def _course(slug: str) -> CoursePage:
    return CoursePage.objects.get(slug=slug, locale__language_code="en")


# --- Sessions and people --------------------------------------------------------------------------------


def _at(day: datetime.date, time: tuple[int, int]) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(*time)))


def _meeting(monday: datetime.date, weekday: int, start: tuple[int, int], end: tuple[int, int]) -> tuple:
    day = monday + datetime.timedelta(days=weekday)
    return _at(day, start), _at(day, end)


def _schedule(*, by: Person, **fields) -> Session:
    return session_create(by=by, trainers=[by], publish=True, **fields).session


def _people(factory: Factory, job_role: str) -> QuerySet[Person]:
    """People of the factory in this job, the demo sign-in accounts left out (they try things themselves)."""
    return (
        Person.objects.filter(factory=factory, job_role=job_role, is_active=True, groups__isnull=True)
        .exclude(username__in=DEMO_ACCOUNT_USERNAMES)
        .exclude(phone__in=[DEMO_WORKER_PHONE, DEMO_UNION_PHONE])
        .order_by("worker_id")
    )


def _mixed(factory: Factory, count: int, *, skip: int = 0) -> list[Person]:
    """A few supervisors and managers of the factory first, then workers (union representatives)."""
    leads = list(_people(factory, JobRole.SUPERVISOR)[:count]) + list(_people(factory, JobRole.MANAGER)[:count])
    workers = list(_people(factory, JobRole.WORKER)[skip : skip + count])
    return (leads[: (count + 1) // 2] + workers)[:count]


def _register(session: Session, people: list[Person], *, by: Person, source: str) -> int:
    for person in people:
        RegistrationFactory(session=session, person=person, source=source, registered_by=by)
    return len(people)


def _attendance_take(session: Session, people: list[Person], *, by: Person, rng: random.Random) -> int:
    """Most came to every meeting; a few were late, and the last person missed the second day."""
    marks = 0
    meetings = list(session.meetings.order_by("starts_at"))
    for number, person in enumerate(people):
        for day, meeting in enumerate(meetings):
            if number == len(people) - 1 and day == 1:
                status = AttendanceStatus.ABSENT
            elif rng.random() < 0.15:
                status = AttendanceStatus.LATE
            else:
                status = AttendanceStatus.PRESENT
            AttendanceFactory(
                meeting=meeting,
                person=person,
                status=status,
                marked_by=by,
                marked_at=meeting.starts_at + datetime.timedelta(minutes=rng.randint(5, 40)),
            )
            marks += 1
    return marks


def _evaluations_submit(session: Session, people: list[Person], *, rng: random.Random) -> int:
    """About two in three participants gave their evaluation."""
    given = 0
    for person in people:
        if rng.random() < 0.35:
            continue
        evaluation_submit(
            session=session,
            person=person,
            overall=rng.choice([4, 4, 5, 5, 5, 3]),
            usefulness=rng.choice([4, 5, 5, 3]),
            trainer=rng.choice([4, 5, 5, 5]),
            comment=rng.choice(EVALUATION_COMMENTS),
        )
        given += 1
    return given


# --- The full scale: a year of sessions across the programme -----------------------------------------

FULL_SCALE_SESSIONS = 400
FULL_SCALE_TRAINERS = 12
ATTENDEES = (30, 48)  # people registered per session, lowest and highest
SHARE_AT_A_FACTORY = 0.7  # the others meet at a training centre, for three factories
SHARE_LATE, SHARE_ABSENT = 0.08, 0.07
SESSION_FIELDS = [
    "id",
    "seminar_id",
    "venue_kind",
    "factory_id",
    "centre_id",
    "room",
    "capacity",
    "language",
    "self_registration",
    "published_at",
    "closed_at",
    "closed_by_id",
    "starts_at",
    "ends_at",
    "created_by_id",
    "created_at",
    "updated_at",
]
REGISTRATION_FIELDS = [
    "id",
    "session_id",
    "person_id",
    "factory_id",
    "status",
    "source",
    "registered_by_id",
    "queued_at",
    "created_at",
    "updated_at",
]
ATTENDANCE_FIELDS = ["id", "meeting_id", "person_id", "status", "marked_at", "marked_by_id", "recorded_at"]


def demo_training_bulk_create(*, seed: int = 1, sessions: int = FULL_SCALE_SESSIONS) -> dict[str, int]:
    """Add a year of the harassment-prevention seminar across the factories (see the module's
    docstring), after `demo_training_create`; return how many rows of each kind it wrote."""
    rng = random.Random(seed)
    now = timezone.now()
    seminar = SeminarPage.objects.get(slug="preventing-harassment", locale__language_code="en")
    centres = list(TrainingCentre.objects.order_by("pk"))
    trainers = _trainers_create(rng, now=now)
    # How many people each factory has, to draw registrations from (one query for all factories).
    sizes = dict(
        _attendable(Person.objects.filter(factory__isnull=False))
        .values_list("factory_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    factory_ids = sorted(factory_id for factory_id, size in sizes.items() if size >= ATTENDEES[1])
    writers = {
        "sessions": RowWriter(Session, SESSION_FIELDS),
        "trainers": RowWriter(Session.trainers.through, ["id", "session_id", "person_id"]),
        "meetings": RowWriter(Meeting, ["id", "session_id", "starts_at", "ends_at"]),
        "registrations": RowWriter(Registration, REGISTRATION_FIELDS),
        "marks": RowWriter(Attendance, ATTENDANCE_FIELDS),
    }
    first_day = timezone.localdate() - datetime.timedelta(days=330)
    for number in range(sessions):
        day = first_day + datetime.timedelta(days=number * 365 // sessions)
        if day.weekday() >= 5:  # a session starts on a weekday
            day += datetime.timedelta(days=7 - day.weekday())
        trainer = rng.choice(trainers)
        hosts = [rng.choice(factory_ids)] if rng.random() < SHARE_AT_A_FACTORY else rng.sample(factory_ids, 3)
        people = [
            (factory_id, person_id)
            for factory_id, count in zip(hosts, _split(rng.randint(*ATTENDEES), len(hosts)), strict=True)
            for person_id in _people_drawn(rng, factory_id, count, sizes[factory_id])
        ]
        _session_write(
            writers,
            seminar=seminar,
            day=day,
            trainer=trainer,
            hosts=hosts,
            centres=centres,
            people=people,
            rng=rng,
            now=now,
        )
    with load_transaction():
        for writer in writers.values():
            writer.flush()
    foreign_keys_check(writers.values())
    return {
        "trainers": len(trainers),
        **{name: writer.written for name, writer in writers.items() if name != "trainers"},
    }


def _attendable(people: QuerySet[Person]) -> QuerySet[Person]:
    return people.filter(is_active=True, job_role__in=[JobRole.WORKER, JobRole.SUPERVISOR])


def _trainers_create(rng: random.Random, *, now: datetime.datetime) -> list[int]:
    """A dozen more trainers (no password: they exist to train the demo's sessions)."""
    people = []
    for number in range(1, FULL_SCALE_TRAINERS + 1):
        gender = Gender.FEMALE if rng.random() < SHARE_OF_WOMEN else Gender.MALE
        family_km, family_latin, given_km, given_latin = khmer_name(rng, gender)
        people.append(
            Person(
                username=f"trainer{number:02d}",
                email=f"trainer{number:02d}@example.org",
                password="!",
                family_name_km=family_km,
                last_name=family_latin,
                given_name_km=given_km,
                first_name=given_latin,
                gender=gender,
                preferred_language=Language.KHMER,
                job_role=JobRole.STAFF,
                is_staff=True,
                date_joined=now,
            )
        )
    created = Person.objects.bulk_create(people)
    Group.objects.get_or_create(name=Role.TRAINER.value)[0].user_set.add(*created)
    return [person.pk for person in created]


def _split(total: int, parts: int) -> list[int]:
    return [total // parts + (1 if index < total % parts else 0) for index in range(parts)]


def _people_drawn(rng: random.Random, factory_id: int, count: int, size: int) -> list[int]:
    """`count` people of the factory, a run of its roster starting at a random place (one query)."""
    start = rng.randrange(max(size - count, 0) + 1)
    roster = _attendable(Person.objects.filter(factory_id=factory_id)).order_by("pk").values_list("pk", flat=True)
    return list(roster[start : start + count])


def _session_write(writers, *, seminar, day, trainer, hosts, centres, people, rng, now) -> None:
    """One session: its row, trainer, two morning meetings, registrations and, once it is over, marks."""
    meetings = [(_at(day, (8, 0)), _at(day, (12, 0)))]
    second = day + datetime.timedelta(days=3 if day.weekday() == 4 else 1)
    meetings.append((_at(second, (8, 0)), _at(second, (12, 0))))
    over = meetings[-1][1] < now
    at_factory = len(hosts) == 1
    session_id = writers["sessions"].next_id()
    created_at = meetings[0][0] - datetime.timedelta(days=21)
    writers["sessions"].add(
        session_id,
        seminar.pk,
        VenueKind.FACTORY if at_factory else VenueKind.CENTRE,
        hosts[0] if at_factory else None,
        None if at_factory else rng.choice(centres).pk,
        "Meeting room" if at_factory else "Hall A",
        ATTENDEES[1] + 2,
        Language.KHMER,
        False,
        created_at,
        min(meetings[-1][1] + datetime.timedelta(hours=2), now) if over else None,
        trainer if over else None,
        meetings[0][0],
        meetings[-1][1],
        trainer,
        created_at,
        now,
    )
    writers["trainers"].add(writers["trainers"].next_id(), session_id, trainer)
    meeting_ids = []
    for starts_at, ends_at in meetings:
        meeting_ids.append(writers["meetings"].next_id())
        writers["meetings"].add(meeting_ids[-1], session_id, starts_at, ends_at)
    source = RegistrationSource.FACTORY_HR if at_factory else RegistrationSource.TRAINER
    for factory_id, person_id in people:
        queued_at = created_at + datetime.timedelta(minutes=rng.randrange(60 * 24 * 14))
        writers["registrations"].add(
            writers["registrations"].next_id(),
            session_id,
            person_id,
            factory_id,
            RegistrationStatus.REGISTERED,
            source,
            trainer,
            queued_at,
            queued_at,
            queued_at,
        )
        if not over:
            continue
        for meeting_id, (starts_at, _ends_at) in zip(meeting_ids, meetings, strict=True):
            draw = rng.random()
            status = (
                AttendanceStatus.ABSENT
                if draw < SHARE_ABSENT
                else AttendanceStatus.LATE
                if draw < SHARE_ABSENT + SHARE_LATE
                else AttendanceStatus.PRESENT
            )
            marked_at = starts_at + datetime.timedelta(minutes=rng.randint(5, 50))
            writers["marks"].add(
                writers["marks"].next_id(), meeting_id, person_id, status, marked_at, trainer, marked_at
            )
