"""Scheduled work of the training sessions (declared in lms/celery.py SCHEDULES)."""

from celery import shared_task

from .services.reminders import session_reminders_send


@shared_task
def session_reminders_send_task() -> int:
    """The day-before reminder of sessions starting tomorrow; running it again sends nothing new."""
    return session_reminders_send()
