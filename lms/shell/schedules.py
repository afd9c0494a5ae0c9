"""Writes the periodic tasks declared in lms/celery.py (`SCHEDULES`) into django-celery-beat's tables."""

from django.conf import settings
from django.db import transaction
from django_celery_beat.models import CrontabSchedule, PeriodicTask

from lms.celery import SCHEDULES

# Marks the rows this sync owns, so it can remove a schedule dropped from SCHEDULES while leaving
# tasks someone scheduled by hand in the admin alone. Shown in the admin, so it says what to do.
DECLARED = "Declared in lms/celery.py (SCHEDULES); a change made here is undone by the next migrate."
CRONTAB_FIELDS = ("minute", "hour", "day_of_week", "day_of_month", "month_of_year")


@transaction.atomic
def schedules_sync(*, schedules: dict[str, dict] = SCHEDULES) -> None:
    """Make django-celery-beat hold exactly the declared schedules; running it again changes nothing."""
    for name, declared in schedules.items():
        crontab = _crontab(declared["crontab"])
        task = PeriodicTask.objects.filter(name=name).first() or PeriodicTask(name=name)
        wanted = {
            "task": declared["task"],
            "crontab_id": crontab.pk,
            "interval_id": None,
            "solar_id": None,
            "clocked_id": None,
            "one_off": False,
            "enabled": True,
            "description": DECLARED,
        }
        if task.pk and all(getattr(task, field) == value for field, value in wanted.items()):
            continue  # saving would tell the beat process that its schedule changed
        for field, value in wanted.items():
            setattr(task, field, value)
        task.save()
    for task in PeriodicTask.objects.filter(description=DECLARED).exclude(name__in=list(schedules)):
        task.delete()  # one by one: the model's delete signal tells the beat process


def _crontab(fields: dict[str, str]) -> CrontabSchedule:
    unknown = set(fields) - set(CRONTAB_FIELDS)
    if unknown:
        raise ValueError(f"Unknown crontab fields in lms/celery.py SCHEDULES: {', '.join(sorted(unknown))}")
    full = {field: fields.get(field, "*") for field in CRONTAB_FIELDS}
    crontab = CrontabSchedule.objects.filter(timezone=settings.CELERY_TIMEZONE, **full).order_by("pk").first()
    return crontab or CrontabSchedule.objects.create(timezone=settings.CELERY_TIMEZONE, **full)
