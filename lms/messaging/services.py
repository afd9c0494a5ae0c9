"""Writing messages: what every app calls to tell a person something.

`notify` writes the message (the person's inbox entry) and its deliveries in the caller's
transaction and queues the deliveries once it commits: a request never waits on a gateway, and a
rolled-back request sends nothing.
"""

from collections.abc import Iterable
from functools import partial

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .audiences import Audience, user_can_broadcast_to
from .channels import CHANNELS, PRIMARY_ORDER
from .choices import Channel as ChannelName
from .choices import DeliveryStatus
from .kinds import Kind, get_kind, render
from .models import Broadcast, Delivery, Message, Preferences
from .selectors import preferences_of, user_reads_delivery_log
from .sms import sms_parts
from .tasks import delivery_send_task

BROADCAST_MAX_CHARS = 500
# Broadcast messages are written in chunks of this many people per transaction.
BROADCAST_CHUNK = 500


class NotAllowed(PermissionError):
    pass


class InvalidBroadcast(ValueError):
    pass


class CannotResend(ValueError):
    pass


def _channel_addresses(person, *, kind: Kind) -> list[tuple[str, str]]:
    """(channel, address) for each outside channel this message goes by: the first of Telegram and
    SMS the person can be reached on and wants, and email when they have an address and want it."""
    preferences = preferences_of(person)
    chosen = []
    for name in PRIMARY_ORDER:
        channel = CHANNELS.get(name)
        if channel is None or (name == ChannelName.SMS and not kind.sms) or not channel.wanted(preferences):
            continue
        if address := channel.address(person):
            chosen.append((name, address))
            break
    email = CHANNELS.get(ChannelName.EMAIL)
    if email and email.wanted(preferences) and (address := email.address(person)):
        chosen.append((ChannelName.EMAIL, address))
    return chosen


def _queue(delivery_ids: list[int]) -> None:
    for delivery_id in delivery_ids:
        transaction.on_commit(partial(delivery_send_task.delay, delivery_id))


@transaction.atomic
def notify(*, person, kind: str, key: str, context: dict | None = None, broadcast: Broadcast | None = None) -> Message:
    """Tell `person` something.

    The text is the kind's, in the person's preferred language (English when the kind has no
    translation in it yet), rendered once and kept exactly as sent. The same (person, key) never
    gives a second message, also when two processes call at once: the first one is returned. The
    deliveries (Telegram or SMS, and email) are queued when the transaction commits.
    """
    registered = get_kind(kind)
    language, text = render(registered, person.preferred_language, context or {})
    message, created = Message.objects.get_or_create(
        person=person, key=key, defaults={"kind": kind, "language": language, "text": text, "broadcast": broadcast}
    )
    if created:
        deliveries = Delivery.objects.bulk_create(
            Delivery(
                message=message,
                channel=channel,
                address=address,
                parts=sms_parts(text) if channel == ChannelName.SMS else 0,
            )
            for channel, address in _channel_addresses(person, kind=registered)
        )
        _queue([delivery.pk for delivery in deliveries])
    return message


def notify_many(
    *, people: Iterable, kind: str, key: str, context: dict | None = None, broadcast: Broadcast | None = None
) -> dict:
    """`notify` for each person, with the same text and key: the same rules, written a chunk of
    people per transaction in a few queries (a factory of 6,000 workers in seconds). Returns how
    many people each channel reaches: {"inbox": n, "sms": n, "telegram": n, "email": n}."""
    registered = get_kind(kind)
    texts: dict[str, tuple[str, str]] = {}  # preferred language -> (language, text), rendered once
    counts = dict.fromkeys(["inbox", *ChannelName.values], 0)
    people = list(people)
    for start in range(0, len(people), BROADCAST_CHUNK):
        with transaction.atomic():
            _notify_chunk(
                people[start : start + BROADCAST_CHUNK],
                kind=registered,
                key=key,
                context=context or {},
                broadcast=broadcast,
                texts=texts,
                counts=counts,
            )
    return counts


def _notify_chunk(chunk: list, *, kind: Kind, key: str, context: dict, broadcast, texts: dict, counts: dict) -> None:
    by_id = {person.pk: person for person in chunk}
    already = set(Message.objects.filter(key=key, person_id__in=by_id).values_list("person_id", flat=True))
    messages = []
    for person in chunk:
        if person.pk in already:
            continue
        if person.preferred_language not in texts:
            texts[person.preferred_language] = render(kind, person.preferred_language, context)
        language, text = texts[person.preferred_language]
        messages.append(
            Message(person=person, kind=kind.name, key=key, language=language, text=text, broadcast=broadcast)
        )
    # A message another process wrote meanwhile is skipped here (the unique constraint) and found
    # below: its deliveries are then written once (the other unique constraint) and may be queued
    # twice, which the claim in sending.py makes harmless.
    Message.objects.bulk_create(messages, ignore_conflicts=True)
    written = Message.objects.filter(key=key, person_id__in=[message.person_id for message in messages])
    Delivery.objects.bulk_create(
        (
            Delivery(
                message_id=message_id,
                channel=channel,
                address=address,
                parts=sms_parts(text) if channel == ChannelName.SMS else 0,
            )
            for message_id, person_id, text in written.values_list("pk", "person_id", "text")
            for channel, address in _channel_addresses(by_id[person_id], kind=kind)
        ),
        ignore_conflicts=True,
    )
    new = set(written.values_list("pk", flat=True))
    deliveries = Delivery.objects.filter(message__key=key, message__person_id__in=by_id)
    counts["inbox"] += len(chunk)
    for delivery_id, message_id, channel, status in deliveries.values_list("pk", "message_id", "channel", "status"):
        if status != DeliveryStatus.SKIPPED:
            counts[channel] += 1
        if message_id in new and status == DeliveryStatus.QUEUED:
            _queue([delivery_id])


def message_mark_read(*, message: Message, person) -> None:
    """Mark the person's own message read (the first time they open it)."""
    if message.person_id != person.pk:
        raise NotAllowed("A message is read only by the person it was written to.")
    if message.read_at is None:
        now = timezone.now()
        if Message.objects.filter(pk=message.pk, read_at__isnull=True).update(read_at=now):
            message.read_at = now


def broadcast_send(*, author, audience: Audience, text: str) -> Broadcast:
    """Send the author's announcement to every person of `audience` they may write to, one message
    each by the usual path; the broadcast records how many were reached by which channel."""
    if not user_can_broadcast_to(author, audience):
        raise NotAllowed(_("You cannot send an announcement to these people."))
    text = (text or "").strip()
    if not text:
        raise InvalidBroadcast(_("Write the announcement first."))
    if len(text) > BROADCAST_MAX_CHARS:
        raise InvalidBroadcast(
            _("An announcement has at most %(limit)d characters; this one has %(count)d.")
            % {"limit": BROADCAST_MAX_CHARS, "count": len(text)}
        )
    people = list(audience.people_for(author).select_related("messaging_preferences", "telegram_chat").order_by("pk"))
    broadcast = Broadcast.objects.create(
        author=author,
        audience=audience.kind,
        audience_label=audience.label[:200],
        factory=audience.factory,
        text=text,
        recipients=len(people),
    )
    counts = notify_many(
        people=people,
        kind="broadcast",
        key=f"broadcast-{broadcast.pk}",
        context={"author": author.display_name, "text": text},
        broadcast=broadcast,
    )
    Broadcast.objects.filter(pk=broadcast.pk).update(counts=counts)
    broadcast.counts = counts
    return broadcast


@transaction.atomic
def delivery_resend(*, delivery: Delivery, by) -> Delivery:
    """Send a delivery again (programme staff, from the delivery log): one that failed or was not
    sent, or one left SENDING by a worker that stopped (it may then arrive twice: the log says so).
    It goes to the person's current address on that channel."""
    if not user_reads_delivery_log(by):
        raise NotAllowed(_("Only programme staff can send a message again."))
    channel = CHANNELS.get(delivery.channel)
    address = channel.address(delivery.message.person) if channel else None
    if not address:
        raise CannotResend(_("This person has no address for this channel any more."))
    resendable = (DeliveryStatus.FAILED, DeliveryStatus.SKIPPED, DeliveryStatus.SENDING)
    updated = Delivery.objects.filter(pk=delivery.pk, status__in=resendable).update(
        status=DeliveryStatus.QUEUED, address=address, not_before=None, error="", reference=""
    )
    if not updated:
        raise CannotResend(_("This message is already sent or waiting to be sent."))
    _queue([delivery.pk])
    delivery.refresh_from_db()
    return delivery


@transaction.atomic
def preferences_set(*, person, **channels: bool) -> Preferences:
    """Turn the person's outside channels on or off, e.g. `preferences_set(person=p, sms=False)`.

    Only the channels named change; the inbox is not a channel here: it always gets every message.
    """
    unknown = set(channels) - set(ChannelName.values)
    if unknown:
        raise ValueError(f"No channel {', '.join(sorted(unknown))}.")
    preferences, _created = Preferences.objects.select_for_update().get_or_create(person=person)
    for name, on in channels.items():
        setattr(preferences, name, bool(on))
    preferences.save(update_fields=list(channels) or None)
    person.messaging_preferences = preferences
    return preferences
