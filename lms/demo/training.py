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
- the same seminar three weeks ago at the Kandal centre, with its attendance taken, closed (the
  people who attended have the course completed) and evaluated, so the training-days report
  and the evaluations show something;
- the harassment-prevention seminar in four weeks at the Kandal centre, which HR fills (workers
  do not register themselves).

Sessions are scheduled, closed and evaluated through the services, as on the training screens;
registrations and attendance marks are written with the factories the tests use, so seeding sends
no message to anyone. The demo sign-in accounts hold no place, so they can try everything.
"""

import datetime
import random

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from courses.factories import page_translate, site_root, translations_sync
from courses.models import Audience, CoursePage
from lms.people.choices import JobRole, Province
from lms.people.models import Factory, Person
from seminars.choices import AttendanceStatus, RegistrationSource, VenueKind
from seminars.factories import AttendanceFactory, RegistrationFactory
from seminars.models import SeminarIndexPage, SeminarPage, Session, TrainingCentre
from seminars.services import evaluation_submit, session_close, session_create

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
    attendees = _mixed(factories["KD-001"], 7) + _mixed(factories["KS-001"], 5) + _mixed(demo_factory, 2, skip=12)
    counts["registrations"] += _register(past, attendees, by=trainer, source=RegistrationSource.TRAINER)
    counts["marks"] = _attendance_take(past, attendees, by=trainer, rng=rng)
    session_close(session=past, by=trainer)
    counts["evaluations"] = _evaluations_submit(past, attendees, rng=rng)

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
    counts["sessions"] = 4
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
    """Most came to both meetings; a few were late once, one missed the second day."""
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
