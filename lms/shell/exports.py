"""Enrolments and completions of factories' workers, as CSV or XLSX: HR's training-records export.

In the shell because it reads people and courses together. The rows come from one query of the
columns below (lms/people/tabular.py), so the export of the whole programme holds a few thousand
rows in memory at a time. A small export is answered in the request; a larger one is an ExportJob
written by `export_job_run` in a Celery task (lms/shell/services.py starts it).
"""

import datetime
import logging
import tempfile
import uuid
import zoneinfo

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.db.models.functions import TruncDate
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from courses.models import CoursePage
from courses.selectors import factory_records
from lms.people.models import Department, Factory
from lms.people.names import KHMER, page_titles
from lms.people.resources import person_columns, phone_cell
from lms.people.roster import LABELS
from lms.people.tabular import Column, csv_write, date_cell, headers, queryset_rows, table_download, xlsx_write

from .choices import ExportStatus
from .models import EXPORTS_FOLDER, ExportJob

logger = logging.getLogger(__name__)

# Dates as the day was in Cambodia, worked out by the database, whatever time zone a request or a
# worker has active: an enrolment at 6 in the morning in Phnom Penh is still the day before in UTC.
LOCAL_ZONE = zoneinfo.ZoneInfo("Asia/Phnom_Penh")

COURSE_COLUMN = Column(_("Course"), "course__title")
# Headers are labels a person reads, in the language of whoever asked for the file. The course's
# Khmer title follows the English one (training_record_columns).
TRAINING_RECORD_COLUMNS = [
    Column(_("Factory"), "person__factory__code"),
    *person_columns("person__"),
    # Both names: the Khmer one for HR, the English one for buyers' auditors and for sorting.
    Column(LABELS["department"], "person__department__name"),
    Column(_("Department (Khmer)"), "person__department__name_km"),
    Column(LABELS["phone"], "person__phone", phone_cell),
    COURSE_COLUMN,
    # 1 the first time; a worker who takes the course again (e.g. when a certificate expires)
    # has one row per cycle, each with its own completion.
    Column(_("Time taken"), "cycle"),
    Column(_("Enrolled on"), TruncDate("enrolled_at", tzinfo=LOCAL_ZONE), date_cell),
    Column(_("Completed on"), TruncDate("completed_at", tzinfo=LOCAL_ZONE), date_cell),
    Column(_("Completed through"), "completion_source"),
]
SHEET_TITLE = _("Training records")


def _course_in_khmer_column() -> Column:
    """The course as Khmer readers know it, beside the English title: its live Khmer translation,
    empty where there is none. The catalogue's few hundred titles are read once per export, so a
    file of the whole programme's records costs no lookup per row."""
    courses = list(CoursePage.objects.filter(locale__language_code="en").values_list("pk", "translation_key", "title"))
    with translation.override(KHMER):
        khmer = page_titles(courses)
    english = {pk: title for pk, _key, title in courses}
    titles = {pk: title for pk, title in khmer.items() if title != english[pk]}  # untranslated: empty
    return Column(_("Course (Khmer)"), "course_id", lambda pk: titles.get(pk, ""))


def training_record_columns() -> list[Column]:
    """The export's columns, with the course's Khmer title read afresh for this export."""
    columns = list(TRAINING_RECORD_COLUMNS)
    columns.insert(columns.index(COURSE_COLUMN) + 1, _course_in_khmer_column())
    return columns


# Rows written between two saves of an export's progress.
PROGRESS_EVERY = 5000


def training_records_download(*, records, file_format: str):
    """The records as a download answered in the request (a small export)."""
    return table_download(
        headers(columns := training_record_columns()),
        queryset_rows(records, columns),
        file_format=file_format,
        filename=f"training-records.{file_format}",
        title=str(SHEET_TITLE),
    )


def training_records_write(*, records, file_format: str, file, progress=None) -> None:
    """The records written into an open binary file, reporting the rows written as it goes."""
    columns = training_record_columns()
    header, rows = headers(columns), queryset_rows(records, columns)
    if file_format == "csv":
        csv_write(header, rows, file, progress=progress)
    else:
        xlsx_write(header, rows, file, title=str(SHEET_TITLE), progress=progress)


def export_filters(chosen: dict) -> dict:
    """The page's chosen filters (FactoryReportForm.filters) as an ExportJob keeps them: ids and the
    gender, and the language of the page, which the file's headers are written in."""
    return {name: getattr(value, "pk", value) for name, value in chosen.items()} | {
        "language": translation.get_language()
    }


class FilterGone(Exception):
    """A factory, department or course the export was filtered by no longer exists."""


def _filters_loaded(kept: dict) -> dict:
    models = {"factory": Factory, "department": Department, "course": CoursePage}
    loaded = {name: value for name, value in kept.items() if name == "gender"}
    for name, model in models.items():
        if name in kept:
            found = model.objects.filter(pk=kept[name]).first()
            if found is None:
                raise FilterGone(name)
            loaded[name] = found
    return loaded


def export_job_run(*, job_id: int) -> None:
    """Write the export's file and mark it ready; a failure marks it failed, with the reason logged.

    Running it again for a job that is ready (a task delivered twice) changes nothing; a job left
    running by a stopped worker is written again from the start."""
    job = ExportJob.objects.select_related("owner").filter(pk=job_id).first()
    if job is None or job.status in (ExportStatus.DONE, ExportStatus.FAILED):
        return
    ExportJob.objects.filter(pk=job.pk).update(status=ExportStatus.RUNNING, rows_written=0)
    try:
        name, rows = _written(job)
    except Exception:
        logger.exception("Export %s failed", job.pk)
        ExportJob.objects.filter(pk=job.pk).update(status=ExportStatus.FAILED, finished_at=timezone.now())
        return
    ExportJob.objects.filter(pk=job.pk).update(
        status=ExportStatus.DONE, file=name, rows_written=rows, finished_at=timezone.now()
    )


class _Progress:
    """Saves the rows written so far on the job, every PROGRESS_EVERY rows, for its page to show."""

    def __init__(self, job_id: int):
        self.job_id, self.rows, self.saved = job_id, 0, 0

    def __call__(self, rows: int) -> None:
        self.rows = rows
        if rows - self.saved >= PROGRESS_EVERY:
            ExportJob.objects.filter(pk=self.job_id).update(rows_written=rows)
            self.saved = rows


def _written(job: ExportJob) -> tuple[str, int]:
    """The job's file, written and stored: its storage name and number of rows."""
    # The owner's scope as it is now: someone who lost a factory since asking gets none of its rows.
    records = factory_records(user=job.owner, **_filters_loaded(job.filters))
    progress = _Progress(job.pk)
    # Headers in the language the person asked in, as a file answered in the request has them.
    language = job.filters.get("language") or job.owner.preferred_language
    with tempfile.TemporaryFile() as file, translation.override(language):
        training_records_write(records=records, file_format=job.file_format, file=file, progress=progress)
        file.seek(0)
        # A name nobody can guess; it is never an address anyone may fetch anyway.
        name = default_storage.save(f"{EXPORTS_FOLDER}/{uuid.uuid4().hex}.{job.file_format}", File(file))
    return name, progress.rows


def export_jobs_expire(*, now=None) -> int:
    """Delete exports older than SALA_EXPORT_KEPT_HOURS with their files; the number deleted.
    Running it again deletes nothing more."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(hours=settings.SALA_EXPORT_KEPT_HOURS)
    expired = list(ExportJob.objects.filter(created_at__lt=cutoff).values_list("pk", "file"))
    for _pk, name in expired:
        if name:
            default_storage.delete(name)
    ExportJob.objects.filter(pk__in=[pk for pk, _name in expired]).delete()
    return len(expired)
