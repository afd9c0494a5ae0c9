"""Panels messages add to Sala's screens (lms.people.panels)."""

from wagtail import hooks

from lms.people.panels import HOME_PANELS, Panel

from .audiences import user_can_broadcast
from .models import TelegramChat
from .selectors import user_reads_delivery_log
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


class AnnouncementsPanel(Panel):
    """On the start page of trainers, HR and programme staff: write an announcement; programme
    staff also open the delivery log."""

    name = "announcements"
    order = 60
    template_name = "messaging/panels/announcements.html"


@hooks.register(HOME_PANELS)
def add_announcements_panel(request, panels):
    if user_can_broadcast(request.user):
        panels.append(AnnouncementsPanel(reads_delivery_log=user_reads_delivery_log(request.user)))
