"""factory_boy factories for factories, departments and people: shared by tests and seed_demo."""

import random

import factory as factory_boy
from django.contrib.auth.hashers import make_password

from .choices import Gender, JobRole, Province, Role, Sector
from .models import Department, Factory, Person

KHMER_FAMILY_NAMES = [
    ("សុខ", "Sok"),
    ("ចាន់", "Chan"),
    ("ស៊ុន", "Sun"),
    ("ហេង", "Heng"),
    ("លី", "Ly"),
    ("ឈឹម", "Chhim"),
    ("កែវ", "Keo"),
    ("ម៉ៅ", "Mao"),
    ("សេង", "Seng"),
    ("ពៅ", "Pov"),
    ("អ៊ុំ", "Um"),
    ("ណុប", "Nop"),
    ("ទេព", "Tep"),
    ("យិន", "Yin"),
    ("ប៉ែន", "Pen"),
    ("រស់", "Ros"),
    ("វង្ស", "Vong"),
    ("គឹម", "Kim"),
    ("ជា", "Chea"),
    ("ឡុង", "Long"),
    ("មាស", "Meas"),
    ("ស្រី", "Srey"),
    ("ខៀវ", "Khiev"),
    ("ហ៊ុន", "Hun"),
]
KHMER_GIVEN_NAMES_FEMALE = [
    ("សុភា", "Sophea"),
    ("ស្រីមុំ", "Sreymom"),
    ("ចន្ថា", "Chantha"),
    ("សុខា", "Sokha"),
    ("ធីតា", "Thida"),
    ("ស្រីនិច", "Sreynich"),
    ("បូផា", "Bopha"),
    ("ចរិយា", "Chariya"),
    ("សុគន្ធា", "Sokunthea"),
    ("ដាវី", "Davy"),
    ("រតនា", "Rathana"),
    ("សោភ័ណ", "Sophorn"),
    ("ស្រីពៅ", "Sreypov"),
    ("លក្ខិណា", "Leakhena"),
    ("ម៉ាលី", "Maly"),
    ("វណ្ណា", "Vanna"),
    ("ពិសី", "Pisey"),
    ("ស្រីល័ក្ខ", "Sreyleak"),
    ("កញ្ញា", "Kanha"),
    ("សុផល", "Sophal"),
]
KHMER_GIVEN_NAMES_MALE = [
    ("វិចិត្រ", "Vichet"),
    ("ដារ៉ា", "Dara"),
    ("សំណាង", "Samnang"),
    ("វុទ្ធី", "Vuthy"),
    ("ពិសិដ្ឋ", "Piseth"),
    ("រិទ្ធ", "Rith"),
    ("សុវណ្ណ", "Sovann"),
    ("បុរិន", "Borin"),
    ("ចំរើន", "Chamroeun"),
    ("សុភក្ត្រ", "Sopheak"),
    ("វាសនា", "Veasna"),
    ("កុសល", "Kosal"),
]
DEPARTMENTS = [
    ("Sewing", "ផ្នែកដេរ"),
    ("Cutting", "ផ្នែកកាត់"),
    ("Finishing", "ផ្នែកបញ្ចប់"),
    ("Quality control", "ផ្នែកត្រួតពិនិត្យគុណភាព"),
    ("Packing", "ផ្នែកវេចខ្ចប់"),
    ("Warehouse", "ឃ្លាំង"),
    ("Maintenance", "ផ្នែកជួសជុល"),
    ("Administration", "រដ្ឋបាល"),
]
# Women are over 80% of the workforce in the sector.
SHARE_OF_WOMEN = 0.83
# One hash for every demo PIN: hashing 600,000 PINs one by one would take hours.
DEMO_PIN = "2580"


def khmer_name(rng: random.Random, gender: str) -> tuple[str, str, str, str]:
    """(family_km, family_latin, given_km, given_latin) for a person of this gender."""
    family_km, family_latin = rng.choice(KHMER_FAMILY_NAMES)
    given = KHMER_GIVEN_NAMES_FEMALE if gender == Gender.FEMALE else KHMER_GIVEN_NAMES_MALE
    given_km, given_latin = rng.choice(given)
    return family_km, family_latin, given_km, given_latin


class FactoryFactory(factory_boy.django.DjangoModelFactory):
    class Meta:
        model = Factory
        django_get_or_create = ("code",)

    code = factory_boy.Sequence(lambda n: f"F{n + 1:03d}")
    name = factory_boy.Sequence(lambda n: f"Angkor Apparel {n + 1}")
    name_km = factory_boy.Sequence(lambda n: f"រោងចក្រកាត់ដេរ អង្គរ {n + 1}")
    registration_number = factory_boy.Sequence(lambda n: f"MOC-{100000 + n}")
    province = Province.PHNOM_PENH
    sector = Sector.GARMENT


class DepartmentFactory(factory_boy.django.DjangoModelFactory):
    class Meta:
        model = Department
        django_get_or_create = ("factory", "name")

    factory = factory_boy.SubFactory(FactoryFactory)
    name = factory_boy.Iterator([name for name, _km in DEPARTMENTS])
    name_km = factory_boy.LazyAttribute(lambda o: dict(DEPARTMENTS).get(o.name, ""))


class PersonFactory(factory_boy.django.DjangoModelFactory):
    """A worker on a factory roster, with Khmer and Latin names."""

    class Meta:
        model = Person
        skip_postgeneration_save = True

    gender = Gender.FEMALE
    family_name_km = factory_boy.Iterator([km for km, _latin in KHMER_FAMILY_NAMES])
    last_name = factory_boy.LazyAttribute(lambda o: dict(KHMER_FAMILY_NAMES)[o.family_name_km])
    given_name_km = factory_boy.Iterator([km for km, _latin in KHMER_GIVEN_NAMES_FEMALE])
    first_name = factory_boy.LazyAttribute(
        lambda o: dict(KHMER_GIVEN_NAMES_FEMALE + KHMER_GIVEN_NAMES_MALE).get(o.given_name_km, "")
    )
    year_of_birth = 1995
    factory = factory_boy.SubFactory(FactoryFactory)
    worker_id = factory_boy.Sequence(lambda n: f"W{n + 1:05d}")
    job_role = JobRole.WORKER
    phone = ""
    password = "!"  # no password: workers sign in with a PIN

    @factory_boy.post_generation
    def pin(obj, create, extracted, **kwargs):
        """PersonFactory(pin="1234") gives the person that PIN, hashed like a password."""
        if extracted:
            obj.pin = make_password(extracted)
            if create:
                obj.save(update_fields=["pin"])

    @factory_boy.post_generation
    def roles(obj, create, extracted, **kwargs):
        """PersonFactory(roles=[Role.FACTORY_HR]) puts the person in those role groups."""
        if create and extracted:
            from django.contrib.auth.models import Group

            obj.groups.add(*[Group.objects.get_or_create(name=Role(role).value)[0] for role in extracted])


class StaffFactory(PersonFactory):
    """Programme staff or a trainer: signs in with a username and password."""

    factory = None
    worker_id = ""
    job_role = JobRole.STAFF
    username = factory_boy.Sequence(lambda n: f"staff{n + 1}")
    email = factory_boy.LazyAttribute(lambda o: f"{o.username}@example.org")
    is_staff = True
    password = factory_boy.django.Password("correct horse battery staple")
