from io import StringIO

import pytest
from django.contrib.auth.hashers import check_password
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from courses.models import Enrolment
from lms.accounts.hashers import PinHasher
from lms.demo.accounts import demo_accounts_create
from lms.people.choices import Gender, JobRole, Role
from lms.people.factories import DEPARTMENTS
from lms.people.models import Department, Employment, Factory, Person
from lms.people.phone import normalise_phone


def seed(*args: str) -> str:
    """Factories and people only: the catalogue has its own tests (tests/courses/test_demo_catalogue.py)."""
    out = StringIO()
    call_command("seed_demo", "--without-catalogue", *args, stdout=out)
    return out.getvalue()


def counts() -> tuple[int, int, int, int]:
    return Factory.objects.count(), Department.objects.count(), Person.objects.count(), Employment.objects.count()


@pytest.mark.django_db
def test_small_demo_has_five_factories_of_about_300_people():
    """After seed_demo there are five factories with their departments and about 300 people."""
    output = seed()
    assert Factory.objects.count() == 5
    assert 250 <= Person.objects.count() <= 350
    assert len(set(Factory.objects.values_list("province", flat=True))) == 5
    for factory in Factory.objects.all():
        assert factory.name and factory.name_km
        assert set(factory.departments.values_list("name", flat=True)) == {name for name, _km in DEPARTMENTS}
        assert Person.objects.filter(factory=factory).count() >= 40
    assert "Created 5 factories" in output


@pytest.mark.django_db
def test_small_demo_workforce_is_mostly_women_with_khmer_names():
    """The demo roster looks like a real one: mostly women, Khmer names, some supervisors."""
    seed()
    people = Person.objects.filter(factory__isnull=False)
    women = people.filter(gender=Gender.FEMALE).count()
    assert 0.75 <= women / people.count() <= 0.9
    assert not people.filter(family_name_km="").exists()
    assert not people.filter(first_name="").exists()
    supervisors = people.filter(job_role=JobRole.SUPERVISOR).count()
    assert 0.04 <= supervisors / people.count() <= 0.18
    years = people.exclude(year_of_birth=None).values_list("year_of_birth", flat=True)
    assert 1975 <= min(years) and max(years) <= 2006


@pytest.mark.django_db
def test_every_demo_worker_has_a_current_job_and_a_valid_phone_if_any():
    """Each demo worker has an open employment at their factory; phone numbers are real Cambodian ones."""
    seed()
    workers = Person.objects.filter(factory__isnull=False).exclude(worker_id="")
    assert Employment.objects.filter(ended_on__isnull=True).count() == workers.count()
    for person in workers.prefetch_related("employments"):
        (employment,) = person.employments.all()
        assert (employment.factory_id, employment.department_id, employment.worker_id) == (
            person.factory_id,
            person.department_id,
            person.worker_id,
        )
    phones = list(Person.objects.exclude(phone="").values_list("phone", flat=True))
    assert len(phones) >= 50
    assert len(phones) == len(set(phones))
    assert all(normalise_phone(phone) == phone for phone in phones)


@pytest.mark.django_db
def test_without_catalogue_there_is_nothing_to_enrol_in():
    """--without-catalogue seeds people only, and says there are no learning records."""
    output = seed()
    assert Person.objects.count() > 250
    assert not Enrolment.objects.exists()
    assert "No learning records" in output


@pytest.mark.django_db
def test_seed_demo_if_empty_leaves_existing_data_alone():
    """Starting the app twice does not add a second set of demo data."""
    seed("--if-empty")
    before = counts()
    output = seed("--if-empty")
    assert counts() == before
    assert "already exists" in output


@pytest.mark.django_db
def test_seed_demo_twice_without_if_empty_refuses():
    """Running seed_demo on a database that has the demo data says so instead of failing halfway."""
    seed()
    before = counts()
    with pytest.raises(CommandError, match="PP-001"):
        seed()
    assert counts() == before


@pytest.mark.django_db
def test_same_seed_gives_the_same_people():
    """The same --seed gives the same demo people, so screenshots and notes stay valid."""
    seed("--seed", "7")
    first = list(
        Person.objects.order_by("factory__code", "worker_id", "username").values_list("worker_id", "last_name", "phone")
    )
    Employment.objects.all().delete()
    Person.objects.all().delete()
    Factory.objects.all().delete()
    seed("--seed", "7")
    again = list(
        Person.objects.order_by("factory__code", "worker_id", "username").values_list("worker_id", "last_name", "phone")
    )
    assert again == first


@pytest.mark.django_db
def test_programme_staff_demo_account_signs_in():
    """The programme demo account signs in with sala-demo and has the programme staff role."""
    seed()
    assert Client().login(username="programme", password="sala-demo")
    programme = Person.objects.get(username="programme")
    assert programme.is_staff
    assert programme.email == "programme@example.org"
    assert programme.groups.filter(name=Role.PROGRAMME_STAFF.value).exists()
    trainer = Person.objects.get(username="trainer")
    assert trainer.is_staff and trainer.has_role(Role.TRAINER)
    assert Client().login(username="trainer", password="sala-demo")


@pytest.mark.django_db
def test_factory_hr_demo_account_belongs_to_pp_001():
    """The HR demo account manages factory PP-001 and does not open the admin."""
    seed()
    hr = Person.objects.get(username="hr")
    assert hr.factory.code == "PP-001"
    assert hr.has_role(Role.FACTORY_HR)
    assert not hr.is_staff
    assert Client().login(username="hr", password="sala-demo")


@pytest.mark.django_db
def test_demo_worker_and_union_member_have_pin_2580():
    """The demo worker (012 345 678, PP-001 / W00001) and the union member sign in with PIN 2580."""
    seed()
    worker = Person.objects.get(phone="+85512345678")
    assert (worker.factory.code, worker.worker_id) == ("PP-001", "W00001")
    assert (worker.family_name_km, worker.given_name_km, worker.gender) == ("សុខ", "សុភា", Gender.FEMALE)
    assert worker.preferred_language == "km"
    assert check_password("2580", worker.pin)
    assert not worker.has_usable_password()
    assert worker.employments.get(ended_on__isnull=True).factory == worker.factory
    union = Person.objects.get(phone="+85512345679")
    assert union.factory.code == "PP-001"
    assert union.has_role(Role.UNION_CONTACT)
    assert check_password("2580", union.pin)
    # Stored as production stores PINs: the keyed PIN hash, never a password hasher's value.
    pins = set(Person.objects.exclude(pin="").values_list("pin", flat=True))
    assert Person.objects.filter(factory__isnull=False).exclude(pin="").count() > 250
    assert all(pin.startswith(f"{PinHasher.algorithm}$") for pin in pins)


@pytest.mark.django_db
def test_demo_accounts_are_refreshed_not_duplicated():
    """Re-creating the demo accounts resets a locked demo worker and a changed password."""
    seed()
    before = counts()
    Person.objects.filter(phone="+85512345678").update(failed_pin_attempts=5)
    programme = Person.objects.get(username="programme")
    programme.set_password("something else")
    programme.save()
    demo_accounts_create()
    assert counts() == before
    assert Person.objects.get(phone="+85512345678").failed_pin_attempts == 0
    assert Client().login(username="programme", password="sala-demo")


@pytest.mark.django_db
def test_demo_logins_lists_the_demo_accounts():
    """demo_logins shows where Sala runs and how to sign in with each demo account."""
    seed()
    out = StringIO()
    call_command("demo_logins", stdout=out)
    output = out.getvalue()
    assert "Sala is starting at http://127.0.0.1:8000/" in output
    assert "012 345 678" in output
    assert "sala-demo" in output
    assert "PIN 2580" in output


@pytest.mark.django_db
def test_demo_logins_without_demo_data_points_to_seed_demo():
    """On an empty database demo_logins says to run seed_demo instead of listing accounts that do not exist."""
    out = StringIO()
    call_command("demo_logins", stdout=out)
    assert "seed_demo" in out.getvalue()
    assert "sala-demo" not in out.getvalue()
