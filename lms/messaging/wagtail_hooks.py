"""Panels messages add to Sala's screens (lms.people.panels)."""

from wagtail import hooks

from lms.people.panels import HOME_PANELS, Panel

from .models import TelegramChat
from .telegram import telegram_enabled


class TelegramPanel(Panel):
    """On the start page, until the person's Telegram is linked: where to link it."""

    name = "telegram"
    order = 50
    template_name = "messaging/panels/telegram.html"


@hooks.register(HOME_PANELS)
def add_telegram_panel(request, panels):
    if telegram_enabled() and not TelegramChat.objects.filter(person=request.user, blocked_at__isnull=True).exists():
        panels.append(TelegramPanel())
