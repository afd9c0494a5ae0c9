"""Delivery: handed to a channel at most once, retried when the gateway is down, falling back
from a blocked Telegram chat to SMS, held at night and stopped past the monthly SMS budget."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from lms.messaging.budget import sms_budget, sms_budget_reached
from lms.messaging.channels import CHANNELS, PermanentFailure, TemporaryFailure
from lms.messaging.choices import Channel, DeliveryStatus
from lms.messaging.models import Delivery, Message, TelegramChat
from lms.messaging.sending import delivery_attempt
from lms.messaging.services import notify, preferences_set
from lms.messaging.tasks import MAX_RETRIES, deliveries_release_task, delivery_send_task, retry_countdown
from lms.people.factories import PersonFactory

pytestmark = pytest.mark.django_db
PHNOM_PENH = ZoneInfo("Asia/Phnom_Penh")
WELCOME = {"name": "Sokha", "url": "https://sala.example.org/"}
NOON = datetime(2026, 3, 10, 12, 0, tzinfo=PHNOM_PENH)


def _sms_delivery(phone="+85512345678", key="k", language="en") -> Delivery:
    worker = PersonFactory(phone=phone, preferred_language=language)
    return notify(person=worker, kind="welcome", key=key, context=WELCOME).deliveries.get(channel=Channel.SMS)


def test_task_run_twice_sends_once(sms_outbox):
    """A delivery task the broker hands out twice sends one SMS."""
    delivery = _sms_delivery()
    delivery_send_task.delay(delivery.pk)
    delivery_send_task.delay(delivery.pk)
    delivery.refresh_from_db()
    assert len(sms_outbox) == 1
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.SENT, 1)
    assert sms_outbox[0].reference == str(delivery.pk)
    assert delivery.reference == f"locmem-{delivery.pk}"


def test_delivery_left_sending_is_not_sent_again(sms_outbox):
    """A worker killed after handing the SMS over leaves it SENDING; running the task again does not
    send it a second time (staff see it in the log and decide)."""
    delivery = _sms_delivery()
    Delivery.objects.filter(pk=delivery.pk).update(status=DeliveryStatus.SENDING, attempts=1)
    delivery_send_task.delay(delivery.pk)
    delivery.refresh_from_db()
    assert sms_outbox == []
    assert delivery.status == DeliveryStatus.SENDING


def test_claimed_before_the_gateway_call(sms_outbox, monkeypatch):
    """While the gateway is being called, the delivery is already marked as handed over."""
    delivery = _sms_delivery()
    seen = []
    sms = CHANNELS[Channel.SMS]
    original = type(sms).send

    def watching(self, delivery, text):
        seen.append(Delivery.objects.values_list("status", "attempts").get(pk=delivery.pk))
        # A second run of the task while the first is at the gateway finds nothing to do.
        assert delivery_attempt(delivery_id=delivery.pk).status == DeliveryStatus.SENDING
        return original(self, delivery, text)

    monkeypatch.setattr(type(sms), "send", watching)
    delivery_send_task.delay(delivery.pk)
    assert seen == [(DeliveryStatus.SENDING, 1)]
    assert len(sms_outbox) == 1


def test_gateway_down_then_back(sms_outbox, monkeypatch):
    """A gateway that fails three times gets the message on the fourth try, once."""
    delivery = _sms_delivery()
    sms = CHANNELS[Channel.SMS]
    original = type(sms).send
    failures = [3]

    def flaky(self, delivery, text):
        if failures[0]:
            failures[0] -= 1
            raise TemporaryFailure("SMS gateway answered 503")
        return original(self, delivery, text)

    monkeypatch.setattr(type(sms), "send", flaky)
    delivery_send_task.delay(delivery.pk)
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.error) == (DeliveryStatus.SENT, 4, "")
    assert len(sms_outbox) == 1


def test_long_outage_waits_instead_of_dropping(sms_outbox, monkeypatch):
    """When every retry fails, the message waits an hour and is released again; nothing is dropped."""
    delivery = _sms_delivery()

    def down(self, delivery, text):
        raise TemporaryFailure("SMS gateway unreachable")

    monkeypatch.setattr(type(CHANNELS[Channel.SMS]), "send", down)
    delivery_send_task.delay(delivery.pk)
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.HELD, MAX_RETRIES + 1)
    assert "unreachable" in delivery.error
    monkeypatch.undo()
    Delivery.objects.filter(pk=delivery.pk).update(not_before=NOON)  # the hour has passed
    assert deliveries_release_task.delay().get() == 1
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SENT
    assert len(sms_outbox) == 1


def test_blocked_telegram_falls_back_to_sms(sms_outbox, telegram_stand_in):
    """A worker who blocked the bot gets the message by SMS instead; the failure stays visible."""
    worker = PersonFactory(phone="+85512345678")
    TelegramChat.objects.create(person=worker, chat_id=777)
    telegram_stand_in.blocked.add("777")
    message = notify(person=worker, kind="welcome", key="k", context=WELCOME)
    delivery_send_task.delay(message.deliveries.get().pk)
    statuses = dict(message.deliveries.values_list("channel", "status"))
    assert statuses == {Channel.TELEGRAM: DeliveryStatus.FAILED, Channel.SMS: DeliveryStatus.SENT}
    assert "blocked" in message.deliveries.get(channel=Channel.TELEGRAM).error
    assert [sms.text for sms in sms_outbox] == [message.text]


def test_blocked_telegram_no_sms_for_a_worker_who_turned_sms_off(sms_outbox, telegram_stand_in):
    """The fallback keeps to the worker's choices: with SMS turned off, no SMS goes instead."""
    worker = PersonFactory(phone="+85512345678")
    preferences_set(person=worker, sms=False)
    TelegramChat.objects.create(person=worker, chat_id=780)
    telegram_stand_in.blocked.add("780")
    message = notify(person=worker, kind="welcome", key="k", context=WELCOME)
    delivery_send_task.delay(message.deliveries.get().pk)
    assert list(message.deliveries.values_list("channel", "status")) == [(Channel.TELEGRAM, DeliveryStatus.FAILED)]
    assert sms_outbox == []


def test_blocked_telegram_without_a_mobile_stays_failed(sms_outbox, telegram_stand_in):
    """With no mobile number to fall back to, the failed Telegram delivery is what staff see."""
    worker = PersonFactory(phone="")
    TelegramChat.objects.create(person=worker, chat_id=778)
    telegram_stand_in.blocked.add("778")
    message = notify(person=worker, kind="welcome", key="k", context=WELCOME)
    delivery_send_task.delay(message.deliveries.get().pk)
    assert list(message.deliveries.values_list("channel", "status")) == [(Channel.TELEGRAM, DeliveryStatus.FAILED)]
    assert sms_outbox == []


def test_telegram_message_sent(sms_outbox, telegram_stand_in):
    """A linked worker gets the message by Telegram and no SMS."""
    worker = PersonFactory(phone="+85512345678")
    TelegramChat.objects.create(person=worker, chat_id=779)
    message = notify(person=worker, kind="welcome", key="k", context=WELCOME)
    delivery_send_task.delay(message.deliveries.get().pk)
    assert telegram_stand_in.sent == [("779", message.text)]
    assert sms_outbox == []


@pytest.mark.parametrize(
    ("local_time", "held_until"),
    [
        ((22, 15), datetime(2026, 3, 11, 6, 30, tzinfo=PHNOM_PENH)),
        ((3, 0), datetime(2026, 3, 10, 6, 30, tzinfo=PHNOM_PENH)),
        ((21, 0), datetime(2026, 3, 11, 6, 30, tzinfo=PHNOM_PENH)),
    ],
)
def test_sms_held_at_night(settings, sms_outbox, local_time, held_until):
    """No SMS buzzes a worker's phone at night: it is held until 06:30, then sent."""
    settings.SALA_QUIET_HOURS = ("21:00", "06:30")
    delivery = _sms_delivery()
    night = datetime(2026, 3, 10, *local_time, tzinfo=PHNOM_PENH)
    assert delivery_attempt(delivery_id=delivery.pk, now=night).status == DeliveryStatus.HELD
    delivery.refresh_from_db()
    assert (delivery.status, delivery.not_before) == (DeliveryStatus.HELD, held_until)
    assert sms_outbox == []
    # Released too early (a retry, a second run) it still waits.
    assert delivery_attempt(delivery_id=delivery.pk, now=held_until.replace(minute=29)).status == DeliveryStatus.HELD
    assert delivery_attempt(delivery_id=delivery.pk, now=held_until).status == DeliveryStatus.SENT
    assert len(sms_outbox) == 1


def test_telegram_held_at_night_email_not(settings, telegram_stand_in, sms_outbox):
    """Telegram waits for the morning too; email, which buzzes nobody, goes at once."""
    settings.SALA_QUIET_HOURS = ("21:00", "06:30")
    worker = PersonFactory(phone="+85512345678", email="dara@example.org")
    TelegramChat.objects.create(person=worker, chat_id=780)
    message = notify(person=worker, kind="welcome", key="k", context=WELCOME)
    night = datetime(2026, 3, 10, 23, 0, tzinfo=PHNOM_PENH)
    for delivery in message.deliveries.all():
        delivery_attempt(delivery_id=delivery.pk, now=night)
    assert dict(message.deliveries.values_list("channel", "status")) == {
        Channel.TELEGRAM: DeliveryStatus.HELD,
        Channel.EMAIL: DeliveryStatus.SENT,
    }


def test_release_sends_what_is_due_only(settings, sms_outbox):
    """The morning release sends the night's messages; one held for later stays held."""
    due, later = _sms_delivery(key="a"), _sms_delivery(phone="+85512345679", key="b")
    Delivery.objects.filter(pk=due.pk).update(status=DeliveryStatus.HELD, not_before=NOON)
    Delivery.objects.filter(pk=later.pk).update(
        status=DeliveryStatus.HELD, not_before=datetime(2099, 1, 1, tzinfo=PHNOM_PENH)
    )
    assert deliveries_release_task.delay().get() == 1
    assert [sms.to for sms in sms_outbox] == ["+85512345678"]
    later.refresh_from_db()
    assert later.status == DeliveryStatus.HELD


def test_budget_stops_sms(settings, sms_outbox, telegram_stand_in):
    """Past the month's SMS budget, SMS stops (the message stays in the inbox) and staff can see it."""
    settings.SALA_SMS_MONTHLY_PARTS = 2
    first, second, third = (_sms_delivery(phone=f"+8551234567{n}", key=str(n)) for n in range(3))
    for delivery in (first, second):
        assert delivery_attempt(delivery_id=delivery.pk, now=NOON).status == DeliveryStatus.SENT
    assert sms_budget_reached(NOON)
    assert delivery_attempt(delivery_id=third.pk, now=NOON).status == DeliveryStatus.SKIPPED
    third.refresh_from_db()
    assert (third.status, third.error) == (DeliveryStatus.SKIPPED, "The monthly SMS budget is reached.")
    assert len(sms_outbox) == 2
    assert Message.objects.filter(pk=third.message_id).exists()


def test_budget_counts_parts_and_starts_again_next_month(settings, sms_outbox):
    """A two-part SMS counts two against the budget; a new month starts from zero."""
    settings.SALA_SMS_MONTHLY_PARTS = 3
    long_text = {"name": "S" * 120, "url": "https://sala.example.org/"}
    worker = PersonFactory(phone="+85512345678", preferred_language="en")
    long = notify(person=worker, kind="welcome", key="long", context=long_text).deliveries.get()
    assert long.parts == 2
    assert delivery_attempt(delivery_id=long.pk, now=NOON).status == DeliveryStatus.SENT
    assert (sms_budget(NOON).used, sms_budget_reached(NOON)) == (2, False)
    other = notify(person=worker, kind="welcome", key="other", context=long_text).deliveries.get()
    assert delivery_attempt(delivery_id=other.pk, now=NOON).status == DeliveryStatus.SKIPPED
    april = datetime(2026, 4, 1, 0, 5, tzinfo=PHNOM_PENH)
    Delivery.objects.filter(pk=other.pk).update(status=DeliveryStatus.QUEUED)
    assert delivery_attempt(delivery_id=other.pk, now=april).status == DeliveryStatus.SENT
    assert sms_budget(april).used == 2


def test_refused_sms_is_not_counted(settings, monkeypatch, sms_outbox):
    """An SMS the gateway refuses for good does not use the budget."""
    settings.SALA_SMS_MONTHLY_PARTS = 10
    delivery = _sms_delivery()

    def refuse(self, delivery, text):
        raise PermanentFailure("SMS gateway answered 400")

    monkeypatch.setattr(type(CHANNELS[Channel.SMS]), "send", refuse)
    assert delivery_attempt(delivery_id=delivery.pk, now=NOON).status == DeliveryStatus.FAILED
    assert sms_budget(NOON).used == 0


def test_retry_waits_longer_each_time_and_as_long_as_the_gateway_asks():
    """Retries back off (30 s, 1, 2, 4 minutes... at most an hour) and never come sooner than a
    gateway's flood control asks."""
    assert [retry_countdown(n) for n in range(9)] == [30, 60, 120, 240, 480, 960, 1920, 3600, 3600]
    assert retry_countdown(0, retry_after=300) == 300
    assert retry_countdown(5, retry_after=10) == 960


def test_temporary_failure_passes_on_when_to_come_back(sms_outbox, monkeypatch):
    delivery = _sms_delivery()

    def flooded(self, delivery, text):
        error = TemporaryFailure("Too Many Requests")
        error.retry_after = 42
        raise error

    monkeypatch.setattr(type(CHANNELS[Channel.SMS]), "send", flooded)
    outcome = delivery_attempt(delivery_id=delivery.pk, now=NOON)
    assert (outcome.status, outcome.retry, outcome.retry_after) == (DeliveryStatus.QUEUED, True, 42)
