"""Messages on the phone: a person's inbox and their channels; the staff's announcements and
delivery log. Each view checks who asks, then calls one selector or service."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from .context_processors import unread_messages_count_afresh
from .forms import PreferencesForm
from .selectors import inbox
from .services import message_mark_read, preferences_set
from .telegram import telegram_enabled

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


@never_cache
@login_required
def preferences_view(request):
    """Which outside channels the person wants, among those they can use; the inbox is always on."""
    form = PreferencesForm(request.POST if request.method == "POST" else None, person=request.user)
    if request.method == "POST" and form.is_valid():
        preferences_set(person=request.user, **form.cleaned_data)
        messages.success(request, _("Saved. Your messages will come this way."))
        return redirect("messaging:preferences")
    return render(
        request,
        "messaging/preferences.html",
        {"form": form, "has_phone": bool(request.user.phone), "telegram_enabled": telegram_enabled()},
    )
