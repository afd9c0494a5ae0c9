"""manage.py telegram_webhook_set https://sala.example.org: where Telegram posts the bot's updates."""

from urllib.parse import urlsplit

from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse

from lms.messaging.telegram import BotApiError, BotApiUnreachable, telegram_enabled, telegram_webhook_set


class Command(BaseCommand):
    help = (
        "Tell Telegram to post the bot's updates to this Sala (its public HTTPS address), with the "
        "secret from SALA_TELEGRAM_WEBHOOK_SECRET that the webhook checks."
    )

    def add_arguments(self, parser):
        parser.add_argument("public_url", help="Sala's public address, e.g. https://sala.example.org")

    def handle(self, *args, public_url: str, **options):
        if not telegram_enabled():
            raise CommandError(
                "Telegram is off: set SALA_TELEGRAM_BOT_TOKEN, SALA_TELEGRAM_BOT_USERNAME and "
                "SALA_TELEGRAM_WEBHOOK_SECRET first."
            )
        url = webhook_url(public_url)
        try:
            telegram_webhook_set(url=url)
        except BotApiUnreachable as error:
            raise CommandError(f"{error}. Nothing was changed.") from None
        except BotApiError as error:
            raise CommandError(f"Telegram refused the webhook: {error.description or error.status}") from None
        self.stdout.write(self.style.SUCCESS(f"Telegram now posts the bot's updates to {url}"))


def webhook_url(public_url: str) -> str:
    """The webhook's full address under Sala's public one; Telegram posts only to HTTPS."""
    parts = urlsplit(public_url.strip())
    if parts.scheme != "https" or not parts.hostname:
        raise CommandError(f"Give Sala's public HTTPS address, e.g. https://sala.example.org (got {public_url!r}).")
    if parts.query or parts.fragment or parts.username:
        raise CommandError("Give only Sala's public address, without a query, fragment or password.")
    webhook = reverse("messaging:telegram_webhook")  # ends with a slash, as Django's URLs do
    base = f"https://{parts.netloc}{parts.path.rstrip('/')}"
    if base.endswith(webhook.rstrip("/")):  # the webhook's own address was given
        return base + "/"
    return base + webhook
