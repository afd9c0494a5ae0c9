"""factory_boy factories for training sessions: shared by the tests and the demo data.

`SessionFactory()` is a published classroom session of a new course, at a training centre, with
one meeting tomorrow morning (Phnom Penh time) and 20 seats. Give `meetings=[(start, end), ...]`
for other dates, `trainers=[...]`, `quotas={factory: seats}`, or `published_at=None` for a draft.
The mirrors of the meetings (`starts_at`, `ends_at`) are kept as the services keep them.
"""

import datetime
import uuid

import factory as factory_boy
from django.utils import timezone

from courses.choices import DeliveryMode
from courses.factories import CatalogueIndexPageFactory, CoursePageFactory, ProgrammePageFactory, site_root
from courses.models import CatalogueIndexPage, ProgrammePage
from lms.people.choices import Province
from lms.people.factories import PersonFactory

from .choices import AttendanceStatus, RegistrationSource, RegistrationStatus, VenueKind
from .models import Attendance, Meeting, Registration, SeatQuota, SeminarIndexPage, SeminarPage, Session, TrainingCentre


def tomorrow_at(hour: int, minute: int = 0, *, days: int = 1) -> datetime.datetime:
    """An aware time `days` days from today in Phnom Penh, at this hour."""
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def morning(days: int = 1) -> tuple[datetime.datetime, datetime.datetime]:
    """A meeting from 8:00 to 12:00, `days` days from today."""
    return tomorrow_at(8, days=days), tomorrow_at(12, days=days)


def _programme() -> ProgrammePage:
    """The first programme of the English catalogue, made on first use (the catalogue is unique)."""
    programme = ProgrammePage.objects.filter(locale__language_code="en").order_by("path").first()
    if programme is not None:
        return programme
    index = CatalogueIndexPage.objects.filter(locale__language_code="en").first()
    if index is None:
        index = CatalogueIndexPageFactory(parent=site_root())
    return ProgrammePageFactory(parent=index)


def classroom_course(**fields):
    """A classroom course in the catalogue's first programme."""
    return CoursePageFactory(parent=_programme(), delivery_mode=DeliveryMode.CLASSROOM, **fields)


def meetings_mirror(session: Session) -> None:
    """Write the session's `starts_at` / `ends_at` from its meetings, as the services do."""
    times = list(session.meetings.order_by("starts_at").values_list("starts_at", "ends_at"))
    session.starts_at = times[0][0] if times else None
    session.ends_at = max(end for _start, end in times) if times else None
    Session.objects.filter(pk=session.pk).update(starts_at=session.starts_at, ends_at=session.ends_at)


class TrainingCentreFactory(factory_boy.django.DjangoModelFactory):
    class Meta:
        model = TrainingCentre

    name = factory_boy.Sequence(lambda n: f"Training centre {n + 1}")
    name_km = factory_boy.Sequence(lambda n: f"មជ្ឈមណ្ឌលបណ្តុះបណ្តាល {n + 1}")
    address = "Street 271, Phnom Penh"
    province = Province.PHNOM_PENH


def seminar_index() -> SeminarIndexPage:
    """The seminars index under the site's root, made on first use (there is one)."""
    index = SeminarIndexPage.objects.filter(locale__language_code="en").first()
    if index is None:
        index = SeminarIndexPage(title="Seminars", slug="seminars")
        site_root().add_child(instance=index)
    return index


class SeminarPageFactory(factory_boy.django.DjangoModelFactory):
    class Meta:
        model = SeminarPage
        skip_postgeneration_save = True

    title = factory_boy.Sequence(lambda n: f"Seminar {n + 1}")
    slug = factory_boy.Sequence(lambda n: f"seminar-{n + 1}")
    summary = "What the seminar is about."

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        parent = kwargs.pop("parent", None) or seminar_index()
        page = model_class(*args, **kwargs)
        parent.add_child(instance=page)
        return page


class SessionFactory(factory_boy.django.DjangoModelFactory):
    class Meta:
        model = Session
        skip_postgeneration_save = True

    course = factory_boy.LazyFunction(classroom_course)
    venue_kind = VenueKind.CENTRE
    centre = factory_boy.SubFactory(TrainingCentreFactory)
    room = "Room 1"
    capacity = 20
    language = "km"
    published_at = factory_boy.LazyFunction(timezone.now)

    @factory_boy.post_generation
    def meetings(obj, create, extracted, **kwargs):
        """SessionFactory(meetings=[(start, end), ...]); one meeting tomorrow morning by default;
        `meetings=[]` for a session without any."""
        if not create:
            return
        times = [morning()] if extracted is None else list(extracted)
        Meeting.objects.bulk_create(Meeting(session=obj, starts_at=start, ends_at=end) for start, end in times)
        meetings_mirror(obj)

    @factory_boy.post_generation
    def trainers(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.trainers.set(extracted)

    @factory_boy.post_generation
    def quotas(obj, create, extracted, **kwargs):
        """SessionFactory(quotas={factory: seats})"""
        if create and extracted:
            SeatQuota.objects.bulk_create(
                SeatQuota(session=obj, factory=factory, seats=seats) for factory, seats in extracted.items()
            )


class MeetingFactory(factory_boy.django.DjangoModelFactory):
    """A meeting added to a session (the day after tomorrow unless told); the session's mirrors follow."""

    class Meta:
        model = Meeting

    session = factory_boy.SubFactory(SessionFactory, meetings=[])
    starts_at = factory_boy.LazyFunction(lambda: morning(days=2)[0])
    ends_at = factory_boy.LazyAttribute(lambda o: o.starts_at + datetime.timedelta(hours=4))

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        meeting = super()._create(model_class, *args, **kwargs)
        meetings_mirror(meeting.session)
        return meeting


class RegistrationFactory(factory_boy.django.DjangoModelFactory):
    """A seat held (REGISTERED) by a worker who registered themselves, unless told otherwise."""

    class Meta:
        model = Registration

    session = factory_boy.SubFactory(SessionFactory)
    person = factory_boy.SubFactory(PersonFactory)
    factory = factory_boy.LazyAttribute(lambda o: o.person.factory)
    status = RegistrationStatus.REGISTERED
    source = RegistrationSource.SELF
    registered_by = factory_boy.LazyAttribute(lambda o: o.person)


class AttendanceFactory(factory_boy.django.DjangoModelFactory):
    class Meta:
        model = Attendance

    meeting = factory_boy.SubFactory(MeetingFactory)
    person = factory_boy.SubFactory(PersonFactory)
    status = AttendanceStatus.PRESENT
    marked_at = factory_boy.LazyFunction(timezone.now)
    mark_id = factory_boy.LazyFunction(uuid.uuid4)
