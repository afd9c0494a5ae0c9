"""Printable login cards: the worker's name, how to sign in, the one-time code and its QR code,
and the person QR a trainer scans at training (lms/accounts/person_codes.py), which signs nobody in."""

from dataclasses import dataclass

import qrcode
import qrcode.image.svg
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from lms.people.models import Person
from lms.people.phone import format_phone

from .person_codes import person_qr_texts


@dataclass(frozen=True)
class LoginCard:
    person: Person
    code: str
    activation_url: str
    qr_svg: SafeString
    person_qr_svg: SafeString

    @property
    def code_for_print(self) -> str:
        """ABCD-2345: two short groups are easier to copy by hand."""
        return f"{self.code[:4]}-{self.code[4:]}"

    @property
    def phone(self) -> str:
        return format_phone(self.person.phone)


def activation_url(code: str, request) -> str:
    # The code travels in the fragment (#code=...), which browsers never send to the server, so it
    # does not end up in access logs or Referer headers; the activation page's script reads it.
    return request.build_absolute_uri(reverse("accounts:activate")) + f"#code={code}"


def qr_svg(data: str) -> SafeString:
    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage, box_size=10, border=2)
    # The SVG is generated here from our own URL or person code, never from user input.
    return mark_safe(image.to_string(encoding="unicode"))  # noqa: S308


def login_cards(issued: list[tuple[Person, str]], request) -> list[LoginCard]:
    """The cards for (person, one-time code) pairs; the person codes are read or made at once."""
    person_texts = person_qr_texts(person for person, _code in issued)
    cards = []
    for person, code in issued:
        url = activation_url(code, request)
        cards.append(
            LoginCard(
                person=person,
                code=code,
                activation_url=url,
                qr_svg=qr_svg(url),
                person_qr_svg=qr_svg(person_texts[person.pk]),
            )
        )
    return cards
