"""Demo sign-in accounts: one per role, refreshed (never duplicated) each time seed_demo runs.

`manage.py demo_logins` prints `DEMO_LOGINS`, the table of how to sign in with each of them.
"""

from django.db import transaction

from lms.accounts.hashers import make_pin_hash
from lms.people.choices import Gender, JobRole, Language, Role
from lms.people.factories import DEMO_PIN
from lms.people.models import Department, Factory, Person
from lms.people.services import person_join_factory, role_group

from .people import DEMO_UNION_PHONE, DEMO_UNION_WORKER_ID, DEMO_WORKER_ID, DEMO_WORKER_PHONE, demo_factory

DEMO_PASSWORD = "sala-demo"

# (role, sign in with, secret, where to sign in)
DEMO_LOGINS = [
    ("Programme staff", "programme", DEMO_PASSWORD, "/admin/"),
    ("Trainer", "trainer", DEMO_PASSWORD, "/training/ (or /admin/)"),
    ("Factory HR (PP-001)", "hr", DEMO_PASSWORD, "/accounts/login/ (Staff tab)"),
    ("Worker", "phone 012 345 678 or factory PP-001 + worker ID W00001", f"PIN {DEMO_PIN}", "/accounts/login/"),
    ("Union contact group", "phone 012 345 679", f"PIN {DEMO_PIN}", "/accounts/login/"),
]


@transaction.atomic
def demo_accounts_create() -> dict[str, Person]:
    """Create or refresh one account per role (see DEMO_LOGINS); safe to run again and again."""
    factory = demo_factory()
    sewing = Department.objects.get_or_create(factory=factory, name="Sewing", defaults={"name_km": "ផ្នែកដេរ"})[0]
    accounts = {
        "programme": _staff_account(
            username="programme",
            role=Role.PROGRAMME_STAFF,
            is_staff=True,
            names=("មាស", "Meas", "វណ្ណា", "Vanna"),
            gender=Gender.FEMALE,
            language=Language.ENGLISH,
        ),
        "trainer": _staff_account(
            username="trainer",
            role=Role.TRAINER,
            is_staff=True,
            names=("កែវ", "Keo", "ដារ៉ា", "Dara"),
            gender=Gender.MALE,
            language=Language.KHMER,
        ),
        "hr": _staff_account(
            username="hr",
            role=Role.FACTORY_HR,
            is_staff=False,
            names=("ជា", "Chea", "ចរិយា", "Chariya"),
            gender=Gender.FEMALE,
            language=Language.KHMER,
            factory=factory,
            job_role=JobRole.MANAGER,
        ),
        "worker": _worker_account(
            phone=DEMO_WORKER_PHONE,
            worker_id=DEMO_WORKER_ID,
            factory=factory,
            department=sewing,
            names=("សុខ", "Sok", "សុភា", "Sophea"),
            gender=Gender.FEMALE,
            year_of_birth=1998,
        ),
        "union": _worker_account(
            phone=DEMO_UNION_PHONE,
            worker_id=DEMO_UNION_WORKER_ID,
            factory=factory,
            department=sewing,
            names=("ចាន់", "Chan", "ស្រីមុំ", "Sreymom"),
            gender=Gender.FEMALE,
            year_of_birth=1990,
            role=Role.UNION_CONTACT,
        ),
    }
    return accounts


def demo_accounts_exist() -> bool:
    return (
        Person.objects.filter(username__in=["programme", "trainer", "hr"]).count() == 3
        and Person.objects.filter(phone__in=[DEMO_WORKER_PHONE, DEMO_UNION_PHONE]).count() == 2
    )


def demo_logins_lines() -> list[str]:
    """DEMO_LOGINS as an aligned plain-text table."""
    header = ("Role", "Sign in with", "Secret", "Where")
    rows = [header, *DEMO_LOGINS]
    widths = [max(len(row[column]) for row in rows) for column in range(len(header))]
    lines = []
    for number, row in enumerate(rows):
        lines.append("  " + "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip())
        if number == 0:
            lines.append("  " + "  ".join("-" * width for width in widths))
    return lines


def _set_names(person: Person, names: tuple[str, str, str, str]) -> None:
    person.family_name_km, person.last_name, person.given_name_km, person.first_name = names


def _staff_account(
    *,
    username: str,
    role: Role,
    is_staff: bool,
    names: tuple[str, str, str, str],
    gender: str,
    language: str,
    factory: Factory | None = None,
    job_role: str = JobRole.STAFF,
) -> Person:
    person = Person.objects.filter(username=username).first() or Person(username=username)
    person.email = f"{username}@example.org"
    _set_names(person, names)
    person.gender, person.preferred_language = gender, language
    person.factory, person.job_role = factory, job_role
    person.is_staff, person.is_active = is_staff, True
    person.set_password(DEMO_PASSWORD)
    person.save()
    person.groups.add(role_group(role))
    return person


def _worker_account(
    *,
    phone: str,
    worker_id: str,
    factory: Factory,
    department: Department,
    names: tuple[str, str, str, str],
    gender: str,
    year_of_birth: int,
    role: Role | None = None,
) -> Person:
    person = (
        Person.objects.filter(phone=phone).first()
        or Person.objects.filter(factory=factory, worker_id=worker_id).first()
        or Person(phone=phone)
    )
    person.phone = phone
    _set_names(person, names)
    person.gender, person.year_of_birth = gender, year_of_birth
    person.preferred_language = Language.KHMER
    person.job_role = JobRole.WORKER
    person.is_active = True
    person.pin = make_pin_hash(DEMO_PIN)
    person.failed_pin_attempts, person.locked_until = 0, None
    if not person.password:
        person.set_unusable_password()
    person.save()
    person_join_factory(person=person, factory=factory, worker_id=worker_id, department=department)
    if role is not None:
        person.groups.add(role_group(role))
    return person
