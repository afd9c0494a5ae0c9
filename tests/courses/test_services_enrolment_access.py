"""Bulk enrolment asks who may enrol whom for every person listed, whoever the caller is."""

import pytest

from courses import services
from courses.models import Enrolment
from lms.people.choices import Role
from lms.people.factories import FactoryFactory, PersonFactory

REFUSED = "You cannot enrol this person in this course."


@pytest.fixture
def factories(db):
    a, b = FactoryFactory(code="PP-001"), FactoryFactory(code="KD-002")
    return {
        "a": a,
        "b": b,
        "hr_a": PersonFactory(factory=a, worker_id="HR", roles=[Role.FACTORY_HR]),
        "workers_a": PersonFactory.create_batch(2, factory=a),
        "workers_b": PersonFactory.create_batch(3, factory=b),
    }


def test_hr_enrolling_another_factorys_workers_enrols_nobody(catalogue, factories):
    """HR of factory A handing the service factory B's workers enrols none of them and says why."""
    summary = services.enrolments_create_many(
        people=factories["workers_b"], course=catalogue["course"], enrolled_by=factories["hr_a"]
    )
    assert summary.created == [] and summary.already == []
    assert summary.blocked == [(person, REFUSED) for person in factories["workers_b"]]
    assert not Enrolment.objects.exists()


def test_hr_enrolling_a_mixed_list_enrols_only_its_own_factory(catalogue, factories):
    """In a list mixing both factories, HR of A enrols A's workers only; B's are reported."""
    mixed = [factories["workers_b"][0], *factories["workers_a"], factories["workers_b"][1]]
    summary = services.enrolments_create_many(people=mixed, course=catalogue["course"], enrolled_by=factories["hr_a"])
    assert summary.created == factories["workers_a"]
    assert [person for person, _reason in summary.blocked] == factories["workers_b"][:2]
    enrolled = set(Enrolment.objects.values_list("person_id", flat=True))
    assert enrolled == {person.pk for person in factories["workers_a"]}


def test_worker_cannot_enrol_colleagues(catalogue, factories):
    """A worker without the HR role handing the service colleagues' records enrols nobody."""
    worker, *colleagues = factories["workers_a"]
    summary = services.enrolments_create_many(people=colleagues, course=catalogue["course"], enrolled_by=worker)
    assert summary.created == [] and [person for person, _reason in summary.blocked] == colleagues
    assert not Enrolment.objects.exists()
