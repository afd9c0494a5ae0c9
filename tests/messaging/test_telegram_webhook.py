"""The bot's webhook takes updates only from Telegram, and `telegram_webhook_set` tells Telegram where it is."""

import io

import pytest
from django.core.management import CommandError, call_command

from lms.messaging.models import TelegramChat, TelegramLinkToken
from lms.messaging.telegram import telegram_link_token_create
from lms.people.factories import PersonFactory

from .telegram_fake import WEBHOOK_SECRET, start_update

WEBHOOK = "/messages/telegram/webhook/"
HEADER = "X-Telegram-Bot-Api-Secret-Token"


@pytest.fixture
def forged(db, bot_api):
    """A valid, unused link token and the update that would spend it: what a forger would post."""
    worker = PersonFactory(preferred_language="en")
    token = telegram_link_token_create(person=worker)
    return start_update(666, f"/start {token}")


def nothing_changed():
    return not TelegramChat.objects.exists() and not TelegramLinkToken.objects.filter(used_at__isnull=False).exists()


@pytest.mark.django_db
def test_update_without_the_secret_header_is_refused(client, forged):
    """Anyone can find the webhook's address; without Telegram's secret it is refused and nothing is linked."""
    response = client.post(WEBHOOK, forged, content_type="application/json")
    assert response.status_code == 403
    assert nothing_changed()


@pytest.mark.django_db
@pytest.mark.parametrize("header", ["", "wrong", WEBHOOK_SECRET[:-1], WEBHOOK_SECRET + "x", "ស" * 8])
def test_update_with_a_wrong_secret_is_refused(client, forged, header):
    """A secret that is nearly right, longer, empty or not even ASCII is refused the same way."""
    response = client.post(WEBHOOK, forged, content_type="application/json", headers={HEADER: header})
    assert response.status_code == 403
    assert nothing_changed()


@pytest.mark.django_db
def test_the_right_secret_is_accepted(client, forged):
    """The same update with Telegram's secret links the chat (the refusals above are about the secret)."""
    response = client.post(WEBHOOK, forged, content_type="application/json", headers={HEADER: WEBHOOK_SECRET})
    assert response.status_code == 200
    assert TelegramChat.objects.get().chat_id == 666


@pytest.mark.django_db
@pytest.mark.parametrize("body", ["{not json", "[1, 2]", '"text"', "\xff\xfe"])
def test_malformed_update_is_refused(client, forged, body):
    """A body that is not a Telegram update gets 400 and changes nothing."""
    response = client.post(WEBHOOK, body, content_type="application/json", headers={HEADER: WEBHOOK_SECRET})
    assert response.status_code == 400
    assert nothing_changed()


@pytest.mark.django_db
def test_updates_the_bot_does_not_handle_are_taken_quietly(client, forged):
    """A photo or an edited message is acknowledged (Telegram would resend it otherwise) and changes nothing."""
    for update in ({"update_id": 9, "edited_message": {}}, {"update_id": 10, "message": {"chat": "x"}}):
        response = client.post(WEBHOOK, update, content_type="application/json", headers={HEADER: WEBHOOK_SECRET})
        assert response.status_code == 200
    assert nothing_changed()


@pytest.mark.django_db
def test_webhook_takes_only_post(client, forged):
    response = client.get(WEBHOOK, headers={HEADER: WEBHOOK_SECRET})
    assert response.status_code == 405


@pytest.mark.django_db
def test_webhook_refuses_everything_while_telegram_is_off(client, forged, settings):
    """With no secret configured, not even an empty header gets in."""
    settings.SALA_TELEGRAM_BOT_TOKEN = ""
    settings.SALA_TELEGRAM_WEBHOOK_SECRET = ""
    response = client.post(WEBHOOK, forged, content_type="application/json", headers={HEADER: ""})
    assert response.status_code == 403
    assert nothing_changed()


def test_set_webhook_sends_the_address_and_the_secret(bot_api):
    """The command gives Telegram the webhook's full HTTPS address and the secret it must send back."""
    out = io.StringIO()
    call_command("telegram_webhook_set", "https://sala.example.org", stdout=out)
    (call,) = bot_api.calls_of("setWebhook")
    assert call.params["url"] == "https://sala.example.org/messages/telegram/webhook/"
    assert call.params["secret_token"] == WEBHOOK_SECRET
    assert "https://sala.example.org/messages/telegram/webhook/" in out.getvalue()
    assert WEBHOOK_SECRET not in out.getvalue() and bot_api.token not in out.getvalue()


def test_set_webhook_takes_the_webhook_address_itself(bot_api):
    call_command("telegram_webhook_set", "https://sala.example.org/messages/telegram/webhook", stdout=io.StringIO())
    assert bot_api.calls_of("setWebhook")[0].params["url"] == "https://sala.example.org/messages/telegram/webhook/"


@pytest.mark.parametrize("address", ["http://sala.example.org", "sala.example.org", "https://", "https://a/?x=1"])
def test_set_webhook_refuses_an_address_telegram_would_not_post_to(bot_api, address):
    """Telegram posts only to HTTPS: anything else is refused in plain words before Telegram is called."""
    with pytest.raises(CommandError, match="public"):
        call_command("telegram_webhook_set", address)
    assert bot_api.calls == []


def test_set_webhook_while_telegram_is_off(settings):
    settings.SALA_TELEGRAM_BOT_TOKEN = ""
    with pytest.raises(CommandError, match="SALA_TELEGRAM_BOT_TOKEN"):
        call_command("telegram_webhook_set", "https://sala.example.org")


def test_set_webhook_reports_telegrams_refusal(bot_api):
    """Telegram's own reason is shown, never the bot's token."""
    bot_api.fail_next("setWebhook", 400, "Bad Request: bad webhook: Failed to resolve host")
    with pytest.raises(CommandError, match="Failed to resolve host") as refused:
        call_command("telegram_webhook_set", "https://sala.example.org")
    assert bot_api.token not in str(refused.value)


def test_set_webhook_when_telegram_does_not_answer(bot_api, settings):
    settings.SALA_TELEGRAM_API_URL = "http://127.0.0.1:9"  # the discard port: nothing listens
    with pytest.raises(CommandError, match="Telegram did not answer") as unreachable:
        call_command("telegram_webhook_set", "https://sala.example.org")
    assert bot_api.token not in str(unreachable.value)
