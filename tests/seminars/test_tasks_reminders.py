"""The day-before reminder reaches each registered person once, in their language."""

import datetime

from django.utils import timezone

from lms.messaging.models import Message
from seminars.factories import RegistrationFactory, SessionFactory, morning
from seminars.tasks import session_reminders_send_task


def test_running_the_reminder_twice_sends_one_message_per_person(session, workers_a):
    """Workers registered for tomorrow's session get one reminder each, however often the task runs."""
    for worker in workers_a:
        RegistrationFactory(session=session, person=worker)
    session_reminders_send_task.delay()
    session_reminders_send_task.delay()
    reminders = Message.objects.filter(kind="session_reminder")
    assert sorted(reminders.values_list("person_id", flat=True)) == sorted(w.pk for w in workers_a)
    assert {m.key for m in reminders} == {f"session:{session.pk}:reminder"}


def test_someone_registered_after_the_first_run_is_reminded_too(session, workers_a):
    """A worker who registers in the afternoon before the session still gets the reminder."""
    RegistrationFactory(session=session, person=workers_a[0])
    session_reminders_send_task.delay()
    RegistrationFactory(session=session, person=workers_a[1])
    session_reminders_send_task.delay()
    assert Message.objects.filter(kind="session_reminder").count() == 2


def test_waitlisted_cancelled_and_later_sessions_get_no_reminder(worker_a, workers_b):
    """Nobody is reminded of a session the day after tomorrow, of a cancelled one, or from the waitlist."""
    later = SessionFactory(meetings=[morning(days=2)])
    RegistrationFactory(session=later, person=worker_a)
    cancelled = SessionFactory(cancelled_at=timezone.now())
    RegistrationFactory(session=cancelled, person=workers_b[0])
    tomorrow = SessionFactory()
    RegistrationFactory(session=tomorrow, person=workers_b[1], status="waitlisted")
    session_reminders_send_task.delay()
    assert not Message.objects.filter(kind="session_reminder").exists()


def test_the_reminder_says_the_time_of_the_first_meeting(session, worker_a):
    """The reminder gives the first meeting's time in Phnom Penh and the venue."""
    RegistrationFactory(session=session, person=worker_a)
    worker_a.preferred_language = "en"
    worker_a.save()
    session_reminders_send_task.delay()
    text = Message.objects.get(kind="session_reminder").text
    start = timezone.localtime(session.starts_at)
    assert f"tomorrow at {start:%-H}:{start:%M}" in text
    assert session.centre.name in text and session.course.title in text
    assert start - timezone.localtime() < datetime.timedelta(days=2)
