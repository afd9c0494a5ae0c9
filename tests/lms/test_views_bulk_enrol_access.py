"""/learning/factory/enrol/ enrols only people the signed-in user may enrol."""

import pytest

from courses.models import Enrolment
from lms.people.choices import Role
from lms.people.factories import DepartmentFactory, FactoryFactory, PersonFactory

URL = "/learning/factory/enrol/"


@pytest.fixture
def factories(catalogue):
    a, b = FactoryFactory(code="PP-001"), FactoryFactory(code="KD-002")
    sewing_b = DepartmentFactory(factory=b, name="Sewing")
    return {
        "a": a,
        "b": b,
        "sewing_b": sewing_b,
        "course": catalogue["course"],
        "hr_a": PersonFactory(factory=a, worker_id="HR", roles=[Role.FACTORY_HR]),
        "worker_a": PersonFactory(factory=a, worker_id="A1"),
        "workers_b": PersonFactory.create_batch(2, factory=b, department=sewing_b),
    }


def test_hr_posting_another_factorys_department_enrols_nobody(client, factories):
    """HR of factory A posting factory B's id and department is refused by the form; nobody is enrolled."""
    client.force_login(factories["hr_a"])
    data = {"course": factories["course"].pk, "factory": factories["b"].pk, "department": factories["sewing_b"].pk}
    response = client.post(URL, data)
    assert response.status_code == 200
    assert "factory" in response.context["form"].errors
    assert response.context["summary"] is None
    assert not Enrolment.objects.exists()


def test_hr_posting_another_factorys_whole_roster_enrols_nobody(client, factories):
    """HR of factory A posting factory B's id with no department or list enrols nobody of B."""
    client.force_login(factories["hr_a"])
    response = client.post(URL, {"course": factories["course"].pk, "factory": factories["b"].pk})
    assert "factory" in response.context["form"].errors
    assert not Enrolment.objects.filter(person__factory=factories["b"]).exists()


def test_worker_posting_the_form_enrols_nobody(client, factories):
    """A worker's session posting the bulk enrolment form for their own factory gets 404 and enrols nobody."""
    client.force_login(factories["worker_a"])
    response = client.post(URL, {"course": factories["course"].pk, "factory": factories["a"].pk})
    assert response.status_code == 404
    assert not Enrolment.objects.exists()
