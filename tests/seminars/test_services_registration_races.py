"""Two people taking the last seat at the same moment: exactly one gets it (PostgreSQL, real threads)."""

import threading
import time
from unittest import mock

import pytest
from django.db import connection

from lms.people.factories import FactoryFactory, PersonFactory
from seminars.choices import RegistrationStatus
from seminars.factories import RegistrationFactory, SessionFactory
from seminars.models import Registration
from seminars.services import registration, registration_create

pytestmark = [
    # serialized_rollback: a transactional test ends by emptying the database; this puts back what
    # the migrations wrote (site, locales, roles) for the next one.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs two real connections to PostgreSQL"),
]

counted = registration.Seats.__init__


def slow_count(self, session):
    """Count the seats, then linger: without the session's lock, both requests would count the
    same free seat before either writes."""
    counted(self, session)
    time.sleep(0.5)


def race(session, people) -> list:
    """Register each person from their own thread and connection, all starting together."""
    started = threading.Barrier(len(people), timeout=30)
    outcomes, errors = [], []

    def register(person):
        try:
            started.wait()
            outcomes.append(registration_create(session=session, person=person, by=person))
        except Exception as error:  # noqa: BLE001 - reported by the test below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=register, args=(person,)) for person in people]
    with mock.patch.object(registration.Seats, "__init__", slow_count):
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
    assert not errors
    return outcomes


def test_two_people_racing_for_the_last_seat_one_gets_it():
    """Two workers tap Register for the last seat at once: one is registered, the other waitlisted."""
    session = SessionFactory(capacity=2)
    RegistrationFactory(session=session)
    racers = PersonFactory.create_batch(2)
    outcomes = race(session, racers)
    assert sorted(outcome.waitlisted for outcome in outcomes) == [False, True]
    assert Registration.objects.filter(session=session, status=RegistrationStatus.REGISTERED).count() == 2


def test_two_people_racing_for_their_factorys_last_quota_seat_one_gets_it():
    """Two workers of a factory with one seat held race for it: one is registered, the other waits."""
    factory = FactoryFactory()
    session = SessionFactory(capacity=10, quotas={factory: 1})
    outcomes = race(session, PersonFactory.create_batch(2, factory=factory))
    assert sorted(outcome.waitlisted for outcome in outcomes) == [False, True]
    assert Registration.objects.filter(session=session, factory=factory, status="registered").count() == 1
