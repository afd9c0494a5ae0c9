"""Renewal reminders: each holder hears at 60, 30 and 7 days before expiry, once each; HR hears per factory."""

import datetime

import pytest

from certification.factories import CertificateFactory, completion_make
from certification.models import CertificateReminder
from certification.services.lifecycle import certificate_reminders_send
from lms.messaging.models import Message
from lms.people.choices import JobRole, Role
from lms.people.factories import PersonFactory

EXPIRES = datetime.date(2028, 3, 15)
DAY = datetime.timedelta(days=1)


def certificate_of(person, course, *, expires_on=EXPIRES, cycle=1, **fields):
    completion = completion_make(person=person, course=course, cycle=cycle)
    return CertificateFactory(completion=completion, expires_on=expires_on, **fields)


def expiring_keys(person):
    return sorted(Message.objects.filter(person=person, kind="certificate_expiring").values_list("key", flat=True))


def test_each_threshold_is_reminded_once_over_the_days_and_twice_a_day(worker_a, fire_course):
    """Run every day (and twice on some days), the worker hears at 60, 30 and 7 days, never more."""
    certificate = certificate_of(worker_a, fire_course)
    sent_by_day = {}
    for days_left in range(75, -3, -1):
        today = EXPIRES - days_left * DAY
        sent_by_day[days_left] = certificate_reminders_send(today=today) + certificate_reminders_send(today=today)
    assert {days: sent for days, sent in sent_by_day.items() if sent} == {60: 1, 30: 1, 7: 1}
    assert expiring_keys(worker_a) == [f"certificate:{certificate.pk}:expiring:{days}" for days in (30, 60, 7)]
    assert sorted(CertificateReminder.objects.values_list("days_before", flat=True)) == [7, 30, 60]


def test_a_job_that_missed_days_sends_only_the_nearest_threshold(worker_a, fire_course):
    """Found at 25 days left (the job did not run for weeks), the worker gets the 30-day reminder only."""
    certificate_of(worker_a, fire_course)
    assert certificate_reminders_send(today=EXPIRES - 25 * DAY) == 1
    assert [key.rsplit(":", 1)[1] for key in expiring_keys(worker_a)] == ["30"]


def test_the_reminder_names_the_course_and_the_expiry_date(worker_a, fire_course):
    """The worker reads which certificate expires and when."""
    worker_a.preferred_language = "en"
    worker_a.save()
    certificate_of(worker_a, fire_course)
    certificate_reminders_send(today=EXPIRES - 60 * DAY)
    text = Message.objects.get(kind="certificate_expiring").text
    assert (
        "Fire and emergency evacuation" in text and "15 Mar 2028" in text and "Renew" in text and "/learning/" in text
    )


def test_revoked_expired_and_replaced_certificates_are_not_reminded(worker_a, worker_b, fire_course, programme_staff):
    """No reminder for a revoked certificate, nor for one the worker has renewed by taking the course again."""
    certificate_of(
        worker_b, fire_course, revoked_at=datetime.datetime(2027, 1, 1, tzinfo=datetime.UTC), revoked_reason="x"
    )
    certificate_of(worker_a, fire_course, cycle=1)
    completion_make(person=worker_a, course=fire_course, cycle=2)  # completed again: a newer certificate follows
    assert certificate_reminders_send(today=EXPIRES - 30 * DAY) == 0
    assert not Message.objects.exists()


def test_factory_hr_gets_one_message_per_threshold_counting_its_certificates(
    factory_a, factory_b, fire_course, hr_a, hr_b
):
    """HR of factory A hears of its 3 certificates expiring within 60 days once, not three times; HR of B of its one."""
    second_hr_a = PersonFactory(
        factory=factory_a, job_role=JobRole.MANAGER, roles=[Role.FACTORY_HR], preferred_language="en"
    )
    for _ in range(3):
        certificate_of(PersonFactory(factory=factory_a), fire_course)
    certificate_of(PersonFactory(factory=factory_b), fire_course)
    today = EXPIRES - 60 * DAY
    certificate_reminders_send(today=today)
    certificate_reminders_send(today=today)
    hr_messages = Message.objects.filter(kind="certificates_expiring_hr")
    assert sorted(hr_messages.values_list("person_id", flat=True)) == sorted([hr_a.pk, second_hr_a.pk, hr_b.pk])
    english = hr_messages.get(person=second_hr_a).text
    assert "within 60 days: 3." in english and "/certificates/register/" in english
    khmer = hr_messages.get(person=hr_b).text  # HR of B reads Khmer: the count of 1 and the register
    assert "ចំនួន 1 " in khmer and "60" in khmer and "/certificates/register/" in khmer
    assert Message.objects.filter(kind="certificate_expiring").count() == 4


def test_hr_of_another_factory_hears_nothing(factory_a, fire_course, hr_b):
    """HR is told only of certificates issued in its own factory."""
    certificate_of(PersonFactory(factory=factory_a), fire_course)
    certificate_reminders_send(today=EXPIRES - 7 * DAY)
    assert not Message.objects.filter(person=hr_b).exists()


@pytest.mark.parametrize("days_left", [61, 0, -5])
def test_nothing_before_sixty_days_or_after_expiry(worker_a, fire_course, days_left):
    """No reminder more than 60 days ahead, on the expiry day or after it."""
    certificate_of(worker_a, fire_course)
    assert certificate_reminders_send(today=EXPIRES - days_left * DAY) == 0
