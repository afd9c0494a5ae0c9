"""HR downloads a roster template from the import page, fills it in and imports it as it is."""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from lms.people.choices import Gender, Role
from lms.people.factories import DepartmentFactory, FactoryFactory, PersonFactory
from lms.people.models import Person


@pytest.fixture
def hr(db):
    factory = FactoryFactory(code="PP-001")
    DepartmentFactory(factory=factory, name="Sewing", name_km="ផ្នែកដេរ")
    return PersonFactory(factory=factory, worker_id="HR", roles=[Role.FACTORY_HR])


def download(client, language="km"):
    response = client.get("/people/roster/template/", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="roster-template.xlsx"'
    return openpyxl.load_workbook(io.BytesIO(response.content))


def test_the_import_page_links_to_the_template(client, hr):
    """The import page offers the roster template to download."""
    client.force_login(hr)
    page = client.get("/people/roster/import/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'href="/people/roster/template/"' in page and "Download a roster template" in page


def test_the_template_has_the_headers_and_an_example_row(client, hr):
    """The roster sheet starts with the column labels and one example worker, phone with its leading 0."""
    client.force_login(hr)
    rows = list(download(client, "en").worksheets[0].iter_rows(values_only=True))
    assert rows[0][:3] == ("Worker ID", "Family name (Khmer)", "Given name (Khmer)")
    assert "Phone" in rows[0] and rows[1][rows[0].index("Phone")] == "012 345 678"
    assert len(rows) == 2


def test_the_column_guide_explains_each_column_in_khmer_and_english(client, hr):
    """The second sheet, whatever the reader's language, explains every column in Khmer and in English."""
    client.force_login(hr)
    book = download(client, "en")
    roster, guide = book.worksheets
    assert guide.title == "Column guide"
    rows = list(guide.iter_rows(values_only=True))[1:]
    assert [row[0] for row in rows] == list(next(roster.iter_rows(values_only=True)))
    worker_id = rows[0]
    assert worker_id[2] == "អត្តលេខកម្មករ មិនស្ទួនក្នុងរោងចក្រ (ចាំបាច់)"
    assert worker_id[3] == "Worker ID, unique in the factory (required)"
    phone = next(row for row in rows if row[0] == "Phone")
    assert "012 345 678" in phone[2] and "012 345 678" in phone[3]


def test_the_template_filled_in_imports_and_the_example_does_not(client, hr):
    """A template downloaded in Khmer, filled with one worker, imports that worker and not the example."""
    client.force_login(hr)
    book = download(client, "km")
    sheet = book.worksheets[0]
    sheet.append(["A001", "ចាន់", "ដារ៉ា", "Chan", "Dara", "ប្រុស", "1999", "012 888 777", "ផ្នែកដេរ", "worker", "km"])
    content = io.BytesIO()
    book.save(content)
    upload = SimpleUploadedFile("roster-template.xlsx", content.getvalue())
    response = client.post("/people/roster/import/", {"factory": hr.factory.pk, "file": upload})
    assert response.status_code == 200 and response.context["result"].ok
    dara = Person.objects.get(factory=hr.factory, worker_id="A001")
    assert (dara.given_name_km, dara.gender, dara.phone, dara.department.name) == (
        "ដារ៉ា",
        Gender.MALE,
        "+85512888777",
        "Sewing",
    )
    assert not Person.objects.filter(worker_id="W00123").exists()
