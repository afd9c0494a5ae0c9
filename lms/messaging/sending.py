"""Handing one delivery to its channel, at most once.

`delivery_attempt` is what the delivery task runs. In order: a delivery already taken or finished
is left alone; SMS and Telegram wait during the quiet hours (HELD until their end); an SMS past the
month's budget is SKIPPED; then the delivery is claimed by one conditional UPDATE (QUEUED or HELD
-> SENDING, attempts + 1, handed_at) and only the process whose UPDATE changed the row calls the
gateway, with the delivery's id as the client reference. A task run twice, or redelivered by the
broker after a worker died (tasks are acknowledged late), finds the row SENDING or SENT and sends
nothing.

The window that remains: a worker killed after the gateway accepted the message but before SENT
was written leaves the delivery SENDING. Nothing re-sends it automatically, because from the
database alone "killed just before the gateway call" and "killed just after it" look the same, and
only the second would make a resend a duplicate. It stays SENDING in the delivery log, where
programme staff see it and may resend it (the gateway has the delivery id as its reference, to
check). Closing the window would need the gateway to refuse a reference it has already taken,
which a generic gateway does not promise.

A timeout is the other grey area: the gateway may have taken a message whose answer never came.
It counts as a temporary failure and is retried, with the same reference, because a message
possibly sent twice is a smaller harm than one possibly never sent; a gateway that deduplicates
by reference drops the second copy.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import F, Q
from django.utils import timezone

from .budget import sms_budget_release, sms_budget_reserve
from .channels import CHANNELS, PermanentFailure, TemporaryFailure, next_channel
from .choices import Channel as ChannelName
from .choices import DeliveryStatus
from .kinds import KINDS
from .models import Delivery
from .quiet import quiet_until
from .selectors import preferences_of
from .sms import sms_parts

WAITING = (DeliveryStatus.QUEUED, DeliveryStatus.HELD)


@dataclass
class Outcome:
    status: str
    retry: bool = False  # a temporary failure: try again later
    retry_after: int | None = None  # not sooner than this many seconds, as the gateway asked
    follow_up: list[int] = field(default_factory=list)  # deliveries to queue (fallback channel)


def _waiting(delivery_id: int):
    return Delivery.objects.filter(pk=delivery_id, status__in=WAITING)


def delivery_attempt(*, delivery_id: int, now: datetime | None = None) -> Outcome:
    """Try to hand one delivery to its channel now; see the module docstring for the rules."""
    now = now or timezone.now()
    delivery = Delivery.objects.select_related("message__person").filter(pk=delivery_id).first()
    if delivery is None or delivery.status not in WAITING:
        return Outcome(delivery.status if delivery else "missing")
    channel = CHANNELS.get(delivery.channel)
    if channel is None:
        _waiting(delivery_id).update(status=DeliveryStatus.FAILED, error="This channel is not set up.")
        return Outcome(DeliveryStatus.FAILED, follow_up=_fall_back(delivery))
    if channel.quiet_hours and (until := quiet_until(now)):
        _waiting(delivery_id).update(status=DeliveryStatus.HELD, not_before=until)
        return Outcome(DeliveryStatus.HELD)
    if delivery.not_before and delivery.not_before > now:
        return Outcome(DeliveryStatus.HELD)
    if delivery.channel == ChannelName.SMS and not sms_budget_reserve(parts=delivery.parts, now=now):
        _waiting(delivery_id).update(status=DeliveryStatus.SKIPPED, error="The monthly SMS budget is reached.")
        return Outcome(DeliveryStatus.SKIPPED)

    claimed = (
        _waiting(delivery_id)
        .filter(Q(not_before__isnull=True) | Q(not_before__lte=now))
        .update(status=DeliveryStatus.SENDING, attempts=F("attempts") + 1, handed_at=now, error="")
    )
    if not claimed:  # another process took it between our read and our update
        if delivery.channel == ChannelName.SMS:
            sms_budget_release(parts=delivery.parts, handed_at=now)
        return Outcome("taken")

    sending = Delivery.objects.filter(pk=delivery_id, status=DeliveryStatus.SENDING)
    try:
        reference = channel.send(delivery, delivery.message.text)
    except TemporaryFailure as error:
        _give_back_parts(delivery, now)
        sending.update(status=DeliveryStatus.QUEUED, error=str(error)[:1000])
        return Outcome(DeliveryStatus.QUEUED, retry=True, retry_after=error.retry_after)
    except PermanentFailure as error:
        _give_back_parts(delivery, now)
        sending.update(status=DeliveryStatus.FAILED, error=str(error)[:1000])
        return Outcome(DeliveryStatus.FAILED, follow_up=_fall_back(delivery))
    sending.update(status=DeliveryStatus.SENT, sent_at=timezone.now(), reference=(reference or "")[:200])
    return Outcome(DeliveryStatus.SENT)


def _give_back_parts(delivery: Delivery, handed_at: datetime) -> None:
    if delivery.channel == ChannelName.SMS:
        sms_budget_release(parts=delivery.parts, handed_at=handed_at)


def _fall_back(delivery: Delivery) -> list[int]:
    """After a permanent failure, a delivery by the next channel the person can be reached on
    (Telegram -> SMS). Returns the new delivery's id to queue, or nothing."""
    message = delivery.message
    person = message.person
    kind = KINDS.get(message.kind)
    preferences = preferences_of(person)
    name = next_channel(delivery.channel)
    while name:
        channel = CHANNELS.get(name)
        wanted = channel and channel.wanted(preferences) and not (name == ChannelName.SMS and kind and not kind.sms)
        address = channel.address(person) if wanted else None
        if address:
            parts = sms_parts(message.text) if name == ChannelName.SMS else 0
            fallback, created = Delivery.objects.get_or_create(
                message=message, channel=name, defaults={"address": address, "parts": parts}
            )
            return [fallback.pk] if created else []
        name = next_channel(name)
    return []


def deliveries_due(*, now: datetime, limit: int = 1000) -> list[int]:
    """Held deliveries whose time has come, switched back to QUEUED; returns their ids to queue.

    Rows another release run has locked are skipped (PostgreSQL), so two runs never queue the same
    delivery; the claim in delivery_attempt would stop a second send anyway.
    """
    due = (
        Delivery.objects.select_for_update(skip_locked=True)
        .filter(status=DeliveryStatus.HELD, not_before__lte=now)
        .order_by("not_before", "pk")
        .values_list("pk", flat=True)[:limit]
    )
    ids = list(due)
    Delivery.objects.filter(pk__in=ids, status=DeliveryStatus.HELD).update(status=DeliveryStatus.QUEUED)
    return ids
