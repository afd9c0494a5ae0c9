"""SMS: counting parts, knowing which numbers are mobiles, and the backends that send.

The backend is chosen by `SALA_SMS_BACKEND` (a dotted path): `ConsoleBackend` in development
(prints each message and its part count), `LocmemBackend` in tests (keeps an outbox list), and
`HttpGatewayBackend` in production (a JSON POST to `SALA_SMS_URL`, described in the README).
"""

import base64
import json
import logging
import math
import sys
import urllib.error
import urllib.request
from dataclasses import dataclass

import phonenumbers
from django.conf import settings
from django.utils.module_loading import import_string

from .channels import Channel, PermanentFailure, TemporaryFailure, register_channel
from .choices import Channel as ChannelName

logger = logging.getLogger(__name__)

# GSM 03.38: the default alphabet, and the extension table whose characters take two septets
# (an escape and the character).
GSM_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM_EXTENSION = frozenset("^{}\\[~]|€\f")


def sms_parts(text: str) -> int:
    """How many SMS parts `text` takes: GSM-7 when every character is in the GSM alphabet (160 in
    one part, 153 per part of a longer one), otherwise UCS-2, as Khmer and Chinese always are (70
    UTF-16 code units in one part, 67 per part)."""
    if all(char in GSM_BASIC or char in GSM_EXTENSION for char in text):
        septets = sum(2 if char in GSM_EXTENSION else 1 for char in text)
        single, multi = 160, 153
    else:
        septets = utf16_units(text)
        single, multi = 70, 67
    if septets <= single:
        return 1
    return math.ceil(septets / multi)


def utf16_units(text: str) -> int:
    """The text's length as an SMS (and the browser) counts characters: UTF-16 code units."""
    return len(text.encode("utf-16-le")) // 2


def sms_size(text: str) -> dict:
    """{"characters": UTF-16 code units, as the SMS counts them, "parts": SMS parts}."""
    return {"characters": utf16_units(text), "parts": sms_parts(text)}


def sms_alphabet() -> dict:
    """The GSM alphabets sms_parts counts by, for the page that counts parts while the author types."""
    return {"basic": "".join(sorted(GSM_BASIC)), "extension": "".join(sorted(GSM_EXTENSION))}


def is_cambodian_mobile(phone: str) -> bool:
    """True for a valid Cambodian mobile number (by Google's numbering plan data); fixed lines,
    short, foreign or malformed numbers get no SMS."""
    if not phone:
        return False
    try:
        number = phonenumbers.parse(phone, "KH")
    except phonenumbers.NumberParseException:
        return False
    return (
        phonenumbers.region_code_for_number(number) == "KH"
        and phonenumbers.is_valid_number(number)
        and phonenumbers.number_type(number) == phonenumbers.PhoneNumberType.MOBILE
    )


@dataclass(frozen=True)
class SmsMessage:
    to: str
    text: str
    reference: str
    parts: int


class BaseBackend:
    def send(self, message: SmsMessage) -> str:
        """Hand the message to the gateway and return its reference for it. Raise TemporaryFailure
        when it may work later, PermanentFailure when it never will (a bad number)."""
        raise NotImplementedError


class ConsoleBackend(BaseBackend):
    """Development: prints each SMS with its part count instead of sending it."""

    def __init__(self, stream=None):
        self.stream = stream

    def send(self, message: SmsMessage) -> str:
        stream = self.stream or sys.stdout
        stream.write(
            f"SMS to {message.to} ({message.parts} part{'s' if message.parts != 1 else ''}):\n{message.text}\n"
        )
        stream.write("-" * 40 + "\n")
        stream.flush()
        return f"console-{message.reference}"


class LocmemBackend(BaseBackend):
    """Tests: keeps every SMS in `LocmemBackend.outbox` (a list shared by all instances)."""

    outbox: list[SmsMessage] = []

    def send(self, message: SmsMessage) -> str:
        LocmemBackend.outbox.append(message)
        return f"locmem-{message.reference}"


class HttpGatewayBackend(BaseBackend):
    """A generic HTTP SMS gateway: one JSON POST per message to SALA_SMS_URL,
    `{"to": "+855…", "text": "…", "sender": SALA_SMS_SENDER, "reference": "<delivery id>"}`, with
    HTTP Basic authentication when SALA_SMS_USERNAME is set. A 2xx answer is accepted (its JSON
    "id" or "message_id", if any, is kept as the gateway's reference); 5xx, 429, a timeout or a
    refused connection are temporary (retried later); any other 4xx is permanent (a bad number).
    """

    def __init__(self, url=None, username=None, password=None, sender=None, timeout=None):
        self.url = url or settings.SALA_SMS_URL
        self.username = settings.SALA_SMS_USERNAME if username is None else username
        self.password = settings.SALA_SMS_PASSWORD if password is None else password
        self.sender = settings.SALA_SMS_SENDER if sender is None else sender
        self.timeout = timeout or settings.SALA_SMS_TIMEOUT_SECONDS

    def send(self, message: SmsMessage) -> str:
        if not self.url:
            raise TemporaryFailure("SALA_SMS_URL is not set.")
        body = json.dumps(
            {"to": message.to, "text": message.text, "sender": self.sender, "reference": message.reference}
        ).encode()
        request = urllib.request.Request(
            self.url, data=body, method="POST", headers={"Content-Type": "application/json; charset=utf-8"}
        )
        if self.username:
            credentials = base64.b64encode(f"{self.username}:{self.password}".encode()).decode()
            request.add_header("Authorization", f"Basic {credentials}")
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310 (URL from settings)
                answer = response.read(64 * 1024)
        except urllib.error.HTTPError as error:
            detail = f"SMS gateway answered {error.code}"
            if error.code >= 500 or error.code in (408, 429):
                raise TemporaryFailure(detail) from error
            raise PermanentFailure(detail) from error
        except (urllib.error.URLError, TimeoutError, ConnectionError) as error:
            raise TemporaryFailure(f"SMS gateway unreachable: {error}") from error
        return _reference_from(answer) or message.reference


def _reference_from(answer: bytes) -> str:
    try:
        data = json.loads(answer or b"null")
    except ValueError:
        return ""
    if isinstance(data, dict):
        for name in ("id", "message_id", "reference"):
            if data.get(name):
                return str(data[name])[:200]
    return ""


def get_backend() -> BaseBackend:
    return import_string(settings.SALA_SMS_BACKEND)()


class SmsChannel(Channel):
    name = ChannelName.SMS

    def address(self, person) -> str | None:
        return person.phone if is_cambodian_mobile(person.phone) else None

    def send(self, delivery, text: str) -> str:
        message = SmsMessage(to=delivery.address, text=text, reference=str(delivery.pk), parts=sms_parts(text))
        return get_backend().send(message)


register_channel(SmsChannel())
