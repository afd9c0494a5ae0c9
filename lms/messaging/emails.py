"""Email, for the people who have an address (mostly staff), through Django's email backend."""

import smtplib

from django.conf import settings
from django.core.mail import EmailMessage
from django.utils import translation
from django.utils.translation import gettext as _

from .channels import Channel, PermanentFailure, TemporaryFailure, register_channel
from .choices import Channel as ChannelName


class EmailChannel(Channel):
    name = ChannelName.EMAIL
    quiet_hours = False

    def address(self, person) -> str | None:
        return person.email or None

    def send(self, delivery, text: str) -> str:
        with translation.override(delivery.message.language):
            subject = _("A message from Sala")
        reference = f"sala-message-{delivery.pk}"
        email = EmailMessage(
            subject=subject,
            body=text,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[delivery.address],
            headers={"X-Sala-Reference": reference},
        )
        try:
            email.send()
        except smtplib.SMTPRecipientsRefused as error:  # the server will never take this address
            raise PermanentFailure(f"Email address refused: {delivery.address}") from error
        except OSError as error:  # other SMTP errors and refused connections (both OSError): later
            raise TemporaryFailure(f"Email server: {error}") from error
        return reference


register_channel(EmailChannel())
