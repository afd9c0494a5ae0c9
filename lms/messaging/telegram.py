"""Telegram: the Bot API client, the Telegram channel, and linking a person's chat to their account.

Linking. A person opens "Get messages on Telegram" and gets a link to the bot,
`https://t.me/<bot>?start=<token>`, with a fresh random token (Telegram carries 1-64 characters of
A-Z a-z 0-9 _ -). Only the token's SHA-256 is stored; it works once, for 30 minutes. Telegram
then posts `/start <token>` to the webhook, which links the chat the message came from to the
token's owner. A chat linked to someone else moves to the newest owner (one phone, shared or sold,
gets one person's messages), and a person keeps one chat.

Sending. `TelegramChannel` calls sendMessage. Telegram refusing the chat for good (403: the person
blocked the bot or closed their account; 400 "chat not found") marks the chat blocked and fails
permanently, so the message falls back to SMS; flood control (429), Telegram's own errors (5xx) and
timeouts are temporary, and the delivery is tried again later.

Without SALA_TELEGRAM_BOT_TOKEN Telegram is off: nobody has a Telegram address, the link page says
Telegram is not available and the webhook refuses every update.
"""

import hashlib
import json
import logging
import re
import secrets
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import quote

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .channels import Channel, PermanentFailure, TemporaryFailure, register_channel
from .choices import Channel as ChannelName
from .kinds import language_for
from .models import TelegramChat, TelegramLinkToken

logger = logging.getLogger(__name__)

LINK_TOKEN_LIFETIME = timedelta(minutes=30)
# Unused, unexpired tokens kept per person. Opening the page again does not cancel the earlier
# link: on a cheap phone the browser often reloads the page while the person is in Telegram, and
# the link Telegram is holding must still work. Beyond this many, the oldest go.
LINK_TOKENS_KEPT = 5
# What Telegram carries in a start link, and so all a webhook can receive as a token.
START_PAYLOAD = re.compile(r"[A-Za-z0-9_-]{1,64}")


# The Bot API ------------------------------------------------------------------------------------


class BotApiError(Exception):
    """Telegram answered with an error: `status` is its error_code, `description` its words."""

    def __init__(self, status: int, description: str, retry_after: int | None = None):
        super().__init__(f"Telegram answered {status}: {description}")
        self.status = status
        self.description = description
        self.retry_after = retry_after


class BotApiUnreachable(Exception):
    """No answer from Telegram (refused connection, timeout)."""


def telegram_enabled() -> bool:
    """Telegram is on when the bot's token, name and webhook secret are all set."""
    return bool(
        settings.SALA_TELEGRAM_BOT_TOKEN
        and settings.SALA_TELEGRAM_BOT_USERNAME
        and settings.SALA_TELEGRAM_WEBHOOK_SECRET
    )


def bot_api_call(method: str, params: dict):
    """Call one Bot API method and return its `result`; raise BotApiError or BotApiUnreachable.

    Errors never carry the request's address: it holds the bot's token.
    """
    url = f"{settings.SALA_TELEGRAM_API_URL.rstrip('/')}/bot{settings.SALA_TELEGRAM_BOT_TOKEN}/{method}"
    request = urllib.request.Request(
        url,
        data=json.dumps(params, ensure_ascii=False).encode("utf-8"),
        method="POST",
        headers={"Content-Type": "application/json; charset=utf-8"},
    )
    try:
        with urllib.request.urlopen(request, timeout=settings.SALA_TELEGRAM_TIMEOUT_SECONDS) as response:  # noqa: S310
            status, body = response.status, response.read(1024 * 1024)
    except urllib.error.HTTPError as error:
        status, body = error.code, error.read(64 * 1024)
    except (urllib.error.URLError, TimeoutError, ConnectionError) as error:
        reason = getattr(error, "reason", error)
        raise BotApiUnreachable(f"Telegram did not answer: {reason}") from None
    try:
        answer = json.loads(body)
    except ValueError:
        answer = None
    if not isinstance(answer, dict):
        raise BotApiError(status, f"HTTP {status} without a Bot API answer")
    if answer.get("ok") is True:
        return answer.get("result")
    parameters = answer.get("parameters") if isinstance(answer.get("parameters"), dict) else {}
    retry_after = parameters.get("retry_after")
    raise BotApiError(
        int(answer.get("error_code") or status),
        str(answer.get("description") or ""),
        retry_after if isinstance(retry_after, int) else None,
    )


# The channel ------------------------------------------------------------------------------------


class TelegramFlood(TemporaryFailure):
    """Telegram's flood control: not before `retry_after` seconds."""

    def __init__(self, message: str, retry_after: int | None):
        super().__init__(message)
        self.retry_after = retry_after


def _refuses_chat_for_good(error: BotApiError) -> bool:
    # 403 on a private chat: the person blocked the bot, or their account is gone.
    return error.status == 403 or (error.status == 400 and "chat not found" in error.description.lower())


class TelegramChannel(Channel):
    """A message to the person's linked chat. Telegram costs nothing per message.

    The window that remains: sendMessage has no client reference Telegram would refuse to take
    twice, so when Telegram takes a message but its answer is lost (a timeout, a 5xx from a proxy
    in front of it), the retry sends it again. The person may then read it twice on Telegram;
    the other way round (no retry) could lose it, and it would cost an SMS to make up for it.
    """

    name = ChannelName.TELEGRAM

    def address(self, person) -> str | None:
        if not telegram_enabled():
            return None
        try:
            chat = person.telegram_chat
        except TelegramChat.DoesNotExist:
            return None
        return None if chat.blocked_at else str(chat.chat_id)

    def send(self, delivery, text: str) -> str:
        if not telegram_enabled():
            raise PermanentFailure("Telegram is not set up (SALA_TELEGRAM_BOT_TOKEN).")
        chat_id = int(delivery.address)
        try:
            sent = bot_api_call("sendMessage", {"chat_id": chat_id, "text": text})
        except BotApiUnreachable as error:
            raise TemporaryFailure(str(error)) from None
        except BotApiError as error:
            if _refuses_chat_for_good(error):
                TelegramChat.objects.filter(chat_id=chat_id, blocked_at__isnull=True).update(blocked_at=timezone.now())
                raise PermanentFailure(str(error)) from None
            if error.status == 429:
                raise TelegramFlood(str(error), error.retry_after) from None
            if error.status == 400:  # this message refused (too long, empty): it never will be taken
                raise PermanentFailure(str(error)) from None
            # 5xx: Telegram is in trouble; 401/404: the token is wrong, and the message waits until
            # it is fixed rather than being lost.
            raise TemporaryFailure(str(error)) from None
        return str(sent.get("message_id", "")) if isinstance(sent, dict) else ""


register_channel(TelegramChannel())


# Linking ---------------------------------------------------------------------------------------


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def deep_link(token: str) -> str:
    """The link that opens the bot in Telegram and sends it `/start <token>`."""
    return f"https://t.me/{quote(settings.SALA_TELEGRAM_BOT_USERNAME)}?start={token}"


@transaction.atomic
def telegram_link_token_create(*, person, now: datetime | None = None) -> str:
    """A fresh one-time token for `person`'s link to the bot; only its hash is kept."""
    now = now or timezone.now()
    TelegramLinkToken.objects.filter(person=person, expires_at__lte=now).delete()
    token = secrets.token_urlsafe(32)  # 43 characters of A-Z a-z 0-9 _ -
    TelegramLinkToken.objects.create(
        person=person, token_hash=token_hash(token), created_at=now, expires_at=now + LINK_TOKEN_LIFETIME
    )
    stale = TelegramLinkToken.objects.filter(person=person, used_at__isnull=True).order_by("-created_at", "-pk")
    TelegramLinkToken.objects.filter(pk__in=list(stale.values_list("pk", flat=True)[LINK_TOKENS_KEPT:])).delete()
    return token


@dataclass(frozen=True)
class LinkOutcome:
    linked: bool
    person: object = None
    moved_from_another_person: bool = False
    replaced_chat: bool = False
    again: bool = False  # the same link used again from the chat it linked (Telegram resending)


@transaction.atomic
def telegram_chat_link(*, token: str, chat_id: int, now: datetime | None = None) -> LinkOutcome:
    """Link the chat to the owner of `token`, if the token is known, unused and unexpired.

    The token is spent by one conditional UPDATE, so two chats racing with the same link cannot
    both win. The chat leaves any other person it was linked to; the person's earlier chat, if
    any, is replaced; a chat marked blocked is unblocked (the person just wrote to the bot).
    """
    now = now or timezone.now()
    digest = token_hash(token)
    spent = TelegramLinkToken.objects.filter(
        token_hash=digest, used_at__isnull=True, expires_at__gt=now, person__is_active=True
    ).update(used_at=now)
    if not spent:
        used = TelegramLinkToken.objects.filter(token_hash=digest, used_at__isnull=False).first()
        if used and TelegramChat.objects.filter(person_id=used.person_id, chat_id=chat_id).exists():
            return LinkOutcome(linked=True, person=used.person, again=True)
        return LinkOutcome(linked=False)
    person = TelegramLinkToken.objects.select_related("person").get(token_hash=digest).person
    moved = TelegramChat.objects.filter(chat_id=chat_id).exclude(person=person).delete()[0] > 0
    previous = TelegramChat.objects.filter(person=person).first()
    replaced = previous is not None and previous.chat_id != chat_id
    TelegramChat.objects.update_or_create(
        person=person, defaults={"chat_id": chat_id, "linked_at": now, "blocked_at": None}
    )
    # Linked now: the person's other links stop working, so none can take the chat elsewhere.
    TelegramLinkToken.objects.filter(person=person, used_at__isnull=True).delete()
    return LinkOutcome(linked=True, person=person, moved_from_another_person=moved, replaced_chat=replaced)


@transaction.atomic
def telegram_chat_unlink(*, person) -> bool:
    """Stop sending this person's messages to Telegram; True when a chat was linked."""
    TelegramLinkToken.objects.filter(person=person, used_at__isnull=True).delete()
    return TelegramChat.objects.filter(person=person).delete()[0] > 0


def telegram_chat_reachable(*, chat_id: int) -> None:
    """The person of a blocked chat wrote to the bot or unblocked it: send there again."""
    TelegramChat.objects.filter(chat_id=chat_id, blocked_at__isnull=False).update(blocked_at=None)


def telegram_chat_blocked(*, chat_id: int) -> None:
    """Telegram says the person blocked the bot: messages go by SMS until they unblock it."""
    TelegramChat.objects.filter(chat_id=chat_id, blocked_at__isnull=True).update(blocked_at=timezone.now())


# The webhook: what the bot answers -------------------------------------------------------------


def _telegram_language(user: object) -> str:
    """Sala's language nearest to the Telegram app's (an IETF tag such as "km" or "zh-hans")."""
    code = str(user.get("language_code") or "") if isinstance(user, dict) else ""
    code = code.lower()
    if code.startswith("zh"):
        return "zh-hans"
    return language_for(code.split("-")[0] if code else "en")


def _reply(chat_id: int, text: str) -> dict:
    # Answered in the webhook's own response: Telegram sends it, and the request waits on nobody.
    return {"method": "sendMessage", "chat_id": chat_id, "text": text}


def _link_reply(outcome: LinkOutcome, language: str) -> str:
    with translation.override(language_for(outcome.person.preferred_language) if outcome.person else language):
        if not outcome.linked:
            return _(
                "This link has expired or was already used, so nothing was linked. In Sala, open "
                "“Get messages on Telegram” and press the button again."
            )
        lines = [_("Done. Your messages from Sala now come here, on Telegram, instead of by SMS.")]
        if outcome.moved_from_another_person:
            lines.append(
                _(
                    "This Telegram account was linked to another Sala account before. It now "
                    "gets only the messages of the account that opened this link."
                )
            )
        if outcome.replaced_chat:
            lines.append(_("The Telegram account linked before no longer gets your messages."))
        return "\n".join(lines)


def _how_to_link(language: str) -> str:
    with translation.override(language):
        return _(
            "Hello! This bot brings you your messages from Sala. To link it, sign in to Sala, "
            "open “Get messages on Telegram” and press the button there."
        )


def _already_linked(person) -> str:
    with translation.override(language_for(person.preferred_language)):
        return _("Your messages from Sala come here. This bot cannot read replies: please answer in Sala.")


def telegram_update_handle(update: dict) -> dict | None:
    """Act on one update Telegram posted to the webhook; return the bot's reply, if any.

    Only private chats are linked: a link opened in a group would send a person's messages to
    everyone in it.
    """
    member = update.get("my_chat_member")
    if isinstance(member, dict):
        _chat_member_changed(member)
        return None
    message = update.get("message")
    if not isinstance(message, dict):
        return None
    chat = message.get("chat")
    text = message.get("text")
    if not isinstance(chat, dict) or chat.get("type") != "private" or not isinstance(text, str):
        return None
    chat_id = chat.get("id")
    if not isinstance(chat_id, int) or isinstance(chat_id, bool):
        return None
    language = _telegram_language(message.get("from"))
    command, _space, payload = text.strip().partition(" ")
    payload = payload.strip()
    if command.split("@")[0] == "/start" and payload:
        if not START_PAYLOAD.fullmatch(payload):
            return _reply(chat_id, _link_reply(LinkOutcome(linked=False), language))
        outcome = telegram_chat_link(token=payload, chat_id=chat_id)
        if not outcome.linked:
            logger.info("A Telegram link with an unknown, used or expired token was refused.")
        return _reply(chat_id, _link_reply(outcome, language))
    linked = TelegramChat.objects.select_related("person").filter(chat_id=chat_id).first()
    if linked is None:
        return _reply(chat_id, _how_to_link(language))
    telegram_chat_reachable(chat_id=chat_id)
    return _reply(chat_id, _already_linked(linked.person))


def _chat_member_changed(member: dict) -> None:
    chat = member.get("chat")
    new = member.get("new_chat_member")
    if not isinstance(chat, dict) or chat.get("type") != "private" or not isinstance(new, dict):
        return
    chat_id = chat.get("id")
    if not isinstance(chat_id, int):
        return
    if new.get("status") == "kicked":
        telegram_chat_blocked(chat_id=chat_id)
    elif new.get("status") == "member":
        telegram_chat_reachable(chat_id=chat_id)


def telegram_webhook_set(*, url: str) -> None:
    """Tell Telegram where to post the bot's updates, with the secret it must send back."""
    bot_api_call(
        "setWebhook",
        {
            "url": url,
            "secret_token": settings.SALA_TELEGRAM_WEBHOOK_SECRET,
            "allowed_updates": ["message", "my_chat_member"],
        },
    )
