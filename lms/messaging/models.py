"""Messages to people, and how each one reached them.

A `Message` is what one person is told, written once in their language and kept exactly as sent;
it is also their in-app inbox entry, which needs no gateway and so always works. Each `Delivery`
carries the message over one outside channel (SMS, Telegram, email) and records what happened:
queued, held until morning, handed to the gateway, sent, failed for good, or not sent at all (no
address, channel turned off, SMS budget reached). A message has at most one delivery per channel,
and a person at most one message per key, which is what makes sending idempotent.

People choose their channels (`Preferences`; no row means the defaults), link a Telegram chat
with a one-time token (`TelegramChat`, `TelegramLinkToken`), and staff write `Broadcast`s that
go out as one message per person.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lms.people.models import Factory

from .choices import Audience, Channel, DeliveryStatus


class Broadcast(models.Model):
    """A short announcement a trainer, HR or programme staff sent to a group of people."""

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="broadcasts_sent", verbose_name=_("author")
    )
    audience = models.CharField(_("audience"), max_length=20, choices=Audience.choices)
    audience_label = models.CharField(_("sent to"), max_length=200)
    factory = models.ForeignKey(
        Factory, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("factory")
    )
    text = models.TextField(_("text"))
    created_at = models.DateTimeField(_("sent at"), default=timezone.now)
    recipients = models.PositiveIntegerField(_("recipients"), default=0)
    counts = models.JSONField(_("reached by channel"), default=dict, blank=True)

    class Meta:
        verbose_name = _("broadcast")
        verbose_name_plural = _("broadcasts")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.audience_label} ({self.created_at:%Y-%m-%d %H:%M})"


class Message(models.Model):
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="messages", verbose_name=_("person")
    )
    kind = models.CharField(_("kind"), max_length=64)
    # Chosen by the sender so that the same event never gives a second message ("session-12-reminder").
    key = models.CharField(_("key"), max_length=200)
    language = models.CharField(_("language"), max_length=8)
    text = models.TextField(_("text"))
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    broadcast = models.ForeignKey(
        Broadcast,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="messages",
        verbose_name=_("broadcast"),
    )

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["-created_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["person", "key"], name="message_unique_person_key")]
        indexes = [models.Index(fields=["person", "read_at", "created_at"], name="message_inbox_idx")]

    def __str__(self):
        return f"{self.kind} → {self.person_id}"


class Delivery(models.Model):
    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="deliveries", verbose_name=_("message"))
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices)
    status = models.CharField(_("status"), max_length=16, choices=DeliveryStatus.choices, default=DeliveryStatus.QUEUED)
    address = models.CharField(_("address"), max_length=254, blank=True)
    parts = models.PositiveSmallIntegerField(_("SMS parts"), default=0)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    not_before = models.DateTimeField(_("held until"), null=True, blank=True)
    handed_at = models.DateTimeField(_("handed to the gateway at"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    reference = models.CharField(_("gateway reference"), max_length=200, blank=True)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        ordering = ["-created_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["message", "channel"], name="delivery_unique_message_channel")]
        indexes = [
            # The release of held deliveries each morning, and the delivery log's filters.
            models.Index(fields=["status", "not_before"], name="delivery_status_idx"),
            models.Index(fields=["channel", "status", "created_at"], name="delivery_channel_idx"),
            # The delivery log lists failed or held deliveries newest first, a page at a time.
            models.Index(fields=["status", "id"], name="delivery_log_status_idx"),
        ]

    def __str__(self):
        return f"{self.get_channel_display()}: {self.get_status_display()}"


class Preferences(models.Model):
    """Which outside channels a person wants; the inbox is always on."""

    person = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="messaging_preferences",
        verbose_name=_("person"),
    )
    sms = models.BooleanField(_("SMS"), default=True)
    telegram = models.BooleanField(_("Telegram"), default=True)
    email = models.BooleanField(_("email"), default=True)

    class Meta:
        verbose_name = _("message preferences")
        verbose_name_plural = _("message preferences")

    def __str__(self):
        return str(self.person_id)


class TelegramChat(models.Model):
    person = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="telegram_chat", verbose_name=_("person")
    )
    chat_id = models.BigIntegerField(_("Telegram chat"), unique=True)
    linked_at = models.DateTimeField(_("linked at"), default=timezone.now)
    # Set when Telegram says the person blocked the bot; messages then go by SMS.
    blocked_at = models.DateTimeField(_("blocked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("Telegram chat")
        verbose_name_plural = _("Telegram chats")

    def __str__(self):
        return str(self.person_id)


class TelegramLinkToken(models.Model):
    """A one-time token in the link to the bot; only its SHA-256 is stored."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="telegram_link_tokens",
        verbose_name=_("person"),
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires at"))
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)

    class Meta:
        verbose_name = _("Telegram link token")
        verbose_name_plural = _("Telegram link tokens")

    def __str__(self):
        return str(self.person_id)


class SmsMonth(models.Model):
    """SMS parts handed to the gateway in one calendar month (Phnom Penh time), against the budget.

    A delivery reserves its parts here with one conditional UPDATE before it is handed over, so
    workers sending at once never go past SALA_SMS_MONTHLY_PARTS, and counting the month costs one
    row read however many messages went out.
    """

    month = models.DateField(_("month"), unique=True)
    parts = models.PositiveIntegerField(_("SMS parts"), default=0)

    class Meta:
        verbose_name = _("SMS month")
        verbose_name_plural = _("SMS months")

    def __str__(self):
        return f"{self.month:%Y-%m}: {self.parts}"
