"""Training-records exports: small ones stream in the request; large ones are prepared in the
background, followed on a page, and downloaded by the person who asked only."""

import csv
import datetime
import io

import openpyxl
import pytest
from django.core.files.storage import default_storage
from django.test import Client
from django.utils import timezone

from courses import services
from courses.choices import CompletionSource
from courses.factories import page_translate
from courses.models import Enrolment
from lms.people.choices import Role
from lms.people.factories import DepartmentFactory, FactoryFactory, PersonFactory, StaffFactory
from lms.shell import exports
from lms.shell.choices import ExportStatus
from lms.shell.exports import export_jobs_expire
from lms.shell.models import ExportJob


@pytest.fixture
def records(catalogue, settings):
    settings.SALA_EXPORT_ROWS_IN_REQUEST = 2
    a, b = FactoryFactory(code="PP-001"), FactoryFactory(code="KD-002")
    sewing = DepartmentFactory(factory=a, name="Sewing")
    course = catalogue["course"]
    for n in range(3):
        person = PersonFactory(factory=a, worker_id=f"A{n}", department=sewing, phone=f"+8551200000{n}")
        services.completion_record(person=person, course=course, source=CompletionSource.SEMINAR)
    bopha = PersonFactory(factory=b, worker_id="B1", first_name="Bopha")
    services.enrolment_create(person=bopha, course=course, enrolled_by=bopha)
    return {
        "a": a,
        "course": course,
        "hr_a": PersonFactory(factory=a, worker_id="HR", roles=[Role.FACTORY_HR]),
        "hr_b": PersonFactory(factory=b, worker_id="HR", roles=[Role.FACTORY_HR]),
    }


@pytest.fixture
def start(client, django_capture_on_commit_callbacks):
    """Ask for a background export; its task runs once the request's transaction commits, as with a worker."""

    def start(data, **extra):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post("/learning/factory/exports/", data, **extra)

    return start


def _rows(content: bytes, file_format: str) -> list[list]:
    if file_format == "csv":
        return list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    return [["" if value is None else value for value in row] for row in sheet.iter_rows(values_only=True)]


def test_a_small_export_streams_in_the_request(client, records, settings):
    """Up to the limit, the CSV is sent as it is written, with every record and the phone as Cambodians write it."""
    settings.SALA_EXPORT_ROWS_IN_REQUEST = 20
    client.force_login(records["hr_a"])
    response = client.get("/learning/factory/export/", {"format": "csv"})
    assert response.streaming and response["Cache-Control"] == "private, no-store"
    rows = _rows(response.getvalue(), "csv")
    assert [row[1] for row in rows[1:]] == ["A0", "A1", "A2"] and rows[1][9] == "012 000 000"
    assert not ExportJob.objects.exists()


def test_dates_are_the_day_in_cambodia(client, records, settings):
    """An enrolment at 20:00 UTC (03:00 the next morning in Phnom Penh) is dated the next day, a real date cell in Excel."""
    settings.SALA_EXPORT_ROWS_IN_REQUEST = 20
    late = datetime.datetime(2024, 5, 1, 20, 0, tzinfo=datetime.UTC)
    Enrolment.objects.update(enrolled_at=late)
    Enrolment.objects.filter(completed_at__isnull=False).update(completed_at=late)
    client.force_login(records["hr_a"])
    for file_format, day in (("csv", "2024-05-02"), ("xlsx", datetime.datetime(2024, 5, 2))):
        response = client.get("/learning/factory/export/", {"format": file_format}, HTTP_ACCEPT_LANGUAGE="en")
        rows = _rows(response.getvalue(), file_format)
        header = rows[0]
        assert {row[header.index("Enrolled on")] for row in rows[1:]} == {day}
        assert {row[header.index("Completed on")] for row in rows[1:] if row[1] != "B1"} == {day}


def test_courses_are_named_in_khmer_beside_english(client, records, settings):
    """HR reading Khmer finds the course under the name its workers know, next to the English one; a
    course with no live Khmer translation leaves that cell empty rather than guessing."""
    settings.SALA_EXPORT_ROWS_IN_REQUEST = 20
    client.force_login(records["hr_a"])

    def khmer_titles():
        response = client.get("/learning/factory/export/", {"format": "xlsx"}, HTTP_ACCEPT_LANGUAGE="en")
        rows = _rows(response.getvalue(), "xlsx")
        return {(row[rows[0].index("Course")], row[rows[0].index("Course (Khmer)")]) for row in rows[1:]}

    assert khmer_titles() == {("Fire safety", "")}
    khmer = page_translate(records["course"], "km", title="សុវត្ថិភាពអគ្គីភ័យ")
    assert khmer_titles() == {("Fire safety", "សុវត្ថិភាពអគ្គីភ័យ")}
    khmer.unpublish()
    assert khmer_titles() == {("Fire safety", "")}


def test_a_large_export_asks_before_starting_and_a_link_alone_starts_nothing(client, records):
    """Over the limit, the export link shows a page with a button; following the link creates no export."""
    client.force_login(records["hr_a"])
    response = client.get("/learning/factory/export/", {"format": "xlsx"}, HTTP_ACCEPT_LANGUAGE="en")
    page = response.content.decode()
    assert "3 rows" in page and "Prepare the file" in page and 'name="format" value="xlsx"' in page
    assert not ExportJob.objects.exists()
    assert client.get("/learning/factory/exports/").status_code == 405


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_a_large_export_is_prepared_then_downloaded_with_the_same_rows(
    client, records, settings, django_capture_on_commit_callbacks, file_format
):
    """The background export shows its progress until written, then gives the file the request would have given."""
    client.force_login(records["hr_a"])
    with django_capture_on_commit_callbacks() as queued:
        response = client.post("/learning/factory/exports/", {"format": file_format})
    job = ExportJob.objects.get()
    assert response["Location"] == f"/learning/factory/exports/{job.pk}/"
    page = client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Waiting for its turn" in page and "0 of 3 rows written" in page and 'http-equiv="refresh"' in page
    for callback in queued:  # what a worker does once the request has committed
        callback()
    job.refresh_from_db()
    assert (job.status, job.rows_written) == (ExportStatus.DONE, 3)
    page = client.get(f"/learning/factory/exports/{job.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "The file is ready: 3 rows." in page and 'http-equiv="refresh"' not in page
    download = client.get(f"/learning/factory/exports/{job.pk}/download/")
    assert download["Content-Disposition"] == f'attachment; filename="training-records.{file_format}"'
    assert download["Cache-Control"] == "private, no-store"
    settings.SALA_EXPORT_ROWS_IN_REQUEST = 20
    direct = client.get("/learning/factory/export/", {"format": file_format}).getvalue()
    assert _rows(download.getvalue(), file_format) == _rows(direct, file_format)


def test_nobody_else_sees_or_downloads_an_export(client, records, start):
    """Another person's export, its page and its file are 404, for other HR and for programme staff alike."""
    client.force_login(records["hr_a"])
    start({"format": "csv"})
    job = ExportJob.objects.get()
    assert job.status == ExportStatus.DONE
    for stranger in (records["hr_b"], StaffFactory(roles=[Role.PROGRAMME_STAFF])):
        client.force_login(stranger)
        assert client.get(f"/learning/factory/exports/{job.pk}/").status_code == 404
        assert client.get(f"/learning/factory/exports/{job.pk}/download/").status_code == 404


def test_the_file_is_never_served_by_its_address(client, records, start):
    """The stored file is not under a public uploads folder: its address answers 404."""
    client.force_login(records["hr_a"])
    start({"format": "csv"})
    name = ExportJob.objects.get().file.name
    assert default_storage.exists(name)
    assert client.get(f"/uploads/{name}").status_code == 404


def test_hr_cannot_export_another_factory_in_the_background(client, records):
    """Asking for another factory's records in the background is a 404 and starts nothing."""
    client.force_login(records["hr_b"])
    assert client.post("/learning/factory/exports/", {"format": "csv", "factory": "PP-001"}).status_code == 404
    assert client.post("/learning/factory/exports/", {"format": "pdf"}).status_code == 404
    assert not ExportJob.objects.exists()


def test_one_export_at_a_time(client, records, django_capture_on_commit_callbacks):
    """Asking again while an export is being prepared leads to that export; no second one is queued."""
    client.force_login(records["hr_a"])
    with django_capture_on_commit_callbacks():
        first = client.post("/learning/factory/exports/", {"format": "csv"})
        second = client.post("/learning/factory/exports/", {"format": "xlsx"}, HTTP_ACCEPT_LANGUAGE="en")
    assert ExportJob.objects.count() == 1 and second["Location"] == first["Location"]
    assert "still being prepared" in client.get(second["Location"], HTTP_ACCEPT_LANGUAGE="en").content.decode()


def test_a_failed_export_says_so_plainly(client, records, monkeypatch, start):
    """When writing fails, the page says the file could not be made; there is nothing to download."""

    def broken(**kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(exports, "training_records_write", broken)
    client.force_login(records["hr_a"])
    response = start({"format": "csv"})
    job = ExportJob.objects.get()
    response = client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="en")
    assert job.status == ExportStatus.FAILED
    assert "could not be made" in response.content.decode() and "disk full" not in response.content.decode()
    assert client.get(f"/learning/factory/exports/{job.pk}/download/").status_code == 404


def test_running_an_export_again_changes_nothing(client, records, start):
    """A task delivered twice leaves the finished export and its file as they were."""
    client.force_login(records["hr_a"])
    start({"format": "csv"})
    job = ExportJob.objects.get()
    exports.export_job_run(job_id=job.pk)
    assert ExportJob.objects.get().file.name == job.file.name and len(default_storage.listdir("exports")[1]) == 1


def test_exports_expire_after_a_day(client, records, start):
    """A day after it was asked for, an export and its file are deleted; a newer one stays, and expiring again deletes nothing."""
    client.force_login(records["hr_a"])
    start({"format": "csv"})
    old = ExportJob.objects.get()
    ExportJob.objects.filter(pk=old.pk).update(created_at=timezone.now() - datetime.timedelta(hours=25))
    start({"format": "xlsx"})
    assert export_jobs_expire() == 1
    assert not default_storage.exists(old.file.name) and ExportJob.objects.count() == 1
    assert export_jobs_expire() == 0
    assert client.get(f"/learning/factory/exports/{old.pk}/").status_code == 404


def test_more_rows_than_excel_holds_are_offered_as_csv(client, records, monkeypatch):
    """Records beyond Excel's row limit are offered as CSV instead, and no Excel export is started."""
    monkeypatch.setattr("lms.shell.views.XLSX_MAX_ROWS", 3)
    client.force_login(records["hr_a"])
    page = client.get("/learning/factory/export/", {"format": "xlsx"}, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Excel holds at most 2 rows" in page and 'name="format" value="csv"' in page
    page = client.post("/learning/factory/exports/", {"format": "xlsx"}, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Excel holds at most 2 rows" in page and not ExportJob.objects.exists()


def test_another_site_cannot_start_an_export(records):
    """A form posted from another site (no CSRF token) is refused and starts nothing."""
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(records["hr_a"])
    assert browser.post("/learning/factory/exports/", {"format": "csv"}).status_code == 403
    assert not ExportJob.objects.exists()


def test_an_export_lost_for_an_hour_holds_nobody_back(client, records, django_capture_on_commit_callbacks):
    """An export whose worker stopped (still waiting after an hour) no longer stops the person asking again."""
    client.force_login(records["hr_a"])
    with django_capture_on_commit_callbacks():
        client.post("/learning/factory/exports/", {"format": "csv"})
    ExportJob.objects.update(created_at=timezone.now() - datetime.timedelta(minutes=61))
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/learning/factory/exports/", {"format": "csv"})
    assert list(ExportJob.objects.order_by("pk").values_list("status", flat=True)) == ["queued", "done"]
