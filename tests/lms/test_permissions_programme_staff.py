"""Who counts as programme staff: the one rule the certificates and the training sessions both use
(who revokes certificates and redraws them, who runs every session)."""

import pytest
from django.contrib.auth.models import AnonymousUser

from certification.permissions import user_can_regenerate, user_can_revoke
from lms.people.choices import JobRole, Role
from lms.people.factories import FactoryFactory, PersonFactory, StaffFactory
from lms.people.permissions import is_programme_staff, is_programme_wide
from seminars.factories import SessionFactory
from seminars.permissions import sessions_visible_to, user_can_manage_session

pytestmark = pytest.mark.django_db


def people():
    """One person of each kind, by what they are."""
    plant = FactoryFactory(code="PP-001")
    return {
        "programme staff": StaffFactory(roles=[Role.PROGRAMME_STAFF]),
        "superuser": StaffFactory(is_superuser=True),
        "trainer": StaffFactory(roles=[Role.TRAINER]),
        "factory HR": PersonFactory(factory=plant, job_role=JobRole.MANAGER, roles=[Role.FACTORY_HR]),
        "union contact": PersonFactory(factory=plant, roles=[Role.UNION_CONTACT]),
        "worker": PersonFactory(factory=plant),
        "admin user without a role": StaffFactory(),
    }


PROGRAMME_STAFF = {"programme staff", "superuser"}


def test_only_programme_staff_and_superusers_count_as_programme_staff():
    """Programme staff and superusers do; trainers, HR, union contacts, workers and a role-less admin user do not."""
    for label, person in people().items():
        assert is_programme_staff(person) == (label in PROGRAMME_STAFF), label


def test_a_visitor_who_is_not_signed_in_is_not_programme_staff():
    """Someone not signed in never counts as programme staff, nor as working across the programme."""
    assert not is_programme_staff(AnonymousUser())
    assert not is_programme_wide(AnonymousUser())


def test_trainers_work_across_the_programme_without_being_programme_staff():
    """A trainer sees every factory as programme staff do, but does not run the programme."""
    everyone = people()
    assert is_programme_wide(everyone["trainer"]) and not is_programme_staff(everyone["trainer"])
    assert all(is_programme_wide(everyone[label]) for label in PROGRAMME_STAFF)
    assert not is_programme_wide(everyone["factory HR"]) and not is_programme_wide(everyone["worker"])


def test_certificates_and_sessions_follow_the_same_rule():
    """Whoever may revoke and redraw certificates also runs and sees a draft session they do not
    train; nobody else does either."""
    draft = SessionFactory(published_at=None)
    for label, person in people().items():
        staff = label in PROGRAMME_STAFF
        assert user_can_revoke(person) == staff and user_can_regenerate(person) == staff, label
        assert user_can_manage_session(person, draft) == staff, label
        assert sessions_visible_to(person).filter(pk=draft.pk).exists() == staff, label
