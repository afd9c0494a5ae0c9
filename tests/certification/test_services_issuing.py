"""Issuing a certificate for a completion: once, with the right template, validity and files."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError
from django.utils import timezone

from certification.choices import CertificateAction
from certification.factories import CertificateTemplateFactory, completion_make
from certification.models import Certificate, CertificateEvent, CertificateTemplate, CourseCertificate
from certification.rendering import CertificateFiles
from certification.services import issuing
from certification.services.errors import NotAllowed
from certification.services.issuing import certificate_issue, certificate_reissue
from courses.factories import CoursePageFactory
from lms.messaging.models import Message


def sibling_course(course, **fields):
    """Another course in the same programme (a second catalogue cannot be built in one test)."""
    return CoursePageFactory(parent=course.get_parent().specific, **fields)


@pytest.fixture
def drawn(monkeypatch):
    """Drawing replaced by a quick stand-in that counts the certificates it draws."""
    calls = []

    def draw(certificate):
        calls.append(certificate.pk)
        return CertificateFiles(
            pdf=b"%PDF-1.7 " + certificate.code.encode(), png=b"\x89PNG " + certificate.code.encode()
        )

    monkeypatch.setattr(issuing, "certificate_files", draw)
    return calls


def test_a_completion_gives_a_certificate_with_both_files_drawn(
    worker_a, fire_course, django_capture_on_commit_callbacks
):
    """The worker's certificate is ready with a real PDF and a phone picture, under its code's names."""
    completion = completion_make(person=worker_a, course=fire_course)
    with django_capture_on_commit_callbacks(execute=True):
        certificate = certificate_issue(completion=completion)
    certificate.refresh_from_db()
    year = certificate.issued_on.year
    assert certificate.pdf.name == f"certificates/{year}/{certificate.code}.pdf"
    assert certificate.png.name == f"certificates/{year}/{certificate.code}.png"
    assert default_storage.open(certificate.pdf.name).read(5) == b"%PDF-"
    assert default_storage.open(certificate.png.name).read(8) == b"\x89PNG\r\n\x1a\n"
    assert certificate.rendered_at is not None


def test_issuing_twice_gives_one_certificate_one_event_one_message(
    drawn, worker_a, fire_course, django_capture_on_commit_callbacks
):
    """However often issuing runs, the worker holds one certificate, issued once, and hears of it once."""
    completion = completion_make(person=worker_a, course=fire_course)
    with django_capture_on_commit_callbacks(execute=True):
        first = certificate_issue(completion=completion)
        second = certificate_issue(completion=completion)
    assert first.pk == second.pk and first.code == second.code
    assert Certificate.objects.count() == 1
    events = CertificateEvent.objects.filter(certificate=first)
    assert [(event.action, event.actor) for event in events] == [(CertificateAction.ISSUED, None)]
    assert Message.objects.filter(person=worker_a, kind="certificate_issued").count() == 1
    assert drawn == [first.pk]


def test_the_certificate_keeps_the_factory_and_department_of_the_day_it_was_issued(
    drawn, worker_a, factory_b, fire_course
):
    """HR of the factory where the course was done keeps the certificate after the worker moves."""
    department = worker_a.department
    certificate = certificate_issue(completion=completion_make(person=worker_a, course=fire_course))
    worker_a.factory, worker_a.department = factory_b, None
    worker_a.save()
    certificate.refresh_from_db()
    assert certificate.factory == department.factory and certificate.department == department


def test_issued_on_is_the_day_of_completion_in_phnom_penh(drawn, worker_a, fire_course):
    """A course finished at 23:30 in Phnom Penh is certified that day, not the next (UTC) one."""
    completed_at = timezone.make_aware(datetime.datetime(2026, 3, 14, 23, 30))
    certificate = certificate_issue(
        completion=completion_make(person=worker_a, course=fire_course, completed_at=completed_at)
    )
    assert certificate.issued_on == datetime.date(2026, 3, 14)
    assert certificate.expires_on == datetime.date(2028, 3, 14)


def test_the_course_validity_comes_first_then_the_template_then_none(drawn, worker_a, fire_course):
    """A course's own validity wins; else its template's; else the certificate never expires."""
    completed_at = timezone.make_aware(datetime.datetime(2026, 1, 31, 9))
    template = CertificateTemplateFactory(validity_months=12)
    own = sibling_course(fire_course, certificate_validity_months=6)
    CourseCertificate.objects.create(course=own, template=template)
    by_template = sibling_course(fire_course, certificate_validity_months=None)
    CourseCertificate.objects.create(course=by_template, template=template)
    forever = sibling_course(fire_course, certificate_validity_months=None)
    expiries = [
        certificate_issue(
            completion=completion_make(person=worker_a, course=course, completed_at=completed_at)
        ).expires_on
        for course in (own, by_template, forever)
    ]
    assert expiries == [datetime.date(2026, 7, 31), datetime.date(2027, 1, 31), None]


def test_the_course_template_is_used_else_the_default(drawn, worker_a, fire_course):
    """A course that names a template prints with it; another course with the default template."""
    template = CertificateTemplateFactory()
    CourseCertificate.objects.create(course=fire_course, template=template)
    named = certificate_issue(completion=completion_make(person=worker_a, course=fire_course))
    other = certificate_issue(completion=completion_make(person=worker_a, course=sibling_course(fire_course)))
    assert named.template == template
    assert other.template == CertificateTemplate.objects.get(is_default=True)


def test_a_clashing_code_is_drawn_again(drawn, worker_a, fire_course, monkeypatch):
    """The rare new code that is already taken does not stop the certificate: another is drawn."""
    taken = certificate_issue(completion=completion_make(person=worker_a, course=fire_course))
    codes = iter([taken.code, "ABCDE23456"])
    monkeypatch.setattr(issuing, "code_new", lambda: next(codes))
    certificate = certificate_issue(completion=completion_make(person=worker_a, course=sibling_course(fire_course)))
    assert certificate.code == "ABCDE23456"


def test_a_code_clashing_every_time_fails_instead_of_looping(drawn, worker_a, fire_course, monkeypatch):
    """A broken code source is reported, not retried forever."""
    taken = certificate_issue(completion=completion_make(person=worker_a, course=fire_course))
    monkeypatch.setattr(issuing, "code_new", lambda: taken.code)
    with pytest.raises(IntegrityError):
        certificate_issue(completion=completion_make(person=worker_a, course=sibling_course(fire_course)))


def test_a_certificate_whose_drawing_failed_is_drawn_when_issuing_runs_again(drawn, worker_a, fire_course, monkeypatch):
    """A worker that died while drawing leaves the certificate to be drawn by the next run, with the same code."""
    completion = completion_make(person=worker_a, course=fire_course)

    def broken(certificate):
        raise OSError("disk full")

    monkeypatch.setattr(issuing, "certificate_files", broken)
    with pytest.raises(OSError):
        certificate_issue(completion=completion)
    half = Certificate.objects.get()
    assert half.rendered_at is None and not Message.objects.exists()
    default_storage.save(f"certificates/{half.issued_on:%Y}/{half.code}.pdf", ContentFile(b"half"))
    monkeypatch.undo()
    monkeypatch.setattr(issuing, "certificate_files", lambda c: CertificateFiles(pdf=b"%PDF-whole", png=b"png"))
    certificate = certificate_issue(completion=completion)
    assert certificate.code == half.code and certificate.rendered_at is not None
    assert certificate.pdf.name == f"certificates/{half.issued_on:%Y}/{half.code}.pdf"
    assert default_storage.open(certificate.pdf.name).read() == b"%PDF-whole"
    assert CertificateEvent.objects.count() == 1


def test_reissue_draws_new_files_and_keeps_code_dates_and_state(drawn, worker_a, fire_course, programme_staff):
    """Staff draw a certificate again: new files, the same code and dates, and the audit trail says who and why."""
    certificate = certificate_issue(completion=completion_make(person=worker_a, course=fire_course))
    before = Certificate.objects.values("code", "issued_on", "expires_on", "revoked_at").get()
    first_drawn = certificate.rendered_at
    reissued = certificate_reissue(certificate=certificate, by=programme_staff, reason=" Name misspelt ")
    assert Certificate.objects.values("code", "issued_on", "expires_on", "revoked_at").get() == before
    assert reissued.rendered_at > first_drawn
    event = CertificateEvent.objects.filter(action=CertificateAction.REISSUED).get()
    assert (event.actor, event.reason) == (programme_staff, "Name misspelt")
    assert drawn == [certificate.pk, certificate.pk]


def test_only_programme_staff_reissue(drawn, worker_a, fire_course, trainer, hr_a):
    """A trainer or HR cannot draw a certificate again."""
    certificate = certificate_issue(completion=completion_make(person=worker_a, course=fire_course))
    for person in (trainer, hr_a, worker_a):
        with pytest.raises(NotAllowed):
            certificate_reissue(certificate=certificate, by=person)
    assert not CertificateEvent.objects.filter(action=CertificateAction.REISSUED).exists()
