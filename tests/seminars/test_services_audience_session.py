"""A trainer writes an announcement to the people registered for one of their sessions."""

import pytest

from lms.messaging.audiences import AUDIENCE_KINDS, AudienceRefused
from lms.messaging.models import Message
from lms.messaging.services import broadcast_send
from lms.people.choices import Role
from lms.people.factories import StaffFactory
from seminars.factories import RegistrationFactory


def test_a_trainer_writes_to_the_registered_people_of_their_session(session, trainer, workers_a, worker_b):
    """Registered people get the announcement; waitlisted and cancelled people do not."""
    RegistrationFactory(session=session, person=workers_a[0])
    RegistrationFactory(session=session, person=workers_a[1])
    RegistrationFactory(session=session, person=workers_a[2], status="waitlisted")
    RegistrationFactory(session=session, person=worker_b, status="cancelled")
    kind = AUDIENCE_KINDS["session"]
    assert session in kind.form_fields(trainer, {})["session"].queryset
    audience = kind.audience(trainer, {"session": session})
    broadcast_send(author=trainer, audience=audience, text="Bring your ID card tomorrow.")
    told = set(Message.objects.filter(kind="broadcast").values_list("person_id", flat=True))
    assert told == {workers_a[0].pk, workers_a[1].pk}


def test_another_trainer_cannot_write_to_the_sessions_people(session):
    """A trainer who does not train the session neither sees it in the list nor can choose it."""
    colleague = StaffFactory(roles=[Role.TRAINER])
    kind = AUDIENCE_KINDS["session"]
    assert session not in kind.form_fields(colleague, {})["session"].queryset
    with pytest.raises(AudienceRefused):
        kind.audience(colleague, {"session": session})


def test_hr_and_workers_do_not_get_the_session_audience(hr_a, worker_a):
    """HR writes to its factory, not to a session's people."""
    kind = AUDIENCE_KINDS["session"]
    assert not kind.is_open_to(hr_a) and not kind.is_open_to(worker_a)
