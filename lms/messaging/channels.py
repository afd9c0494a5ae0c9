"""The outside channels a message can travel by, besides the inbox (the Message itself).

A channel knows a person's address on it and hands one delivery to its gateway. It raises
`TemporaryFailure` when trying again later may work (gateway down, timeout) and
`PermanentFailure` when it never will (bad number, bot blocked): the message then falls back to
the next channel. Channels register with `register_channel()` from modules imported by
`MessagingConfig.ready` (sms.py, emails.py, telegram.py).
"""

from .choices import Channel as ChannelName


class TemporaryFailure(Exception):
    """Not sent this time; trying again later may work. A gateway that says when to come back
    (Telegram's flood control) sets `retry_after`, in seconds, and no retry comes sooner."""

    retry_after: int | None = None


class PermanentFailure(Exception):
    """Never going to work on this channel for this address."""


class Channel:
    name: str = ""
    # Held between SALA_QUIET_HOURS (phones buzz; email does not).
    quiet_hours: bool = True

    def address(self, person) -> str | None:
        """Where this person is reached on this channel, or None when they cannot be."""
        raise NotImplementedError

    def wanted(self, preferences) -> bool:
        """Whether the person keeps this channel on (Preferences has one flag per channel)."""
        return bool(getattr(preferences, self.name, True))

    def send(self, delivery, text: str) -> str:
        """Hand `text` to the gateway for `delivery` (its pk is the client reference) and return the
        gateway's reference. Raise TemporaryFailure or PermanentFailure."""
        raise NotImplementedError


CHANNELS: dict[str, Channel] = {}

# A worker is reached by the first of these that works (Telegram costs nothing per message);
# when one fails for good the message falls back to the next.
PRIMARY_ORDER = (ChannelName.TELEGRAM, ChannelName.SMS)


def register_channel(channel: Channel) -> Channel:
    CHANNELS[channel.name] = channel
    return channel


def next_channel(name: str) -> str | None:
    """The channel a message falls back to when `name` failed for good."""
    if name not in PRIMARY_ORDER:
        return None
    following = PRIMARY_ORDER[PRIMARY_ORDER.index(name) + 1 :]
    return following[0] if following else None
