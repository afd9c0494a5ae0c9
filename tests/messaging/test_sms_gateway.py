"""The HTTP SMS gateway backend against a fake gateway on 127.0.0.1: what it sends, how it reads
the answers, and an outage followed by recovery in which every message arrives exactly once."""

import pytest

from lms.messaging.channels import PermanentFailure, TemporaryFailure
from lms.messaging.choices import Channel, DeliveryStatus
from lms.messaging.models import Delivery
from lms.messaging.services import notify
from lms.messaging.sms import HttpGatewayBackend, SmsMessage
from lms.messaging.tasks import MAX_RETRIES, deliveries_release_task
from lms.people.factories import PersonFactory

from .sms_fake import FakeSmsGateway, basic

WELCOME = {"name": "Sokha", "url": "https://sala.example.org/"}


@pytest.fixture
def gateway(settings):
    fake = FakeSmsGateway().start()
    settings.SALA_SMS_BACKEND = "lms.messaging.sms.HttpGatewayBackend"
    settings.SALA_SMS_URL = fake.url
    settings.SALA_SMS_USERNAME = "sala"
    settings.SALA_SMS_PASSWORD = "gateway-password"
    settings.SALA_SMS_SENDER = "SALA"
    settings.SALA_SMS_TIMEOUT_SECONDS = 2
    yield fake
    fake.stop()


def _notify_workers(count, django_capture_on_commit_callbacks, language="en"):
    workers = [PersonFactory(phone=f"+8551200000{n}", preferred_language=language) for n in range(count)]
    with django_capture_on_commit_callbacks(execute=True):
        for worker in workers:
            notify(person=worker, kind="welcome", key="welcome", context=WELCOME)
    return list(Delivery.objects.filter(channel=Channel.SMS).order_by("pk"))


@pytest.mark.django_db
def test_what_the_gateway_receives(gateway, django_capture_on_commit_callbacks):
    """The gateway gets the number, the text, the sender ID and the delivery's id, with the credentials."""
    [delivery] = _notify_workers(1, django_capture_on_commit_callbacks, language="km")
    delivery.refresh_from_db()
    assert gateway.received == [
        {"to": "+85512000000", "text": delivery.message.text, "sender": "SALA", "reference": str(delivery.pk)}
    ]
    assert gateway.authorisations == [basic("sala", "gateway-password")]
    assert (delivery.status, delivery.reference) == (DeliveryStatus.SENT, "gw-1")


@pytest.mark.django_db
def test_outage_then_recovery_every_message_once(gateway, django_capture_on_commit_callbacks):
    """The gateway fails its first calls, then works: each of the workers gets their SMS exactly once."""
    gateway.fail_first(5)
    deliveries = _notify_workers(4, django_capture_on_commit_callbacks)
    assert sorted(gateway.references()) == sorted(str(delivery.pk) for delivery in deliveries)
    assert gateway.calls == 4 + 5
    assert set(Delivery.objects.values_list("status", flat=True)) == {DeliveryStatus.SENT}


@pytest.mark.django_db
def test_long_outage_then_recovery_every_message_once(gateway, django_capture_on_commit_callbacks):
    """A gateway down for longer than the retries: the messages wait, then go once when it is back."""
    gateway.fail_first(1000)
    deliveries = _notify_workers(3, django_capture_on_commit_callbacks)
    assert gateway.received == []
    assert set(Delivery.objects.values_list("status", flat=True)) == {DeliveryStatus.HELD}
    assert gateway.calls == 3 * (MAX_RETRIES + 1)
    gateway.fail_first(0)
    Delivery.objects.update(not_before=Delivery.objects.first().created_at)  # the hour has passed
    assert deliveries_release_task.delay().get() == 3
    assert deliveries_release_task.delay().get() == 0
    assert sorted(gateway.references()) == sorted(str(delivery.pk) for delivery in deliveries)


@pytest.mark.django_db
def test_refused_number_fails_for_good(gateway, django_capture_on_commit_callbacks):
    """A number the gateway refuses (4xx) is not tried again and shows as failed."""
    gateway.refuse("+85512000000")
    [delivery] = _notify_workers(1, django_capture_on_commit_callbacks)
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.error) == (
        DeliveryStatus.FAILED,
        1,
        "SMS gateway answered 400",
    )
    assert gateway.calls == 1


def _sms():
    return SmsMessage(to="+85512345678", text="Hello", reference="17", parts=1)


@pytest.mark.parametrize("status", [500, 502, 503, 429])
def test_server_errors_are_temporary(gateway, status):
    gateway.fail_first(1, status=status)
    with pytest.raises(TemporaryFailure, match=str(status)):
        HttpGatewayBackend().send(_sms())


@pytest.mark.parametrize("status", [400, 401, 404, 422])
def test_client_errors_are_permanent(gateway, status):
    gateway.fail_first(1, status=status)
    with pytest.raises(PermanentFailure, match=str(status)):
        HttpGatewayBackend().send(_sms())


def test_timeout_is_temporary(gateway):
    """A gateway that does not answer in time is tried again later."""
    gateway.delay = 1.0
    with pytest.raises(TemporaryFailure):
        HttpGatewayBackend(timeout=0.2).send(_sms())


def test_unreachable_gateway_is_temporary(gateway):
    url = gateway.url
    gateway.stop()
    with pytest.raises(TemporaryFailure, match="unreachable"):
        HttpGatewayBackend(url=url).send(_sms())
    gateway.start()


def test_no_credentials_no_authorization_header(gateway, settings):
    settings.SALA_SMS_USERNAME = ""
    assert HttpGatewayBackend().send(_sms()) == "gw-1"
    assert gateway.authorisations == [""]
    assert gateway.received[0]["reference"] == "17"
