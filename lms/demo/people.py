"""Demo population: factories, their departments and their workers.

`manage.py seed_demo` calls `demo_population_create`. The small scale (5 factories, about 300
people) is for trying the platform out; the full scale (600 factories, 600,000 people, PP-001
with 6,000 of them) is about the size of the whole programme and shows how the screens behave
with real volumes.

Everything is drawn from `random.Random(seed)`, so the same seed gives the same people. Rows
are written in batches of plain tuples (`lms.demo.bulk`: COPY on PostgreSQL) and every worker
shares one PIN hash: saving or hashing row by row would take hours at the full scale. Names,
departments and the PIN come from the same factories as the tests (`lms.people.factories`).
The learning records of the same people come from `lms.demo.learning`.
"""

import datetime
import random
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from courses.models import Enrolment
from lms.accounts.hashers import make_pin_hash
from lms.people.choices import EmploymentStatus, Gender, JobRole, Language, Province, Sector
from lms.people.factories import DEMO_PIN, DEPARTMENTS, SHARE_OF_WOMEN, khmer_name
from lms.people.models import Department, Employment, Factory, Person

from .bulk import RowWriter, foreign_keys_check, load_transaction
from .learning import DemoCatalogue, LearningRecords

DEMO_FACTORY_CODE = "PP-001"
DEMO_WORKER_PHONE = "+85512345678"
DEMO_WORKER_ID = "W00001"
DEMO_UNION_PHONE = "+85512345679"
DEMO_UNION_WORKER_ID = "W00002"

SCALES = {
    # scale: (number of factories, people per factory as (lowest, highest))
    "small": (5, (52, 68)),
    "full": (600, (150, 6000)),  # sizes from _full_scale_sizes
}
FULL_SCALE_PEOPLE = 600_000
DEMO_FACTORY_SIZE = 6_000  # PP-001: the size of factory the HR screens must serve quickly
LARGE_FACTORIES, LARGE_FACTORY_SIZES = 8, (2_500, 5_000)
TYPICAL_FACTORY_SIZES = (150, 1_600, 1_100)  # lowest, highest, most common (before fitting the total)
BATCH_SIZE = 20_000  # people written (with their employment and learning rows) per transaction
PROGRESS_EVERY = 50  # factories

SHARE_OF_SUPERVISORS = 0.10
SHARE_WITH_PHONE = 0.45
OLDEST_YEAR_OF_BIRTH, YOUNGEST_YEAR_OF_BIRTH = 1975, 2006

# Most of the workforce sews; the weights follow a typical garment factory floor.
DEPARTMENT_WEIGHTS = {
    "Sewing": 58,
    "Cutting": 10,
    "Finishing": 9,
    "Quality control": 7,
    "Packing": 7,
    "Warehouse": 4,
    "Maintenance": 2,
    "Administration": 3,
}

# Mobile prefixes after the leading 0: two digits followed by 6 digits (8 in all), or by 7 (9 in all).
PHONE_PREFIXES_8_DIGITS = "11 12 14 15 16 17 61 69 70 76 77 78 85 89 92 95 98 99".split()
PHONE_PREFIXES_9_DIGITS = "10 31 60 66 67 68 71 81 86 87 88 90 93 96 97".split()


class DemoDataError(Exception):
    """The demo data cannot be created; the message says why."""


@dataclass(frozen=True)
class FactorySpec:
    code: str
    name: str
    name_km: str
    province: str
    sector: str


# The five factories of the small scale; the full scale starts with the same five.
DEMO_FACTORIES = [
    FactorySpec(
        "PP-001", "Golden Lotus Garment (Cambodia) Co., Ltd.", "រោងចក្រកាត់ដេរ ឈូកមាស", Province.PHNOM_PENH, Sector.GARMENT
    ),
    FactorySpec("KD-001", "Mekong Footwear Co., Ltd.", "រោងចក្រផលិតស្បែកជើង មេគង្គ", Province.KANDAL, Sector.FOOTWEAR),
    FactorySpec(
        "KS-001", "Angkor Knitwear Industrial Co., Ltd.", "រោងចក្រកាត់ដេរ អង្គរ", Province.KAMPONG_SPEU, Sector.GARMENT
    ),
    FactorySpec("TK-001", "Bayon Travel Goods Co., Ltd.", "រោងចក្រផលិតកាបូប បាយ័ន", Province.TAKEO, Sector.TRAVEL_GOODS),
    FactorySpec("SR-001", "Bavet Apparel Co., Ltd.", "រោងចក្រកាត់ដេរ បាវិត", Province.SVAY_RIENG, Sector.GARMENT),
]

# Where the generated factories of the full scale are, roughly as the industry is spread out:
# province -> (code prefix, weight).
PROVINCE_CODES = {
    Province.PHNOM_PENH: ("PP", 38),
    Province.KANDAL: ("KD", 20),
    Province.KAMPONG_SPEU: ("KS", 10),
    Province.SVAY_RIENG: ("SR", 8),
    Province.TAKEO: ("TK", 5),
    Province.PREAH_SIHANOUK: ("SV", 4),
    Province.KAMPONG_CHHNANG: ("KN", 3),
    Province.KAMPONG_CHAM: ("KC", 3),
    Province.PREY_VENG: ("PV", 2),
    Province.TBONG_KHMUM: ("TB", 2),
    Province.KAMPOT: ("KP", 1),
    Province.KOH_KONG: ("KK", 1),
    Province.PURSAT: ("PS", 1),
    Province.BATTAMBANG: ("BB", 1),
    Province.SIEM_REAP: ("SM", 1),
}
SECTOR_WEIGHTS = {Sector.GARMENT: 80, Sector.FOOTWEAR: 10, Sector.TRAVEL_GOODS: 10}
FACTORY_NAME_STEMS = [
    ("Angkor", "អង្គរ"),
    ("Mekong", "មេគង្គ"),
    ("Bayon", "បាយ័ន"),
    ("Tonle Sap", "ទន្លេសាប"),
    ("Golden Lotus", "ឈូកមាស"),
    ("Apsara", "អប្សរា"),
    ("Naga", "នាគ"),
    ("Sovannaphum", "សុវណ្ណភូមិ"),
    ("Chenla", "ចេនឡា"),
    ("Funan", "ហ្វូណន"),
    ("Koh Pich", "កោះពេជ្រ"),
    ("Phnom Meas", "ភ្នំមាស"),
    ("Sen Sok", "សែនសុខ"),
    ("Chak Angre", "ចាក់អង្រែ"),
    ("Kampuchea", "កម្ពុជា"),
    ("Preah Khan", "ព្រះខ័ន"),
    ("New Star", "ញូស្តារ"),
    ("Evergreen", "អេវើគ្រីន"),
    ("Sunrise", "សានរ៉ាយ"),
    ("Pacific", "ប៉ាស៊ីហ្វិក"),
    ("Orient", "អូរីយ៉ង់"),
    ("Jade", "ជេដ"),
    ("Lucky", "ឡាក់គី"),
    ("Kingsland", "ឃីងឡែន"),
    ("Hong Fu", "ហុងហ្វូ"),
    ("Wing Tai", "វីងតៃ"),
    ("Yi Da", "យីដា"),
    ("Grand Ocean", "ហ្គ្រែនអូសៀន"),
    ("Silver Crane", "ក្រៀលប្រាក់"),
    ("Royal Lotus", "ឈូករាជ"),
]
FACTORY_NAME_WORDS = {
    Sector.GARMENT: ["Garment", "Apparel", "Knitwear", "Textile", "Fashion", "Sweater", "Garment Manufacturing"],
    Sector.FOOTWEAR: ["Footwear", "Shoes", "Shoes Manufacturing"],
    Sector.TRAVEL_GOODS: ["Travel Goods", "Bags", "Handbags", "Luggage", "Leather Products"],
}
FACTORY_NAME_KM = {
    Sector.GARMENT: "រោងចក្រកាត់ដេរ",
    Sector.FOOTWEAR: "រោងចក្រផលិតស្បែកជើង",
    Sector.TRAVEL_GOODS: "រោងចក្រផលិតកាបូប",
}
LEGAL_FORMS = ["Co., Ltd.", "(Cambodia) Co., Ltd.", "Industrial Co., Ltd.", "Enterprise Co., Ltd."]
KHMER_DIGITS = str.maketrans("0123456789", "០១២៣៤៥៦៧៨៩")

ProgressCallback = Callable[[int, int, int], None]  # (factories done, factories in all, people so far)


# --- Population ---------------------------------------------------------------------------------


def demo_population_create(
    *, scale: str = "small", seed: int = 1, progress: ProgressCallback | None = None, learning: bool = True
) -> dict:
    """Create the demo factories, their departments and their workers, and (`learning`, when the
    catalogue exists and nobody is enrolled yet) their learning records; return how many of each.

    The small scale runs in one transaction. The full scale commits every batch of people with
    their employment and learning rows, so it can be watched (and stopped) as it goes.
    """
    if scale not in SCALES:
        raise DemoDataError(f"Unknown scale {scale!r}; choose one of {', '.join(SCALES)}.")
    codes = [spec.code for spec in DEMO_FACTORIES]
    taken = set(Factory.objects.filter(code__in=codes).values_list("code", flat=True))
    if taken:
        raise DemoDataError(
            f"Factory {min(taken, key=codes.index)} exists already: the demo data is loaded. "
            "Use --if-empty to skip, or start from an empty database."
        )
    if scale == "small":
        with transaction.atomic():
            return _population_create(scale=scale, seed=seed, progress=progress, learning=learning)
    return _population_create(scale=scale, seed=seed, progress=progress, learning=learning)


def _population_create(*, scale: str, seed: int, progress: ProgressCallback | None, learning: bool) -> dict:
    rng = random.Random(seed)
    factory_count, (fewest, most) = SCALES[scale]
    sizes = _full_scale_sizes(seed, factory_count) if scale == "full" else None
    today = timezone.localdate()
    now = timezone.now()
    # The one hash every demo worker shares; a PIN hash per row would take hours at full scale.
    pin_hash = make_pin_hash(DEMO_PIN)
    password_unusable = "!"  # workers sign in with a PIN, never a password

    with transaction.atomic():
        factories = _factories_create(rng, factory_count)
        departments = _departments_create(factories)

    used_phones = set(Person.objects.exclude(phone="").values_list("phone", flat=True))
    used_phones |= {DEMO_WORKER_PHONE, DEMO_UNION_PHONE}
    department_names = [name for name, _km in DEPARTMENTS]
    department_weights = [DEPARTMENT_WEIGHTS.get(name, 1) for name in department_names]

    people = RowWriter(Person, PERSON_FIELDS)
    employments = RowWriter(Employment, ["id", "person_id", "factory_id", "department_id", "worker_id", "started_on"])
    records = None
    if learning and not Enrolment.objects.exists():
        catalogue = DemoCatalogue.read()
        records = LearningRecords(catalogue, seed=seed, now=now) if catalogue.courses else None
    writers = [people, employments, *(records.writers if records else [])]

    def flush():
        with load_transaction():
            for writer in writers:
                writer.flush()

    for index, factory in enumerate(factories, start=1):
        by_name = {department.name: department for department in departments[factory.pk]}
        factory_departments = [by_name[name] for name in department_names]
        reserved_ids = {DEMO_WORKER_ID, DEMO_UNION_WORKER_ID} if factory.code == DEMO_FACTORY_CODE else set()
        worker_ids = _worker_ids(rng, factory.code, reserved_ids)
        size = sizes[index - 1] if sizes else rng.randint(fewest, most)
        chosen_departments = rng.choices(factory_departments, weights=department_weights, k=size)
        if records:
            records.factory_start(demo_factory=factory.code == DEMO_FACTORY_CODE)
        for department in chosen_departments:
            gender = Gender.FEMALE if rng.random() < SHARE_OF_WOMEN else Gender.MALE
            family_km, family_latin, given_km, given_latin = khmer_name(rng, gender)
            supervisor = rng.random() < SHARE_OF_SUPERVISORS
            if supervisor:
                year_of_birth = int(rng.triangular(OLDEST_YEAR_OF_BIRTH, 2001, 1987))
            else:
                year_of_birth = int(rng.triangular(OLDEST_YEAR_OF_BIRTH, YOUNGEST_YEAR_OF_BIRTH + 1, 1999))
            year_of_birth = min(max(year_of_birth, OLDEST_YEAR_OF_BIRTH), YOUNGEST_YEAR_OF_BIRTH)
            phone = _phone_number(rng, used_phones) if rng.random() < SHARE_WITH_PHONE else ""
            job_role = JobRole.SUPERVISOR if supervisor else JobRole.WORKER
            worker_id = next(worker_ids)
            person_id = people.next_id()
            people.add(
                person_id,
                password_unusable,
                pin_hash,
                given_latin,
                family_latin,
                given_km,
                family_km,
                gender,
                year_of_birth,
                phone,
                Language.KHMER,
                factory.pk,
                department.pk,
                worker_id,
                job_role,
                EmploymentStatus.ACTIVE,
                now,
            )
            started_on = _started_on(rng, year_of_birth, today)
            employments.add(employments.next_id(), person_id, factory.pk, department.pk, worker_id, started_on)
            if records:
                records.person_add(person_id=person_id, job_role=job_role)
        if len(people) >= BATCH_SIZE:
            flush()
        if progress and index % PROGRESS_EVERY == 0 and index != len(factories):
            progress(index, len(factories), people.written + len(people))
    flush()
    foreign_keys_check(writers)
    if progress:
        progress(len(factories), len(factories), people.written)
    counts = {
        "factories": len(factories),
        "departments": sum(len(rows) for rows in departments.values()),
        "people": people.written,
        "employments": employments.written,
    }
    if records:
        counts |= {
            "enrolments": records.enrolments.written,
            "completions": records.completions.written,
            "lesson progress": records.progress.written,
            "lesson part results": records.parts.written,
            "programme completions": records.programme_completions.written,
        }
    return counts


PERSON_FIELDS = [
    "id",
    "password",
    "pin",
    "first_name",
    "last_name",
    "given_name_km",
    "family_name_km",
    "gender",
    "year_of_birth",
    "phone",
    "preferred_language",
    "factory_id",
    "department_id",
    "worker_id",
    "job_role",
    "employment_status",
    "date_joined",
]


def _full_scale_sizes(seed: int, count: int) -> list[int]:
    """Workers per factory at the full scale, in factory order, FULL_SCALE_PEOPLE in all: PP-001
    (the demo HR's) has DEMO_FACTORY_SIZE, a few others are large, most have a few hundred to
    about 1,500. Drawn apart from the people, so the same seed gives the same people as before."""
    rng = random.Random(f"{seed}:sizes")
    sizes = [0] * count
    sizes[0] = DEMO_FACTORY_SIZE
    large = rng.sample(range(1, count), LARGE_FACTORIES)
    for index in large:
        sizes[index] = rng.randint(*LARGE_FACTORY_SIZES)
    typical = [index for index in range(1, count) if index not in set(large)]
    draws = [rng.triangular(*TYPICAL_FACTORY_SIZES) for _ in typical]
    left = FULL_SCALE_PEOPLE - sum(sizes)
    scale = left / sum(draws)
    for index, draw in zip(typical, draws, strict=True):
        sizes[index] = round(draw * scale)
    # Rounding leaves a few people over or under: take them from or give them to the typical factories.
    difference = FULL_SCALE_PEOPLE - sum(sizes)
    for step in range(abs(difference)):
        sizes[typical[step % len(typical)]] += 1 if difference > 0 else -1
    return sizes


def _factories_create(rng: random.Random, count: int) -> list[Factory]:
    specs = list(DEMO_FACTORIES[:count])
    specs += _factory_specs_generated(rng, count - len(specs), taken_codes={spec.code for spec in specs})
    taken_numbers = set(Factory.objects.values_list("registration_number", flat=True))
    factories = []
    for spec in specs:
        registration_number = _registration_number(rng, taken_numbers)
        factories.append(
            Factory(
                code=spec.code,
                name=spec.name,
                name_km=spec.name_km,
                province=spec.province,
                sector=spec.sector,
                registration_number=registration_number,
            )
        )
    return Factory.objects.bulk_create(factories, batch_size=BATCH_SIZE)


def _factory_specs_generated(rng: random.Random, count: int, *, taken_codes: set[str]) -> list[FactorySpec]:
    provinces = list(PROVINCE_CODES)
    province_weights = [weight for _prefix, weight in PROVINCE_CODES.values()]
    sectors = list(SECTOR_WEIGHTS)
    sector_weights = list(SECTOR_WEIGHTS.values())
    taken_codes = set(taken_codes) | set(Factory.objects.values_list("code", flat=True))
    taken_names: set[str] = set(spec.name for spec in DEMO_FACTORIES)
    next_number: dict[str, int] = {}
    specs = []
    for _ in range(count):
        province = rng.choices(provinces, weights=province_weights)[0]
        prefix = PROVINCE_CODES[province][0]
        number = next_number.get(prefix, 1)
        while f"{prefix}-{number:03d}" in taken_codes:
            number += 1
        code = f"{prefix}-{number:03d}"
        next_number[prefix] = number + 1
        taken_codes.add(code)

        sector = rng.choices(sectors, weights=sector_weights)[0]
        stem, stem_km = rng.choice(FACTORY_NAME_STEMS)
        word = rng.choice(FACTORY_NAME_WORDS[sector])
        legal = rng.choice(LEGAL_FORMS)
        name, name_km, branch = f"{stem} {word} {legal}", f"{FACTORY_NAME_KM[sector]} {stem_km}", 1
        while name in taken_names:  # a second plant of the same group
            branch += 1
            name = f"{stem} {word} {branch} {legal}"
            name_km = f"{FACTORY_NAME_KM[sector]} {stem_km} {str(branch).translate(KHMER_DIGITS)}"
        taken_names.add(name)
        specs.append(FactorySpec(code, name, name_km, province, sector))
    return specs


def _registration_number(rng: random.Random, taken: set[str]) -> str:
    while True:
        number = f"Co.{rng.randint(1000, 99999)}E/{rng.randint(2000, 2024)}"
        if number not in taken:
            taken.add(number)
            return number


def _departments_create(factories: list[Factory]) -> dict[int, list[Department]]:
    rows = [
        Department(factory_id=factory.pk, name=name, name_km=name_km)
        for factory in factories
        for name, name_km in DEPARTMENTS
    ]
    by_factory: dict[int, list[Department]] = {factory.pk: [] for factory in factories}
    for department in Department.objects.bulk_create(rows, batch_size=BATCH_SIZE):
        by_factory[department.factory_id].append(department)
    return by_factory


def _worker_ids(rng: random.Random, factory_code: str, reserved: set[str]):
    """Worker IDs in one factory's own style, increasing (so unique), with the odd gap."""
    if factory_code == DEMO_FACTORY_CODE:
        style, number = "W{:05d}", 1
    else:
        letters = factory_code.split("-")[0]
        style = rng.choice(["W{:05d}", "{:06d}", letters + "{:05d}", "E-{:05d}"])
        number = rng.randint(1, 3000)
    while True:
        worker_id = style.format(number)
        number += 1 + (rng.randint(1, 3) if rng.random() < 0.05 else 0)
        if worker_id not in reserved:
            yield worker_id


def _phone_number(rng: random.Random, used: set[str]) -> str:
    """A unique Cambodian mobile number, stored as +855 and 8 or 9 digits."""
    while True:
        if rng.random() < 0.6:
            phone = f"+855{rng.choice(PHONE_PREFIXES_8_DIGITS)}{rng.randrange(10**6):06d}"
        else:
            phone = f"+855{rng.choice(PHONE_PREFIXES_9_DIGITS)}{rng.randrange(10**7):07d}"
        if phone not in used:
            used.add(phone)
            return phone


def _started_on(rng: random.Random, year_of_birth: int, today: datetime.date) -> datetime.date:
    earliest = min(datetime.date(max(year_of_birth + 18, 2010), 1, 1), today)
    return earliest + datetime.timedelta(days=rng.randrange((today - earliest).days + 1))


def demo_factory() -> Factory:
    """Factory PP-001 with its departments, created if the population was not."""
    spec = DEMO_FACTORIES[0]
    factory = Factory.objects.filter(code=spec.code).first()
    if factory is None:
        taken = set(Factory.objects.values_list("registration_number", flat=True))
        factory = Factory.objects.create(
            code=spec.code,
            name=spec.name,
            name_km=spec.name_km,
            province=spec.province,
            sector=spec.sector,
            registration_number=_registration_number(random.Random(spec.code), taken),
        )
        for name, name_km in DEPARTMENTS:
            Department.objects.get_or_create(factory=factory, name=name, defaults={"name_km": name_km})
    return factory
