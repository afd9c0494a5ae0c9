"""Messages by Telegram, through a fake Bot API on 127.0.0.1: sent intact, and when Telegram refuses
the chat for good, by SMS instead; when Telegram is busy or down, later."""

import pytest
from django.utils import timezone

from lms.messaging.channels import CHANNELS, PermanentFailure, TemporaryFailure
from lms.messaging.choices import Channel, DeliveryStatus
from lms.messaging.models import Delivery, TelegramChat
from lms.messaging.services import notify
from lms.messaging.telegram import TelegramChannel
from lms.people.factories import PersonFactory

from .telegram_fake import BLOCKED, CHAT_NOT_FOUND

pytestmark = pytest.mark.django_db

KHMER = "ថ្ងៃស្អែកមានវគ្គបណ្តុះបណ្តាលសុវត្ថិភាពអគ្គិភ័យ ម៉ោង ៧:៣០ ព្រឹក។ សូមមកទាន់ពេល!"
NOTICE = {"author": "ធីតា HR", "text": KHMER}


def linked_worker(chat_id=777001, phone="+85512345678", language="km"):
    worker = PersonFactory(phone=phone, preferred_language=language)
    TelegramChat.objects.create(person=worker, chat_id=chat_id)
    return worker


def send(worker, django_capture_on_commit_callbacks, key="notice"):
    """notify as an app does, and run the deliveries it queued on commit (Celery runs in-process)."""
    with django_capture_on_commit_callbacks(execute=True):
        return notify(person=worker, kind="broadcast", key=key, context=NOTICE)


def test_telegram_is_the_real_channel():
    """Sala registers the Bot API channel for Telegram (the other tests replace nothing)."""
    assert isinstance(CHANNELS[Channel.TELEGRAM], TelegramChannel)


def test_khmer_message_arrives_intact(bot_api, sms_outbox, django_capture_on_commit_callbacks):
    """A Khmer message reaches the worker's Telegram exactly as written, once, and no SMS is paid for."""
    worker = linked_worker()
    message = send(worker, django_capture_on_commit_callbacks)
    assert KHMER in message.text
    assert bot_api.delivered == [(777001, message.text)]
    delivery = message.deliveries.get()
    assert (delivery.channel, delivery.status, delivery.reference) == (Channel.TELEGRAM, DeliveryStatus.SENT, "1")
    assert sms_outbox == []


@pytest.mark.parametrize(("status", "description"), [(403, BLOCKED), (400, CHAT_NOT_FOUND)])
def test_blocked_chat_falls_back_to_sms(bot_api, sms_outbox, django_capture_on_commit_callbacks, status, description):
    """A worker who blocked the bot (or whose Telegram is gone) gets the same message by SMS instead;
    the failed Telegram delivery stays visible, and the next messages go straight by SMS."""
    worker = linked_worker()
    if status == 403:
        bot_api.block(777001)
    else:
        bot_api.forget(777001)
    message = send(worker, django_capture_on_commit_callbacks)
    deliveries = {d.channel: d for d in message.deliveries.all()}
    assert deliveries[Channel.TELEGRAM].status == DeliveryStatus.FAILED
    assert description in deliveries[Channel.TELEGRAM].error
    assert deliveries[Channel.SMS].status == DeliveryStatus.SENT
    assert [(sms.to, sms.text) for sms in sms_outbox] == [("+85512345678", message.text)]
    assert TelegramChat.objects.get(person=worker).blocked_at is not None
    assert bot_api.delivered == []

    worker.refresh_from_db()  # as the next job reads the worker
    later = send(worker, django_capture_on_commit_callbacks, key="next")
    assert list(later.deliveries.values_list("channel", flat=True)) == [Channel.SMS]
    assert len(bot_api.calls_of("sendMessage")) == 1


def test_flood_control_then_sent_once(bot_api, sms_outbox, django_capture_on_commit_callbacks):
    """Telegram asking to slow down (429) delays the message; it then arrives once, with no SMS."""
    worker = linked_worker()
    bot_api.fail_next("sendMessage", 429, "Too Many Requests: retry after 3", retry_after=3, times=2)
    message = send(worker, django_capture_on_commit_callbacks)
    delivery = message.deliveries.get()
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.SENT, 3)
    assert bot_api.delivered == [(777001, message.text)]
    assert sms_outbox == []
    assert TelegramChat.objects.get(person=worker).blocked_at is None


def _delivery(worker) -> Delivery:
    message = notify(person=worker, kind="broadcast", key="direct", context=NOTICE)
    return message.deliveries.get()


@pytest.mark.parametrize(
    ("status", "description", "body"),
    [
        (429, "Too Many Requests: retry after 7", None),
        (500, "Internal Server Error", None),
        (502, "Bad Gateway", b"<html>502 Bad Gateway</html>"),
        (401, "Unauthorized", None),
    ],
)
def test_busy_or_broken_telegram_is_temporary(bot_api, status, description, body):
    """Telegram overloaded, down behind its proxy, or refusing a wrong token: the message waits and
    the chat stays linked."""
    worker = linked_worker()
    bot_api.fail_next("sendMessage", status, description, retry_after=7 if status == 429 else None, body=body)
    with pytest.raises(TemporaryFailure) as failure:
        CHANNELS[Channel.TELEGRAM].send(_delivery(worker), "hello")
    assert str(status) in str(failure.value)
    assert bot_api.token not in str(failure.value)
    if status == 429:
        assert failure.value.retry_after == 7
    assert TelegramChat.objects.get(person=worker).blocked_at is None


def test_no_answer_from_telegram_is_temporary(bot_api, settings):
    """A Bot API that answers too late (or not at all) leaves the message to be tried again."""
    worker = linked_worker()
    settings.SALA_TELEGRAM_TIMEOUT_SECONDS = 0.3
    bot_api.delay = 1.0
    with pytest.raises(TemporaryFailure, match="did not answer"):
        CHANNELS[Channel.TELEGRAM].send(_delivery(worker), "hello")
    settings.SALA_TELEGRAM_API_URL = "http://127.0.0.1:9"
    with pytest.raises(TemporaryFailure, match="did not answer") as refused:
        CHANNELS[Channel.TELEGRAM].send(_delivery(worker), "hello")
    assert bot_api.token not in str(refused.value)
    assert TelegramChat.objects.get(person=worker).blocked_at is None


def test_message_refused_for_itself_is_permanent_but_keeps_the_chat(bot_api):
    """A message Telegram will never take (too long) fails for good, but the chat still works."""
    worker = linked_worker()
    with pytest.raises(PermanentFailure, match="too long"):
        CHANNELS[Channel.TELEGRAM].send(_delivery(worker), "x" * 5000)
    assert TelegramChat.objects.get(person=worker).blocked_at is None


def test_address_is_the_linked_chat_unless_blocked_or_off(bot_api, settings):
    """Telegram is a worker's channel only when linked, not blocked, and Telegram is on."""
    channel = CHANNELS[Channel.TELEGRAM]
    worker = linked_worker()
    assert channel.address(worker) == "777001"
    assert channel.address(PersonFactory()) is None
    TelegramChat.objects.filter(person=worker).update(blocked_at=timezone.now())
    worker.refresh_from_db()
    assert channel.address(worker) is None
    TelegramChat.objects.filter(person=worker).update(blocked_at=None)
    worker.refresh_from_db()
    settings.SALA_TELEGRAM_BOT_TOKEN = ""
    assert channel.address(worker) is None


def test_telegram_turned_off_after_queueing_falls_back_to_sms(
    bot_api, settings, sms_outbox, django_capture_on_commit_callbacks
):
    """Messages queued for Telegram when the bot is switched off go by SMS rather than wait forever."""
    worker = linked_worker()
    with django_capture_on_commit_callbacks(execute=False) as queued:
        message = notify(person=worker, kind="broadcast", key="k", context=NOTICE)
    settings.SALA_TELEGRAM_BOT_TOKEN = ""
    with django_capture_on_commit_callbacks(execute=True):
        for callback in queued:
            callback()
    assert dict(message.deliveries.values_list("channel", "status")) == {
        Channel.TELEGRAM: DeliveryStatus.FAILED,
        Channel.SMS: DeliveryStatus.SENT,
    }
    assert bot_api.calls == []
