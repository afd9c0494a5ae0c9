"""Site-wide periodic work (scheduled in lms/celery.py) and exports too large for one request."""

from celery import shared_task
from django.core.management import call_command

from .exports import export_job_run, export_jobs_expire


@shared_task
def sessions_clear_expired_task() -> None:
    """Delete expired sign-in sessions (Django's `clearsessions`); running it twice deletes nothing more."""
    call_command("clearsessions")


@shared_task
def export_job_run_task(job_id: int) -> None:
    """Write an export's file (lms.shell.exports.export_job_run); a ready export is left alone."""
    export_job_run(job_id=job_id)


@shared_task
def export_jobs_expire_task() -> None:
    """Delete exports and their files once they are a day old; running it twice deletes nothing more."""
    export_jobs_expire()
