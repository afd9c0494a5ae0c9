"""Writing messages: what every app calls to tell a person something."""

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from .channels import CHANNELS, PRIMARY_ORDER
from .choices import Channel as ChannelName
from .choices import DeliveryStatus
from .kinds import get_kind, render
from .models import Broadcast, Delivery, Message, Preferences
from .sms import sms_parts


class NotAllowed(PermissionError):
    pass


def _preferences(person) -> Preferences:
    try:
        return person.messaging_preferences
    except Preferences.DoesNotExist:
        return Preferences(person=person)


def _plan_deliveries(message: Message, *, kind) -> list[Delivery]:
    person = message.person
    preferences = _preferences(person)
    deliveries = []
    for name in PRIMARY_ORDER:
        channel = CHANNELS.get(name)
        if channel is None or (name == ChannelName.SMS and not kind.sms) or not channel.wanted(preferences):
            continue
        address = channel.address(person)
        if address:
            deliveries.append(Delivery(message=message, channel=name, address=address))
            break
    email = CHANNELS.get(ChannelName.EMAIL)
    if email and email.wanted(preferences) and (address := email.address(person)):
        deliveries.append(Delivery(message=message, channel=ChannelName.EMAIL, address=address))
    for delivery in deliveries:
        if delivery.channel == ChannelName.SMS:
            delivery.parts = sms_parts(message.text)
    return Delivery.objects.bulk_create(deliveries)


@transaction.atomic
def notify(*, person, kind: str, key: str, context: dict | None = None) -> Message:
    """Tell `person` something: write the message in their language (English when the kind has no
    translation in it) and queue its delivery by their channels once the transaction commits.
    The same (person, key) never gives a second message: the first one is returned instead."""
    registered = get_kind(kind)
    language, text = render(registered, person.preferred_language, context or {})
    message, created = Message.objects.get_or_create(
        person=person, key=key, defaults={"kind": kind, "language": language, "text": text}
    )
    if created:
        _plan_deliveries(message, kind=registered)
    return message


def notify_many(*, people: Iterable, kind: str, key: str, context: dict | None = None, broadcast=None) -> dict:
    """`notify` for each person; returns how many were reached by each channel."""
    counts = {"inbox": 0, ChannelName.SMS: 0, ChannelName.TELEGRAM: 0, ChannelName.EMAIL: 0}
    for person in people:
        message = notify(person=person, kind=kind, key=key, context=context)
        if broadcast is not None and message.broadcast_id is None:
            Message.objects.filter(pk=message.pk).update(broadcast=broadcast)
        counts["inbox"] += 1
        for channel in message.deliveries.exclude(status=DeliveryStatus.SKIPPED).values_list("channel", flat=True):
            counts[channel] += 1
    return counts


def message_mark_read(*, message: Message, person) -> None:
    """Mark the person's own message read (the first time they open it)."""
    if message.person_id != person.pk:
        raise NotAllowed("A message is read only by the person it was written to.")
    if message.read_at is None:
        message.read_at = timezone.now()
        Message.objects.filter(pk=message.pk, read_at__isnull=True).update(read_at=message.read_at)


def broadcast_send(*, author, audience, text: str) -> Broadcast:
    """Send the author's text to everyone in `audience` (built by audiences.py, which scopes it)."""
    raise NotImplementedError


def delivery_resend(*, delivery: Delivery, by) -> Delivery:
    """Try a failed delivery again (programme staff, from the delivery log)."""
    raise NotImplementedError
