"""Messages on the phone: a person's inbox and their channels; the staff's announcements and
delivery log. Each view checks who asks, then calls one selector or service."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.views.decorators.cache import never_cache

from .context_processors import unread_messages_count_afresh
from .selectors import inbox
from .services import message_mark_read

INBOX_PAGE_SIZE = 20


@never_cache
@login_required
def inbox_view(request):
    """The person's own messages, newest first, unread ones marked."""
    unread_messages_count_afresh(request)
    page = Paginator(inbox(request.user), INBOX_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "messaging/inbox.html", {"page": page})


@never_cache
@login_required
def message_view(request, pk: int):
    """One of the person's own messages (anyone else's is a 404), marked read as it is opened."""
    message = get_object_or_404(inbox(request.user), pk=pk)
    message_mark_read(message=message, person=request.user)
    unread_messages_count_afresh(request)
    return render(request, "messaging/message.html", {"message": message})
