"""Linking Telegram: a one-time link from Sala's page, `/start <token>` at the webhook, unlinking."""

import hashlib
import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from lms.messaging import telegram
from lms.messaging.models import TelegramChat, TelegramLinkToken
from lms.messaging.telegram import (
    LINK_TOKENS_KEPT,
    telegram_chat_link,
    telegram_link_token_create,
)
from lms.people.factories import PersonFactory

from .telegram_fake import BOT_USERNAME, WEBHOOK_SECRET, start_update

PAGE = "/messages/telegram/"
WEBHOOK = "/messages/telegram/webhook/"
LINK = re.compile(rf'href="https://t\.me/{BOT_USERNAME}\?start=([A-Za-z0-9_-]+)"')


def post_update(client, update):
    return client.post(
        WEBHOOK, update, content_type="application/json", headers={"X-Telegram-Bot-Api-Secret-Token": WEBHOOK_SECRET}
    )


def token_from_page(client, person) -> str:
    client.force_login(person)
    response = client.get(PAGE)
    assert response.status_code == 200
    found = LINK.search(response.content.decode())
    assert found, "the page shows a link to the bot"
    client.logout()
    return found.group(1)


@pytest.fixture
def worker(db):
    return PersonFactory(phone="+85512345678", preferred_language="en")


@pytest.mark.django_db
def test_link_from_the_page_then_start_links_the_chat(client, bot_api, worker):
    """The worker presses the button, then Start in Telegram: their chat is linked and the bot says so."""
    token = token_from_page(client, worker)
    response = post_update(client, start_update(777001, f"/start {token}"))
    assert response.status_code == 200
    chat = TelegramChat.objects.get(person=worker)
    assert chat.chat_id == 777001 and chat.blocked_at is None
    reply = response.json()
    assert reply["method"] == "sendMessage" and reply["chat_id"] == 777001
    assert reply["text"].startswith("Done. Your messages from Sala now come here")


@pytest.mark.django_db
def test_link_token_is_random_and_stored_only_as_its_hash(client, bot_api, worker):
    """The token in the link is never in the database, only its SHA-256; each page gives a new one."""
    first = token_from_page(client, worker)
    second = token_from_page(client, worker)
    assert first != second and 32 <= len(first) <= 64
    stored = set(TelegramLinkToken.objects.filter(person=worker).values_list("token_hash", flat=True))
    assert stored == {hashlib.sha256(t.encode()).hexdigest() for t in (first, second)}
    row = TelegramLinkToken.objects.filter(person=worker).latest("created_at")
    assert row.expires_at - row.created_at == timedelta(minutes=30)


@pytest.mark.django_db
def test_confirmation_in_the_persons_language(client, bot_api, worker, monkeypatch):
    """The bot answers in the language the worker chose in Sala, whatever their Telegram app says."""
    monkeypatch.setattr(telegram, "_", lambda text: f"[{translation.get_language()}] {text}")
    worker.preferred_language = "km"
    worker.save()
    token = token_from_page(client, worker)
    reply = post_update(client, start_update(777001, f"/start {token}", language_code="en")).json()
    assert reply["text"].startswith("[km] ")


@pytest.mark.django_db
def test_unknown_token_gets_a_polite_answer_and_links_nothing(client, bot_api, monkeypatch):
    """A made-up or mistyped token links nothing; the bot explains, in the Telegram app's language."""
    monkeypatch.setattr(telegram, "_", lambda text: f"[{translation.get_language()}] {text}")
    response = post_update(client, start_update(777001, "/start abcdefghijklmnopqrstuvwxyz012345", language_code="km"))
    assert response.status_code == 200
    assert response.json()["text"].startswith("[km] This link has expired or was already used")
    assert not TelegramChat.objects.exists()


@pytest.mark.django_db
def test_token_works_once(client, bot_api, worker):
    """A link already used cannot link a second Telegram account (someone who saw it later)."""
    token = token_from_page(client, worker)
    post_update(client, start_update(777001, f"/start {token}"))
    response = post_update(client, start_update(888002, f"/start {token}", update_id=2))
    assert "expired or was already used" in response.json()["text"]
    assert list(TelegramChat.objects.values_list("person", "chat_id")) == [(worker.pk, 777001)]


@pytest.mark.django_db
def test_the_same_start_again_from_the_linked_chat_is_still_fine(client, bot_api, worker):
    """Telegram resending the update, or Start pressed twice, still answers that the chat is linked."""
    token = token_from_page(client, worker)
    post_update(client, start_update(777001, f"/start {token}"))
    reply = post_update(client, start_update(777001, f"/start {token}")).json()
    assert reply["text"].startswith("Done.")
    assert TelegramChat.objects.get(person=worker).chat_id == 777001


@pytest.mark.django_db
def test_token_expires_after_30_minutes(bot_api, worker):
    """A link opened more than 30 minutes after it was made links nothing."""
    made = timezone.now() - timedelta(minutes=31)
    token = telegram_link_token_create(person=worker, now=made)
    assert not telegram_chat_link(token=token, chat_id=777001).linked
    assert not TelegramChat.objects.exists()
    fresh = telegram_link_token_create(person=worker, now=timezone.now() - timedelta(minutes=29))
    assert telegram_chat_link(token=fresh, chat_id=777001).linked


@pytest.mark.django_db
def test_token_of_a_person_who_left_links_nothing(bot_api, worker):
    """A link made before the account was deactivated no longer links a chat to it."""
    token = telegram_link_token_create(person=worker)
    worker.is_active = False
    worker.save()
    assert not telegram_chat_link(token=token, chat_id=777001).linked


@pytest.mark.django_db
def test_chat_linked_to_another_person_moves_and_the_bot_says_so(client, bot_api, worker):
    """One phone, two accounts: the newest link wins and the bot tells the phone's owner."""
    earlier = PersonFactory(phone="+85512345679")
    TelegramChat.objects.create(person=earlier, chat_id=777001)
    token = token_from_page(client, worker)
    reply = post_update(client, start_update(777001, f"/start {token}")).json()
    assert "linked to another Sala account before" in reply["text"]
    assert list(TelegramChat.objects.values_list("person", "chat_id")) == [(worker.pk, 777001)]


@pytest.mark.django_db
def test_linking_another_telegram_replaces_the_first(bot_api, worker):
    """A person keeps one chat: linking a new phone's Telegram stops the old one getting messages."""
    TelegramChat.objects.create(person=worker, chat_id=777001, blocked_at=timezone.now())
    outcome = telegram_chat_link(token=telegram_link_token_create(person=worker), chat_id=999003)
    assert outcome.replaced_chat
    chat = TelegramChat.objects.get(person=worker)
    assert (chat.chat_id, chat.blocked_at) == (999003, None)


@pytest.mark.django_db
def test_linking_cancels_the_persons_other_links(bot_api, worker):
    """Once linked, the person's other open links stop working, so none can move the chat later."""
    first = telegram_link_token_create(person=worker)
    second = telegram_link_token_create(person=worker)
    assert telegram_chat_link(token=second, chat_id=777001).linked
    assert not telegram_chat_link(token=first, chat_id=888002).linked
    assert TelegramChat.objects.get(person=worker).chat_id == 777001


@pytest.mark.django_db
def test_a_person_keeps_a_few_open_links_at_most(bot_api, worker):
    """Reloading the page again and again keeps only the newest few links working."""
    tokens = [telegram_link_token_create(person=worker) for _ in range(LINK_TOKENS_KEPT + 3)]
    assert TelegramLinkToken.objects.filter(person=worker).count() == LINK_TOKENS_KEPT
    assert not telegram_chat_link(token=tokens[0], chat_id=777001).linked
    assert telegram_chat_link(token=tokens[-1], chat_id=777001).linked


@pytest.mark.django_db
def test_start_in_a_group_links_nothing(client, bot_api, worker):
    """A link opened in a group chat would send the worker's messages to the whole group: ignored."""
    token = token_from_page(client, worker)
    update = start_update(-100555, f"/start {token}")
    update["message"]["chat"]["type"] = "group"
    assert post_update(client, update).status_code == 200
    assert not TelegramChat.objects.exists()
    assert TelegramLinkToken.objects.get(person=worker).used_at is None


@pytest.mark.django_db
def test_start_with_a_malformed_payload_links_nothing(client, bot_api):
    """A payload Telegram would never carry (too long, odd characters) is answered, not looked up."""
    for payload in ["x" * 65, "abc$def", "ចាន់"]:
        response = post_update(client, start_update(777001, f"/start {payload}"))
        assert "expired or was already used" in response.json()["text"]
    assert not TelegramChat.objects.exists()


@pytest.mark.django_db
def test_plain_start_explains_how_to_link(client, bot_api):
    """Someone who finds the bot without Sala's link is told where to get one."""
    reply = post_update(client, start_update(777001, "/start")).json()
    assert "Get messages on Telegram" in reply["text"]
    assert not TelegramChat.objects.exists()


@pytest.mark.django_db
def test_writing_to_the_bot_again_unblocks_the_chat(client, bot_api, worker):
    """A worker who blocked the bot and writes to it again gets messages there again."""
    TelegramChat.objects.create(person=worker, chat_id=777001, blocked_at=timezone.now())
    post_update(client, start_update(777001, "/start"))
    assert TelegramChat.objects.get(person=worker).blocked_at is None


@pytest.mark.django_db
def test_blocking_and_unblocking_the_bot_is_followed(client, bot_api, worker):
    """Telegram tells the bot when it is blocked or unblocked: messages go by SMS meanwhile."""
    TelegramChat.objects.create(person=worker, chat_id=777001)

    def member(status):
        chat = {"id": 777001, "type": "private"}
        return {"update_id": 5, "my_chat_member": {"chat": chat, "new_chat_member": {"status": status}}}

    post_update(client, member("kicked"))
    assert TelegramChat.objects.get(person=worker).blocked_at is not None
    post_update(client, member("member"))
    assert TelegramChat.objects.get(person=worker).blocked_at is None


@pytest.mark.django_db
def test_unlink_from_the_page(client, bot_api, worker):
    """The worker unlinks Telegram from the same page; messages come by SMS again."""
    TelegramChat.objects.create(person=worker, chat_id=777001)
    client.force_login(worker)
    page = client.get(PAGE).content.decode()
    assert "Unlink Telegram" in page and not LINK.search(page)
    response = client.post(reverse("messaging:telegram_unlink"), follow=True)
    assert not TelegramChat.objects.filter(person=worker).exists()
    assert "Your messages come by SMS again" in response.content.decode()
    assert LINK.search(response.content.decode())


@pytest.mark.django_db
def test_unlink_needs_a_post(client, bot_api, worker):
    """Following a link (GET) to the unlink address changes nothing."""
    TelegramChat.objects.create(person=worker, chat_id=777001)
    client.force_login(worker)
    assert client.get(reverse("messaging:telegram_unlink")).status_code == 405
    assert TelegramChat.objects.filter(person=worker).exists()


@pytest.mark.django_db
def test_page_needs_sign_in(client, bot_api):
    """Nobody gets a link without signing in, so no link can point at nobody's account."""
    response = client.get(PAGE)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not TelegramLinkToken.objects.exists()


@pytest.mark.django_db
def test_page_is_never_cached(client, bot_api, worker):
    """The page holds a one-time link: no browser or proxy keeps a copy."""
    client.force_login(worker)
    assert "no-store" in client.get(PAGE)["Cache-Control"]


@pytest.mark.django_db
def test_page_of_a_blocked_chat_offers_a_new_link(client, bot_api, worker):
    """After blocking the bot, the page says messages come by SMS and how to start again."""
    TelegramChat.objects.create(person=worker, chat_id=777001, blocked_at=timezone.now())
    client.force_login(worker)
    page = client.get(PAGE).content.decode()
    assert "Telegram stopped taking our messages" in page
    assert LINK.search(page)


@pytest.mark.django_db
def test_without_a_bot_token_telegram_is_simply_off(client, settings, worker):
    """With no bot configured the page says Telegram is not available, and makes no link."""
    settings.SALA_TELEGRAM_BOT_TOKEN = ""
    client.force_login(worker)
    response = client.get(PAGE)
    assert response.status_code == 200
    assert "Telegram is not available" in response.content.decode()
    assert not TelegramLinkToken.objects.exists()
    assert "Get messages on Telegram" not in client.get("/").content.decode()


@pytest.mark.django_db
def test_start_page_shows_the_way_to_telegram_until_linked(client, bot_api, worker):
    """The worker finds the Telegram page from the start page; once linked, the card goes."""
    client.force_login(worker)
    assert f'href="{PAGE}"' in client.get("/").content.decode()
    TelegramChat.objects.create(person=worker, chat_id=777001)
    assert f'href="{PAGE}"' not in client.get("/").content.decode()
