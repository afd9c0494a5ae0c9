"""Reading messages with their rules: a person's own inbox, and the delivery log for programme staff."""

from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Count, Q, QuerySet

from lms.people.choices import Role
from lms.people.permissions import is_factory_hr, is_programme_wide

from .choices import Channel, DeliveryStatus
from .kinds import get_kind, render
from .models import Broadcast, Delivery, Message, Preferences

# The header shows up to this many unread messages, then "99+".
UNREAD_SHOWN_MAX = 99
# How long a page's header may show a count read earlier. Lesson and course pages keep to their
# query budget (10): the header reads the database at most once a minute per person. The inbox
# and a message's page always count afresh, so a message just read is never still counted there.
UNREAD_CACHE_SECONDS = 60


def _unread_key(person) -> str:
    return f"messaging:unread:{person.pk}"


def unread_count(person, *, fresh: bool = False) -> int:
    """How many of the person's messages are unread, up to UNREAD_SHOWN_MAX + 1.

    One query on the inbox index (person, read_at, created_at), reading at most 100 index entries
    however many messages pile up; then kept in the cache for a minute (`fresh` counts again).
    """
    key = _unread_key(person)
    if not fresh:
        cached = cache.get(key)
        if cached is not None:
            return cached
    unread = Message.objects.filter(person=person, read_at__isnull=True).order_by()
    count = len(unread.values_list("created_at", flat=True)[: UNREAD_SHOWN_MAX + 1])
    cache.set(key, count, UNREAD_CACHE_SECONDS)
    return count


def inbox(person) -> QuerySet[Message]:
    """The person's own messages, newest first (nobody else's, whoever asks)."""
    return Message.objects.filter(person=person).order_by("-created_at", "-pk")


def preferences_of(person) -> Preferences:
    """The person's channel choices; the defaults (every channel on) when they never chose."""
    try:
        return person.messaging_preferences
    except Preferences.DoesNotExist:
        return Preferences(person=person)


def user_reads_delivery_log(user) -> bool:
    """Programme staff (and superusers) read the delivery log and send failed messages again: the
    rule of the log's pages and of the service that sends again (delivery_resend)."""
    if not (getattr(user, "is_authenticated", False) and user.is_active):
        return False
    return user.is_superuser or user.has_role(Role.PROGRAMME_STAFF)


def delivery_log(*, kind: str = "", channel: str = "", status: str = "", factory=None) -> QuerySet[Delivery]:
    """Deliveries newest first (by id, which a page continues from: see `keyset_page`), filtered.

    Read at the programme's size (millions of deliveries) a page at a time, never counted: the
    status filter (failed, held: the ones staff look for, and few) runs on its own index.
    """
    deliveries = Delivery.objects.all()
    if kind:
        deliveries = deliveries.filter(message__kind=kind)
    if channel:
        deliveries = deliveries.filter(channel=channel)
    if status:
        deliveries = deliveries.filter(status=status)
    if factory is not None:
        deliveries = deliveries.filter(message__person__factory=factory)
    return deliveries.select_related("message__person__factory").order_by("-pk")


@dataclass(frozen=True)
class KeysetPage:
    rows: list
    newer: int | None  # ?after= for the page of newer rows, None on the newest page
    older: int | None  # ?before= for the page of older rows, None on the oldest page


def keyset_page(queryset, *, size: int, before: int | None = None, after: int | None = None) -> KeysetPage:
    """A page of `queryset` (ordered by -pk) after or before a row's id: reads size + 1 rows from the
    index whatever page it is, where a numbered page would count them all and skip the ones before."""
    if after is not None:
        rows = list(queryset.filter(pk__gt=after).order_by("pk")[: size + 1])
        more_newer = len(rows) > size
        rows = rows[:size][::-1]
        return KeysetPage(rows, rows[0].pk if rows and more_newer else None, rows[-1].pk if rows else None)
    if before is not None:
        queryset = queryset.filter(pk__lt=before)
    rows = list(queryset[: size + 1])
    more_older = len(rows) > size
    rows = rows[:size]
    return KeysetPage(rows, rows[0].pk if rows and before is not None else None, rows[-1].pk if more_older else None)


def broadcasts_visible_to(user) -> QuerySet[Broadcast]:
    """Trainers and programme staff see every announcement; HR those of its own factory (and its own)."""
    if is_programme_wide(user):
        return Broadcast.objects.all()
    if is_factory_hr(user):
        return Broadcast.objects.filter(Q(factory_id=user.factory_id) | Q(author=user))
    return Broadcast.objects.none()


# What happened to a broadcast's deliveries so far, in the words of its page.
WAITING = (DeliveryStatus.QUEUED, DeliveryStatus.HELD, DeliveryStatus.SENDING)


def broadcast_deliveries(broadcast: Broadcast) -> list[dict]:
    """Per channel: how many of the broadcast's deliveries are sent, waiting, failed or not sent
    (one grouped query over the broadcast's messages)."""
    rows = (
        Delivery.objects.filter(message__broadcast=broadcast)
        .order_by()
        .values("channel", "status")
        .annotate(count=Count("pk"))
    )
    summary = {
        channel: {"channel": label, "sent": 0, "waiting": 0, "failed": 0, "skipped": 0}
        for channel, label in Channel.choices
    }
    for row in rows:
        line = summary.get(row["channel"])
        if line is None:
            continue
        if row["status"] == DeliveryStatus.SENT:
            line["sent"] += row["count"]
        elif row["status"] in WAITING:
            line["waiting"] += row["count"]
        elif row["status"] == DeliveryStatus.FAILED:
            line["failed"] += row["count"]
        else:
            line["skipped"] += row["count"]
    return [line for line in summary.values() if any(line[key] for key in ("sent", "waiting", "failed", "skipped"))]


def broadcast_sms_text(*, author, text: str, language: str = "km") -> str:
    """The announcement as a person reading `language` gets it (the author's name, then the text)."""
    return render(get_kind("broadcast"), language, {"author": author.display_name, "text": text})[1]


def broadcast_sms_frame(*, author, language: str = "km") -> tuple[str, str]:
    """What goes around the author's text in the SMS (before, after), for counting while typing."""
    before, _marker, after = broadcast_sms_text(author=author, text="\x00", language=language).partition("\x00")
    return before, after
