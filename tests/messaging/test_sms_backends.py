"""The development console backend and the email channel."""

import io
import smtplib

import pytest
from django.core import mail

from lms.messaging.choices import Channel, DeliveryStatus
from lms.messaging.services import notify
from lms.messaging.sms import ConsoleBackend, SmsMessage, sms_parts
from lms.messaging.tasks import delivery_send_task
from lms.people.factories import PersonFactory, StaffFactory

WELCOME = {"name": "Sokha", "url": "https://sala.example.org/"}


def test_console_prints_text_and_parts():
    """In development the console shows each SMS with its part count."""
    khmer = "សូមចូលរួមវគ្គបណ្តុះបណ្តាលសុវត្ថិភាពអគ្គិភ័យ នៅថ្ងៃស្អែក ម៉ោង ៧:៣០ ព្រឹក នៅបន្ទប់ប្រជុំរោងចក្រ។"
    stream = io.StringIO()
    ConsoleBackend(stream=stream).send(SmsMessage(to="+85512345678", text=khmer, reference="5", parts=sms_parts(khmer)))
    printed = stream.getvalue()
    assert "SMS to +85512345678 (2 parts)" in printed
    assert khmer in printed


@pytest.mark.django_db
def test_staff_get_email(settings):
    """A trainer with an email address gets the message by email, in their language."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    trainer = StaffFactory(email="trainer@example.org", preferred_language="en")
    message = notify(person=trainer, kind="welcome", key="k", context=WELCOME)
    delivery = message.deliveries.get(channel=Channel.EMAIL)
    delivery_send_task.delay(delivery.pk)
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SENT
    [email] = mail.outbox
    assert (email.to, email.body, email.subject) == (["trainer@example.org"], message.text, "A message from Sala")


@pytest.mark.django_db
def test_refused_email_address_fails(settings, monkeypatch):
    """An address the mail server refuses fails for good and is not tried again."""
    calls = []

    def refuse(self, fail_silently=False):
        calls.append(1)
        raise smtplib.SMTPRecipientsRefused({"trainer@example.org": (550, b"no such user")})

    monkeypatch.setattr("django.core.mail.EmailMessage.send", refuse)
    trainer = StaffFactory(email="trainer@example.org")
    delivery = notify(person=trainer, kind="welcome", key="k", context=WELCOME).deliveries.get()
    delivery_send_task.delay(delivery.pk)
    delivery.refresh_from_db()
    assert (delivery.status, len(calls)) == (DeliveryStatus.FAILED, 1)
    assert "refused" in delivery.error


@pytest.mark.django_db
def test_worker_without_email_gets_none():
    worker = PersonFactory(phone="", email="")
    assert not notify(person=worker, kind="welcome", key="k", context=WELCOME).deliveries.exists()
