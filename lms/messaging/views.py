"""Messages on the phone: a person's inbox and their channels; the staff's announcements and
delivery log. Each view checks who asks, then calls one selector or service."""

import re
import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import Http404, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from .audiences import user_can_broadcast
from .budget import sms_budget
from .choices import DeliveryStatus
from .context_processors import unread_messages_count_afresh
from .forms import BroadcastForm, DeliveryLogForm, PreferencesForm
from .models import Delivery
from .selectors import (
    broadcast_deliveries,
    broadcast_sms_frame,
    broadcast_sms_text,
    broadcasts_visible_to,
    delivery_log,
    inbox,
    keyset_page,
    user_reads_delivery_log,
)
from .services import (
    CannotResend,
    InvalidBroadcast,
    NotAllowed,
    broadcast_send,
    delivery_resend,
    message_mark_read,
    preferences_set,
)
from .sms import sms_alphabet, sms_size
from .telegram import telegram_enabled

INBOX_PAGE_SIZE = 20
LOG_PAGE_SIZE = 50
CURSOR = re.compile(r"[0-9]{1,18}")
LOG_QUERY_NAMES = ("kind", "channel", "status", "factory", "before", "after")
RECENT_BROADCASTS = 10
# A confirmation page's token is good for this long: the same page sent twice (a double tap on a
# slow phone, the browser sending the form again) sends one announcement.
BROADCAST_TOKEN_SECONDS = 6 * 60 * 60
TOKEN = re.compile(r"[0-9a-f]{32}")


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


def require_broadcaster(user) -> None:
    """404 for anyone who does not write announcements (they need not know the page)."""
    if not user_can_broadcast(user):
        raise Http404


@never_cache
@login_required
def broadcast_view(request):
    """Write an announcement, check whom it reaches and its SMS size, then send it."""
    require_broadcaster(request.user)
    if request.method != "POST":
        return _broadcast_form(request, BroadcastForm(author=request.user))
    form = BroadcastForm(request.POST, author=request.user)
    step = request.POST.get("step")
    if step == "edit" or not form.is_valid():
        return _broadcast_form(request, form)
    if step == "send":
        return _broadcast_send(request, form)
    return _broadcast_confirm(request, form)


def _broadcast_form(request, form):
    before, after = broadcast_sms_frame(author=request.user)
    return render(
        request,
        "messaging/broadcast_form.html",
        {
            "form": form,
            "sms_frame": {"before": before, "after": after},
            "sms_alphabet": sms_alphabet(),
            "recent": broadcasts_visible_to(request.user).select_related("author")[:RECENT_BROADCASTS],
        },
    )


def _broadcast_confirm(request, form, *, token: str | None = None):
    sms_text = broadcast_sms_text(author=request.user, text=form.cleaned_data["text"])
    return render(
        request,
        "messaging/broadcast_confirm.html",
        {
            "form": form,
            "audience": form.audience,
            "recipients": form.audience.people_for(request.user).count(),
            "sms_text": sms_text,
            "sms": sms_size(sms_text),
            "token": token or uuid.uuid4().hex,
        },
    )


def _broadcast_send(request, form):
    token = request.POST.get("token", "")
    if not TOKEN.fullmatch(token):
        return _broadcast_confirm(request, form)
    key = f"messaging:broadcast-token:{request.user.pk}:{token}"
    if not cache.add(key, 0, BROADCAST_TOKEN_SECONDS):
        sent = cache.get(key)
        if sent:
            return redirect("messaging:broadcast_detail", pk=sent)
        messages.info(request, _("This announcement is being sent already."))
        return redirect("messaging:broadcast")
    try:
        if not form.audience.people_for(request.user).exists():
            raise InvalidBroadcast(_("Nobody is in this group, so there is nobody to send it to."))
        broadcast = broadcast_send(author=request.user, audience=form.audience, text=form.cleaned_data["text"])
    except (NotAllowed, InvalidBroadcast) as error:
        cache.delete(key)
        form.add_error(None, str(error))
        return _broadcast_form(request, form)
    except BaseException:
        cache.delete(key)  # not sent: the same page may be sent again
        raise
    cache.set(key, broadcast.pk, BROADCAST_TOKEN_SECONDS)
    messages.success(request, _("Your announcement is on its way."))
    return redirect("messaging:broadcast_detail", pk=broadcast.pk)


@never_cache
@login_required
def broadcast_detail(request, pk: int):
    """One announcement: to whom, who was reached how, and what happened to its deliveries so far."""
    require_broadcaster(request.user)
    broadcast = get_object_or_404(broadcasts_visible_to(request.user).select_related("author"), pk=pk)
    counts = broadcast.counts or {}
    return render(
        request,
        "messaging/broadcast.html",
        {
            "broadcast": broadcast,
            "reached": [
                (_("In the Sala inbox"), counts.get("inbox", 0)),
                (_("By SMS"), counts.get("sms", 0)),
                (_("By Telegram"), counts.get("telegram", 0)),
                (_("By email"), counts.get("email", 0)),
            ],
            "deliveries": broadcast_deliveries(broadcast),
        },
    )


def require_delivery_log(user) -> None:
    if not user_reads_delivery_log(user):
        raise Http404


def _cursor(value: str | None) -> int | None:
    return int(value) if value and CURSOR.fullmatch(value) else None


@never_cache
@login_required
def delivery_log_view(request):
    """Programme staff: every delivery, newest first, filtered by kind, channel, status and
    factory; failed ones with their error and a button to send them again; this month's SMS budget."""
    require_delivery_log(request.user)
    form = DeliveryLogForm(request.GET)
    page = None
    if form.is_valid():
        page = keyset_page(
            delivery_log(**form.filters()),
            size=LOG_PAGE_SIZE,
            before=_cursor(request.GET.get("before")),
            after=_cursor(request.GET.get("after")),
        )
    query = request.GET.copy()
    for name in ("before", "after"):
        query.pop(name, None)
    return render(
        request,
        "messaging/delivery_log.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "budget": sms_budget(),
            "failed": DeliveryStatus.FAILED,
        },
    )


@require_POST
@login_required
def delivery_resend_view(request, pk: int):
    """Send a failed delivery again, then back to the log as it was filtered."""
    require_delivery_log(request.user)
    delivery = get_object_or_404(Delivery.objects.select_related("message__person"), pk=pk)
    try:
        delivery_resend(delivery=delivery, by=request.user)
    except (CannotResend, NotAllowed) as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The message is queued to be sent again."))
    query = _log_query(request.POST.get("query", ""))
    return redirect(f"{reverse('messaging:delivery_log')}?{query}" if query else reverse("messaging:delivery_log"))


def _log_query(raw: str) -> str:
    """The log's own filters and page from a posted query string, encoded again (nothing else)."""
    given = QueryDict(raw)
    kept = QueryDict(mutable=True)
    for name in LOG_QUERY_NAMES:
        if given.get(name):
            kept[name] = given[name]
    return kept.urlencode()
