"""Broadcasts go one message per person by the usual path, only to people the author may reach;
programme staff resend a failed delivery."""

import pytest

from lms.messaging.audiences import Audience, active_people
from lms.messaging.choices import Channel, DeliveryStatus
from lms.messaging.models import Broadcast, Delivery, Message, TelegramChat
from lms.messaging.services import (
    CannotResend,
    InvalidBroadcast,
    NotAllowed,
    broadcast_send,
    delivery_resend,
    notify,
)
from lms.messaging.tasks import delivery_send_task
from lms.people.choices import Role
from lms.people.factories import FactoryFactory, PersonFactory, StaffFactory

pytestmark = pytest.mark.django_db


def _factory_audience(factory, people=None):
    people = active_people().filter(factory=factory) if people is None else people
    return Audience(kind="factory", label=f"Everyone at {factory}", factory=factory, people=people)


@pytest.fixture
def factories():
    return FactoryFactory(code="PP-001"), FactoryFactory(code="PP-002")


def test_hr_broadcast_to_own_factory(factories, telegram_stand_in, sms_outbox, django_capture_on_commit_callbacks):
    """HR writes to its factory: each worker gets one message, and the broadcast counts who was reached how."""
    own, _other = factories
    hr = PersonFactory(factory=own, roles=[Role.FACTORY_HR], given_name_km="ធីតា", family_name_km="សុខ")
    by_sms = PersonFactory(factory=own, phone="+85512345678", preferred_language="en")
    by_telegram = PersonFactory(factory=own, phone="+85512345679")
    TelegramChat.objects.create(person=by_telegram, chat_id=99)
    inbox_only = PersonFactory(factory=own)
    with django_capture_on_commit_callbacks(execute=True):
        broadcast = broadcast_send(author=hr, audience=_factory_audience(own), text="Fire drill at 9:00 tomorrow.")
    assert broadcast.recipients == 4  # HR is on the roster too
    assert broadcast.counts == {"inbox": 4, "sms": 1, "telegram": 1, "email": 0}
    assert Message.objects.filter(broadcast=broadcast).count() == 4
    sms = Message.objects.get(person=by_sms, broadcast=broadcast)
    assert sms.text == f"{hr.display_name}: Fire drill at 9:00 tomorrow."
    assert [m.text for m in sms_outbox] == [sms.text]
    assert len(telegram_stand_in.sent) == 1
    assert Message.objects.filter(person=inbox_only).exists()


def test_hr_cannot_broadcast_to_another_factory(factories):
    """HR of one factory cannot write to another factory's workers; nothing is sent."""
    own, other = factories
    hr = PersonFactory(factory=own, roles=[Role.FACTORY_HR])
    PersonFactory(factory=other, phone="+85512345678")
    with pytest.raises(NotAllowed):
        broadcast_send(author=hr, audience=_factory_audience(other), text="Hello")
    assert not Broadcast.objects.exists() and not Message.objects.exists()


def test_hr_audience_with_other_factories_people_reaches_own_only(factories):
    """An audience of HR's factory that somehow lists other factories' people still reaches only HR's own."""
    own, other = factories
    hr = PersonFactory(factory=own, roles=[Role.FACTORY_HR])
    stranger = PersonFactory(factory=other)
    broadcast = broadcast_send(author=hr, audience=_factory_audience(own, people=active_people()), text="Hello")
    assert not Message.objects.filter(person=stranger).exists()
    assert broadcast.recipients == 1


def test_worker_cannot_broadcast(factories):
    own, _other = factories
    worker = PersonFactory(factory=own)
    with pytest.raises(NotAllowed):
        broadcast_send(author=worker, audience=_factory_audience(own), text="Hello")


@pytest.mark.parametrize(("text", "error"), [("   ", "Write the announcement first."), ("x" * 501, "at most 500")])
def test_empty_or_long_text_refused(factories, text, error):
    """An empty or too long announcement is refused in plain words and nothing is sent."""
    own, _other = factories
    staff = StaffFactory(roles=[Role.PROGRAMME_STAFF])
    PersonFactory(factory=own)
    with pytest.raises(InvalidBroadcast, match=error):
        broadcast_send(author=staff, audience=_factory_audience(own), text=text)
    assert not Broadcast.objects.exists() and not Message.objects.exists()


def _failed_sms(phone="+85512345678"):
    worker = PersonFactory(phone=phone)
    delivery = notify(person=worker, kind="welcome", key="k", context={"name": "S", "url": "u"}).deliveries.get()
    Delivery.objects.filter(pk=delivery.pk).update(status=DeliveryStatus.FAILED, error="SMS gateway answered 400")
    delivery.refresh_from_db()
    return delivery


def test_staff_resend_failed_delivery(sms_outbox, django_capture_on_commit_callbacks):
    """Programme staff send a failed message again; it goes once, to the person's current number."""
    delivery = _failed_sms()
    delivery.message.person.phone = "+85598765432"
    delivery.message.person.save()
    staff = StaffFactory(roles=[Role.PROGRAMME_STAFF])
    with django_capture_on_commit_callbacks(execute=True):
        delivery_resend(delivery=delivery, by=staff)
    delivery.refresh_from_db()
    assert (delivery.status, delivery.address, delivery.error) == (DeliveryStatus.SENT, "+85598765432", "")
    assert [m.to for m in sms_outbox] == ["+85598765432"]


def test_resend_refused(sms_outbox):
    """Only programme staff resend, only what did not go, and only to a number that still exists."""
    delivery = _failed_sms()
    with pytest.raises(NotAllowed):
        delivery_resend(delivery=delivery, by=StaffFactory(roles=[Role.TRAINER]))
    with pytest.raises(NotAllowed):  # staff whose account was closed
        delivery_resend(delivery=delivery, by=StaffFactory(roles=[Role.PROGRAMME_STAFF], is_active=False))
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.FAILED
    staff = StaffFactory(roles=[Role.PROGRAMME_STAFF])
    Delivery.objects.filter(pk=delivery.pk).update(status=DeliveryStatus.QUEUED)
    delivery_send_task.delay(delivery.pk)
    with pytest.raises(CannotResend, match="already sent"):
        delivery_resend(delivery=delivery, by=staff)
    assert len(sms_outbox) == 1
    other = _failed_sms(phone="+85512345679")
    other.message.person.phone = ""
    other.message.person.save()
    with pytest.raises(CannotResend, match="no address"):
        delivery_resend(delivery=other, by=staff)
    other.refresh_from_db()
    assert other.status == DeliveryStatus.FAILED
    assert Channel.SMS == other.channel
