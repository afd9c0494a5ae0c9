"""The person QR: who someone is, for a trainer's scanner at training, and nothing that signs in.

A login card carries two QR codes. The activation QR holds the one-time code that lets the worker
choose a PIN: a secret, used once. The person QR holds `SALA-P:` and the person's own random code
(`PersonCode`), made the first time it is asked for and kept: it names the holder and nothing
more. It is not the database id (ids are counted, so a neighbour's would be guessed), and it is
never derived from the PIN or the activation code, so a photo of the card's person QR gives
nobody a way in.

The text uses only capital letters, digits and a colon, which QR codes store compactly
(alphanumeric mode): a small, sturdy square that cheap phone cameras read at arm's length.
"""

import re
import secrets
from collections.abc import Iterable

from django.db import IntegrityError, transaction

from lms.people.models import Person

from .models import PersonCode

PREFIX = "SALA-P:"
# Crockford's base 32: no I, L, O or U, so nothing is mistaken when a code is read out or typed.
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
LENGTH = 20  # 100 random bits
_TEXT = re.compile(rf"^{re.escape(PREFIX)}([{ALPHABET}]{{{LENGTH}}})$")


def _new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def _text(code: str) -> str:
    return f"{PREFIX}{code}"


def person_qr_text(person: Person) -> str:
    """The text of the person's QR code, their card code made on first use."""
    return person_qr_texts([person])[person.pk]


def person_qr_texts(people: Iterable[Person]) -> dict[int, str]:
    """The QR texts of many people by person id, in a few queries however many there are."""
    ids = {person.pk for person in people}
    codes = dict(PersonCode.objects.filter(person_id__in=ids).values_list("person_id", "code"))
    missing = ids - codes.keys()
    if missing:
        try:
            with transaction.atomic():
                PersonCode.objects.bulk_create([PersonCode(person_id=pk, code=_new_code()) for pk in missing])
        except IntegrityError:
            # Another request made some of these codes at the same moment (or, once in 2^100, a
            # code repeated): theirs stand, and only the ones still missing are made, one by one.
            for pk in missing:
                _code_get_or_create(pk)
        codes = dict(PersonCode.objects.filter(person_id__in=ids).values_list("person_id", "code"))
    return {pk: _text(code) for pk, code in codes.items()}


def _code_get_or_create(person_id: int) -> None:
    for _attempt in range(3):
        try:
            with transaction.atomic():
                PersonCode.objects.get_or_create(person_id=person_id, defaults={"code": _new_code()})
            return
        except IntegrityError:
            continue


def person_from_qr(text: str) -> Person | None:
    """The person whose person QR reads `text`, or None for anything else (another QR, a typo)."""
    match = _TEXT.match((text or "").strip().upper())
    if match is None:
        return None
    return Person.objects.filter(person_code__code=match[1]).select_related("factory").first()
