"""`make run` (seed_demo) welcomes the demo worker: a message in their inbox in their language, and
the same text as an SMS, which the console backend of development prints with its part count."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from lms.demo.people import DEMO_WORKER_PHONE
from lms.messaging.choices import Channel, DeliveryStatus
from lms.messaging.kinds import get_kind, render
from lms.messaging.models import Message
from lms.messaging.quiet import QUIET_TIME_ZONE
from lms.messaging.sms import sms_parts
from lms.people.models import Person

# Real commits, as in `make run`: the SMS goes out when seed_demo's transaction commits, before it
# prints where the welcome went. serialized_rollback puts back what migrations wrote (site, locales).
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

CONSOLE = "lms.messaging.sms.ConsoleBackend"


def seed() -> str:
    out = StringIO()
    call_command("seed_demo", "--without-catalogue", stdout=out)
    return out.getvalue()


def test_demo_worker_is_welcomed_in_the_inbox_and_by_sms_on_the_console(settings, capsys, client):
    """The demo worker's inbox holds the welcome in Khmer (their language, English until it is
    translated), and the console prints the same text as an SMS with its part count."""
    settings.SALA_SMS_BACKEND = CONSOLE
    settings.SALA_QUIET_HOURS = None
    output = seed()
    worker = Person.objects.get(phone=DEMO_WORKER_PHONE)
    welcome = Message.objects.get(person=worker, key="welcome")
    language, text = render(
        get_kind("welcome"), "km", {"name": worker.get_short_name(), "url": "http://127.0.0.1:8000"}
    )
    assert worker.preferred_language == "km"
    assert welcome.kind == "welcome" and (welcome.language, welcome.text) == (language, text)
    parts = sms_parts(text)
    assert f"SMS to {DEMO_WORKER_PHONE} ({parts} part{'s' if parts != 1 else ''}):\n{text}\n" in capsys.readouterr().out
    assert f"its SMS ({parts} part" in output
    assert Message.objects.count() == 1  # nobody else is sent anything
    client.force_login(worker)
    assert welcome.text in client.get("/messages/").content.decode()


def test_at_night_the_welcome_sms_waits_for_morning(settings, capsys):
    """Seeded during the quiet hours, the welcome is in the inbox at once and its SMS waits (and says so)."""
    settings.SALA_SMS_BACKEND = CONSOLE
    now = timezone.now().astimezone(QUIET_TIME_ZONE)
    settings.SALA_QUIET_HOURS = (
        (now - datetime.timedelta(hours=1)).strftime("%H:%M"),
        (now + datetime.timedelta(hours=1)).strftime("%H:%M"),
    )
    output = seed()
    welcome = Message.objects.get(key="welcome")
    sms = welcome.deliveries.get(channel=Channel.SMS)
    assert sms.status == DeliveryStatus.HELD
    assert "SMS to" not in capsys.readouterr().out
    assert "its SMS waits until" in output
