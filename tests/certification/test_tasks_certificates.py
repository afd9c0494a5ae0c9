"""The certificate tasks: a completion recorded by the courses services gives a certificate, the
tasks run twice change nothing, and the daily job catches what a lost task missed."""

import datetime

import pytest
from django.core.files.storage import default_storage
from django.utils import timezone

from certification.choices import CertificateAction
from certification.factories import CertificateFactory, completion_make
from certification.models import Certificate, CertificateEvent
from certification.rendering import CertificateFiles
from certification.services import issuing
from certification.tasks import certificate_issue_task, certificate_render_task, certificates_daily_task
from courses.choices import CompletionSource
from courses.services.completion import completion_record
from lms.celery import SCHEDULES
from lms.messaging.models import Message


@pytest.fixture
def drawn(monkeypatch):
    calls = []

    def draw(certificate):
        calls.append(certificate.pk)
        return CertificateFiles(pdf=b"%PDF-1.7", png=b"\x89PNG")

    monkeypatch.setattr(issuing, "certificate_files", draw)
    return calls


def test_completing_a_course_issues_its_certificate(drawn, worker_a, fire_course, django_capture_on_commit_callbacks):
    """A worker who completes the course through the courses services finds a drawn certificate and a message."""
    with django_capture_on_commit_callbacks(execute=True):
        completion = completion_record(person=worker_a, course=fire_course, source=CompletionSource.SEMINAR)
    certificate = Certificate.objects.get()
    assert certificate.completion == completion and certificate.rendered_at is not None
    assert Message.objects.filter(person=worker_a, kind="certificate_issued").count() == 1


def test_nothing_is_issued_before_the_completion_commits(
    drawn, worker_a, fire_course, django_capture_on_commit_callbacks
):
    """Until the completion is committed there is no certificate: the task is queued only on commit."""
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        completion_record(person=worker_a, course=fire_course, source=CompletionSource.SEMINAR)
    assert not Certificate.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        for callback in callbacks:  # the commit: the signal is sent, and the task queued on commit
            callback()
    assert Certificate.objects.count() == 1


def test_the_issue_task_run_twice_gives_one_certificate(drawn, worker_a, fire_course):
    """A message delivered twice by the broker leaves one certificate, one ISSUED event, one drawing."""
    completion = completion_make(person=worker_a, course=fire_course)
    first = certificate_issue_task.delay(completion.pk).get()
    second = certificate_issue_task.delay(completion.pk).get()
    assert first == second == Certificate.objects.get().pk
    assert CertificateEvent.objects.filter(action=CertificateAction.ISSUED).count() == 1
    assert drawn == [first]


def test_the_render_task_draws_only_missing_files(drawn, worker_a, fire_course):
    """Opening a certificate whose files are missing draws them once; drawn ones are left alone."""
    certificate = CertificateFactory(completion=completion_make(person=worker_a, course=fire_course))
    assert certificate_render_task.delay(certificate.pk).get() is True
    assert certificate_render_task.delay(certificate.pk).get() is False
    assert drawn == [certificate.pk]
    assert Certificate.objects.get().png.name.endswith(f"{certificate.code}.png")


def test_the_render_task_draws_again_files_the_storage_lost(drawn, worker_a, fire_course):
    """A certificate whose files went missing from the storage (a restored backup) is drawn again when opened."""
    certificate = CertificateFactory(completion=completion_make(person=worker_a, course=fire_course))
    certificate_render_task.delay(certificate.pk).get()
    certificate.refresh_from_db()
    default_storage.delete(certificate.png.name)
    assert certificate_render_task.delay(certificate.pk).get() is True
    assert drawn == [certificate.pk, certificate.pk]
    assert default_storage.exists(certificate.png.name)


def test_the_daily_job_issues_for_recent_completions_a_lost_task_missed(drawn, worker_a, worker_b, fire_course):
    """A completion from yesterday whose task never ran gets its certificate the next morning; a year-old one is not swept."""
    yesterday = completion_make(
        person=worker_a, course=fire_course, completed_at=timezone.now() - datetime.timedelta(days=1)
    )
    completion_make(person=worker_b, course=fire_course, completed_at=timezone.now() - datetime.timedelta(days=365))
    summary = certificates_daily_task.delay().get()
    assert summary["issued"] == 1
    assert list(Certificate.objects.values_list("completion_id", flat=True)) == [yesterday.pk]
    assert certificates_daily_task.delay().get()["issued"] == 0


def test_the_daily_job_draws_recent_certificates_without_files(drawn, worker_a, fire_course):
    """A certificate issued yesterday whose drawing died is drawn by the daily job."""
    certificate = CertificateFactory(
        completion=completion_make(
            person=worker_a, course=fire_course, completed_at=timezone.now() - datetime.timedelta(days=1)
        )
    )
    assert certificates_daily_task.delay().get()["drawn"] == 1
    assert drawn == [certificate.pk]


def test_the_daily_job_is_scheduled_every_morning():
    """Beat runs the certificates' daily job at 07:00 Phnom Penh time."""
    schedule = SCHEDULES["Certificates: issue missed ones, renewal reminders, re-enrol on expiry"]
    assert schedule == {"task": "certification.tasks.certificates_daily_task", "crontab": {"minute": "0", "hour": "7"}}
