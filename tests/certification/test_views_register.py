"""HR reads the certificates issued at its own factory, never another's, counted per state and
filtered; trainers and programme staff choose a factory first; the exports have the page's columns
and the page's scope."""

import csv
import datetime
import io
import re
import zipfile

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook
from wagtail.models import Locale

from certification.factories import CertificateFactory, completion_make
from certification.views import register as register_views
from courses.factories import CoursePageFactory
from lms.people.choices import Gender
from lms.people.factories import DepartmentFactory, PersonFactory

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def certificate_of(person, course, *, days_ago=0, **fields):
    completed = timezone.now() - datetime.timedelta(days=days_ago)
    return CertificateFactory(
        completion=completion_make(person=person, course=course, completed_at=completed), **fields
    )


@pytest.fixture
def register(worker_a, worker_b, factory_a, fire_course, programme_staff):
    """Factory A: one valid, one expiring within 60 days, one expired, one revoked; factory B: one valid."""
    today = timezone.localdate()
    men = PersonFactory(factory=factory_a, gender=Gender.MALE, worker_id="M001", last_name="Chan", first_name="Dara")
    first_aid = CoursePageFactory(
        title="First aid at work", certificate_validity_months=12, parent=fire_course.get_parent()
    )
    return {
        "valid": certificate_of(worker_a, fire_course),
        "expiring": certificate_of(men, fire_course, days_ago=700, expires_on=today + datetime.timedelta(days=30)),
        "expired": certificate_of(worker_a, first_aid, days_ago=500),
        "revoked": certificate_of(
            men, first_aid, revoked_at=timezone.now(), revoked_by=programme_staff, revoked_reason="Mistake"
        ),
        "other_factory": certificate_of(worker_b, fire_course),
        "first_aid": first_aid,
    }


def codes_shown(html: str) -> set[str]:
    return set(re.findall(r"/verify/([0-9A-Z]{5}-[0-9A-Z]{5})/", html))


def displayed(*certificates) -> set[str]:
    return {certificate.code_display for certificate in certificates}


def test_hr_sees_its_factorys_certificates_and_counts(client, hr_a, register):
    """HR of factory A lists its four certificates and reads 4 / 2 valid / 1 expiring / 1 expired / 1 revoked."""
    client.force_login(hr_a)
    response = client.get("/certificates/register/", **EN)
    assert response.status_code == 200
    html = response.content.decode()
    assert codes_shown(html) == displayed(
        register["valid"], register["expiring"], register["expired"], register["revoked"]
    )
    counts = re.findall(r"<strong>(\d+)</strong> (certificates|valid|expiring within 60 days|expired|revoked)", html)
    assert dict((label, int(number)) for number, label in counts) == {
        "certificates": 4,
        "valid": 2,
        "expiring within 60 days": 1,
        "expired": 1,
        "revoked": 1,
    }


def test_hr_never_sees_another_factory_even_when_asking_for_it(client, hr_a, register, factory_b):
    """?factory= naming factory B (by code or id) still shows factory A's certificates only."""
    client.force_login(hr_a)
    for asked in (factory_b.code, str(factory_b.pk)):
        html = client.get("/certificates/register/", {"factory": asked}, **EN).content.decode()
        assert register["other_factory"].code_display not in html
        assert register["valid"].code_display in html
    exported = client.get("/certificates/register/export/", {"factory": factory_b.code, "format": "csv"})
    text = b"".join(exported.streaming_content).decode("utf-8-sig")
    assert register["other_factory"].code_display not in text and register["valid"].code_display in text


def test_hr_keeps_certificates_of_people_who_left(client, hr_a, hr_b, register, worker_a, factory_b):
    """A worker who moved to factory B stays in factory A's register, and does not appear in B's."""
    worker_a.factory, worker_a.department = factory_b, None
    worker_a.save()
    client.force_login(hr_a)
    assert register["valid"].code_display in client.get("/certificates/register/", **EN).content.decode()
    client.force_login(hr_b)
    html = client.get("/certificates/register/", **EN).content.decode()
    assert codes_shown(html) == displayed(register["other_factory"])


@pytest.mark.parametrize(
    ("state", "expected"),
    [
        ("valid", ["valid", "expiring"]),
        ("expiring", ["expiring"]),
        ("expired", ["expired"]),
        ("revoked", ["revoked"]),
    ],
)
def test_the_state_filter(client, hr_a, register, state, expected):
    """Each state lists exactly its certificates."""
    client.force_login(hr_a)
    html = client.get("/certificates/register/", {"state": state}, **EN).content.decode()
    assert codes_shown(html) == displayed(*(register[name] for name in expected))


def test_course_department_and_gender_filters(client, hr_a, register, worker_a):
    """Course, department and gender each narrow the list."""
    client.force_login(hr_a)
    by_course = client.get("/certificates/register/", {"course": register["first_aid"].pk}, **EN)
    assert codes_shown(by_course.content.decode()) == displayed(register["expired"], register["revoked"])
    by_department = client.get("/certificates/register/", {"department": worker_a.department_id}, **EN)
    assert codes_shown(by_department.content.decode()) == displayed(register["valid"], register["expired"])
    by_gender = client.get("/certificates/register/", {"gender": Gender.MALE}, **EN)
    assert codes_shown(by_gender.content.decode()) == displayed(register["expiring"], register["revoked"])


def test_a_department_of_another_factory_is_no_filter_hr_may_use(client, hr_a, register, factory_b):
    """HR naming factory B's department gets the menu's error, not B's certificates."""
    elsewhere = DepartmentFactory(factory=factory_b, name="Cutting")
    client.force_login(hr_a)
    html = client.get("/certificates/register/", {"department": elsewhere.pk}, **EN).content.decode()
    assert register["other_factory"].code_display not in html
    assert "Select a valid choice" in html


def test_staff_and_trainers_choose_a_factory_first(client, programme_staff, trainer, register, factory_b):
    """Programme staff and trainers see the factory menu and no rows until they choose one."""
    for user in (programme_staff, trainer):
        client.force_login(user)
        html = client.get("/certificates/register/", **EN).content.decode()
        assert "Choose a factory to see the certificates issued there." in html
        assert codes_shown(html) == set()
        chosen = client.get("/certificates/register/", {"factory": factory_b.code}, **EN).content.decode()
        assert codes_shown(chosen) == displayed(register["other_factory"])


@pytest.mark.parametrize("who", ["worker_a", None])
def test_the_register_does_not_exist_for_workers_or_visitors(client, who, request, register):
    """A worker or someone not signed in never reaches the register or its export."""
    if who:
        client.force_login(request.getfixturevalue(who))
        assert client.get("/certificates/register/").status_code == 404
        assert client.get("/certificates/register/export/", {"format": "csv"}).status_code == 404
    else:
        assert client.get("/certificates/register/").status_code == 302


def test_the_export_has_the_pages_columns_and_rows(client, hr_a, register):
    """The CSV's columns are the page's, in its order, and its rows the certificates the page lists."""
    client.force_login(hr_a)
    html = client.get("/certificates/register/", {"state": "valid"}, **EN).content.decode()
    page_columns = re.findall(r'data-column="([a-z_]+)"', html)
    response = client.get("/certificates/register/export/", {"state": "valid", "format": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    assert response["Cache-Control"] == "private, no-store"
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows[0] == page_columns
    assert {row[page_columns.index("code")] for row in rows[1:]} == codes_shown(html)
    valid = register["valid"]
    line = dict(zip(rows[0], next(row for row in rows[1:] if row[-1] == valid.code_display), strict=True))
    assert line["state"] == "valid" and line["issued_on"] == valid.issued_on.isoformat()
    assert line["department"] == "Sewing" and line["course"] == "Fire and emergency evacuation"


def test_the_excel_export_has_the_same_columns(client, hr_a, register):
    """The Excel file has the same header and the factory's four certificates."""
    client.force_login(hr_a)
    html = client.get("/certificates/register/", **EN).content.decode()
    response = client.get("/certificates/register/export/", {"format": "xlsx"})
    content = b"".join(response.streaming_content)
    assert zipfile.is_zipfile(io.BytesIO(content))
    sheet = load_workbook(io.BytesIO(content)).active
    values = list(sheet.iter_rows(values_only=True))
    assert list(values[0]) == re.findall(r'data-column="([a-z_]+)"', html)
    assert len(values) == 1 + 4


def test_the_page_is_paginated_by_200(client, hr_a, fire_course, factory_a, monkeypatch):
    """With more certificates than a page holds, the page says which ones it lists and leads to the next."""
    monkeypatch.setattr(register_views, "PAGE_SIZE", 2)
    for number in range(5):
        certificate_of(PersonFactory(factory=factory_a, worker_id=f"P{number}"), fire_course, days_ago=number)
    client.force_login(hr_a)
    first = client.get("/certificates/register/", **EN).content.decode()
    last = client.get("/certificates/register/", {"page": "3"}, **EN).content.decode()
    assert len(codes_shown(first)) == 2 and len(codes_shown(last)) == 1
    assert "Page 1 of 3" in first and "page=2" in first
    assert client.get("/certificates/register/", {"page": "99999999999"}, **EN).status_code == 200


def khmer_title(course, title):
    """The course translated into Khmer under `title`, and published."""
    khmer = course.copy_for_translation(Locale.objects.get(language_code="km"), copy_parents=True)
    khmer.title = title
    khmer.save_revision().publish()
    return khmer


def test_khmer_readers_see_department_and_course_in_khmer(client, hr_a, register, fire_course):
    """A Khmer reader sees the sewing department and the translated course in Khmer, an English title where none exists."""
    khmer_title(fire_course, "ការជម្លៀសពេលអគ្គិភ័យ")
    client.force_login(hr_a)
    page = client.get("/certificates/register/", HTTP_ACCEPT_LANGUAGE="km").content.decode()
    assert ">ផ្នែកដេរ</td>" in page and ">ការជម្លៀសពេលអគ្គិភ័យ</td>" in page and ">First aid at work</td>" in page
    assert ">Sewing</td>" not in page and ">Fire and emergency evacuation</td>" not in page
    english = client.get("/certificates/register/", **EN).content.decode()
    assert ">Sewing</td>" in english and "ការជម្លៀសពេលអគ្គិភ័យ" not in english


def test_the_khmer_export_names_department_and_course_in_khmer(client, hr_a, register, fire_course):
    """An export made from the Khmer page has the Khmer department and course names of that page."""
    khmer_title(fire_course, "ការជម្លៀសពេលអគ្គិភ័យ")
    client.force_login(hr_a)
    response = client.get("/certificates/register/export/", {"format": "csv"}, HTTP_ACCEPT_LANGUAGE="km")
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert {(row["department"], row["course"]) for row in rows if row["department"]} >= {
        ("ផ្នែកដេរ", "ការជម្លៀសពេលអគ្គិភ័យ")
    }


def test_khmer_names_cost_no_query_per_row(client, hr_a, register, fire_course):
    """The Khmer page reads as many queries as the English one, whatever the number of rows."""
    khmer_title(fire_course, "ការជម្លៀសពេលអគ្គិភ័យ")
    client.force_login(hr_a)
    client.get("/certificates/register/", HTTP_ACCEPT_LANGUAGE="km")
    with CaptureQueriesContext(connection) as few:
        client.get("/certificates/register/", HTTP_ACCEPT_LANGUAGE="km")
    for _ in range(5):
        certificate_of(PersonFactory(factory=hr_a.factory, department=None), fire_course)
    with CaptureQueriesContext(connection) as many:
        client.get("/certificates/register/", HTTP_ACCEPT_LANGUAGE="km")
    assert len(many) == len(few)


def menu_options(html: str, name: str) -> list[str]:
    """The labels of the options of the page's <select name=...>, the empty choice first."""
    menu = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', html, re.DOTALL).group(1)
    return [label.strip() for label in re.findall(r"<option[^>]*>(.*?)</option>", menu, re.DOTALL)]


def test_khmer_readers_choose_departments_by_their_khmer_names(client, hr_a, register, factory_a):
    """The department menu names the sewing department in Khmer for a Khmer reader, and a department
    with no Khmer name in English; an English reader reads both in English."""
    DepartmentFactory(factory=factory_a, name="Packing", name_km="")
    client.force_login(hr_a)
    khmer = client.get("/certificates/register/", HTTP_ACCEPT_LANGUAGE="km").content.decode()
    assert "ផ្នែកដេរ" in menu_options(khmer, "department") and "Packing" in menu_options(khmer, "department")
    assert "Sewing" not in menu_options(khmer, "department")
    english = client.get("/certificates/register/", **EN).content.decode()
    assert {"Sewing", "Packing"} <= set(menu_options(english, "department"))


def test_khmer_readers_choose_courses_by_their_khmer_titles(client, hr_a, register, fire_course):
    """The course menu names a translated course in Khmer, and an untranslated one in English."""
    khmer_title(fire_course, "ការជម្លៀសពេលអគ្គិភ័យ")
    client.force_login(hr_a)
    khmer = menu_options(client.get("/certificates/register/", HTTP_ACCEPT_LANGUAGE="km").content.decode(), "course")
    assert "ការជម្លៀសពេលអគ្គិភ័យ" in khmer and "First aid at work" in khmer
    assert "Fire and emergency evacuation" not in khmer


def test_the_heading_names_the_factory_in_the_readers_language(client, hr_a, register):
    """HR reading Khmer sees its factory's Khmer name in the heading; in English, its English name."""
    client.force_login(hr_a)
    khmer = client.get("/certificates/register/", HTTP_ACCEPT_LANGUAGE="km").content.decode()
    heading = re.search(r"<h1>(.*?)</h1>", khmer, re.DOTALL).group(1)
    assert "រោងចក្រកាត់ដេរ អង្គរ" in heading and "Angkor Apparel" not in heading
    english = client.get("/certificates/register/", **EN).content.decode()
    assert "Angkor Apparel" in re.search(r"<h1>(.*?)</h1>", english, re.DOTALL).group(1)


def test_staff_choose_the_factory_by_its_khmer_name(client, programme_staff, register, factory_b):
    """Programme staff reading Khmer find each factory in the menu by its Khmer name and code."""
    client.force_login(programme_staff)
    khmer = client.get("/certificates/register/", HTTP_ACCEPT_LANGUAGE="km").content.decode()
    assert "រោងចក្រកាត់ដេរ មេគង្គ (KD-002)" in menu_options(khmer, "factory")
    assert not any("Mekong Garments" in label for label in menu_options(khmer, "factory"))


def test_each_certificate_is_a_card_led_by_its_holders_name(client, hr_a, register, factory_a, fire_course):
    """The register uses the site's table of cards: on a phone each certificate opens with its
    holder's name, the Khmer one where it is written, else the Latin one."""
    latin_only = PersonFactory(
        factory=factory_a, given_name_km="", family_name_km="", last_name="Sok", first_name="Vanna"
    )
    certificate_of(latin_only, fire_course)
    client.force_login(hr_a)
    html = client.get("/certificates/register/", **EN).content.decode()
    assert '<table class="rows">' in html
    main_cells = re.findall(r'<td data-label="Name \((Khmer|Latin script)\)"[^>]*class="main"[^>]*>(.*?)</td>', html)
    assert len(main_cells) == 5  # one per certificate
    assert ("Latin script", "Sok Vanna") in main_cells
    assert [script for script, _name in main_cells].count("Khmer") == 4
