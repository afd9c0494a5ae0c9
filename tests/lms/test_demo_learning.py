"""The demo learning records: enrolments, progress and completions that keep the courses' rules,
and the sizes of the full-scale factories (computed, never seeded here: it takes minutes)."""

from collections import Counter
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import DatabaseError, transaction
from django.test import override_settings

from courses.choices import CompletionSource, DeliveryMode, ProgressStatus
from courses.models import (
    Completion,
    CoursePage,
    Enrolment,
    LessonPartResult,
    LessonProgress,
    ProgrammeCompletion,
    ProgrammePage,
)
from courses.services.progress import lesson_parts
from lms.demo.bulk import RowWriter, foreign_keys_check, load_transaction
from lms.demo.learning import COURSES_PER_DEMO_FACTORY_WORKER
from lms.demo.people import (
    DEMO_FACTORY_CODE,
    DEMO_FACTORY_SIZE,
    FULL_SCALE_PEOPLE,
    SCALES,
    _full_scale_sizes,
    demo_population_create,
)
from lms.people.models import Factory, Person

# In parallel runs this asks for one process for these tests, which builds the demo data once.
pytestmark = pytest.mark.xdist_group("demo_catalogue")


@pytest.fixture(scope="module")
def small_demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """`seed_demo` at the small scale with its catalogue, built once for the module and rolled back
    after its last test (each test runs in a savepoint inside it)."""
    uploads = tmp_path_factory.mktemp("uploads")
    out = StringIO()
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=uploads), transaction.atomic():
        call_command("seed_demo", stdout=out)
        yield out.getvalue()
        transaction.set_rollback(True)


def required_lessons(course_id: int) -> set[int]:
    course = CoursePage.objects.get(pk=course_id)
    return set(course.lessons().filter(required=True).values_list("pk", flat=True))


@pytest.mark.django_db
def test_every_completion_closes_its_own_cycle(small_demo):
    """Each completed cycle has exactly one completion, of the same person, course and time; open cycles have none."""
    completed = Enrolment.objects.filter(completed_at__isnull=False)
    assert completed.exists() and Enrolment.objects.filter(completed_at__isnull=True).exists()
    assert Completion.objects.count() == completed.count()
    for completion in Completion.objects.select_related("enrolment"):
        enrolment = completion.enrolment
        assert (completion.person_id, completion.course_id, completion.completed_at, completion.source) == (
            enrolment.person_id,
            enrolment.course_id,
            enrolment.completed_at,
            enrolment.completion_source,
        )
        assert enrolment.enrolled_at <= completion.completed_at


@pytest.mark.django_db
def test_self_paced_cycles_complete_exactly_when_their_required_lessons_do(small_demo):
    """A completed self-paced cycle has every required lesson done, each scored part passed; an open one does not."""
    required = {
        course.pk: required_lessons(course.pk) for course in CoursePage.objects.filter(locale__language_code="en")
    }
    parts = {lesson.pk: lesson_parts(lesson) for course in CoursePage.objects.all() for lesson in course.lessons()}
    self_paced = Enrolment.objects.filter(course__delivery_mode=DeliveryMode.SELF_PACED)
    assert self_paced.filter(completed_at__isnull=False).exists()
    for enrolment in self_paced.prefetch_related("lesson_progress__parts"):
        done = {p.lesson_id for p in enrolment.lesson_progress.all() if p.status == ProgressStatus.COMPLETED}
        if enrolment.completed_at is None:
            assert not required[enrolment.course_id] <= done, enrolment
            continue
        assert enrolment.completion_source == CompletionSource.SELF_PACED
        assert required[enrolment.course_id] <= done, enrolment
        for progress in enrolment.lesson_progress.all():
            assert (progress.person_id, progress.course_id) == (enrolment.person_id, enrolment.course_id)
            if progress.status == ProgressStatus.COMPLETED:
                passed = {part.part for part in progress.parts.all() if part.passed_at is not None}
                assert parts[progress.lesson_id] <= passed
                assert progress.completed_at <= enrolment.completed_at
    # Classroom and seminar courses complete by attending, with no lessons read.
    sessions = Enrolment.objects.exclude(course__delivery_mode=DeliveryMode.SELF_PACED)
    assert set(sessions.exclude(completed_at=None).values_list("completion_source", flat=True)) == {
        CompletionSource.SEMINAR
    }
    assert not LessonProgress.objects.filter(enrolment__in=sessions).exists()


@pytest.mark.django_db
def test_a_course_is_taken_again_only_after_the_first_cycle_completed(small_demo):
    """Second cycles start after the first completed, and the first cycle's records stay."""
    again = Enrolment.objects.filter(cycle=2)
    assert again.exists()
    for enrolment in again:
        first = Enrolment.objects.get(person=enrolment.person_id, course=enrolment.course_id, cycle=1)
        assert first.completed_at is not None and first.completed_at < enrolment.enrolled_at
        assert Completion.objects.filter(enrolment=first).exists()
    assert not Enrolment.objects.filter(cycle__gt=2).exists()


@pytest.mark.django_db
def test_demo_factory_workers_each_take_three_courses_and_others_vary(small_demo):
    """HR of PP-001 sees three courses for every worker; other factories train some people more than others."""
    demo_factory = Factory.objects.get(code=DEMO_FACTORY_CODE)
    population = Person.objects.filter(factory=demo_factory, username=None).exclude(phone__in=DEMO_PHONES)
    courses = Counter(Enrolment.objects.filter(person__in=population, cycle=1).values_list("person_id", flat=True))
    assert set(courses.values()) == {COURSES_PER_DEMO_FACTORY_WORKER}
    assert len(courses) == population.count()
    elsewhere = Counter(
        Enrolment.objects.exclude(person__factory=demo_factory).filter(cycle=1).values_list("person_id", flat=True)
    )
    assert set(elsewhere.values()) > {1}
    untrained = Person.objects.exclude(factory=demo_factory).exclude(enrolments__isnull=False).count()
    assert untrained > 0
    completed = Enrolment.objects.filter(completed_at__isnull=False).count() / Enrolment.objects.count()
    assert 0.5 <= completed <= 0.75


DEMO_PHONES = ["+85512345678", "+85512345679"]


@pytest.mark.django_db
def test_demo_accounts_start_with_no_learning_records(small_demo):
    """The demo worker can enrol in fire safety and finish it: no account to sign in with has records."""
    accounts = Person.objects.filter(phone__in=DEMO_PHONES) | Person.objects.exclude(username=None)
    assert accounts.count() == 5
    assert not Enrolment.objects.filter(person__in=accounts).exists()
    assert "Learning records:" in small_demo and "enrolments" in small_demo


@pytest.mark.django_db
def test_programme_completed_exactly_when_all_its_courses_are(small_demo):
    """A programme completion is recorded for people who completed every course of the programme, and only them."""
    assert ProgrammeCompletion.objects.exists()
    for programme in ProgrammePage.objects.filter(locale__language_code="en"):
        courses = set(CoursePage.objects.child_of(programme).values_list("pk", flat=True))
        done = Counter(Completion.objects.filter(course__in=courses).values_list("person_id", "course_id").distinct())
        people_done = Counter(person for person, _course in done)
        expected = {person for person, count in people_done.items() if count == len(courses)}
        recorded = set(ProgrammeCompletion.objects.filter(programme=programme).values_list("person_id", flat=True))
        assert recorded == expected, programme.title


@pytest.mark.django_db
def test_no_learning_records_are_added_where_people_are_enrolled_already(small_demo):
    """Seeding people into a database that has enrolments leaves the learning records alone."""
    before = Enrolment.objects.count(), LessonProgress.objects.count(), LessonPartResult.objects.count()
    for factory in Factory.objects.all():  # the demo factory codes are free again; their people stay
        factory.code = f"OLD-{factory.code}"
        factory.save(update_fields=["code"])
    counts = demo_population_create(scale="small", seed=2)
    assert counts["people"] > 0 and "enrolments" not in counts
    assert (Enrolment.objects.count(), LessonProgress.objects.count(), LessonPartResult.objects.count()) == before


@pytest.mark.django_db
def test_rows_pointing_at_nothing_are_refused():
    """The check that replaces per-row foreign-key checks finds a row whose person does not exist."""
    writer = RowWriter(Enrolment, ["id", "person_id", "course_id"])
    with pytest.raises(DatabaseError, match="person"), load_transaction():
        writer.add(writer.next_id(), 987_654_321, 987_654_321)
        writer.flush()
        foreign_keys_check([writer])


def test_full_scale_factory_sizes_add_up_to_the_programme():
    """Full scale: 600,000 people, PP-001 with 6,000, a few large factories, most of a few hundred to ~1,500."""
    count = SCALES["full"][0]
    sizes = _full_scale_sizes(1, count)
    assert len(sizes) == count and sum(sizes) == FULL_SCALE_PEOPLE
    assert sizes[0] == DEMO_FACTORY_SIZE == max(sizes)
    large = [size for size in sizes[1:] if size > 2_000]
    assert 3 <= len(large) <= 12
    typical = [size for size in sizes[1:] if size <= 2_000]
    assert min(typical) >= 100 and max(typical) <= 1_700
    assert sum(300 <= size <= 1_500 for size in typical) / len(typical) > 0.8
    assert _full_scale_sizes(1, count) == sizes and _full_scale_sizes(2, count) != sizes
