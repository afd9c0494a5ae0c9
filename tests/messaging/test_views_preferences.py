"""A person chooses how messages reach them, among the channels they can use; the inbox is always on."""

import pytest

from lms.messaging.choices import Channel
from lms.messaging.models import Delivery, Preferences, TelegramChat
from lms.messaging.services import notify
from lms.people.factories import FactoryFactory, PersonFactory, StaffFactory

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
WELCOME = {"name": "Sokha", "url": "https://sala.example.org/"}


@pytest.fixture
def worker(db):
    return PersonFactory(factory=FactoryFactory(code="PP-001"), phone="+85512345678", preferred_language="en")


def ticks(page: str) -> dict[str, bool]:
    """The tick boxes of the page: {name: ticked}."""
    boxes = {}
    for chunk in page.split('type="checkbox"')[1:]:
        tag = chunk.split(">", 1)[0]
        name = tag.split('name="', 1)[1].split('"', 1)[0]
        boxes[name] = "checked" in tag
    return boxes


def test_a_worker_with_a_mobile_is_offered_sms_only(client, worker):
    """A worker with a Cambodian mobile and nothing else sees SMS ticked, and reads that the inbox is always on."""
    client.force_login(worker)
    page = client.get("/messages/preferences/", **EN).content.decode()
    assert ticks(page) == {"sms": True}
    assert "012 345 678" in page
    assert "You cannot turn the inbox off" in page


def test_a_worker_without_a_mobile_is_told_why_there_is_no_sms(client, db):
    """No phone number: no tick box at all, and the page says the messages stay in the inbox and who can add a number."""
    worker = PersonFactory(factory=FactoryFactory(), phone="")
    client.force_login(worker)
    page = client.get("/messages/preferences/", **EN).content.decode()
    assert ticks(page) == {}
    assert "in your inbox only" in page and "no mobile number" in page


def test_a_landline_gets_no_sms(client, db):
    """A fixed-line number on the record is not offered SMS."""
    worker = PersonFactory(factory=FactoryFactory(), phone="+85523123456")
    client.force_login(worker)
    page = client.get("/messages/preferences/", **EN).content.decode()
    assert "sms" not in ticks(page) and "Cambodian mobile numbers only" in page


def test_staff_with_email_are_offered_sms_and_email(client, db):
    """Staff with an email address and a mobile choose both."""
    staff = StaffFactory(email="dara@example.org", phone="+85512000111")
    client.force_login(staff)
    assert ticks(client.get("/messages/preferences/", **EN).content.decode()) == {"sms": True, "email": True}


def test_a_linked_telegram_is_offered(client, worker, telegram_stand_in):
    """Once Telegram is linked, it is offered beside SMS."""
    TelegramChat.objects.create(person=worker, chat_id=42)
    client.force_login(worker)
    assert ticks(client.get("/messages/preferences/", **EN).content.decode()) == {"telegram": True, "sms": True}


def test_telegram_is_offered_to_link_when_sala_has_a_bot(client, worker, settings):
    """With Telegram on, an unlinked worker finds the way to link it; with it off, no such link."""
    client.force_login(worker)
    assert "/messages/telegram/" not in client.get("/messages/preferences/", **EN).content.decode()
    settings.SALA_TELEGRAM_BOT_TOKEN = "123:test"
    settings.SALA_TELEGRAM_BOT_USERNAME = "sala_test_bot"
    settings.SALA_TELEGRAM_WEBHOOK_SECRET = "test-secret"
    page = client.get("/messages/preferences/", **EN).content.decode()
    assert "/messages/telegram/" in page and "Get messages on Telegram" in page


def test_turning_sms_off_stops_sms(client, worker):
    """A worker who unticks SMS gets the next message in the inbox only."""
    client.force_login(worker)
    response = client.post("/messages/preferences/", {}, **EN)
    assert response.status_code == 302
    assert Preferences.objects.get(person=worker).sms is False
    assert ticks(client.get("/messages/preferences/", **EN).content.decode()) == {"sms": False}
    message = notify(person=worker, kind="welcome", key="welcome", context=WELCOME)
    assert not Delivery.objects.filter(message=message, channel=Channel.SMS).exists()


def test_a_channel_not_offered_cannot_be_set(client, db):
    """Posting a channel the person cannot use (email without an address) changes nothing about it."""
    worker = PersonFactory(factory=FactoryFactory(), phone="+85512345670")
    Preferences.objects.create(person=worker, email=False)
    client.force_login(worker)
    client.post("/messages/preferences/", {"sms": "on", "email": "on", "inbox": ""}, **EN)
    preferences = Preferences.objects.get(person=worker)
    assert preferences.sms is True and preferences.email is False


def test_preferences_need_signing_in(client, db):
    """Without signing in, the page sends the visitor to the sign-in page and saves nothing."""
    response = client.post("/messages/preferences/", {"sms": "on"})
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert not Preferences.objects.exists()
