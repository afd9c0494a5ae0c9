"""notify: one message per person and key, in the person's language, delivered by their channels."""

import threading

import pytest
from django.db import connection
from django.utils.translation import gettext_lazy

from lms.messaging.choices import Channel, DeliveryStatus
from lms.messaging.kinds import KINDS, register_kind
from lms.messaging.models import Delivery, Message, Preferences, TelegramChat
from lms.messaging.services import notify, notify_many
from lms.people.factories import PersonFactory, StaffFactory

# Not extracted for translation (makemessages knows gettext_lazy only by that name): stays English.
untranslated = gettext_lazy
WELCOME = {"name": "Sokha", "url": "https://sala.example.org/"}


@pytest.fixture
def completed_kind(monkeypatch):
    """A kind whose text already has Khmer and Chinese in the catalogues (a certificate's date line)."""
    monkeypatch.setitem(KINDS, "test_completed", None)
    return register_kind("test_completed", gettext_lazy("Issued on %(date)s"))


@pytest.fixture
def untranslated_kind(monkeypatch):
    monkeypatch.setitem(KINDS, "test_untranslated", None)
    return register_kind("test_untranslated", untranslated("A text with no translation yet, %(name)s."))


@pytest.mark.django_db
def test_same_key_gives_one_message(sms_outbox, django_capture_on_commit_callbacks):
    """A reminder job that runs twice sends the worker one reminder."""
    worker = PersonFactory(phone="+85512345678", preferred_language="en")
    with django_capture_on_commit_callbacks(execute=True):
        first = notify(person=worker, kind="welcome", key="welcome", context=WELCOME)
    with django_capture_on_commit_callbacks(execute=True):
        second = notify(person=worker, kind="welcome", key="welcome", context=WELCOME)
    assert first.pk == second.pk
    assert Message.objects.filter(person=worker).count() == 1
    assert [sms.to for sms in sms_outbox] == ["+85512345678"]


@pytest.mark.django_db
def test_another_key_is_another_message(sms_outbox, django_capture_on_commit_callbacks):
    """Two different reminders are two messages."""
    worker = PersonFactory(phone="+85512345678")
    with django_capture_on_commit_callbacks(execute=True):
        notify(person=worker, kind="welcome", key="welcome-1", context=WELCOME)
        notify(person=worker, kind="welcome", key="welcome-2", context=WELCOME)
    assert Message.objects.filter(person=worker).count() == 2
    assert len(sms_outbox) == 2


# serialized_rollback: a transactional test ends by emptying the database; this puts back what the
# migrations wrote (roles, periodic tasks), which later tests in the same database rely on.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite writes one transaction at a time: no race to test"
)
def test_concurrent_calls_give_one_message(sms_outbox):
    """Two workers running the same reminder job at the same moment still send one message."""
    worker = PersonFactory(phone="+85512345678")
    barrier = threading.Barrier(6)
    errors, ids = [], []

    def call():
        try:
            barrier.wait()
            ids.append(notify(person=worker, kind="welcome", key="same-moment", context=WELCOME).pk)
        except Exception as error:  # noqa: BLE001 (reported below)
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=call) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(set(ids)) == 1
    assert Message.objects.filter(person=worker).count() == 1
    assert Delivery.objects.filter(message__person=worker).count() == 1
    assert len(sms_outbox) == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "expected"),
    [("km", "ចេញនៅថ្ងៃ 3 May"), ("zh-hans", None), ("en", "Issued on 3 May")],
)
def test_message_in_the_persons_language(completed_kind, language, expected):
    """Each person reads the message in the language they chose."""
    worker = PersonFactory(preferred_language=language)
    message = notify(person=worker, kind="test_completed", key="done", context={"date": "3 May"})
    assert message.language == language
    if expected:
        assert message.text == expected
    else:
        assert message.text != "Issued on 3 May" and "3 May" in message.text


@pytest.mark.django_db
def test_english_when_no_translation(untranslated_kind):
    """A kind not yet translated reaches a Khmer reader in English, recorded as English."""
    worker = PersonFactory(preferred_language="km")
    message = notify(person=worker, kind="test_untranslated", key="k", context={"name": "Dara"})
    assert (message.language, message.text) == ("en", "A text with no translation yet, Dara.")


@pytest.mark.django_db
def test_english_for_an_unknown_language(completed_kind):
    """A preferred language Sala does not speak gives English."""
    worker = PersonFactory(preferred_language="fr")
    message = notify(person=worker, kind="test_completed", key="k", context={"date": "3 May"})
    assert (message.language, message.text) == ("en", "Issued on 3 May")


@pytest.mark.django_db
def test_text_kept_as_sent(completed_kind):
    """Changing one's language later does not rewrite messages already received."""
    worker = PersonFactory(preferred_language="km")
    message = notify(person=worker, kind="test_completed", key="k", context={"date": "3 May"})
    worker.preferred_language = "en"
    worker.save()
    again = notify(person=worker, kind="test_completed", key="k", context={"date": "4 May"})
    assert again.text == message.text == "ចេញនៅថ្ងៃ 3 May"


@pytest.mark.django_db
def test_unknown_context_name_changes_nothing():
    """A caller that forgets a name of the text gets an error and no message is written."""
    worker = PersonFactory()
    with pytest.raises(KeyError):
        notify(person=worker, kind="welcome", key="k", context={"name": "Dara"})
    assert not Message.objects.exists()


def _channels(message):
    return sorted(message.deliveries.values_list("channel", flat=True))


@pytest.mark.django_db
def test_worker_with_a_mobile_gets_sms(telegram_stand_in):
    """A worker with a Cambodian mobile number and no Telegram gets an SMS, with its part count."""
    worker = PersonFactory(phone="+85512345678", preferred_language="en")
    message = notify(person=worker, kind="welcome", key="k", context=WELCOME)
    delivery = message.deliveries.get()
    assert (delivery.channel, delivery.address, delivery.status, delivery.parts) == (
        Channel.SMS,
        "+85512345678",
        DeliveryStatus.QUEUED,
        1,
    )


@pytest.mark.django_db
def test_linked_telegram_replaces_sms(telegram_stand_in):
    """Once a worker links Telegram, messages go there instead of by SMS."""
    worker = PersonFactory(phone="+85512345678")
    TelegramChat.objects.create(person=worker, chat_id=4242)
    message = notify(person=worker, kind="welcome", key="k", context=WELCOME)
    assert [(d.channel, d.address) for d in message.deliveries.all()] == [(Channel.TELEGRAM, "4242")]


@pytest.mark.django_db
def test_telegram_turned_off_gives_sms(telegram_stand_in):
    """A worker who turned Telegram off gets SMS, even with a linked chat."""
    worker = PersonFactory(phone="+85512345678")
    TelegramChat.objects.create(person=worker, chat_id=4242)
    Preferences.objects.create(person=worker, telegram=False)
    assert _channels(notify(person=worker, kind="welcome", key="k", context=WELCOME)) == [Channel.SMS]


@pytest.mark.django_db
@pytest.mark.parametrize("phone", ["", "+85523123456"])
def test_no_sms_without_a_mobile(telegram_stand_in, phone):
    """A fixed line or no number gets no SMS; the message is still in the inbox."""
    worker = PersonFactory(phone=phone)
    message = notify(person=worker, kind="welcome", key="k", context=WELCOME)
    assert _channels(message) == []
    assert Message.objects.filter(person=worker).exists()


@pytest.mark.django_db
def test_sms_turned_off(telegram_stand_in):
    """A worker who turned SMS off gets only the inbox."""
    worker = PersonFactory(phone="+85512345678")
    Preferences.objects.create(person=worker, sms=False)
    assert _channels(notify(person=worker, kind="welcome", key="k", context=WELCOME)) == []


@pytest.mark.django_db
def test_staff_with_an_address_get_email(telegram_stand_in):
    """Staff with an email address get the message by email too; turned off, they do not."""
    trainer = StaffFactory(phone="+85512345679")
    assert _channels(notify(person=trainer, kind="welcome", key="a", context=WELCOME)) == [Channel.EMAIL, Channel.SMS]
    Preferences.objects.create(person=trainer, email=False)
    assert _channels(notify(person=trainer, kind="welcome", key="b", context=WELCOME)) == [Channel.SMS]


@pytest.mark.django_db
def test_delivery_waits_for_the_commit(sms_outbox, django_capture_on_commit_callbacks):
    """Nothing leaves before the caller's transaction commits (a rolled-back request sends nothing)."""
    worker = PersonFactory(phone="+85512345678")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notify(person=worker, kind="welcome", key="k", context=WELCOME)
        assert sms_outbox == []
    assert len(callbacks) == 1
    callbacks[0]()
    assert len(sms_outbox) == 1


@pytest.mark.django_db
def test_notify_many_once_per_person_in_their_language(
    completed_kind, telegram_stand_in, sms_outbox, django_capture_on_commit_callbacks
):
    """Many people at once: each in their language, each once, however often the job runs."""
    khmer = PersonFactory(phone="+85512345678", preferred_language="km")
    english = PersonFactory(phone="+85512345679", preferred_language="en")
    linked = PersonFactory(phone="+85512345670", preferred_language="km")
    TelegramChat.objects.create(person=linked, chat_id=31)
    people = [khmer, english, linked]
    with django_capture_on_commit_callbacks(execute=True):
        counts = notify_many(people=people, kind="test_completed", key="done", context={"date": "3 May"})
    with django_capture_on_commit_callbacks(execute=True):
        again = notify_many(people=people, kind="test_completed", key="done", context={"date": "4 May"})
    assert counts == again == {"inbox": 3, "sms": 2, "telegram": 1, "email": 0}
    assert sorted((sms.to, sms.text) for sms in sms_outbox) == [
        ("+85512345678", "ចេញនៅថ្ងៃ 3 May"),
        ("+85512345679", "Issued on 3 May"),
    ]
    assert telegram_stand_in.sent == [("31", "ចេញនៅថ្ងៃ 3 May")]
    assert Message.objects.count() == 3 and Delivery.objects.count() == 3


@pytest.mark.django_db
def test_notify_many_after_notify_adds_nothing(sms_outbox, django_capture_on_commit_callbacks):
    """A person already told by `notify` under the key is not told again by `notify_many`."""
    worker = PersonFactory(phone="+85512345678")
    other = PersonFactory(phone="+85512345679")
    with django_capture_on_commit_callbacks(execute=True):
        notify(person=worker, kind="welcome", key="k", context=WELCOME)
        notify_many(people=[worker, other], kind="welcome", key="k", context=WELCOME)
    assert sorted(sms.to for sms in sms_outbox) == ["+85512345678", "+85512345679"]
