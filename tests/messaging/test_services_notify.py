"""notify: one message per person and key, in the person's language, delivered by their channels."""

import pytest

from lms.messaging.choices import Channel
from lms.messaging.models import Delivery, Message
from lms.messaging.services import notify
from lms.people.factories import PersonFactory

pytestmark = pytest.mark.django_db


def test_same_key_gives_one_message():
    """A job that runs twice tells the worker once."""
    worker = PersonFactory(phone="+85512345678", preferred_language="en")
    first = notify(person=worker, kind="welcome", key="welcome", context={"name": "Sokha", "url": "https://x.org/"})
    second = notify(person=worker, kind="welcome", key="welcome", context={"name": "Sokha", "url": "https://x.org/"})
    assert first.pk == second.pk
    assert Message.objects.filter(person=worker).count() == 1
    assert list(Delivery.objects.values_list("channel", flat=True)) == [Channel.SMS]
