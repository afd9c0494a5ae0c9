"""Telegram's screens: the page where a person links or unlinks Telegram, and the bot's webhook."""

import hmac
import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, HttpResponseBadRequest, HttpResponseForbidden, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from .models import TelegramChat
from .telegram import (
    LINK_TOKEN_LIFETIME,
    deep_link,
    telegram_chat_unlink,
    telegram_enabled,
    telegram_link_token_create,
    telegram_update_handle,
)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


@never_cache  # the page holds a one-time link: no cache may keep it
@login_required
def telegram_link(request):
    """Get messages on Telegram: a link to the bot with a fresh one-time token, or the linked chat."""
    person = request.user
    enabled = telegram_enabled()
    chat = TelegramChat.objects.filter(person=person).first() if enabled else None
    link = None
    if enabled and (chat is None or chat.blocked_at):
        link = deep_link(telegram_link_token_create(person=person))
    return render(
        request,
        "messaging/telegram_link.html",
        {
            "enabled": enabled,
            "chat": chat,
            "link": link,
            "bot_username": settings.SALA_TELEGRAM_BOT_USERNAME,
            "minutes": int(LINK_TOKEN_LIFETIME.total_seconds() // 60),
        },
    )


@require_POST
@login_required
def telegram_unlink(request):
    if telegram_chat_unlink(person=request.user):
        messages.success(request, _("Telegram is unlinked. Your messages come by SMS again."))
    return redirect("messaging:telegram_link")


@csrf_exempt  # Telegram cannot send a CSRF token: the secret header stands for it
@require_POST
def telegram_webhook(request):
    """Updates from Telegram. Anything without the secret set with setWebhook is refused (403),
    and a body that is not an update is refused (400); neither changes anything."""
    secret = settings.SALA_TELEGRAM_WEBHOOK_SECRET
    given = request.headers.get(SECRET_HEADER, "")
    if not (telegram_enabled() and secret and hmac.compare_digest(given.encode(), secret.encode())):
        return HttpResponseForbidden("Forbidden")
    try:
        update = json.loads(request.body)
    except (ValueError, UnicodeDecodeError):
        return HttpResponseBadRequest("The body is not JSON.")
    if not isinstance(update, dict):
        return HttpResponseBadRequest("The body is not a Telegram update.")
    reply = telegram_update_handle(update)
    if reply is None:
        return HttpResponse(status=200)
    return JsonResponse(reply, json_dumps_params={"ensure_ascii": False})
