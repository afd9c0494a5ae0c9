"""People and a session the training tests share: a trainer, programme staff, HR of factory A,
workers of factories A and B, and a published two-day session the trainer runs."""

import pytest

from lms.people.choices import JobRole, Role
from lms.people.factories import FactoryFactory, PersonFactory, StaffFactory
from seminars.factories import SessionFactory, morning


@pytest.fixture
def factory_a(db):
    return FactoryFactory(code="PP-001", name="Angkor Apparel", name_km="រោងចក្រកាត់ដេរ អង្គរ")


@pytest.fixture
def factory_b(db):
    return FactoryFactory(code="KD-002", name="Mekong Garments", name_km="រោងចក្រកាត់ដេរ មេគង្គ")


@pytest.fixture
def trainer(db):
    return StaffFactory(username="trainer", first_name="Dara", last_name="Trainer", roles=[Role.TRAINER])


@pytest.fixture
def programme_staff(db):
    return StaffFactory(username="programme", roles=[Role.PROGRAMME_STAFF])


@pytest.fixture
def hr_a(factory_a):
    """HR of factory A."""
    return PersonFactory(factory=factory_a, job_role=JobRole.MANAGER, roles=[Role.FACTORY_HR])


@pytest.fixture
def workers_a(factory_a):
    return PersonFactory.create_batch(3, factory=factory_a)


@pytest.fixture
def workers_b(factory_b):
    return PersonFactory.create_batch(3, factory=factory_b)


@pytest.fixture
def worker_a(workers_a):
    return workers_a[0]


@pytest.fixture
def worker_b(workers_b):
    return workers_b[0]


@pytest.fixture
def session(trainer):
    """A published session with two morning meetings (tomorrow and the day after), 10 seats, the
    trainer training it, open to self-registration."""
    return SessionFactory(trainers=[trainer], capacity=10, meetings=[morning(1), morning(2)])
