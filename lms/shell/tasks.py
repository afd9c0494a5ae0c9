"""Site-wide periodic work (scheduled in lms/celery.py)."""

from celery import shared_task
from django.core.management import call_command


@shared_task
def sessions_clear_expired_task() -> None:
    """Delete expired sign-in sessions (Django's `clearsessions`); running it twice deletes nothing more."""
    call_command("clearsessions")
