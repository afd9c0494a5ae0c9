"""Exports too large to make while the request waits.

HR or programme staff asking for more training records than SALA_EXPORT_ROWS_IN_REQUEST get an
`ExportJob`: a Celery task writes the file into the uploads storage, under a folder that is never
served by address (lms/shell/uploads.py lists the public ones), reporting how many rows it has
written; only the person who asked may see the job and download the file, for a day, after which
a scheduled task deletes both.
"""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .choices import ExportFormat, ExportStatus

EXPORTS_FOLDER = "exports"


class ExportJob(models.Model):
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    file_format = models.CharField(_("format"), max_length=4, choices=ExportFormat.choices)
    # The page's filters as ids (factory, department, course) and the gender; the task applies them
    # again through the owner's scope, so the file never holds what the owner may not see then.
    filters = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=8, choices=ExportStatus.choices, default=ExportStatus.QUEUED)
    rows_total = models.PositiveIntegerField(default=0)
    rows_written = models.PositiveIntegerField(default=0)
    file = models.FileField(max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("export")
        verbose_name_plural = _("exports")
        indexes = [
            models.Index(fields=["owner", "status"], name="exportjob_owner_status_idx"),
            models.Index(fields=["created_at"], name="exportjob_created_idx"),
        ]

    def __str__(self):
        return f"Export {self.pk} ({self.file_format}, {self.status})"

    @property
    def expires_at(self) -> datetime.datetime:
        return self.created_at + datetime.timedelta(hours=settings.SALA_EXPORT_KEPT_HOURS)

    @property
    def is_unfinished(self) -> bool:
        return self.status in (ExportStatus.QUEUED, ExportStatus.RUNNING)

    @property
    def percent(self) -> int:
        if self.status == ExportStatus.DONE:
            return 100
        return min(99, 100 * self.rows_written // self.rows_total) if self.rows_total else 0

    @property
    def filename(self) -> str:
        return f"training-records.{self.file_format}"
