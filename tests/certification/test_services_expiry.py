"""On expiry the holder is enrolled again, in the refresher course or the course itself, once; history stays."""

import datetime

import pytest

from certification.factories import CertificateFactory, completion_make
from certification.models import Certificate, CourseCertificate
from certification.services.lifecycle import certificates_expired_renew
from courses.choices import EnrolmentSource
from courses.factories import CoursePageFactory
from courses.models import Completion, Enrolment
from lms.messaging.models import Message
from lms.people.choices import EmploymentStatus
from lms.people.factories import PersonFactory

EXPIRES = datetime.date(2028, 3, 15)


def certificate_of(person, course, *, cycle=1, **fields):
    return CertificateFactory(
        completion=completion_make(person=person, course=course, cycle=cycle), expires_on=EXPIRES, **fields
    )


@pytest.fixture
def refresher(fire_course):
    """A short refresher course named on the fire-safety course's page."""
    course = CoursePageFactory(parent=fire_course.get_parent().specific, title="Fire safety refresher")
    CourseCertificate.objects.create(course=fire_course, refresher=course)
    return course


def test_an_expired_certificate_starts_a_new_cycle_of_the_course(worker_a, fire_course):
    """The worker finds the course in progress again, enrolled by the programme, and is told why."""
    certificate = certificate_of(worker_a, fire_course)
    assert certificates_expired_renew(today=EXPIRES) == 1
    cycles = list(Enrolment.objects.filter(person=worker_a, course=fire_course).order_by("cycle"))
    assert [(e.cycle, e.is_completed) for e in cycles] == [(1, True), (2, False)]
    assert (cycles[1].enrolled_by, cycles[1].source) == (None, EnrolmentSource.TRAINER)
    certificate.refresh_from_db()
    assert certificate.renewal_started_at is not None and certificate.revoked_at is None
    assert Completion.objects.filter(person=worker_a).count() == 1 and Certificate.objects.count() == 1
    assert (
        Message.objects.get(person=worker_a, kind="certificate_expired").key == f"certificate:{certificate.pk}:expired"
    )


def test_running_it_again_changes_nothing(worker_a, fire_course):
    """The daily job run twice (or the next day) enrols once and tells once."""
    certificate_of(worker_a, fire_course)
    certificates_expired_renew(today=EXPIRES)
    assert certificates_expired_renew(today=EXPIRES) == 0
    assert certificates_expired_renew(today=EXPIRES + datetime.timedelta(days=1)) == 0
    assert Enrolment.objects.filter(person=worker_a).count() == 2
    assert Message.objects.filter(kind="certificate_expired").count() == 1


def test_the_refresher_course_is_taken_instead_when_named(worker_a, fire_course, refresher):
    """A worker whose fire-safety certificate expired is enrolled in the refresher, not the long course."""
    certificate_of(worker_a, fire_course)
    certificates_expired_renew(today=EXPIRES)
    assert list(Enrolment.objects.filter(person=worker_a, course=refresher).values_list("cycle", "enrolled_by")) == [
        (1, None)
    ]
    assert Enrolment.objects.filter(person=worker_a, course=fire_course).count() == 1


def test_a_refresher_taken_before_is_started_again(worker_a, fire_course, refresher):
    """Someone who completed the refresher last time starts a new cycle of it."""
    completion_make(person=worker_a, course=refresher)
    certificate_of(worker_a, fire_course)
    certificates_expired_renew(today=EXPIRES)
    assert sorted(Enrolment.objects.filter(person=worker_a, course=refresher).values_list("cycle", flat=True)) == [1, 2]


def test_someone_who_already_started_again_is_left_in_their_cycle(worker_a, fire_course):
    """A worker who started the course again on their own keeps that cycle; the certificate is marked renewed."""
    certificate = certificate_of(worker_a, fire_course)
    Enrolment.objects.create(person=worker_a, course=fire_course, cycle=2)
    assert certificates_expired_renew(today=EXPIRES) == 1
    assert Enrolment.objects.filter(person=worker_a).count() == 2
    certificate.refresh_from_db()
    assert certificate.renewal_started_at is not None


def test_nothing_before_expiry_for_revoked_replaced_or_departed_holders(worker_a, worker_b, fire_course, factory_a):
    """Not yet expired, revoked, renewed by a newer completion, or held by someone who left: nobody is enrolled."""
    certificate_of(worker_a, fire_course)
    assert certificates_expired_renew(today=EXPIRES - datetime.timedelta(days=1)) == 0
    Certificate.objects.update(revoked_at=datetime.datetime(2027, 1, 1, tzinfo=datetime.UTC), revoked_reason="x")
    replaced = certificate_of(worker_b, fire_course)
    completion_make(
        person=worker_b,
        course=fire_course,
        cycle=2,
        completed_at=replaced.completion.completed_at + datetime.timedelta(days=1),
    )
    left = PersonFactory(factory=factory_a, employment_status=EmploymentStatus.LEFT)
    certificate_of(left, fire_course)
    inactive = PersonFactory(factory=factory_a, is_active=False)
    certificate_of(inactive, fire_course)
    assert certificates_expired_renew(today=EXPIRES) == 0
    assert not Message.objects.filter(kind="certificate_expired").exists()
