"""The periodic tasks declared in lms/celery.py are what django-celery-beat runs."""

import datetime

import pytest
from django.contrib.sessions.models import Session
from django.utils import timezone
from django_celery_beat.models import CrontabSchedule, IntervalSchedule, PeriodicTask

from lms.celery import SCHEDULES
from lms.celery import app as celery_app
from lms.shell.schedules import schedules_sync
from lms.shell.tasks import sessions_clear_expired_task

pytestmark = pytest.mark.django_db

DAILY = {"Clear expired sign-in sessions": SCHEDULES["Clear expired sign-in sessions"]}


def test_fresh_database_has_every_declared_schedule():
    """Right after migrate, beat has each declared task, at its declared time, and a worker knows the task."""
    celery_app.loader.import_default_modules()  # what a starting worker does: every app's tasks.py
    for name, declared in SCHEDULES.items():
        task = PeriodicTask.objects.get(name=name)
        assert task.enabled and task.task == declared["task"]
        assert task.crontab.hour == declared["crontab"]["hour"]
        assert task.crontab.minute == declared["crontab"]["minute"]
        assert declared["task"] in celery_app.tasks


def test_schedules_sync_twice_keeps_one_row_per_schedule():
    """Syncing again (every migrate does) leaves one row per schedule and one crontab, unchanged."""
    schedules_sync(schedules=DAILY)
    before = list(PeriodicTask.objects.values_list("pk", "name", "crontab_id", "last_run_at"))
    schedules_sync(schedules=DAILY)
    assert list(PeriodicTask.objects.values_list("pk", "name", "crontab_id", "last_run_at")) == before
    assert PeriodicTask.objects.filter(name__in=DAILY).count() == 1
    assert CrontabSchedule.objects.filter(hour="3", minute="30").count() == 1


def test_a_schedule_no_longer_declared_is_removed_and_hand_made_ones_stay():
    """A schedule dropped from lms/celery.py disappears; one made by hand in the admin is kept."""
    hand_made = PeriodicTask.objects.create(
        name="Report by hand",
        task="lms.ping",
        interval=IntervalSchedule.objects.create(every=1, period=IntervalSchedule.HOURS),
    )
    schedules_sync(schedules={})
    assert not PeriodicTask.objects.filter(name__in=SCHEDULES).exists()
    assert PeriodicTask.objects.filter(pk=hand_made.pk).exists()


def test_a_schedule_changed_by_hand_goes_back_to_its_declaration():
    """A declared schedule disabled or moved in the admin is as declared again after the sync."""
    PeriodicTask.objects.filter(name__in=DAILY).update(enabled=False, task="lms.ping")
    schedules_sync(schedules=DAILY)
    task = PeriodicTask.objects.get(name="Clear expired sign-in sessions")
    assert task.enabled and task.task == "lms.shell.tasks.sessions_clear_expired_task"


def test_clear_expired_sessions_task_keeps_current_sessions():
    """The daily task deletes expired sign-in sessions and keeps the ones still in use."""
    now = timezone.now()
    Session.objects.create(session_key="old", session_data="", expire_date=now - datetime.timedelta(days=1))
    Session.objects.create(session_key="current", session_data="", expire_date=now + datetime.timedelta(days=1))
    sessions_clear_expired_task.delay()
    assert list(Session.objects.values_list("session_key", flat=True)) == ["current"]
