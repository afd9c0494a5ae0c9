"""Certificates built the way the demo data and the tests build them (factory_boy)."""

import datetime

import factory as factory_boy
from django.utils import timezone

from courses.choices import CompletionSource
from courses.factories import CoursePageFactory
from courses.models import Completion, Enrolment
from lms.people.factories import PersonFactory

from .codes import code_new
from .models import Certificate, CertificateTemplate, Signatory
from .states import expiry_date


class CertificateTemplateFactory(factory_boy.django.DjangoModelFactory):
    class Meta:
        model = CertificateTemplate

    name = factory_boy.Sequence(lambda n: f"Template {n + 1}")


class SignatoryFactory(factory_boy.django.DjangoModelFactory):
    class Meta:
        model = Signatory

    template = factory_boy.SubFactory(CertificateTemplateFactory)
    name = "Sok Chanthy"
    name_km = "សុខ ចន្ធី"
    title = "Programme manager"
    title_km = "អ្នកគ្រប់គ្រងកម្មវិធី"


def completion_make(*, person=None, course=None, completed_at: datetime.datetime | None = None, cycle: int = 1):
    """A completed cycle of a course, as the courses services leave it (no signal sent)."""
    person = person or PersonFactory()
    course = course or CoursePageFactory()
    completed_at = completed_at or timezone.now()
    enrolment = Enrolment.objects.create(
        person=person,
        course=course,
        cycle=cycle,
        enrolled_at=completed_at,
        completed_at=completed_at,
        completion_source=CompletionSource.SELF_PACED,
    )
    return Completion.objects.create(
        person=person, course=course, enrolment=enrolment, completed_at=completed_at, source=CompletionSource.SELF_PACED
    )


class CertificateFactory(factory_boy.django.DjangoModelFactory):
    """A certificate row without files (rendered_at empty), for tests of lists and rules."""

    class Meta:
        model = Certificate

    completion = factory_boy.LazyFunction(completion_make)
    person = factory_boy.LazyAttribute(lambda o: o.completion.person)
    course = factory_boy.LazyAttribute(lambda o: o.completion.course)
    template = factory_boy.LazyFunction(lambda: CertificateTemplate.objects.get(is_default=True))
    factory = factory_boy.LazyAttribute(lambda o: o.person.factory)
    department = factory_boy.LazyAttribute(lambda o: o.person.department)
    code = factory_boy.LazyFunction(code_new)
    issued_on = factory_boy.LazyAttribute(lambda o: timezone.localdate(o.completion.completed_at))
    expires_on = factory_boy.LazyAttribute(
        lambda o: expiry_date(issued_on=o.issued_on, validity_months=o.course.certificate_validity_months)
    )
