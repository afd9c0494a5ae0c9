"""Reading messages with their rules: a person's own inbox, and the delivery log for programme staff."""

from django.core.cache import cache
from django.db.models import QuerySet

from .models import Message, Preferences

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
