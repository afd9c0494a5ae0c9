"""Writes of the shell's own screens: starting an export too large for one request."""

import datetime

from django.db import transaction
from django.utils import timezone

from .choices import ExportStatus
from .models import ExportJob
from .tasks import export_job_run_task

# The whole programme's records take under a minute; a queue can be busy for a while.
UNFINISHED_FOR_AT_MOST = datetime.timedelta(hours=1)


class ExportAlreadyRunning(Exception):
    """The person has an export being prepared already; `job` is that one."""

    def __init__(self, job: ExportJob):
        super().__init__(f"Export {job.pk} is still being prepared.")
        self.job = job


@transaction.atomic
def export_job_start(*, owner, file_format: str, filters: dict, rows_total: int) -> ExportJob:
    """Record the export and queue its task once the record is committed.

    One export at a time per person: a second one while the first is being prepared raises
    ExportAlreadyRunning, so repeated clicks (or a page that makes someone's browser ask) cannot
    fill the queue. An export still unfinished after UNFINISHED_FOR_AT_MOST was lost (its worker
    stopped, its task with it) and holds nobody back."""
    lost_before = timezone.now() - UNFINISHED_FOR_AT_MOST
    unfinished = (
        ExportJob.objects.filter(owner=owner, status__in=[ExportStatus.QUEUED, ExportStatus.RUNNING])
        .filter(created_at__gte=lost_before)
        .first()
    )
    if unfinished is not None:
        raise ExportAlreadyRunning(unfinished)
    job = ExportJob.objects.create(owner=owner, file_format=file_format, filters=filters, rows_total=rows_total)
    transaction.on_commit(lambda: export_job_run_task.delay(job.pk))
    return job
