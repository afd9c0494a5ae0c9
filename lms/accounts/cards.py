"""Printable login cards: the worker's name, how to sign in, the one-time code and its QR code,
and the person QR a trainer scans at training (lms/accounts/person_codes.py), which signs nobody in."""

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

import qrcode
import qrcode.image.svg
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
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


# Issued cards are kept in the issuer's session (stored on the server, never in an address), so
# that reloading or printing again shows the same codes instead of issuing new ones.
BATCHES_KEY = "sala_login_card_batches"
BATCH_HOURS = 12
BATCHES_KEPT = 5


def card_batch_keep(session, issued: list[tuple[Person, str]]) -> str:
    """Remember a batch of (person, code) for this session; returns the batch's id for its address."""
    now = timezone.now()
    batches = {
        key: batch
        for key, batch in session.get(BATCHES_KEY, {}).items()
        if now - datetime.fromisoformat(batch["at"]) < timedelta(hours=BATCH_HOURS)
    }
    batch_id = secrets.token_hex(8)
    batches[batch_id] = {"at": now.isoformat(), "cards": [[person.pk, code] for person, code in issued]}
    session[BATCHES_KEY] = dict(sorted(batches.items(), key=lambda item: item[1]["at"])[-BATCHES_KEPT:])
    return batch_id


def card_batch_read(session, batch_id: str, *, people: QuerySet[Person]) -> list[tuple[Person, str]] | None:
    """The batch's (person, code) pairs among the people the reader may see; None when unknown or old."""
    batch = session.get(BATCHES_KEY, {}).get(batch_id)
    if batch is None or timezone.now() - datetime.fromisoformat(batch["at"]) >= timedelta(hours=BATCH_HOURS):
        return None
    found = people.select_related("factory").in_bulk([pk for pk, _code in batch["cards"]])
    if len(found) != len(batch["cards"]):
        return None
    return [(found[pk], code) for pk, code in batch["cards"]]


def site_address(request) -> str:
    """The site's address as a person types it, for phones that cannot scan a QR code."""
    return request.get_host()
