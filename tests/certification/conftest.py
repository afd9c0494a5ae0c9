"""People and a course the certificate tests share: programme staff, a trainer, HR of factories A
and B, a worker of each, and a fire-safety course whose certificates are valid for 24 months."""

import pytest

from courses.factories import CoursePageFactory
from lms.people.choices import JobRole, Role
from lms.people.factories import DepartmentFactory, FactoryFactory, PersonFactory, StaffFactory


@pytest.fixture
def factory_a(db):
    return FactoryFactory(code="PP-001", name="Angkor Apparel", name_km="រោងចក្រកាត់ដេរ អង្គរ")


@pytest.fixture
def factory_b(db):
    return FactoryFactory(code="KD-002", name="Mekong Garments", name_km="រោងចក្រកាត់ដេរ មេគង្គ")


@pytest.fixture
def programme_staff(db):
    return StaffFactory(username="programme", roles=[Role.PROGRAMME_STAFF])


@pytest.fixture
def trainer(db):
    return StaffFactory(username="trainer", roles=[Role.TRAINER])


@pytest.fixture
def hr_a(factory_a):
    """HR of factory A."""
    return PersonFactory(factory=factory_a, job_role=JobRole.MANAGER, roles=[Role.FACTORY_HR])


@pytest.fixture
def hr_b(factory_b):
    """HR of factory B."""
    return PersonFactory(factory=factory_b, job_role=JobRole.MANAGER, roles=[Role.FACTORY_HR])


@pytest.fixture
def worker_a(factory_a):
    """A Khmer-reading worker of factory A, in its sewing department."""
    sewing = DepartmentFactory(factory=factory_a, name="Sewing", name_km="ផ្នែកដេរ")
    return PersonFactory(factory=factory_a, department=sewing, preferred_language="km", phone="+85512345678")


@pytest.fixture
def worker_b(factory_b):
    return PersonFactory(factory=factory_b)


@pytest.fixture
def fire_course(db):
    return CoursePageFactory(title="Fire and emergency evacuation", certificate_validity_months=24)
