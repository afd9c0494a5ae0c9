"""The unread count in the header of every page, for whoever is signed in."""

from django.utils.functional import cached_property

from .selectors import UNREAD_SHOWN_MAX, unread_count


class UnreadMessages:
    """Counted when a template first shows it (pages that do not, such as the admin's, cost
    nothing) and then kept on the request, so every template of the same page reuses it."""

    def __init__(self, person, *, fresh: bool = False):
        self.person = person
        self.fresh = fresh

    @cached_property
    def count(self) -> int:
        return unread_count(self.person, fresh=self.fresh)

    def __bool__(self) -> bool:
        return self.count > 0

    def __str__(self) -> str:
        return f"{UNREAD_SHOWN_MAX}+" if self.count > UNREAD_SHOWN_MAX else str(self.count)


def unread_messages_count_afresh(request) -> None:
    """For the inbox and message pages: the header counts from the database, not the cache."""
    request._sala_unread_messages = UnreadMessages(request.user, fresh=True)


def unread_messages(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    unread = getattr(request, "_sala_unread_messages", None)
    if unread is None:
        unread = request._sala_unread_messages = UnreadMessages(user)
    return {"unread_messages": unread}
