"""People screens: HR sees and exports only its own factory; programme staff see every factory."""

import datetime
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation

from lms.people.choices import Role
from lms.people.factories import DepartmentFactory, FactoryFactory, PersonFactory, StaffFactory
from lms.people.models import Person


@pytest.fixture
def two_factories(db):
    factory_a, factory_b = FactoryFactory(code="PP-001"), FactoryFactory(code="KD-002")
    DepartmentFactory(factory=factory_a, name="Sewing", name_km="ផ្នែកដេរ")
    worker_a = PersonFactory(factory=factory_a, worker_id="A001", given_name_km="សុភា", first_name="Sophea")
    worker_b = PersonFactory(factory=factory_b, worker_id="B001", given_name_km="ដារ៉ា", first_name="Dara")
    hr_a = PersonFactory(factory=factory_a, worker_id="HR-A", roles=[Role.FACTORY_HR])
    return factory_a, factory_b, worker_a, worker_b, hr_a


def test_hr_lists_only_its_own_factory(client, two_factories):
    """HR of factory A sees A's workers and not one of B's, whatever filter it types."""
    factory_a, factory_b, worker_a, worker_b, hr_a = two_factories
    client.force_login(hr_a)
    page = client.get("/people/").content.decode()
    assert "Sophea" in page and "Dara" not in page
    page = client.get("/people/", {"q": "B001"}).content.decode()
    assert "Dara" not in page
    page = client.get("/people/", {"factory": "KD-002"}).content.decode()
    assert "Dara" not in page


def test_hr_gets_404_for_every_view_of_another_factory(client, two_factories):
    """Detail, export (CSV and Excel), cards and unlock of factory B all answer 404 to HR of A."""
    factory_a, factory_b, worker_a, worker_b, hr_a = two_factories
    client.force_login(hr_a)
    assert client.get(f"/people/{worker_b.pk}/").status_code == 404
    assert client.get("/people/roster/export/", {"factory": "KD-002", "format": "csv"}).status_code == 404
    assert client.get("/people/roster/export/", {"factory": "KD-002", "format": "xlsx"}).status_code == 404
    assert client.post("/accounts/login-cards/", {"person": [worker_b.pk]}).status_code == 404
    assert client.post("/accounts/login-cards/", {"person": [worker_a.pk, worker_b.pk]}).status_code == 404
    assert client.post(f"/accounts/unlock/{worker_b.pk}/").status_code == 404
    assert client.get(f"/people/{worker_a.pk}/").status_code == 200


def test_hr_cannot_import_into_another_factory(client, two_factories):
    """HR of A posting a roster for factory B is refused and B's roster is untouched."""
    factory_a, factory_b, worker_a, worker_b, hr_a = two_factories
    client.force_login(hr_a)
    upload = SimpleUploadedFile("roster.csv", "worker_id,given_name_km\nB001,ចោរ\nB002,ថ្មី\n".encode())
    response = client.post("/people/roster/import/", {"factory": factory_b.pk, "file": upload})
    assert response.status_code == 200 and "factory" in response.context["form"].errors
    worker_b.refresh_from_db()
    assert worker_b.given_name_km == "ដារ៉ា" and not Person.objects.filter(worker_id="B002").exists()


def test_workers_and_union_members_cannot_open_people_screens(client, two_factories):
    """Only HR, trainers and programme staff reach the people screens."""
    factory_a, factory_b, worker_a, worker_b, hr_a = two_factories
    union = PersonFactory(factory=factory_a, worker_id="U1", roles=[Role.UNION_CONTACT])
    for person in (worker_a, union):
        client.force_login(person)
        assert client.get("/people/").status_code == 404
        assert client.get("/people/roster/export/", {"factory": "PP-001"}).status_code == 404
        assert client.get("/people/roster/import/").status_code == 404


def test_anonymous_visitor_is_sent_to_sign_in(client, two_factories):
    """Without signing in, the people list sends the visitor to the sign-in page."""
    response = client.get("/people/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_programme_staff_see_all_factories_and_export_any(client, two_factories):
    """Programme staff list people of every factory and export factory B."""
    client.force_login(StaffFactory(roles=[Role.PROGRAMME_STAFF]))
    page = client.get("/people/").content.decode()
    assert "Sophea" in page and "Dara" in page
    response = client.get("/people/roster/export/", {"factory": "KD-002", "format": "xlsx"}, HTTP_ACCEPT_LANGUAGE="en")
    sheet = openpyxl.load_workbook(io.BytesIO(response.getvalue())).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Worker ID" and rows[1][0] == "B001" and "ដារ៉ា" in rows[1]


def test_hr_imports_a_roster_through_the_page(client, two_factories):
    """HR uploads a CSV for its factory and sees how many workers were added."""
    factory_a, factory_b, worker_a, worker_b, hr_a = two_factories
    client.force_login(hr_a)
    upload = SimpleUploadedFile(
        "roster.csv", "worker_id,given_name_km,department\nA002,ស្រីមុំ,ផ្នែកដេរ\n".encode("utf-8-sig")
    )
    response = client.post(
        "/people/roster/import/", {"factory": factory_a.pk, "file": upload}, HTTP_ACCEPT_LANGUAGE="en", follow=True
    )
    assert "1 new" in response.content.decode()
    assert Person.objects.get(factory=factory_a, worker_id="A002").department.name == "Sewing"


def test_bad_roster_upload_lists_lines_and_changes_nothing(client, two_factories):
    """A bad file shows a table of line numbers and reasons; the roster stays as it was."""
    factory_a, factory_b, worker_a, worker_b, hr_a = two_factories
    client.force_login(hr_a)
    upload = SimpleUploadedFile("roster.csv", b"worker_id,phone\nA002,123\n,012345678\n")
    response = client.post(
        "/people/roster/import/", {"factory": factory_a.pk, "file": upload}, HTTP_ACCEPT_LANGUAGE="en"
    )
    page = response.content.decode()
    assert response.status_code == 422 and "Nothing was imported" in page
    assert "<td>2</td><td>phone</td>" in page and "<td>3</td><td>worker_id</td>" in page
    assert not Person.objects.filter(worker_id="A002").exists()


def test_person_page_shows_lock_and_hr_unlocks(client, two_factories):
    """HR sees that a worker is locked out and unlocks the account from the person's page."""
    factory_a, factory_b, worker_a, worker_b, hr_a = two_factories
    worker_a.locked_until = timezone.now() + datetime.timedelta(minutes=10)
    worker_a.save()
    client.force_login(hr_a)
    page = client.get(f"/people/{worker_a.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Unlock now" in page
    response = client.post(f"/accounts/unlock/{worker_a.pk}/")
    assert response.status_code == 302
    worker_a.refresh_from_db()
    assert worker_a.locked_until is None


def test_import_page_shows_the_first_problems_and_counts_the_rest(client, two_factories, settings):
    """A file with many bad rows shows a short table and '… and N more problems', not a page of thousands."""
    settings.SALA_ROSTER_ERRORS_SHOWN = 50
    factory_a, factory_b, worker_a, worker_b, hr_a = two_factories
    client.force_login(hr_a)
    rows = "".join(f"X{n},123\n" for n in range(1284))
    upload = SimpleUploadedFile("roster.csv", ("worker_id,phone\n" + rows).encode())
    response = client.post(
        "/people/roster/import/", {"factory": factory_a.pk, "file": upload}, HTTP_ACCEPT_LANGUAGE="en"
    )
    page = response.content.decode()
    assert response.status_code == 422 and "the file has 1,284 problems" in page
    assert page.count("<td>phone</td>") == 50 and "and 1,234 more problems" in page


def test_import_page_refuses_too_many_rows_in_plain_words(client, two_factories, settings):
    """A sheet over the row limit gets a form error naming the limit; nothing is imported."""
    settings.SALA_ROSTER_MAX_ROWS = 20_000
    factory_a, factory_b, worker_a, worker_b, hr_a = two_factories
    client.force_login(hr_a)
    upload = SimpleUploadedFile("roster.csv", ("worker_id\n" + "".join(f"X{n}\n" for n in range(20_001))).encode())
    response = client.post(
        "/people/roster/import/", {"factory": factory_a.pk, "file": upload}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert "more than 20,000 rows" in response.content.decode()
    assert not Person.objects.filter(worker_id="X1").exists()


def test_import_page_says_who_stayed_left_and_how_to_take_them_back(client, two_factories):
    """Re-importing a list with a worker who has left keeps them left and tells HR to write active."""
    factory_a, factory_b, worker_a, worker_b, hr_a = two_factories
    Person.objects.filter(pk=worker_a.pk).update(employment_status="left")
    client.force_login(hr_a)
    upload = SimpleUploadedFile("roster.csv", b"worker_id\nA001\n")
    page = client.post(
        "/people/roster/import/", {"factory": factory_a.pk, "file": upload}, HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert "1 person in the file had left and stays marked as left" in page and "write active" in page
    worker_a.refresh_from_db()
    assert worker_a.employment_status == "left"


def test_import_page_explains_the_employment_column(client, two_factories):
    """The column help on the import page says how to mark someone as left or take them back, naming
    each column as HR reads it (in Khmer for a Khmer reader) beside the name a file may use."""
    client.force_login(two_factories[4])
    page = client.get("/people/roster/import/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<dt>Employment <code lang="en" translate="no">employment</code></dt>' in page
    assert '<code lang="en" translate="no">left_on</code>' in page and "writing active" in page
    khmer = client.get("/people/roster/import/", HTTP_ACCEPT_LANGUAGE="km").content.decode()
    with translation.override("km"):
        label = translation.gettext("Employment")
    assert label != "Employment" and f'<dt>{label} <code lang="en" translate="no">employment</code></dt>' in khmer


def test_import_page_refuses_a_file_over_the_size_limit(client, two_factories, settings):
    """An upload over the size limit is refused by the form, naming the limit, before it is read."""
    settings.SALA_ROSTER_MAX_BYTES = 1024 * 1024
    factory_a, factory_b, worker_a, worker_b, hr_a = two_factories
    client.force_login(hr_a)
    upload = SimpleUploadedFile("roster.csv", b"worker_id\n" + b"X1\n" * 400_000)
    response = client.post(
        "/people/roster/import/", {"factory": factory_a.pk, "file": upload}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert "larger than 1 MB" in response.content.decode() and not Person.objects.filter(worker_id="X1").exists()


def test_overlong_search_says_so_and_lists_nobody(client, two_factories):
    """A search of thousands of characters answers with a form error and no list, not every worker."""
    client.force_login(two_factories[4])
    response = client.get("/people/", {"q": "ក" * 5000}, HTTP_ACCEPT_LANGUAGE="en")
    page = response.content.decode()
    assert response.status_code == 200 and "at most 100 characters" in page
    assert "Nobody matches" in page
