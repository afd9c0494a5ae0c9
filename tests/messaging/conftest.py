"""Fixtures for the tests of messages: the SMS outbox and a Telegram stand-in channel."""

from dataclasses import dataclass, field

import pytest

from lms.messaging.channels import CHANNELS, Channel, PermanentFailure
from lms.messaging.choices import Channel as ChannelName
from lms.messaging.models import TelegramChat
from lms.messaging.sms import LocmemBackend

from .telegram_fake import bot_api  # noqa: F401 (Telegram on, with a fake Bot API on 127.0.0.1)


@pytest.fixture
def sms_outbox():
    """Every SMS handed to the test backend (lms.messaging.sms.LocmemBackend)."""
    LocmemBackend.outbox.clear()
    yield LocmemBackend.outbox
    LocmemBackend.outbox.clear()


@dataclass
class StandInTelegram(Channel):
    """Telegram as the core sees it: linked chats get messages, a blocked chat fails for good."""

    name: str = ChannelName.TELEGRAM
    sent: list[tuple[str, str]] = field(default_factory=list)
    blocked: set[str] = field(default_factory=set)

    def address(self, person):
        chat = TelegramChat.objects.filter(person=person, blocked_at__isnull=True).first()
        return str(chat.chat_id) if chat else None

    def send(self, delivery, text):
        if delivery.address in self.blocked:
            raise PermanentFailure("Forbidden: bot was blocked by the user")
        self.sent.append((delivery.address, text))
        return f"tg-{len(self.sent)}"


@pytest.fixture
def telegram_stand_in(monkeypatch):
    channel = StandInTelegram()
    monkeypatch.setitem(CHANNELS, ChannelName.TELEGRAM, channel)
    return channel
