"""HR sees and exports its own factory's enrolments and completions, never another factory's."""

import csv
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from courses import services
from courses.choices import CompletionSource
from courses.models import Enrolment
from lms.people.choices import Gender, Role
from lms.people.factories import DepartmentFactory, FactoryFactory, PersonFactory, StaffFactory
from lms.people.services import person_mark_left


@pytest.fixture
def factories(catalogue):
    a, b = FactoryFactory(code="PP-001"), FactoryFactory(code="KD-002")
    sewing = DepartmentFactory(factory=a, name="Sewing")
    cutting = DepartmentFactory(factory=a, name="Cutting")
    sophea = PersonFactory(factory=a, worker_id="A1", department=sewing, given_name_km="សុភា", first_name="Sophea")
    dara = PersonFactory(factory=a, worker_id="A2", department=cutting, gender=Gender.MALE, first_name="Dara")
    bopha = PersonFactory(factory=b, worker_id="B1", first_name="Bopha")
    course = catalogue["course"]
    services.completion_record(person=sophea, course=course, source=CompletionSource.SEMINAR)
    for person in (dara, bopha):
        services.enrolment_create(person=person, course=course, enrolled_by=person)
    return {
        "a": a,
        "b": b,
        "sewing": sewing,
        "cutting": cutting,
        "course": course,
        "hr_a": PersonFactory(factory=a, worker_id="HR", roles=[Role.FACTORY_HR]),
        "hr_b": PersonFactory(factory=b, worker_id="HR", roles=[Role.FACTORY_HR]),
    }


def test_hr_sees_its_own_workers_completion(client, factories):
    """HR of factory A sees Sophea's completion and Dara's enrolment, and nobody from factory B."""
    client.force_login(factories["hr_a"])
    page = client.get("/learning/factory/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Sophea" in page and "Dara" in page and "Bopha" not in page
    assert "2 enrolments, 1 completed" in page


def test_filters_by_department_and_gender(client, factories):
    """Filtering by department or gender narrows the list."""
    client.force_login(factories["hr_a"])
    page = client.get("/learning/factory/", {"department": factories["cutting"].pk}).content.decode()
    assert "Dara" in page and "Sophea" not in page
    page = client.get("/learning/factory/", {"gender": "female"}).content.decode()
    assert "Sophea" in page and "Dara" not in page


def test_hr_exports_its_completions_with_khmer_names(client, factories):
    """The Excel export lists the factory's enrolments with Khmer names and completion dates."""
    client.force_login(factories["hr_a"])
    response = client.get("/learning/factory/export/", {"format": "xlsx"}, HTTP_ACCEPT_LANGUAGE="en")
    rows = list(openpyxl.load_workbook(io.BytesIO(response.getvalue())).active.iter_rows(values_only=True))
    header, body = rows[0], rows[1:]
    assert header[0] == "Factory" and {row[1] for row in body} == {"A1", "A2"}
    sophea = next(row for row in body if row[1] == "A1")
    assert "សុភា" in sophea and sophea[header.index("Completed on")]
    csv_text = client.get("/learning/factory/export/", {"format": "csv"}).getvalue().decode("utf-8")
    assert csv_text.startswith("\ufeff") and "B1" not in csv_text


def test_hr_of_another_factory_cannot_see_or_export(client, factories):
    """HR of factory B never sees factory A's records, asking by filter or by export."""
    client.force_login(factories["hr_b"])
    page = client.get("/learning/factory/", {"factory": "PP-001"}).content.decode()
    assert "Sophea" not in page and "Dara" not in page
    assert client.get("/learning/factory/export/", {"factory": "PP-001", "format": "csv"}).status_code == 404
    csv_text = client.get("/learning/factory/export/", {"format": "csv"}).getvalue().decode()
    assert "A1" not in csv_text and "B1" in csv_text


def test_workers_cannot_open_the_factory_report(client, factories):
    """A worker's session gets 404 for the report, the export and bulk enrolment."""
    client.force_login(Enrolment.objects.first().person)
    for url in ("/learning/factory/", "/learning/factory/export/", "/learning/factory/enrol/"):
        assert client.get(url).status_code == 404


def test_hr_enrols_a_department(client, factories):
    """HR enrols everyone in the Sewing department; enrolling again changes nothing."""
    extra = PersonFactory(factory=factories["a"], worker_id="A3", department=factories["sewing"])
    client.force_login(factories["hr_a"])
    data = {"course": factories["course"].pk, "factory": factories["a"].pk, "department": factories["sewing"].pk}
    page = client.post("/learning/factory/enrol/", data, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "1 enrolled now, 1 were already enrolled" in page
    assert Enrolment.objects.filter(person=extra).exists()
    page = client.post("/learning/factory/enrol/", data, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "0 enrolled now, 2 were already enrolled" in page


def test_a_long_list_of_unknown_ids_is_named_in_part(client, factories):
    """A pasted column of 25 IDs not on the roster names the first 20 and counts the rest, rather than
    filling the page; nobody is enrolled."""
    client.force_login(factories["hr_a"])
    before = Enrolment.objects.count()
    unknown = "\n".join(f"X{n:02d}" for n in range(25))
    data = {"course": factories["course"].pk, "factory": factories["a"].pk, "worker_ids": unknown}
    page = client.post("/learning/factory/enrol/", data, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "X18, X19 and 5 more" in page and "X19, X20" not in page  # (the typed list is kept in its box)
    assert Enrolment.objects.count() == before


def test_hr_enrols_by_worker_ids_and_unknown_ids_enrol_nobody(client, factories):
    """A list with an ID not on the roster is refused whole; a good list enrols those workers."""
    extra = PersonFactory(factory=factories["a"], worker_id="A3")
    client.force_login(factories["hr_a"])
    data = {"course": factories["course"].pk, "factory": factories["a"].pk, "worker_ids": "A3, B1"}
    page = client.post("/learning/factory/enrol/", data, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Not on the roster" in page and "B1" in page
    assert not Enrolment.objects.filter(person=extra).exists()
    data["worker_ids"] = "A3\n"
    client.post("/learning/factory/enrol/", data)
    assert Enrolment.objects.filter(person=extra).exists()


def test_hr_cannot_enrol_into_another_factory(client, factories):
    """HR of B choosing factory A in the form is refused by the form; nothing is enrolled."""
    client.force_login(factories["hr_b"])
    data = {"course": factories["course"].pk, "factory": factories["a"].pk, "worker_ids": "A1"}
    response = client.post("/learning/factory/enrol/", data)
    assert "factory" in response.context["form"].errors
    assert Enrolment.objects.count() == 3


def test_programme_staff_see_every_factory(client, factories):
    """Programme staff see enrolments of both factories."""
    client.force_login(StaffFactory(roles=[Role.PROGRAMME_STAFF]))
    page = client.get("/learning/factory/").content.decode()
    assert "Sophea" in page and "Bopha" in page


def test_hr_enrols_from_an_uploaded_list(client, factories):
    """An Excel-made CSV with a worker_id column enrols those workers; a file without it is refused."""
    extra = PersonFactory(factory=factories["a"], worker_id="A3")
    client.force_login(factories["hr_a"])
    data = {"course": factories["course"].pk, "factory": factories["a"].pk}
    bad = SimpleUploadedFile("list.csv", b"name\nSophea\n")
    response = client.post("/learning/factory/enrol/", {**data, "file": bad}, HTTP_ACCEPT_LANGUAGE="en")
    assert "no worker_id column" in response.content.decode()
    good = SimpleUploadedFile("list.csv", "worker_id,given_name_km\nA3,សុភា\n".encode("utf-8-sig"))
    page = client.post("/learning/factory/enrol/", {**data, "file": good}, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "1 enrolled now" in page and Enrolment.objects.filter(person=extra).exists()


def test_training_records_export_never_carries_a_formula(client, factories):
    """A worker named like a formula is exported with an apostrophe in CSV, and as text (never a formula) in Excel."""
    Person = type(factories["hr_a"])
    Person.objects.filter(worker_id="A1").update(first_name='=HYPERLINK("http://x.example")', last_name="@SUM(A1)")
    Person.objects.filter(worker_id="A2").update(first_name="-1+1", last_name="+1")
    client.force_login(factories["hr_a"])
    csv_text = client.get("/learning/factory/export/", {"format": "csv"}).getvalue().decode("utf-8-sig")
    cells = [cell for row in csv.reader(io.StringIO(csv_text, newline="")) for cell in row]
    assert "'-1+1" in cells and "'+1" in cells and "'@SUM(A1)" in cells
    assert not [cell for cell in cells if cell[:1] in ("=", "+", "-", "@", "\t", "\r")]
    response = client.get("/learning/factory/export/", {"format": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(response.getvalue())).active
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    assert '\'=HYPERLINK("http://x.example")' in [cell.value for row in sheet.iter_rows() for cell in row]


def test_bulk_enrolment_finds_workers_typed_with_look_alikes(client, factories):
    """Worker IDs pasted with invisible characters or in full-width letters enrol the listed workers."""
    extra = PersonFactory(factory=factories["a"], worker_id="A3")
    client.force_login(factories["hr_a"])
    data = {"course": factories["course"].pk, "factory": factories["a"].pk, "worker_ids": "Ａ３\u200b，A2\ufeff"}
    page = client.post("/learning/factory/enrol/", data, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Not on the roster" not in page and Enrolment.objects.filter(person=extra).exists()


def test_bulk_enrolment_file_with_a_repeated_column_is_refused(client, factories):
    """An uploaded list naming worker_id twice is refused in plain words and enrols nobody."""
    extra = PersonFactory(factory=factories["a"], worker_id="A3")
    client.force_login(factories["hr_a"])
    data = {"course": factories["course"].pk, "factory": factories["a"].pk}
    upload = SimpleUploadedFile("list.csv", b"Worker ID,worker_id\nA3,A1\n")
    page = client.post("/learning/factory/enrol/", {**data, "file": upload}, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "twice" in page and not Enrolment.objects.filter(person=extra).exists()


def test_a_listed_worker_who_has_left_enrols_nobody(client, factories):
    """A typed list naming someone who has left is refused whole, saying they have left."""
    stayed = PersonFactory(factory=factories["a"], worker_id="A3")
    left = person_mark_left(person=PersonFactory(factory=factories["a"], worker_id="A4"))
    client.force_login(factories["hr_a"])
    data = {"course": factories["course"].pk, "factory": factories["a"].pk, "worker_ids": "A3 A4"}
    page = client.post("/learning/factory/enrol/", data, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "have left" in page and "A4" in page and "Not on the roster" not in page
    assert not Enrolment.objects.filter(person__in=[stayed, left]).exists()


def test_an_uploaded_list_with_a_worker_who_has_left_enrols_nobody(client, factories):
    """An uploaded list naming someone who has left is refused the same way as a typed one."""
    stayed = PersonFactory(factory=factories["a"], worker_id="A3")
    left = person_mark_left(person=PersonFactory(factory=factories["a"], worker_id="A4"))
    client.force_login(factories["hr_a"])
    listing = SimpleUploadedFile("list.csv", b"worker_id\nA3\nA4\n")
    data = {"course": factories["course"].pk, "factory": factories["a"].pk, "file": listing}
    page = client.post("/learning/factory/enrol/", data, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "have left" in page and "A4" in page
    assert not Enrolment.objects.filter(person__in=[stayed, left]).exists()


def test_enrolling_a_department_skips_people_who_have_left(client, factories):
    """Everyone in a department means everyone who works there now."""
    left = person_mark_left(
        person=PersonFactory(factory=factories["a"], worker_id="A4", department=factories["sewing"])
    )
    client.force_login(factories["hr_a"])
    data = {"course": factories["course"].pk, "factory": factories["a"].pk, "department": factories["sewing"].pk}
    page = client.post("/learning/factory/enrol/", data, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "0 enrolled now, 1 were already enrolled" in page
    assert not Enrolment.objects.filter(person=left).exists()


def test_training_records_keep_their_addresses():
    """Bookmarks of HR's screens keep working after the screens moved to the project shell."""
    assert reverse("shell:factory_report") == "/learning/factory/"
    assert reverse("shell:factory_report_export") == "/learning/factory/export/"
    assert reverse("shell:bulk_enrol") == "/learning/factory/enrol/"
    assert reverse("shell:my_learning") == "/learning/"


def test_hr_keeps_every_cycle_of_a_course_taken_again(client, factories):
    """A worker taking a course again shows twice: the first cycle's completion stays in the report and export."""
    sophea = Enrolment.objects.get(person__worker_id="A1").person
    services.enrolment_cycle_start(person=sophea, course=factories["course"], started_by=sophea)
    client.force_login(factories["hr_a"])
    page = client.get("/learning/factory/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "time 2" in page
    response = client.get("/learning/factory/export/", {"format": "csv"}, HTTP_ACCEPT_LANGUAGE="en")
    rows = list(csv.DictReader(io.StringIO(response.getvalue().decode("utf-8-sig"))))
    cycles = sorted((row["Time taken"], bool(row["Completed on"])) for row in rows if row["Worker ID"] == "A1")
    assert cycles == [("1", True), ("2", False)]
