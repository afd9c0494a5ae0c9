"""The demo's certificates: a dressed default template, every state in the demo factory, and one to earn in the browser."""

import datetime
from io import StringIO

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from certification.choices import CertificateAction, CertificateState
from certification.models import Certificate, CertificateEvent, CertificateTemplate
from courses.models import Completion, CoursePage
from courses.services.enrolment import enrolment_create
from courses.services.progress import lesson_progress_complete
from courses.services.quizzes import quiz_answer_field, quiz_submit
from lms.demo.certificates import demo_certificates_create
from lms.people.models import Person

pytestmark = [pytest.mark.xdist_group("demo_certificates"), pytest.mark.django_db]


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker, tmp_path_factory):
    """The small demo, built once for the module and rolled back after its last test."""
    uploads = tmp_path_factory.mktemp("uploads")
    out = StringIO()
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=uploads), transaction.atomic():
        call_command("seed_demo", stdout=out)
        yield out.getvalue()
        transaction.set_rollback(True)


def test_seed_demo_says_how_many_certificates_it_issued(seeded):
    """The summary has a Certificates line, and every completion has its certificate."""
    assert "Certificates: " in seeded and "issued for the completions" in seeded
    assert not Completion.objects.filter(certificate__isnull=True).exists()
    assert Certificate.objects.count() == Completion.objects.count()


def test_demo_certificates_are_rows_without_files_each_with_its_issue_recorded(seeded):
    """Bulk certificates have no files yet (drawn when first downloaded) and an "issued" line each."""
    assert Certificate.objects.filter(rendered_at__isnull=True).count() > 200
    issued = CertificateEvent.objects.filter(action=CertificateAction.ISSUED).values("certificate")
    assert not Certificate.objects.exclude(pk__in=issued).exists()


def test_the_demo_factory_shows_every_state(seeded):
    """PP-001 has certificates expiring within 60 days, an expired one and one revoked with its reason."""
    worker = Person.objects.get(phone="+85512345678")
    mine = list(Certificate.objects.filter(factory=worker.factory))
    states = [certificate.state() for certificate in mine]
    assert CertificateState.EXPIRED in states and CertificateState.VALID in states
    revoked = [c for c in mine if c.state() == CertificateState.REVOKED]
    assert len(revoked) == 1 and revoked[0].revoked_reason
    assert revoked[0].events.filter(action=CertificateAction.REVOKED).exists()
    soon = timezone.localdate() + datetime.timedelta(days=60)
    expiring = [c for c in mine if c.state() == CertificateState.VALID and c.expires_on and c.expires_on <= soon]
    assert len(expiring) >= 3


def test_the_default_template_has_a_logo_and_two_signatories(seeded):
    """The default template prints a logo, two signatures and the issuer in three languages."""
    template = CertificateTemplate.objects.get(is_default=True)
    assert template.logo is not None
    signatories = list(template.signatories.all())
    assert len(signatories) == 2 and all(s.signature_id and s.name_km and s.title_zh for s in signatories)
    assert template.issuer_km and template.issuer_zh and template.issuer_en


def test_issuing_the_demo_certificates_again_adds_nothing(seeded, django_assert_max_num_queries):
    """Run again, the bulk step finds every completion with its certificate: a few queries, no row."""
    with django_assert_max_num_queries(10):
        assert demo_certificates_create() == {"certificates": 0}


def test_the_demo_worker_earns_a_khmer_certificate_for_fire_safety(
    seeded, client, settings, tmp_path, django_capture_on_commit_callbacks
):
    """The demo worker has none yet; passing fire safety issues a valid certificate with its PDF and picture,
    which the verify page confirms."""
    settings.MEDIA_ROOT = tmp_path
    worker = Person.objects.get(phone="+85512345678")
    assert worker.preferred_language == "km"
    course = CoursePage.objects.get(slug="fire-safety", locale__language_code="en")
    assert not Completion.objects.filter(person=worker, course=course).exists()
    with django_capture_on_commit_callbacks(execute=True):
        enrolment_create(person=worker, course=course, enrolled_by=worker)
        for lesson in course.lessons():
            if lesson.quizzes:
                answers = {}
                for quiz_id, quiz in lesson.quizzes:
                    for number, question in enumerate(quiz["questions"]):
                        right = [str(i) for i, answer in enumerate(question["answers"]) if answer["correct"]]
                        answers[quiz_answer_field(quiz_id, number)] = right
                assert quiz_submit(person=worker, lesson=lesson, answers=answers).passed
            elif lesson.required:
                lesson_progress_complete(person=worker, lesson=lesson)
    certificate = Certificate.objects.get(person=worker, course=course)
    assert certificate.state() == CertificateState.VALID
    assert certificate.expires_on is not None and certificate.rendered_at is not None
    assert default_storage.open(certificate.pdf.name).read(4) == b"%PDF"
    assert default_storage.open(certificate.png.name).read(8) == b"\x89PNG\r\n\x1a\n"
    response = client.get(f"/verify/{certificate.code_display}/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200 and "VALID" in response.content.decode()
